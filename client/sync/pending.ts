/**
 * Unsaved local changes, judged by the relay's durable acks (shared/protocol/durable.ts).
 *
 * Rule: a local change is "saved" only once the server has committed it, i.e. once an ack state
 * vector covers (clientID, clock) of that change. Acks are state vectors, so the same rule holds
 * across reconnects, tabs and earlier sessions (whose clientID differs from today's).
 *
 * Known limit: Yjs deletions do not advance a clock, so a delete-only transaction is recorded at
 * the current clock and counts as saved at the first ack covering that clock, which can come a
 * moment before the deletion itself is committed (e.g. the ack right after subscribing).
 */
import type * as Y from 'yjs'
import { decodeStateVectorMap, encodeStateVectorMap, isCovered } from '../../shared/protocol/durable'
import type { UserDb } from './db'

/** A pending row before it is stored. `advanced`: the transaction created new items. */
export type PendingMark = { clientID: number; clock: number; advanced: boolean }

/** The pending marks of one transaction: one per client whose clock moved, or one for deletes. */
export function pendingMarks(doc: Y.Doc, tr: Y.Transaction): PendingMark[] {
  const marks: PendingMark[] = []
  for (const [clientID, clock] of tr.afterState) {
    if (clock > (tr.beforeState.get(clientID) ?? 0)) marks.push({ clientID, clock, advanced: true })
  }
  if (marks.length === 0 && tr.deleteSet.clients.size > 0) {
    marks.push({ clientID: doc.clientID, clock: tr.afterState.get(doc.clientID) ?? 0, advanced: false })
  }
  return marks
}

/**
 * Marks worth storing given what is already acknowledged: an ack can overtake the batched local
 * write, and a mark it already covers would otherwise wait for the next ack.
 */
export function unackedMarks(marks: PendingMark[], acked: Map<number, number>): PendingMark[] {
  return marks.filter((m) => !m.advanced || !isCovered(acked, m.clientID, m.clock))
}

export function mergeStateVectors(a: Map<number, number>, b: Map<number, number>): Map<number, number> {
  const merged = new Map(a)
  for (const [client, clock] of b) merged.set(client, Math.max(clock, merged.get(client) ?? 0))
  return merged
}

/** The acknowledged state vector stored for a doc (empty if never acknowledged). */
export async function loadAcked(db: UserDb, docName: string): Promise<Map<number, number>> {
  const row = await db.docSync.get(docName)
  return row ? decodeStateVectorMap(row.ackedStateVector) : new Map()
}

/**
 * Records an ack: merges it into the doc's sync record and deletes every pending row it covers.
 * Returns how many rows were deleted.
 */
export async function applyAck(db: UserDb, docName: string, ack: Map<number, number>, now = Date.now()): Promise<number> {
  return db.transaction('rw', db.docSync, db.pending, async () => {
    const row = await db.docSync.get(docName)
    const acked = mergeStateVectors(row ? decodeStateVectorMap(row.ackedStateVector) : new Map(), ack)
    // Keep the rest of the record (the server version background sync last brought it to).
    await db.docSync.put({ ...row, docName, ackedStateVector: encodeStateVectorMap(acked), lastSyncedAt: now })
    const covered = await db.pending
      .where('docName')
      .equals(docName)
      .filter((row) => isCovered(acked, row.clientID, row.clock))
      .primaryKeys()
    await db.pending.bulkDelete(covered)
    return covered.length
  })
}

/** Unsaved change counts per doc over all docs of this user, from the pending table's index. */
export function countByDoc(docNames: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of docNames) counts[name] = (counts[name] ?? 0) + 1
  return counts
}
