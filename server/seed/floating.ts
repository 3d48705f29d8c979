/**
 * When the demo's floating residents (流动) came, whether they hold a 居住证, and a few who left in
 * the last two months (seed 003: 「流動人員遷入遷出必報」), so the 流动人口 card and the visit
 * lists have every case. Written onto residents already made, from a random source of its own,
 * so the rest of the demo stays as it was.
 */
import type * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { text } from '../../shared/ledger/kind.js'
import { resident as residentKind } from '../../shared/ledger/kinds/resident.js'
import { listRecords, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { validatePatch } from '../../shared/ledger/validate.js'
import { createRandom } from './random.js'

export function addFloatingDates(doc: Y.Doc, seed: number, today: string): number {
  const random = createRandom(seed)
  let left = 0
  for (const r of listRecords(doc, residentKind.kind, '')) {
    if (text(r.values, 'residenceType') !== '流动') continue
    const arrivedAt = addDays(today, -(random.chance(0.15) ? random.int(0, 60) : random.int(61, 1100)))
    const permit = random.weighted([['已办理', 70], ['办理中', 15], ['未办理', 15]] as const)
    const leaves = random.chance(0.08) && arrivedAt < addDays(today, -10)
    const leftAt = leaves ? addDays(today, -random.int(0, 55)) : null
    const patch = validatePatch(residentKind, { arrivedAt, permit, ...(leftAt && leftAt > arrivedAt ? { leftAt } : {}) }, today)
    if (!patch.ok) throw new Error(`demo floating resident is invalid: ${JSON.stringify(patch.errors)}`)
    updateRecord(doc, residentKind.kind, r.id, patch.values)
    if (leftAt && leftAt > arrivedAt) left++
  }
  return left
}
