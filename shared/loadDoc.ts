/**
 * Loading a doc from its stored updates: all of them in one transaction (`applyUpdates`), and
 * for a long-lived doc (the relay's rooms) with its repeated strings shared (`loadDoc`).
 *
 * Every string decoded from an update is a fresh copy, and a village's ledger repeats a few
 * thousand values across its ~42,000 records: 村民小组, 走访方式, relations, dates, the household
 * ids visits and residents point at, who created each record and when. Once the updates are
 * applied, equal short strings in the doc's plain values (`_v` objects, facts, array items) are
 * replaced by one shared copy. A string is a value, so the doc reads, encodes and merges exactly
 * as before; only the copies go. For the bench village's ten grid docs this is about a sixth of
 * their memory in Node (issue #21), for about 7 ms per grid doc.
 */
import * as Y from 'yjs'

/** Longer strings (descriptions, notes) rarely repeat; hashing them would cost more than it saves. */
const MAX_SHARED_LENGTH = 64
/** Plain values nest shallowly (a record's values, a fact and its detail); deeper ones are left. */
const MAX_DEPTH = 3

/** Applies the updates to `doc` in one transaction, then shares its repeated strings. */
export function loadDoc(doc: Y.Doc, updates: readonly Uint8Array[], origin?: unknown): Y.Doc {
  applyUpdates(doc, updates, origin)
  shareRepeatedStrings(doc)
  return doc
}

/** Applies stored updates to `doc` in one transaction (for a doc read once and dropped, no sharing). */
export function applyUpdates(doc: Y.Doc, updates: readonly Uint8Array[], origin?: unknown): Y.Doc {
  Y.transact(
    doc,
    () => {
      for (const update of updates) Y.applyUpdate(doc, update)
    },
    origin,
  )
  return doc
}

/** Replaces equal short strings in the doc's plain (ContentAny) values by one copy each. */
export function shareRepeatedStrings(doc: Y.Doc): void {
  const shared = new Map<string, string>()
  const share = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') {
      if (value.length > MAX_SHARED_LENGTH) return value
      const known = shared.get(value)
      if (known !== undefined) return known
      shared.set(value, value)
      return value
    }
    if (depth < MAX_DEPTH && value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) shareWithin(value as Record<string, unknown>, depth + 1)
    return value
  }
  const shareWithin = (container: Record<string, unknown> | unknown[], depth: number): void => {
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) container[i] = share(container[i], depth)
      return
    }
    for (const key of Object.keys(container)) container[key] = share(container[key], depth)
  }
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) shareWithin(struct.content.arr, 0)
    }
  }
}
