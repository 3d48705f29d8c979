/**
 * Layout of a grid's `ledger` and `sensitive` docs (DESIGN.md "Documents"): one top-level Y.Map
 * per record kind, id → Y.Map of that record's fields, so two cadres editing different fields of
 * one household both win and the same field converges to one value. Bookkeeping keys start with
 * `_`. Workflow facts are appended to the record's `_facts` Y.Array and never rewritten;
 * statuses are derived from them (workflows/). Removing a record marks it, so an offline edit of
 * a removed record is not lost.
 *
 * A record is written compactly (issue #21): the values it was created with, bookkeeping
 * included, are one plain object under `_v`, written once and never rewritten; an edit sets the
 * field's own key, which wins over `_v`, and clearing a field `_v` holds sets its key to null. One
 * Yjs item per record instead of one per field: a 5,000-household village's docs take a third of
 * the memory and load twice as fast, and concurrent edits still merge field by field. Records
 * written before have no `_v` and read the same way.
 *
 * | key on the record's map | read as                                       |
 * |-------------------------|-----------------------------------------------|
 * | absent                  | `_v`'s value, if any                          |
 * | a value                 | that value (an edit since creation)           |
 * | null                    | no value (cleared since creation)             |
 */
import * as Y from 'yjs'
import { appendFact as appendTo, factsArray, readFacts } from '../facts.js'
import { newId } from '../ids.js'
import { FACTS, factSchema, type Fact, type KindDef, type LedgerRecord } from './kind.js'

const CREATED_BY = '_createdBy'
const CREATED_BY_ID = '_createdById'
const CREATED_AT = '_createdAt'
const REMOVED_AT = '_removedAt'
const REMOVED_BY = '_removedBy'
/** The values a record was created with (see above). */
export const CREATED_VALUES = '_v'

export type Actor = { id: string; name: string }

export function recordsMap(doc: Y.Doc, kind: string): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(kind)
}

/** Adds a record (values already validated) in one transaction; returns its id. */
export function createRecord(doc: Y.Doc, kind: KindDef, values: Record<string, unknown>, actor: Actor, at: string, id: string = newId()): string {
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    map.set(CREATED_VALUES, { ...values, [CREATED_BY]: actor.name, [CREATED_BY_ID]: actor.id, [CREATED_AT]: at })
    for (const log of Object.keys(kind.facts ?? {})) map.set(log, new Y.Array<Fact>())
    recordsMap(doc, kind.kind).set(id, map)
  })
  return id
}

/**
 * Sets only the fields given (a validated patch; null clears a field), and only those that
 * differ, so an edit never overwrites a field someone else changed meanwhile.
 */
export function updateRecord(doc: Y.Doc, kind: string, id: string, patch: Record<string, unknown>): boolean {
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map)) return false
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (!sameFieldValue(fieldValue(map, key), value ?? undefined)) setField(map, key, value)
  })
  return true
}

export function removeRecord(doc: Y.Doc, kind: string, id: string, actor: Actor, at: string): boolean {
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map)) return false
  doc.transact(() => {
    map.set(REMOVED_AT, at)
    map.set(REMOVED_BY, actor.name)
  })
  return true
}

/** Appends one fact to a record's workflow log. */
export function appendFact(doc: Y.Doc, kind: string, id: string, fact: Omit<Fact, 'id'> & { id?: string }): Fact | null {
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map)) return null
  let stored: Fact | null = null
  doc.transact(() => {
    stored = appendTo(factsArray(map, FACTS), factSchema, { ...fact, id: fact.id ?? newId() })
  })
  return stored
}

/** A plain snapshot of one record, or null if there is none or it was removed. */
export function readRecord(kind: string, gridId: string, id: string, map: unknown): LedgerRecord | null {
  if (!(map instanceof Y.Map) || map.has(REMOVED_AT)) return null
  const fields = recordFields(map)
  const values: Record<string, unknown> = {}
  for (const key in fields) if (!key.startsWith('_')) values[key] = fields[key]
  const { facts, unreadable } = readFacts(map.get(FACTS), factSchema)
  const createdById = fields[CREATED_BY_ID]
  const record: LedgerRecord = { id, kind, gridId, values, createdBy: String(fields[CREATED_BY] ?? ''), ...(typeof createdById === 'string' ? { createdById } : {}), createdAt: String(fields[CREATED_AT] ?? ''), facts }
  if (unreadable.length > 0) record.unreadableFacts = unreadable
  return record
}

function createdValues(map: Y.Map<unknown>): Record<string, unknown> {
  const base = map.get(CREATED_VALUES)
  return base !== null && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {}
}

/** One field (or bookkeeping key) of a record's map as it reads now: its own key, else `_v`. */
export function fieldValue(map: Y.Map<unknown>, key: string): unknown {
  if (!map.has(key)) return createdValues(map)[key]
  const value = map.get(key)
  return value === null ? undefined : value
}

/** Writes one field on a record's map (inside the caller's transaction): a value, or null/undefined to clear it. */
export function setField(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined) map.set(key, value)
  else if (createdValues(map)[key] !== undefined) map.set(key, null)
  else map.delete(key)
}

/**
 * Every key of a record's map as it reads now, bookkeeping and shared types (the facts arrays)
 * included, `_v` itself not: `_v`'s values, then each key set since (null: cleared).
 */
export function recordFields(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...createdValues(map) }
  for (const [key, value] of map.entries()) {
    if (key === CREATED_VALUES) continue
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out
}

export function listRecords(doc: Y.Doc, kind: string, gridId: string): LedgerRecord[] {
  const out: LedgerRecord[] = []
  for (const [id, map] of recordsMap(doc, kind)) {
    const record = readRecord(kind, gridId, id, map)
    if (record) out.push(record)
  }
  return out
}

/** Field values compare by content: tags as ordered lists, everything else by identity. */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i])
  return a === b
}
