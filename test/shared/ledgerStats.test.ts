import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { ledgerStats, visitTargets } from '../../shared/ledger/stats.js'
import { DEFAULT_VISIT_RULES } from '../../shared/ledger/visitRules.js'

const TODAY = '2026-11-23'
let n = 0
const rec = (kind: string, values: Record<string, unknown>, actions: string[] = []): LedgerRecord => ({
  id: `${kind}${++n}`,
  kind,
  gridId: 'g',
  values,
  createdBy: '',
  createdAt: '',
  facts: actions.map((action, i): Fact => ({ id: `f${n}-${i}`, action, by: 'u', byName: 'u', at: `2026-11-0${i + 1}T00:00:00Z` })),
})

describe('ledger dashboard figures', () => {
  it('counts households, flags from members, 化解率, overdue and households due a visit', () => {
    const h1 = rec('household', { flags: ['低保户'] })
    const h2 = rec('household', {})
    const stats = ledgerStats(
      {
        household: [h1, h2],
        resident: [rec('resident', { householdId: h2.id, flags: ['党员'] }), rec('resident', { householdId: h2.id })],
        visit: [rec('visit', { householdId: h1.id, date: '2026-11-02' }), rec('visit', { householdId: h1.id, date: '2026-04-02' }), rec('visit', { householdId: h2.id, date: '2026-02-01' })],
        dispute: [rec('dispute', {}, ['settle']), rec('dispute', {}, ['settle']), rec('dispute', { deadline: '2026-11-01' }), rec('dispute', {}, ['close'])],
        incident: [rec('incident', { deadline: '2026-11-22' }, ['accept']), rec('incident', {}, ['onsite']), rec('incident', {}, ['accept', 'onsite', 'escalate'])],
        thing: [rec('thing', { category: '安全隐患', planDeadline: '2026-10-01' }), rec('thing', { category: '公益设施' })],
      },
      DEFAULT_VISIT_RULES,
      TODAY,
    )
    expect(stats).toMatchObject({
      households: 2,
      residents: 2,
      visitsThisMonth: 1,
      disputes: { total: 4, open: 1, settled: 2, overdue: 1, rate: 0.5 },
      incidents: { total: 3, open: 1, overdue: 1, supervised: 0, conflicts: 1 },
      hazards: { open: 1, overdue: 1 },
      special: null,
    })
    expect(stats.flagCounts).toEqual([
      ['党员', 1],
      ['低保户', 1],
    ])
    // h1 (低保户) was visited this month and twice this year; h2 only once this year.
    expect(stats.due.map((d) => [d.householdId, d.rule.id])).toEqual([[h2.id, 'ordinary']])
  })

  it('gives each household its members\' residence types, so the monthly rule finds floating residents', () => {
    const h1 = rec('household', {})
    const h2 = rec('household', {})
    const data = {
      household: [h1, h2],
      resident: [rec('resident', { householdId: h1.id, residenceType: '流动' }), rec('resident', { householdId: h2.id, residenceType: '户籍' })],
      visit: [h1, h2].flatMap((h) => ['2026-10-02', '2026-04-02'].map((date) => rec('visit', { householdId: h.id, date }))),
      dispute: [],
      incident: [],
      thing: [],
    }
    expect(visitTargets(data).map((t) => [t.householdId, t.residenceTypes])).toEqual([[h1.id, ['流动']], [h2.id, ['户籍']]])
    // Both were visited twice this year; only the floating household is due this month.
    expect(ledgerStats(data, DEFAULT_VISIT_RULES, TODAY).due.map((d) => [d.householdId, d.rule.id])).toEqual([[h1.id, 'monthly']])
  })
})
