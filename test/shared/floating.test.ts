/** 流动人口: a month's 迁入 / 迁出, who is here without a 居住证, and one who left is no longer visited or counted. */
import { describe, expect, it } from 'vitest'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { place } from '../../shared/ledger/kinds/place.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { floatingNow, movements, tenantsOf } from '../../shared/ledger/floating.js'
import { ledgerStats, visitTargets } from '../../shared/ledger/stats.js'
import { validateRecord } from '../../shared/ledger/validate.js'
import { DEFAULT_VISIT_RULES, dueVisits } from '../../shared/ledger/visitRules.js'

const TODAY = '2026-12-03'

function person(id: string, values: Record<string, unknown>): LedgerRecord {
  return { id, kind: 'resident', gridId: 'g1', values: { name: id, householdId: 'h1', ...values }, createdBy: '', createdAt: '', facts: [] }
}

const household: LedgerRecord = { id: 'h1', kind: 'household', gridId: 'g1', values: { householdNo: '1', headName: '房东', address: '1组1号' }, createdBy: '', createdAt: '', facts: [] }

describe('流动人口', () => {
  it('the form reads a 居住证 as clerks write it and refuses a date that is not one, in Chinese', () => {
    expect(validateRecord(resident, { name: '周工', permit: '已办', residenceType: '流动' }, TODAY)).toEqual({ ok: true, values: { name: '周工', permit: '已办理', residenceType: '流动' } })
    expect(validateRecord(resident, { name: '周工', arrivedAt: '去年' }, TODAY)).toEqual({ ok: false, errors: { arrivedAt: '来本村日期应为日期，如 2026-03-01' } })
  })

  it('a rental’s tenants (出租屋 三位一体): those living there by name, then those who left; the place keeps its 物业', () => {
    expect(validateRecord(place, { name: '1组1号出租屋', placeType: '出租屋', address: '1组1号', landlord: '房东', propertyManager: '幸福里物业', propertyManagerPhone: '13800001111' }, TODAY)).toEqual({
      ok: true,
      values: { name: '1组1号出租屋', placeType: '出租屋', address: '1组1号', landlord: '房东', propertyManager: '幸福里物业', propertyManagerPhone: '13800001111' },
    })
    const residents = [
      person('乙', { residenceType: '流动', rentalPlaceId: 'p1', arrivedAt: '2026-09-01' }),
      person('甲', { residenceType: '流动', rentalPlaceId: 'p1', arrivedAt: '2026-10-01', leftAt: '2026-11-30' }),
      person('丙', { residenceType: '流动', rentalPlaceId: 'p1', arrivedAt: '2026-11-01', leftAt: '2026-12-10' }),
      person('丁', { residenceType: '流动', rentalPlaceId: 'p2' }),
      person('戊', { residenceType: '户籍' }),
    ]
    const { here, left } = tenantsOf(residents, 'p1', TODAY)
    // 丙 leaves on the 10th: still here today.
    expect(here.map((r) => r.id)).toEqual(['丙', '乙'].sort((a, b) => a.localeCompare(b, 'zh-CN')))
    expect(left.map((r) => r.id)).toEqual(['甲'])
    expect(tenantsOf(residents, 'p3', TODAY)).toEqual({ here: [], left: [] })
  })

  it('lists a month’s floating arrivals and departures by date, an arrival before a departure on the same day', () => {
    const residents = [
      person('甲', { residenceType: '流动', arrivedAt: '2026-11-20', origin: '河南周口' }),
      person('乙', { residenceType: '流动', arrivedAt: '2025-03-01', leftAt: '2026-11-05' }),
      person('丙', { residenceType: '流动', arrivedAt: '2026-11-05' }),
      person('丁', { residenceType: '流动', arrivedAt: '2026-10-31' }),
      person('戊', { residenceType: '户籍' }),
      // A 户籍 resident with a 迁入日期 (married in): not a floating population's must-report.
      person('己', { residenceType: '户籍', arrivedAt: '2026-11-10' }),
    ]
    expect(movements(residents, '2026-11-01', '2026-11-30').map((m) => [m.resident.id, m.kind, m.date])).toEqual([
      ['丙', 'arrived', '2026-11-05'],
      ['乙', 'left', '2026-11-05'],
      ['甲', 'arrived', '2026-11-20'],
    ])
    expect(movements(residents, '2026-12-01', '2026-12-31')).toEqual([])
  })

  it('counts the floating residents still here, and those without a 居住证 (a blank one counts)', () => {
    const residents = [
      person('甲', { residenceType: '流动', permit: '已办理' }),
      person('乙', { residenceType: '流动', permit: '办理中' }),
      person('丙', { residenceType: '流动' }),
      person('丁', { residenceType: '流动', leftAt: '2026-12-01' }),
      person('戊', { residenceType: '流动', leftAt: '2026-12-20' }), // leaving later this month: still here
      person('己', { residenceType: '户籍' }),
    ]
    expect(floatingNow(residents, TODAY)).toEqual({ present: 4, withoutPermit: 3 })
  })

  it('one who has left is not visited any more and not counted as living here; before leaving they were', () => {
    const data = { household: [household], resident: [person('乙', { residenceType: '流动', leftAt: '2026-11-05' })], visit: [], dispute: [], incident: [], thing: [] }
    // Before they left, the household was due its monthly 流动人口 visit; after, nothing is due.
    expect(dueVisits(visitTargets(data, '2026-11-01'), DEFAULT_VISIT_RULES, '2026-11-01').map((d) => d.rule.id)).toContain('monthly')
    expect(dueVisits(visitTargets(data, TODAY), DEFAULT_VISIT_RULES, TODAY).map((d) => d.rule.id)).not.toContain('monthly')
    const stats = ledgerStats(data, DEFAULT_VISIT_RULES, TODAY)
    expect(stats.residents).toBe(0)
    expect(ledgerStats(data, DEFAULT_VISIT_RULES, '2026-11-04').residents).toBe(1)
  })
})
