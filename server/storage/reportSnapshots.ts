/**
 * Submitted reports upward (issue #16 item 2): once a 月报/季报/半年报/年报 is submitted, its
 * figures are kept as they were — canonical JSON and its SHA-256 — one row per scope (the
 * township, or one village) and period. Rows are never updated or deleted: a later ledger change
 * shows as a difference against the submitted figures (server/reports/snapshots.ts), never as a
 * rewrite. Counts only; the submitter is a user id.
 */
import * as z from 'zod'

export const reportSnapshotRowSchema = z.object({
  /** 'township', or the village's id. */
  scope: z.string().min(1),
  period: z.string().min(1),
  submittedAt: z.string().min(1),
  submittedBy: z.string().min(1),
  /** Canonical JSON of the report (shared/api/reports.ts townshipReportSchema). */
  figures: z.string().min(2),
  hash: z.string().length(64),
})
export type ReportSnapshotRow = z.infer<typeof reportSnapshotRowSchema>

export interface ReportSnapshotStore {
  /** Stores the snapshot; false when one for the scope and period is already submitted (it is kept). */
  submit(row: ReportSnapshotRow): Promise<boolean>
  get(scope: string, period: string): Promise<ReportSnapshotRow | null>
  list(scope: string): Promise<ReportSnapshotRow[]>
}

export type ReportSnapshotDb = { scope: string; period: string; submitted_at: string; submitted_by: string; figures: string; hash: string }

export const REPORT_SNAPSHOT_COLUMNS = 'scope, period, submitted_at, submitted_by, figures, hash'

export function toReportSnapshotRow(r: ReportSnapshotDb): ReportSnapshotRow {
  return reportSnapshotRowSchema.parse({ scope: r.scope, period: r.period, submittedAt: r.submitted_at, submittedBy: r.submitted_by, figures: r.figures, hash: r.hash })
}

export function reportSnapshotParams(r: ReportSnapshotRow): string[] {
  return [r.scope, r.period, r.submittedAt, r.submittedBy, r.figures, r.hash]
}
