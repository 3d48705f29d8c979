/**
 * The audit log as a governance record (DESIGN.md "Server-authoritative records"): append-only
 * and hash-chained like the notice log, so an edited or deleted entry shows.
 *
 * Rules:
 * - every entry's hash is SHA-256 over the previous entry's hash and the entry's own fields
 *   (canonical JSON, fixed order); the first chained entry follows `GENESIS`;
 * - entries are appended one at a time under the store's write lock (SQLite: BEGIN IMMEDIATE;
 *   PostgreSQL: a transaction-scoped advisory lock), so relays writing at once still form one chain;
 * - updates are refused by the store (trigger / rule); the only deletion is retention, which
 *   removes a prefix and then appends an `audit.prune` entry naming the hash the chain now starts
 *   after, so a verifier can tell pruning from tampering;
 * - entries written by releases before the chain existed carry no hash; they are counted, not checked.
 * Detail is built on the server from what it knows (never a client's text), and holds no tokens,
 * passwords or record content.
 */
import { createHash } from 'node:crypto'
import * as z from 'zod'
import { AUDIT_ACTIONS } from '../../shared/api/accounts.js'
import type { AuditEntry, AuditRow } from './types.js'

export const GENESIS = 'genesis'
export const AUDIT_CHAIN_LOCK = "hashtext('cunwu:audit-chain')"

/** The hash of an entry that follows `prevHash`. */
export function auditHash(prevHash: string, e: AuditEntry): string {
  const fields = [prevHash, e.at, e.actorId, e.action, e.target, e.detail, e.address ?? null, e.docName ?? null, e.villageId ?? null]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

export type AuditVerdict =
  | { intact: true; checked: number; legacy: number }
  | { intact: false; checked: number; legacy: number; brokenAt: number; reason: 'edited' | 'missing' }

/** Checks a whole log, oldest first. */
export function verifyAuditChain(rows: readonly AuditRow[]): AuditVerdict {
  const anchors = new Set([GENESIS, ...rows.filter((r) => r.action === 'audit.prune' && r.target).map((r) => r.target as string)])
  let legacy = 0
  let checked = 0
  let prev: string | null = null
  for (const row of rows) {
    if (row.hash === null) {
      if (prev !== null) return { intact: false, checked, legacy, brokenAt: row.id, reason: 'edited' }
      legacy++
      continue
    }
    const linked = prev === null ? anchors.has(row.prevHash ?? '') : row.prevHash === prev
    if (!linked) return { intact: false, checked, legacy, brokenAt: row.id, reason: 'missing' }
    if (auditHash(row.prevHash ?? '', row) !== row.hash) return { intact: false, checked, legacy, brokenAt: row.id, reason: 'edited' }
    prev = row.hash
    checked++
  }
  return { intact: true, checked, legacy }
}

/** An audit_log row as both stores read it (PostgreSQL hands bigint ids back as strings). */
export type AuditDb = {
  id: number | string
  at: string
  actor_id: string | null
  actor_name: string | null
  action: string
  target: string | null
  detail: string | null
  address: string | null
  doc_name: string | null
  village_id: string | null
  prev_hash: string | null
  hash: string | null
}

const actionColumn = z.enum(AUDIT_ACTIONS)

export const auditRowFrom = (r: AuditDb): AuditRow => ({
  id: Number(r.id),
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: actionColumn.parse(r.action),
  target: r.target,
  detail: r.detail,
  address: r.address,
  docName: r.doc_name,
  villageId: r.village_id,
  prevHash: r.prev_hash,
  hash: r.hash,
})
