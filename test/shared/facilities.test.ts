/**
 * 公益设施's 定期检查 in a report (shared/ledger/facilities.ts): the inspection periods that ended in
 * the report period, each due for the facilities registered by its end and missed without an
 * inspection in it; a period still running, a facility registered later, a hazard and a village
 * with no period are not due.
 */
import { describe, expect, it } from 'vitest'
import { facilitiesDue, facilityFigures, inspectionPeriods } from '../../shared/ledger/facilities.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'

let seq = 0
const thing = (category: string, registered: string, inspected: readonly string[]): LedgerRecord => ({
  id: `t${++seq}`,
  kind: 'thing',
  gridId: 'g',
  values: { name: '公厕', category },
  createdBy: '张',
  createdAt: `${registered}T02:00:00.000Z`,
  facts: inspected.map((day, i) => ({ id: `f${seq}-${i}`, action: 'inspect', by: 'a', byName: '张', at: `${day}T02:00:00.000Z`, data: { condition: '良好' } })),
})

const Q4 = { start: '2026-10-01', end: '2026-12-31' }

describe('公益设施 定期检查 in a report', () => {
  it('counts the inspection periods that end within the report period, up to the day it is read', () => {
    expect(inspectionPeriods('none', Q4.start, Q4.end)).toEqual([])
    expect(inspectionPeriods('month', Q4.start, '2026-11-20')).toEqual([{ start: '2026-10-01', end: '2026-10-31' }])
    expect(inspectionPeriods('quarter', Q4.start, Q4.end)).toEqual([Q4])
    expect(inspectionPeriods('year', Q4.start, '2026-12-30')).toEqual([])
    // A week that began in September and ends in October is October's; the week still running on the 20th of November is not counted.
    const weeks = inspectionPeriods('week', Q4.start, '2026-11-20')
    expect(weeks[0]).toEqual({ start: '2026-09-28', end: '2026-10-04' })
    expect(weeks.at(-1)).toEqual({ start: '2026-11-09', end: '2026-11-15' })
    expect(weeks).toHaveLength(7)
  })

  it('is due for each facility registered by the period’s end, and missed where no inspection falls in it', () => {
    const things = [
      thing('公益设施', '2026-06-01', ['2026-10-12', '2026-10-20', '2026-12-02']), // October and December inspected, November missed
      thing('公益设施', '2026-11-30', []), // due in November (registered by its end) and December
      thing('公益设施', '2026-12-10', ['2026-12-11']), // December only, inspected
      thing('安全隐患', '2026-01-01', []), // a hazard goes by 五到位, not 定期检查
    ]
    expect(facilityFigures(things, Q4, '2027-01-05', 'month')).toEqual({ facilities: 3, inspections: 4, upkeeps: 0, upkeepCost: 0, inspectionsDue: 6, inspectionsMissed: 3 })
    // Read on 15 December: December is still running, so it is neither due nor missed.
    expect(facilityFigures(things, Q4, '2026-12-15', 'month')).toMatchObject({ facilities: 3, inspectionsDue: 3, inspectionsMissed: 2 })
    expect(facilityFigures(things, Q4, '2027-01-05', 'quarter')).toMatchObject({ inspectionsDue: 3, inspectionsMissed: 1 })
    expect(facilityFigures(things, Q4, '2027-01-05')).toMatchObject({ facilities: 3, inspectionsDue: 0, inspectionsMissed: 0 })
  })

  it('takes an inspection’s Beijing day: half past midnight on 1 December is December’s, not November’s', () => {
    const late = thing('公益设施', '2026-06-01', [])
    late.facts.push({ id: 'late', action: 'inspect', by: 'a', byName: '张', at: '2026-11-30T16:30:00.000Z', data: { condition: '良好' } })
    expect(facilityFigures([late], Q4, '2027-01-05', 'month')).toMatchObject({ inspections: 1, inspectionsDue: 3, inspectionsMissed: 2 })
    expect(facilityFigures([late], { start: '2026-11-01', end: '2026-11-30' }, '2026-12-05', 'month')).toMatchObject({ inspections: 0, inspectionsDue: 1, inspectionsMissed: 1 })
  })

  it('lists on the ledger home the facilities not yet inspected in the running period, longest without one first', () => {
    const fresh = thing('公益设施', '2026-01-01', ['2026-12-01'])
    const old = thing('公益设施', '2026-01-01', ['2026-09-03', '2026-11-02'])
    const never = thing('公益设施', '2026-11-20', [])
    const older = thing('公益设施', '2026-01-01', ['2026-10-30'])
    const hazard = thing('安全隐患', '2026-01-01', [])
    const list = facilitiesDue([fresh, old, never, older, hazard], '2026-12-03', 'month')!
    expect(list.period).toEqual({ start: '2026-12-01', end: '2026-12-31' })
    expect(list.facilities).toBe(4)
    expect(list.due.map((d) => [d.record.id, d.lastInspected])).toEqual([
      [never.id, null],
      [older.id, '2026-10-30'],
      [old.id, '2026-11-02'],
    ])
    expect(facilitiesDue([fresh, old], '2026-12-03', 'none')).toBeNull()
  })
})
