/** 四培五考 in SQLite (rules in assessment.ts). */
import type Database from 'better-sqlite3'
import {
  SNAPSHOT_COLUMNS,
  TRAINING_COLUMNS,
  toRatingRow,
  toSnapshotRow,
  toTrainingRow,
  trainingParams,
  type AssessmentStore,
  type RatingDb,
  type SnapshotDb,
  type TrainingDb,
} from './assessment.js'

export function sqliteAssessmentStore(db: Database.Database): AssessmentStore {
  const insertTraining = db.prepare(`insert into training_records (${TRAINING_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const withdraw = db.prepare('update training_records set removed_at = ?, removed_by = ? where id = ? and removed_at is null')
  const trainingOf = db.prepare<[string], TrainingDb>(`select ${TRAINING_COLUMNS} from training_records where user_id = ? and removed_at is null order by date, created_at, id`)
  const allTraining = db.prepare<[], TrainingDb>(`select ${TRAINING_COLUMNS} from training_records where removed_at is null order by date, created_at, id`)
  const settings = db.prepare<[], { settings: string; updated_at: string; updated_by: string }>("select settings, updated_at, updated_by from assessment_settings where id = 'township'")
  const putSettings = db.prepare(
    "insert into assessment_settings (id, settings, updated_at, updated_by) values ('township', ?, ?, ?) on conflict (id) do update set settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
  )
  const putRating = db.prepare(
    'insert into assessment_ratings (user_id, period, score, entered_at, entered_by) values (?, ?, ?, ?, ?) on conflict (user_id, period) do update set score = excluded.score, entered_at = excluded.entered_at, entered_by = excluded.entered_by',
  )
  const ratingsOf = db.prepare<[string], RatingDb>('select user_id, period, score, entered_at, entered_by from assessment_ratings where period = ? order by user_id')
  const insertSnapshot = db.prepare(`insert into assessment_snapshots (${SNAPSHOT_COLUMNS}) values (?, ?, ?, ?, ?) on conflict (period) do nothing`)
  const snapshot = db.prepare<[string], SnapshotDb>(`select ${SNAPSHOT_COLUMNS} from assessment_snapshots where period = ?`)
  const snapshots = db.prepare<[], SnapshotDb>(`select ${SNAPSHOT_COLUMNS} from assessment_snapshots order by submitted_at desc, period`)
  return {
    async addTraining(row) {
      insertTraining.run(...trainingParams(row))
    },
    async removeTraining(id, at, by) {
      return withdraw.run(at, by, id).changes === 1
    },
    async listTraining(userId) {
      return (userId === undefined ? allTraining.all() : trainingOf.all(userId)).map(toTrainingRow)
    },
    async getSettings() {
      const row = settings.get()
      return row ? { settings: row.settings, updatedAt: row.updated_at, updatedBy: row.updated_by } : null
    },
    async setSettings(row) {
      putSettings.run(row.settings, row.updatedAt, row.updatedBy)
    },
    async setRating(row) {
      putRating.run(row.userId, row.period, row.score, row.enteredAt, row.enteredBy)
    },
    async ratings(period) {
      return ratingsOf.all(period).map(toRatingRow)
    },
    async submitSnapshot(row) {
      return insertSnapshot.run(row.period, row.submittedAt, row.submittedBy, row.figures, row.hash).changes === 1
    },
    async getSnapshot(period) {
      const row = snapshot.get(period)
      return row ? toSnapshotRow(row) : null
    },
    async listSnapshots() {
      return snapshots.all().map(toSnapshotRow)
    },
  }
}
