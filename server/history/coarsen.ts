/**
 * Coarsening of old history (#20: growth stays bounded). Rules:
 * - rows newer than the detail window (HISTORY_DETAIL_DAYS) are never touched;
 * - an older civil day (Asia/Shanghai) keeps one row per author of that day (user and device; the
 *   row is "merged later" if any of its rows was), listed at the day's last change; the row's
 *   update is that author's net change of
 *   the day: what they wrote that was still there at the end of the day (content they wrote and
 *   that was removed the same day keeps only its length, as Yjs garbage collection keeps it), and
 *   every deletion they made;
 * - a row keeps the smallest id of the rows it replaces, so the log's order is kept;
 * - an author whose Yjs client ids also wrote in another author's row that day (one device signed
 *   in as two users) is left as it was: the two cannot be told apart in the update.
 * So a day of a thousand edits to the same few fields costs one row per author with the day's last
 * values, and the log grows with what each day changed, not with the number of edits. The doc's
 * content at the end of every coarsened day, and at every time in the detail window, is what it was.
 */
import * as Y from 'yjs'
import { shanghaiDate } from '../../shared/civilDate.js'
import type { HistoryReplacement, HistoryRow } from '../storage/types.js'

const authorKey = (r: HistoryRow) => JSON.stringify([r.userId, r.device])

type Group = { rows: HistoryRow[]; clients: Map<number, { from: number; to: number }> }

/**
 * The rows to write in place of `rows` (a doc's whole history, oldest first), for the civil days
 * that ended before `before` (ISO). Days already coarsened (one row per author) are left out.
 */
export function coarsenHistory(rows: readonly HistoryRow[], before: string): HistoryReplacement[] {
  const lastDay = shanghaiDate(new Date(before))
  const days = new Map<string, HistoryRow[]>()
  for (const r of rows) {
    const day = shanghaiDate(new Date(r.at))
    if (day >= lastDay) break
    const list = days.get(day) ?? []
    list.push(r)
    days.set(day, list)
  }
  const out: HistoryReplacement[] = []
  // The doc replayed day by day, garbage collected: at each day's end it holds what was still
  // there, and the length alone of what was removed.
  const doc = new Y.Doc({ gc: true })
  try {
    for (const dayRows of days.values()) {
      Y.transact(doc, () => {
        for (const r of dayRows) Y.applyUpdate(doc, r.update)
      })
      out.push(...coarsenDay(doc, dayRows))
    }
  } finally {
    doc.destroy()
  }
  return out
}

function coarsenDay(doc: Y.Doc, dayRows: readonly HistoryRow[]): HistoryReplacement[] {
  const groups = new Map<string, Group>()
  for (const r of dayRows) {
    const key = authorKey(r)
    const g: Group = groups.get(key) ?? { rows: [], clients: new Map() }
    g.rows.push(r)
    const meta = Y.parseUpdateMeta(r.update)
    for (const [client, to] of meta.to) {
      const from = meta.from.get(client) ?? 0
      if (to <= from) continue
      const range = g.clients.get(client)
      g.clients.set(client, { from: Math.min(range?.from ?? from, from), to: Math.max(range?.to ?? to, to) })
    }
    groups.set(key, g)
  }
  if ([...groups.values()].every((g) => g.rows.length === 1)) return []
  const owners = new Map<number, number>()
  for (const g of groups.values()) for (const c of g.clients.keys()) owners.set(c, (owners.get(c) ?? 0) + 1)
  const at = dayRows.reduce((max, r) => (r.at > max ? r.at : max), '')
  const current = Y.decodeStateVector(Y.encodeStateVector(doc))
  const out: HistoryReplacement[] = []
  for (const g of groups.values()) {
    if (g.rows.length < 2) continue
    if ([...g.clients.keys()].some((c) => (owners.get(c) ?? 0) > 1)) continue
    // Everything the doc holds but this author's ranges of the day.
    const target = new Map(current)
    for (const [client, { from }] of g.clients) target.set(client, from)
    const structs = withoutDeleteSet(doc, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(target)))
    if (!structs) continue
    // The author's own deletions of the day (of anyone's content), and no one else's.
    const merged = Y.mergeUpdates(g.rows.map((r) => r.update))
    const deletions = Y.diffUpdate(merged, Y.encodeStateVectorFromUpdate(merged))
    const first = g.rows[0] as HistoryRow
    out.push({
      replaces: g.rows.map((r) => r.id),
      row: {
        id: first.id,
        at,
        userId: first.userId,
        sessionKey: first.sessionKey,
        device: first.device,
        offline: g.rows.some((r) => r.offline),
        deviceAt: g.rows.find((r) => r.deviceAt)?.deviceAt ?? null,
        records: g.rows.reduce((n, r) => n + r.records, 0),
        removed: g.rows.reduce((n, r) => n + r.removed, 0),
        update: Y.mergeUpdates([structs, deletions]),
      },
    })
  }
  return out
}

/**
 * `update` (encoded from `doc`) without the doc's whole delete set, which encodeStateAsUpdate always
 * appends: it would lay every deletion of the doc so far on this author. A V1 update is its structs
 * followed by its delete set, written exactly as a snapshot writes one; an update with no deletions
 * ends in 0 (no clients). Null if the bytes are not laid out so (another Yjs encoding): the day is
 * then left as it was.
 */
function withoutDeleteSet(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  // A snapshot is the delete set followed by a state vector; an empty state vector is one 0 byte.
  const snapshot = Y.encodeSnapshot(new Y.Snapshot(Y.createDeleteSetFromStructStore(doc.store), new Map()))
  const ds = snapshot.subarray(0, snapshot.length - 1)
  const head = update.length - ds.length
  if (head < 1 || !ds.every((b, i) => update[head + i] === b)) return null
  const out = new Uint8Array(head + 1)
  out.set(update.subarray(0, head))
  out[head] = 0
  return out
}
