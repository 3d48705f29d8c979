/**
 * Layout of a grid's `ledger` and `sensitive` docs (DESIGN.md "Documents"): one top-level Y.Map
 * per record kind, id → Y.Map of that record's fields, so two cadres editing different fields of
 * one household both win and the same field converges to one value. Bookkeeping keys start with
 * `_`. Workflow facts are appended to the record's `_facts` Y.Array and never rewritten;
 * statuses are derived from them (workflows/). Removing a record marks it, so an offline edit of
 * a removed record is not lost.
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

export type Actor = { id: string; name: string }

export function recordsMap(doc: Y.Doc, kind: string): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(kind)
}

/** Adds a record (values already validated) in one transaction; returns its id. */
export function createRecord(doc: Y.Doc, kind: KindDef, values: Record<string, unknown>, actor: Actor, at: string, id: string = newId()): string {
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(values)) map.set(key, value)
    map.set(CREATED_BY, actor.name)
    map.set(CREATED_BY_ID, actor.id)
    map.set(CREATED_AT, at)
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
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === undefined) {
        if (map.has(key)) map.delete(key)
      } else if (!sameFieldValue(map.get(key), value)) map.set(key, value)
    }
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
  const values: Record<string, unknown> = {}
  for (const [key, value] of map.entries()) if (!key.startsWith('_')) values[key] = value
  const { facts, unreadable } = readFacts(map.get(FACTS), factSchema)
  const createdById = map.get(CREATED_BY_ID)
  const record: LedgerRecord = { id, kind, gridId, values, createdBy: String(map.get(CREATED_BY) ?? ''), ...(typeof createdById === 'string' ? { createdById } : {}), createdAt: String(map.get(CREATED_AT) ?? ''), facts }
  if (unreadable.length > 0) record.unreadableFacts = unreadable
  return record
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
