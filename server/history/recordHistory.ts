/**
 * One record's history and restore, from the attributed log (storage/types.ts HistoryRow). A
 * record is an entry of a root map (`<root>:<key>`: a household, a resident, an incident, a
 * decision), as in attribution.ts.
 *
 * Rules:
 * - the timeline replays the log in order and keeps the rows after which the record's content
 *   differs, with each field's old and new value (a field is a key of the record's map; an
 *   element of an array field, such as a workflow fact, is `<field>[<index>]`);
 * - restoring a record to a time is a forward change to the live doc, made field by field on the
 *   record's own map, so it merges like any edit: only fields that differ are written, fields
 *   added since are removed, and elements appended to an array since (facts) are removed; an
 *   array that was rewritten otherwise is replaced whole. The log itself is never rewritten.
 */
import * as Y from 'yjs'
import { canonicalJson } from '../../shared/canonicalJson.js'
import { CREATED_VALUES, recordFields, setField } from '../../shared/ledger/ledgerDoc.js'
import type { HistoryRow } from '../storage/types.js'

/** `<root>:<key>`: the root map and the key of the record in it. */
export type RecordRef = { root: string; key: string }

export function parseRecordRef(raw: string): RecordRef | null {
  const at = raw.indexOf(':')
  if (at <= 0 || at === raw.length - 1) return null
  return { root: raw.slice(0, at), key: raw.slice(at + 1) }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Flat = Map<string, Json>

export type FieldChange = { field: string; old: Json; new: Json }
export type RecordChange = { row: HistoryRow; changes: FieldChange[] }

/**
 * A record map's content as plain JSON. A ledger record written compactly is read through its
 * `_v` (shared/ledger/ledgerDoc.ts), so its history lists fields, not the layout.
 */
function contentOf(map: Y.Map<unknown>): Record<string, Json> {
  if (!map.has(CREATED_VALUES)) return map.toJSON() as Record<string, Json>
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(recordFields(map))) out[key] = value instanceof Y.AbstractType ? (value.toJSON() as Json) : (value as Json)
  return out
}

/** The record's content as field → value, with array elements as `<field>[<i>]`; null if absent. */
function flatten(value: unknown): Flat | null {
  if (!(value instanceof Y.Map)) return null
  const flat: Flat = new Map()
  for (const [field, v] of Object.entries(contentOf(value))) {
    if (Array.isArray(v)) v.forEach((item, i) => flat.set(`${field}[${i}]`, item))
    else flat.set(field, v)
  }
  return flat
}

const same = (a: Json | undefined, b: Json | undefined) => canonicalJson(a) === canonicalJson(b)

function diff(before: Flat | null, after: Flat | null): FieldChange[] {
  const changes: FieldChange[] = []
  const fields = new Set([...(before?.keys() ?? []), ...(after?.keys() ?? [])])
  for (const field of fields) {
    const old = before?.get(field)
    const now = after?.get(field)
    if (!same(old, now)) changes.push({ field, old: old ?? null, new: now ?? null })
  }
  return changes
}

/** Every stored change that altered the record, oldest first, with its field changes. */
export function recordTimeline(rows: readonly HistoryRow[], ref: RecordRef): RecordChange[] {
  const doc = new Y.Doc({ gc: false })
  try {
    const root = doc.getMap<unknown>(ref.root)
    let before: Flat | null = null
    const out: RecordChange[] = []
    for (const row of rows) {
      Y.applyUpdate(doc, row.update)
      const after = flatten(root.get(ref.key))
      const changes = diff(before, after)
      if (changes.length > 0) out.push({ row, changes })
      before = after
    }
    return out
  } finally {
    doc.destroy()
  }
}

/** The record's content at `at` (ISO) as plain JSON, or null if it did not exist then. */
export function recordAt(rows: readonly HistoryRow[], ref: RecordRef, at: string): Record<string, Json> | null {
  const doc = new Y.Doc({ gc: false })
  try {
    Y.transact(doc, () => {
      for (const r of rows) if (r.at <= at) Y.applyUpdate(doc, r.update)
    })
    const value = doc.getMap<unknown>(ref.root).get(ref.key)
    return value instanceof Y.Map ? contentOf(value) : null
  } finally {
    doc.destroy()
  }
}

/** A Yjs value holding `value`: maps and arrays as shared types, the rest as is. */
function toShared(value: Json): unknown {
  if (Array.isArray(value)) {
    const array = new Y.Array<unknown>()
    array.push(value.map(toShared))
    return array
  }
  if (value !== null && typeof value === 'object') {
    const map = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(value)) map.set(k, toShared(v))
    return map
  }
  return value
}

function restoreArray(array: Y.Array<unknown>, old: Json[]): void {
  const now = array.toJSON() as Json[]
  const isPrefix = old.length <= now.length && old.every((item, i) => same(item, now[i]))
  if (isPrefix) {
    if (now.length > old.length) array.delete(old.length, now.length - old.length)
    return
  }
  array.delete(0, array.length)
  array.push(old.map(toShared))
}

function restoreMap(map: Y.Map<unknown>, old: Record<string, Json>): void {
  if (map.has(CREATED_VALUES)) return restoreFields(map, old)
  for (const key of [...map.keys()]) if (!(key in old)) map.delete(key)
  for (const [key, value] of Object.entries(old)) {
    const current = map.get(key)
    if (Array.isArray(value) && current instanceof Y.Array) restoreArray(current, value)
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && current instanceof Y.Map) restoreMap(current, value)
    else if (!same(current instanceof Y.AbstractType ? (current.toJSON() as Json) : (current as Json), value)) map.set(key, toShared(value))
  }
}

/** restoreMap for a compact ledger record: field by field over its `_v`, which is never rewritten. */
function restoreFields(map: Y.Map<unknown>, old: Record<string, Json>): void {
  const current = contentOf(map)
  for (const key of Object.keys(current)) if (!(key in old)) setField(map, key, null)
  for (const [key, value] of Object.entries(old)) {
    const shared = map.get(key)
    if (Array.isArray(value) && shared instanceof Y.Array) restoreArray(shared, value)
    else if (!same(current[key], value)) map.set(key, shared instanceof Y.AbstractType ? toShared(value) : value)
  }
}

/**
 * Writes the record's content at `at` into `doc` (the relay's live copy) in one transaction with
 * `origin`. Returns 'restored', 'unchanged' (it already holds that content) or 'absent' (the
 * record did not exist at that time: nothing is written; removing a record is the app's own act).
 */
export function restoreRecord(rows: readonly HistoryRow[], ref: RecordRef, at: string, doc: Y.Doc, origin: unknown): 'restored' | 'unchanged' | 'absent' {
  const old = recordAt(rows, ref, at)
  if (old === null) return 'absent'
  const root = doc.getMap<unknown>(ref.root)
  const current = root.get(ref.key)
  if (current instanceof Y.Map && same(contentOf(current), old)) return 'unchanged'
  doc.transact(() => {
    if (current instanceof Y.Map) restoreMap(current, old)
    else root.set(ref.key, toShared(old))
  }, origin)
  return 'restored'
}
