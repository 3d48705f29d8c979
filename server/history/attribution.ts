/**
 * What one Yjs transaction did to a doc's records, for the attributed history (storage/types.ts
 * Attribution). A record is an entry directly under a root type: a key of a root map (a household,
 * a resident, an incident), an element of a root array or fragment (a paragraph of the minutes),
 * or, for root text, the text itself. A change anywhere inside a record touches that record; a
 * root-level entry deleted (removed, or overwritten by a new value under its key) removes it.
 *
 * Computed in the doc's 'afterTransaction' event, before garbage collection, so the parents of
 * deleted items are still known.
 */
import * as Y from 'yjs'

/** Keys of the records touched, and of those removed or overwritten. */
export type RecordSets = { touched: Set<string>; removed: Set<string> }

/** The record an item belongs to, or null for an item with no known parent. */
function recordOf(item: Y.Item): string | null {
  let it = item
  for (;;) {
    const parent = it.parent
    if (!(parent instanceof Y.AbstractType)) return null
    if (parent._item === null) {
      const root = Y.findRootTypeKey(parent)
      if (it.parentSub !== null) return `${root}:${it.parentSub}`
      // Characters of a root text are one record; elements of a root array each their own.
      if (it.content instanceof Y.ContentString || it.content instanceof Y.ContentFormat || it.content instanceof Y.ContentEmbed) return root
      return `${root}#${it.id.client}.${it.id.clock}`
    }
    it = parent._item
  }
}

const isRootEntry = (item: Y.Item): boolean => item.parent instanceof Y.AbstractType && item.parent._item === null

export function transactionStats(tr: Y.Transaction): RecordSets {
  const touched = new Set<string>()
  const removed = new Set<string>()
  const store = tr.doc.store
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = store.clients.get(client)
    if (!structs) continue
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i]
      if (!s || s.id.clock >= after) break
      if (s instanceof Y.Item) {
        const key = recordOf(s)
        if (key) touched.add(key)
      }
    }
  }
  Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
    if (!(s instanceof Y.Item)) return
    const key = recordOf(s)
    if (!key) return
    touched.add(key)
    if (isRootEntry(s) && !(s.content instanceof Y.ContentString || s.content instanceof Y.ContentFormat)) removed.add(key)
  })
  return { touched, removed }
}

/** The records of several transactions merged into one stored update. */
export function unionStats(stats: readonly RecordSets[]): { records: number; removed: number } {
  const touched = new Set<string>()
  const removed = new Set<string>()
  for (const s of stats) {
    for (const k of s.touched) touched.add(k)
    for (const k of s.removed) removed.add(k)
  }
  return { records: touched.size, removed: removed.size }
}

/** Who made a change, as stored with it. */
export type Author = { userId: string | null; sessionKey: string | null; device: string | null; offline: boolean; deviceAt: string | null }

export const SYSTEM_AUTHOR: Author = { userId: null, sessionKey: null, device: null, offline: false, deviceAt: null }

/** A transaction origin that says who made the change (HTTP sync, restore). */
export class AttributedOrigin {
  constructor(readonly author: Author) {}
}

export const authorKey = (a: Author): string => JSON.stringify([a.userId, a.sessionKey, a.device, a.offline, a.deviceAt])
