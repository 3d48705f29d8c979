/**
 * Minutes versions (issue #5): an append-only table of server-stamped versions of a minutes doc
 * (定稿 = 'final', history checkpoints = 'checkpoint') and an append-only table of attendee
 * confirmations, each tied to the content hash confirmed. Rule: rows are never updated or
 * deleted (the SQLite tables refuse it with triggers, PostgreSQL with rules); a version number is
 * one more than the doc's highest, assigned inside the insert's transaction.
 * Tables: migration 4 in migrations.ts.
 */
import type { Confirmation, VersionDetail, VersionKind, VersionSummary } from '../../shared/api/minutes.js'

export type NewVersion = { kind: VersionKind; hash: string; content: string; at: string; by: string; confirmations: Confirmation[] }

export interface MinutesVersionStore {
  /** Stores a version with the next number for this doc and returns it. */
  addVersion(docName: string, version: NewVersion): Promise<VersionSummary>
  /** Newest first, without content; `editors` are who pushed to the doc since the previous version. */
  listVersions(docName: string): Promise<VersionSummary[]>
  getVersion(docName: string, version: number): Promise<VersionDetail | null>
  addConfirmation(docName: string, confirmation: Confirmation): Promise<void>
  /** Every confirmation of this hash, first per user, oldest first. */
  confirmations(docName: string, hash: string): Promise<Confirmation[]>
}

export type VersionRowFields = {
  version: number
  kind: string
  hash: string
  at: string
  by_user: string
  by_name: string | null
  confirmations: string
}

/** Editors per version: the doc.push actors whose entries fall after the previous version. */
export function withEditors(rows: VersionRowFields[], pushes: { at: string; name: string }[]): VersionSummary[] {
  const ascending = [...rows].sort((a, b) => a.version - b.version)
  const out = ascending.map((row, i) => {
    const since = i === 0 ? '' : (ascending[i - 1] as VersionRowFields).at
    const names = new Set(pushes.filter((p) => p.at > since && p.at <= row.at).map((p) => p.name))
    const byName = row.by_name ?? ''
    if (byName) names.add(byName)
    return toSummary(row, [...names].sort())
  })
  return out.reverse()
}

export function toSummary(row: VersionRowFields, editors: string[]): VersionSummary {
  return {
    version: row.version,
    kind: row.kind === 'final' ? 'final' : 'checkpoint',
    hash: row.hash,
    at: row.at,
    by: row.by_user,
    byName: row.by_name ?? '',
    editors,
    confirmations: JSON.parse(row.confirmations) as Confirmation[],
  }
}

/** The first confirmation of each user, in the order given. */
export function firstPerUser(all: Confirmation[]): Confirmation[] {
  const seen = new Set<string>()
  return all.filter((c) => !seen.has(c.userId) && seen.add(c.userId))
}
