/**
 * The demo's month with gaps (issue #16 item 6): one grid of the demo township recorded no visit
 * in the month three months before today's, while it has visits in every other month of the
 * year; the other grids have visits that month. Generated in memory (no store).
 */
import { describe, expect, it } from 'vitest'
import { monthsBefore } from '../../server/seed/events.js'
import { demoPlan } from '../../server/seed/plan.js'
import { generateVillage } from '../../server/seed/village.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { text } from '../../shared/ledger/kind.js'

const TODAY = '2026-11-23'

describe('monthsBefore', () => {
  it.each([
    ['2026-11-23', 3, '2026-08'],
    ['2026-02-10', 3, '2025-11'],
    ['2026-01-01', 12, '2025-01'],
    ['2026-12-31', 0, '2026-12'],
  ])('%s minus %i months is %s', (today, n, month) => {
    expect(monthsBefore(today, n)).toBe(month)
  })
})

describe('the demo township', () => {
  it('has one grid with no visit in its gap month, and visits there every other month', () => {
    const plan = demoPlan('township')
    const gapped = plan.villages.filter((v) => v.grids.some((g) => g.visitGapMonthsAgo !== undefined))
    expect(gapped.map((v) => v.name)).toEqual([plan.villages[5]!.name])
    const months = (villageIndex: number) => {
      const village = generateVillage(plan.villages[villageIndex]!, { seed: 20261123, today: TODAY, township: plan.township })
      const grid = village.grids[0]!
      return new Set(listRecords(grid.ledger, 'visit', grid.id).map((v) => text(v.values, 'date').slice(0, 7)))
    }
    const gap = months(5)
    expect(gap.has('2026-08')).toBe(false)
    for (let n = 0; n < 12; n++) if (n !== 3) expect(gap.has(monthsBefore(TODAY, n)), monthsBefore(TODAY, n)).toBe(true)
    expect(months(4).has('2026-08')).toBe(true)
  })
})
