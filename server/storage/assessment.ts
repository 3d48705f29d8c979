/**
 * 四培五考 on the relay (issue #16 item 4): four tables, all written by the township admin.
 *   training_records      四培: one row per training session of one grid worker; a mistaken row
 *                         is withdrawn (removed_at, removed_by), never deleted
 *   assessment_settings   the township's weights (one row, canonical JSON), checked to sum to 100
 *   assessment_ratings    民主测评: one score per grid worker and period; entering it again replaces it
 *   assessment_snapshots  a closed period's ranking, canonical JSON and its SHA-256, one row per
 *                         period, never rewritten (like report_snapshots): a later ledger change or
 *                         rating shows as a difference
 * The only personal data is the user id of the worker and of whoever entered a row; training
 * topics, trainers and notes are the township's own words about its staff.
 */
import * as z from 'zod'
import { TRAINING_KINDS } from '../../shared/api/assessment.js'

export const trainingRowSchema = z.object({
  id: z.string().min(1),
  userId: z.string().min(1),
  kind: z.enum(TRAINING_KINDS),
  date: z.string().min(10),
  topic: z.string().min(1),
  hours: z.number(),
  trainer: z.string(),
  note: z.string(),
  createdAt: z.string().min(1),
  createdBy: z.string().min(1),
  removedAt: z.string().nullable(),
  removedBy: z.string().nullable(),
})
export type TrainingRow = z.infer<typeof trainingRowSchema>

export type SettingsRow = { settings: string; updatedAt: string; updatedBy: string }
export type RatingRow = { userId: string; period: string; score: number; enteredAt: string; enteredBy: string }
export type AssessmentSnapshotRow = { period: string; submittedAt: string; submittedBy: string; figures: string; hash: string }

export interface AssessmentStore {
  addTraining(row: TrainingRow): Promise<void>
  /** Withdraws a live row; false when there is none with that id (or it is already withdrawn). */
  removeTraining(id: string, at: string, by: string): Promise<boolean>
  /** Live rows, of one worker or of all, by date then entry time. */
  listTraining(userId?: string): Promise<TrainingRow[]>
  getSettings(): Promise<SettingsRow | null>
  setSettings(row: SettingsRow): Promise<void>
  setRating(row: RatingRow): Promise<void>
  ratings(period: string): Promise<RatingRow[]>
  /** Stores a closed period's ranking; false when one is already submitted (the first is kept). */
  submitSnapshot(row: AssessmentSnapshotRow): Promise<boolean>
  getSnapshot(period: string): Promise<AssessmentSnapshotRow | null>
  listSnapshots(): Promise<AssessmentSnapshotRow[]>
}

export const TRAINING_COLUMNS = 'id, user_id, kind, date, topic, hours, trainer, note, created_at, created_by, removed_at, removed_by'
export type TrainingDb = {
  id: string
  user_id: string
  kind: string
  date: string
  topic: string
  hours: number
  trainer: string
  note: string
  created_at: string
  created_by: string
  removed_at: string | null
  removed_by: string | null
}

export function toTrainingRow(r: TrainingDb): TrainingRow {
  return trainingRowSchema.parse({
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    date: r.date,
    topic: r.topic,
    hours: Number(r.hours),
    trainer: r.trainer,
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by,
    removedAt: r.removed_at,
    removedBy: r.removed_by,
  })
}

export function trainingParams(r: TrainingRow): (string | number | null)[] {
  return [r.id, r.userId, r.kind, r.date, r.topic, r.hours, r.trainer, r.note, r.createdAt, r.createdBy, r.removedAt, r.removedBy]
}

export const SNAPSHOT_COLUMNS = 'period, submitted_at, submitted_by, figures, hash'
export type SnapshotDb = { period: string; submitted_at: string; submitted_by: string; figures: string; hash: string }
export const toSnapshotRow = (r: SnapshotDb): AssessmentSnapshotRow => ({ period: r.period, submittedAt: r.submitted_at, submittedBy: r.submitted_by, figures: r.figures, hash: r.hash })

export type RatingDb = { user_id: string; period: string; score: number; entered_at: string; entered_by: string }
export const toRatingRow = (r: RatingDb): RatingRow => ({ userId: r.user_id, period: r.period, score: Number(r.score), enteredAt: r.entered_at, enteredBy: r.entered_by })

/** Migration 12, the same on both backends but for the floating-point type. */
export function assessmentTables(float: string): string {
  return `create table training_records (
       id text primary key, user_id text not null, kind text not null, date text not null, topic text not null,
       hours ${float} not null, trainer text not null, note text not null, created_at text not null,
       created_by text not null, removed_at text, removed_by text);
     create index training_records_by_user on training_records (user_id, date);
     create table assessment_settings (
       id text primary key, settings text not null, updated_at text not null, updated_by text not null);
     create table assessment_ratings (
       user_id text not null, period text not null, score ${float} not null, entered_at text not null,
       entered_by text not null, primary key (user_id, period));
     create table assessment_snapshots (
       period text primary key, submitted_at text not null, submitted_by text not null,
       figures text not null, hash text not null);`
}
