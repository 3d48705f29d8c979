/**
 * What the target ledger docs already hold, for an idempotent import: residents by ID number
 * (across every grid given, so a person is never registered twice), residents without one by
 * grid + household + name, and households by 户编号 within their grid.
 */
import type * as Y from 'yjs'
import { normaliseIdNumber } from './idNumber.js'
import type { LedgerRecord } from './kind.js'
import { text } from './kind.js'
import { listRecords } from './ledgerDoc.js'

export type ExistingIndex = {
  householdByNo(gridId: string, householdNo: string): LedgerRecord | undefined
  residentById(idNumber: string): LedgerRecord | undefined
  residentByName(gridId: string, householdId: string, name: string): LedgerRecord | undefined
  /** Whether the resident already has a current (not exited) care record of this category. */
  hasCare(gridId: string, residentId: string, category: string): boolean
}

export function indexExisting(docs: ReadonlyMap<string, Y.Doc>, sensitiveDocs: ReadonlyMap<string, Y.Doc> = new Map()): ExistingIndex {
  const care = new Set<string>()
  for (const [gridId, doc] of sensitiveDocs) for (const record of listRecords(doc, 'careRecord', gridId)) if (!text(record.values, 'exitedAt')) care.add(careKey(gridId, text(record.values, 'residentId'), text(record.values, 'category')))
  const households = new Map<string, LedgerRecord>()
  const byId = new Map<string, LedgerRecord>()
  const byName = new Map<string, LedgerRecord>()
  for (const [gridId, doc] of docs) {
    for (const record of listRecords(doc, 'household', gridId)) {
      const key = `${gridId}\u0000${text(record.values, 'householdNo').trim()}`
      if (!households.has(key)) households.set(key, record)
    }
    for (const record of listRecords(doc, 'resident', gridId)) {
      const id = normaliseIdNumber(text(record.values, 'idNumber'))
      if (id) {
        if (!byId.has(id)) byId.set(id, record)
      } else {
        const key = nameKey(gridId, text(record.values, 'householdId'), text(record.values, 'name').trim())
        if (!byName.has(key)) byName.set(key, record)
      }
    }
  }
  return {
    householdByNo: (gridId, householdNo) => households.get(`${gridId}\u0000${householdNo}`),
    residentById: (idNumber) => byId.get(idNumber),
    residentByName: (gridId, householdId, name) => byName.get(nameKey(gridId, householdId, name)),
    hasCare: (gridId, residentId, category) => care.has(careKey(gridId, residentId, category)),
  }
}

function careKey(gridId: string, residentId: string, category: string): string {
  return `${gridId}\u0000${residentId}\u0000${category}`
}

function nameKey(gridId: string, householdId: string, name: string): string {
  return `${gridId}\u0000${householdId}\u0000${name}`
}

