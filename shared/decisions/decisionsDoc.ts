/**
 * Layout of the `<villageId>/decisions` doc (DESIGN.md "Documents"), as the record's description
 * says (record.ts DECISION): the `decisions` Y.Map holds id → Y.Map of the record's plain fields
 * plus `facts`, an append-only Y.Array of step facts (facts.ts). Progress is never stored;
 * progress.ts derives it from the facts.
 */
import * as Y from 'yjs'
import { appendFact as appendTo, factsArray } from '../facts.js'
import { newId } from '../ids.js'
import { readFields } from '../record.js'
import type { StepFact } from './facts.js'
import { DECISION, type DecisionFields, type DecisionRecord } from './record.js'

const FACTS = 'facts' satisfies keyof typeof DECISION.facts

export function decisionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(DECISION.root)
}

export function createDecision(doc: Y.Doc, fields: DecisionFields, by: string, at: string, id: string = newId()): string {
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(fields)) map.set(key, value)
    map.set('createdAt', at)
    map.set('createdBy', by)
    map.set(FACTS, new Y.Array<StepFact>())
    decisionsMap(doc).set(id, map)
  })
  return id
}

/** The 一肩挑 option may change only while no step is recorded (the UI offers it only then). */
export function setMergedProposal(doc: Y.Doc, id: string, merged: boolean): boolean {
  const map = decisionsMap(doc).get(id)
  if (!(map instanceof Y.Map) || factsArray(map, FACTS).length > 0) return false
  map.set('mergedProposal', merged)
  return true
}

/** Appends one validated fact; throws on an invalid one (callers validate forms first). */
export function appendFact(doc: Y.Doc, id: string, fact: StepFact): void {
  const map = decisionsMap(doc).get(id)
  if (!(map instanceof Y.Map)) throw new Error(`no decision ${id}`)
  appendTo(factsArray(map, FACTS), DECISION.facts[FACTS], fact)
}

export function readDecision(doc: Y.Doc, id: string): { record: DecisionRecord; facts: unknown[] } | null {
  const map = decisionsMap(doc).get(id)
  if (!(map instanceof Y.Map)) return null
  return { record: toRecord(id, map), facts: (map.get(FACTS) instanceof Y.Array ? (map.get(FACTS) as Y.Array<unknown>).toArray() : []) }
}

/** Every record, newest first (then id, so the order is total). */
export function listDecisions(doc: Y.Doc): Array<{ record: DecisionRecord; facts: unknown[] }> {
  const out: Array<{ record: DecisionRecord; facts: unknown[] }> = []
  for (const id of decisionsMap(doc).keys()) {
    const entry = readDecision(doc, id)
    if (entry) out.push(entry)
  }
  return out.sort((a, b) => (a.record.createdAt === b.record.createdAt ? (a.record.id < b.record.id ? -1 : 1) : a.record.createdAt < b.record.createdAt ? 1 : -1))
}

/**
 * Tolerant read: each field is parsed with its schema (record.ts); a peer's value that does not
 * parse falls back to a safe default instead of breaking the list, and is reported.
 */
function toRecord(id: string, map: Y.Map<unknown>): DecisionRecord {
  const str = (key: string) => (typeof map.get(key) === 'string' ? (map.get(key) as string) : '')
  const { values, unreadable } = readFields(DECISION.fields, (key) => map.get(key))
  return {
    id,
    title: values.title || '（无标题）',
    category: values.category ?? 'other',
    matter: values.matter ?? 'major_other',
    mergedProposal: values.mergedProposal ?? false,
    createdAt: str('createdAt'),
    createdBy: str('createdBy'),
    ...(unreadable.length > 0 ? { unreadableFields: unreadable } : {}),
  }
}

/** Village disclosure settings, kept with the decisions (组织法 art. 30: finance monthly where busy). */
export function settingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('settings')
}

export function financeMonthly(doc: Y.Doc): boolean {
  return settingsMap(doc).get('financeMonthly') === true
}
