/**
 * Closed assessments (五考定稿): a period's ranking is stored once as canonical JSON with its
 * SHA-256 (storage/assessment.ts) and never rewritten. Reading it recomputes today's ranking and
 * lists each score that now differs (a late record, a changed 民主测评), like report snapshots
 * (server/reports/snapshots.ts).
 */
import { createHash } from 'node:crypto'
import { assessmentRankingSchema, type AssessmentRanking } from '../../shared/api/assessment.js'
import { canonicalJson } from '../../shared/canonicalJson.js'
import type { AssessmentSnapshotRow } from '../storage/assessment.js'

export function assessmentSnapshotRow(ranking: AssessmentRanking, by: string, at: string): AssessmentSnapshotRow {
  const figures = canonicalJson(ranking)
  return { period: ranking.period, submittedAt: at, submittedBy: by, figures, hash: sha256(figures) }
}

export function readAssessmentSnapshot(row: AssessmentSnapshotRow): { ranking: AssessmentRanking; submitted: { submittedAt: string; hash: string; intact: boolean } } {
  return { ranking: assessmentRankingSchema.parse(JSON.parse(row.figures)), submitted: { submittedAt: row.submittedAt, hash: row.hash, intact: sha256(row.figures) === row.hash } }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
