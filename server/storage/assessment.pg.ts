/** 四培五考 in PostgreSQL (rules in assessment.ts). */
import type pg from 'pg'
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

export function pgAssessmentStore(pool: pg.Pool): AssessmentStore {
  return {
    async addTraining(row) {
      await pool.query(`insert into training_records (${TRAINING_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, trainingParams(row))
    },
    async removeTraining(id, at, by) {
      const result = await pool.query('update training_records set removed_at = $1, removed_by = $2 where id = $3 and removed_at is null', [at, by, id])
      return result.rowCount === 1
    },
    async listTraining(userId) {
      const { rows } =
        userId === undefined
          ? await pool.query<TrainingDb>(`select ${TRAINING_COLUMNS} from training_records where removed_at is null order by date, created_at, id`)
          : await pool.query<TrainingDb>(`select ${TRAINING_COLUMNS} from training_records where user_id = $1 and removed_at is null order by date, created_at, id`, [userId])
      return rows.map(toTrainingRow)
    },
    async getSettings() {
      const { rows } = await pool.query<{ settings: string; updated_at: string; updated_by: string }>("select settings, updated_at, updated_by from assessment_settings where id = 'township'")
      const row = rows[0]
      return row ? { settings: row.settings, updatedAt: row.updated_at, updatedBy: row.updated_by } : null
    },
    async setSettings(row) {
      await pool.query(
        "insert into assessment_settings (id, settings, updated_at, updated_by) values ('township', $1, $2, $3) on conflict (id) do update set settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [row.settings, row.updatedAt, row.updatedBy],
      )
    },
    async setRating(row) {
      await pool.query(
        'insert into assessment_ratings (user_id, period, score, entered_at, entered_by) values ($1, $2, $3, $4, $5) on conflict (user_id, period) do update set score = excluded.score, entered_at = excluded.entered_at, entered_by = excluded.entered_by',
        [row.userId, row.period, row.score, row.enteredAt, row.enteredBy],
      )
    },
    async ratings(period) {
      const { rows } = await pool.query<RatingDb>('select user_id, period, score, entered_at, entered_by from assessment_ratings where period = $1 order by user_id', [period])
      return rows.map(toRatingRow)
    },
    async submitSnapshot(row) {
      const result = await pool.query(`insert into assessment_snapshots (${SNAPSHOT_COLUMNS}) values ($1, $2, $3, $4, $5) on conflict (period) do nothing`, [row.period, row.submittedAt, row.submittedBy, row.figures, row.hash])
      return result.rowCount === 1
    },
    async getSnapshot(period) {
      const { rows } = await pool.query<SnapshotDb>(`select ${SNAPSHOT_COLUMNS} from assessment_snapshots where period = $1`, [period])
      return rows[0] ? toSnapshotRow(rows[0]) : null
    },
    async listSnapshots() {
      const { rows } = await pool.query<SnapshotDb>(`select ${SNAPSHOT_COLUMNS} from assessment_snapshots order by submitted_at desc, period`)
      return rows.map(toSnapshotRow)
    },
  }
}
