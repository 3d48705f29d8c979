/**
 * Writes a confirmed import preview (importRows.ts) into the grid ledger docs: households first,
 * then residents, in transactions of BATCH_SIZE writes with a pause for the event loop between
 * them, so a 5,000-row import leaves the page responsive and syncs as a few updates, not one per
 * row. Every created record carries the actor and time. The docs may have changed since the
 * preview: a resident whose ID number has appeared meanwhile, or a household whose 户编号 has, is
 * not created twice. Care categories become 关爱帮扶 records in the grid's sensitive doc (only
 * docs the caller passes, i.e. the user may write), after the resident they name exists.
 */
import type * as Y from 'yjs'
import type { FieldValue } from './fields.js'
import { indexExisting } from './importIndex.js'
import type { ImportPreview } from './importRows.js'
import { household as householdKind } from './kinds/household.js'
import { resident as residentKind } from './kinds/resident.js'
import { careRecord } from './kinds/sensitive.js'
import { createRecord, updateRecord, type Actor } from './ledgerDoc.js'

export const BATCH_SIZE = 500

export type ApplyResult = {
  households: { created: number; updated: number }
  residents: { created: number; updated: number; skipped: number }
  care: { created: number }
}

export type ApplyOptions = {
  batchSize?: number
  onProgress?(done: number, total: number): void
  /** Lets the page breathe between transactions; defaults to a macrotask turn. */
  pause?(): Promise<void>
  /** The grids' sensitive docs the user may write (care records from 类别 cells). */
  sensitiveDocs?: ReadonlyMap<string, Y.Doc>
}

type Write = (doc: Y.Doc) => void

export async function applyImport(preview: ImportPreview, docs: ReadonlyMap<string, Y.Doc>, actor: Actor, at: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const result: ApplyResult = { households: { created: 0, updated: 0 }, residents: { created: 0, updated: 0, skipped: 0 }, care: { created: 0 } }
  const sensitiveDocs = options.sensitiveDocs ?? new Map<string, Y.Doc>()
  const existing = indexExisting(docs, sensitiveDocs)
  const householdIds = new Map<string, string>()
  const writes = new Map<string, Write[]>()
  const queue = (gridId: string, write: Write) => {
    const list = writes.get(gridId)
    if (list) list.push(write)
    else writes.set(gridId, [write])
  }

  for (const op of preview.households) {
    if (op.action === 'unchanged') continue
    queue(op.gridId, (doc) => {
      const now = op.existingId ?? existing.householdByNo(op.gridId, String(op.values.householdNo ?? ''))?.id
      if (now) {
        householdIds.set(op.key, now)
        if (updateRecord(doc, householdKind.kind, now, op.values)) result.households.updated++
      } else {
        householdIds.set(op.key, createRecord(doc, householdKind, op.values, actor, at))
        result.households.created++
      }
    })
  }
  for (const op of preview.residents) {
    if (op.action === 'unchanged') continue
    queue(op.gridId, (doc) => {
      const values: Record<string, FieldValue> = { ...op.values }
      if (op.householdKey) {
        const householdId = householdIds.get(op.householdKey)
        if (householdId) values.householdId = householdId
      }
      let residentId: string | null = op.existingId
      if (op.existingId) {
        if (updateRecord(doc, residentKind.kind, op.existingId, values)) result.residents.updated++
        else if (op.care.length === 0) result.residents.skipped++
      } else if (typeof values.idNumber === 'string' && existing.residentById(values.idNumber)) {
        result.residents.skipped++
        residentId = null
      } else {
        residentId = createRecord(doc, residentKind, values, actor, at)
        result.residents.created++
      }
      const sensitive = sensitiveDocs.get(op.gridId)
      if (residentId && sensitive && op.care.length) {
        const id = residentId
        // A separate doc: its own transaction, right after the resident it names.
        sensitive.transact(() => {
          for (const category of op.care) {
            if (existing.hasCare(op.gridId, id, category)) continue
            createRecord(sensitive, careRecord, { residentId: id, category }, actor, at)
            result.care.created++
          }
        })
      }
    })
  }

  const total = [...writes.values()].reduce((n, list) => n + list.length, 0)
  const size = Math.max(1, options.batchSize ?? BATCH_SIZE)
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
  let done = 0
  for (const [gridId, list] of writes) {
    const doc = docs.get(gridId)
    if (!doc) throw new Error(`ledger doc of grid ${gridId} is not open`)
    for (let i = 0; i < list.length; i += size) {
      doc.transact(() => {
        for (const write of list.slice(i, i + size)) write(doc)
      })
      done += Math.min(size, list.length - i)
      options.onProgress?.(done, total)
      if (done < total) await pause()
    }
  }
  return result
}
