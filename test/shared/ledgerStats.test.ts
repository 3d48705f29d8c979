import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { formatRate, ledgerStats, maskSmallCount, periodLabel, periodStats, visitTargets, type LedgerData } from '../../shared/ledger/stats.js'
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
        dispute: [rec('dispute', {}, ['settle']), rec('dispute', {}, ['settle']), rec('dispute', { deadline: '2026-11-01' }), rec('dispute', {}, ['escalate', 'escalate', 'close'])],
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
    expect(visitTargets(data).filter((t) => !t.residentId).map((t) => [t.householdId, t.residenceTypes])).toEqual([[h1.id, ['流动']], [h2.id, ['户籍']]])
    // Both were visited twice this year; only the floating household is due this month.
    expect(ledgerStats(data, DEFAULT_VISIT_RULES, TODAY).due.map((d) => [d.householdId, d.rule.id])).toEqual([[h1.id, 'monthly']])
  })
})

describe('special-population visits', () => {
  it('gives households their members\' special and current care categories only when the sensitive records are given', () => {
    const [h1, h2, h3] = [rec('household', {}), rec('household', {}), rec('household', {})]
    const [r1, r2, r3] = [h1, h2, h3].map((h) => rec('resident', { householdId: h.id }))
    const visit = [h1, h2, h3].flatMap((h) => ['2026-10-02', '2026-04-02'].map((date) => rec('visit', { householdId: h.id, date })))
    const base = { ...{ household: [h1, h2, h3], resident: [r1!, r2!, r3!], visit }, dispute: [], incident: [], thing: [] }
    const sensitive: LedgerData = {
      ...base,
      specialPerson: [rec('specialPerson', { residentId: r1!.id, categories: ['社区矫正对象'] })],
      careRecord: [rec('careRecord', { residentId: r2!.id, category: '留守老人', exitedAt: '2026-06-30' }), rec('careRecord', { residentId: r3!.id, category: '留守儿童' })],
    }
    expect(visitTargets(sensitive, TODAY).filter((t) => !t.residentId).map((t) => t.categories)).toEqual([['社区矫正对象'], [], ['留守儿童']])
    expect(ledgerStats(sensitive, DEFAULT_VISIT_RULES, TODAY).due.map((d) => [d.householdId, d.rule.id])).toEqual([
      [h1.id, 'special'],
      [h3.id, 'special'],
    ])
    // Without the grant the dashboard is given no sensitive records: no categories, nothing due, nothing counted.
    expect(visitTargets(base, TODAY).every((t) => t.categories === undefined)).toBe(true)
    expect(ledgerStats(base, DEFAULT_VISIT_RULES, TODAY).due).toEqual([])
    expect(periodStats(base, DEFAULT_VISIT_RULES, 'month', TODAY, TODAY).visits.due).toBe(0)
    expect(periodStats(sensitive, DEFAULT_VISIT_RULES, 'month', TODAY, TODAY).visits.due).toBe(2)
  })
})

/** A record whose facts happened at the given ISO times (UTC). */
const timed = (kind: string, values: Record<string, unknown>, facts: [string, string][], createdAt = ''): LedgerRecord => ({
  ...rec(kind, values),
  createdAt,
  facts: facts.map(([action, at], i): Fact => ({ id: `t${n}-${i}`, action, by: 'u', byName: 'u', at })),
})
const empty = (): LedgerData => ({ household: [], resident: [], visit: [], dispute: [], incident: [], thing: [] })

describe('figures per civil period (Asia/Shanghai)', () => {
  it('counts 化解率 over the disputes found in the month, settled by the month\'s last Beijing day', () => {
    const data = {
      ...empty(),
      dispute: [
        // Found in October, settled at 01:00 on 1 November Beijing time (still 31 October in UTC).
        timed('dispute', { discoveredAt: '2026-10-20', deadline: '2026-10-25' }, [['settle', '2026-10-31T17:00:00Z']]),
        // Found in October, settled in October.
        timed('dispute', { discoveredAt: '2026-10-02' }, [['settle', '2026-10-10T02:00:00Z']]),
        // Found in November: two settled, one closed unsettled, one still open.
        timed('dispute', { discoveredAt: '2026-11-02' }, [['settle', '2026-11-03T02:00:00Z']]),
        timed('dispute', { discoveredAt: '2026-11-03' }, [['settle', '2026-11-04T02:00:00Z']]),
        timed('dispute', { discoveredAt: '2026-11-04' }, [['escalate', '2026-11-05T02:00:00Z'], ['escalate', '2026-11-06T02:00:00Z'], ['escalate', '2026-11-07T02:00:00Z'], ['close', '2026-11-08T02:00:00Z']]),
        timed('dispute', { discoveredAt: '2026-11-20', deadline: '2026-11-30' }, []),
      ],
    }
    const october = periodStats(data, [], 'month', '2026-10-05', TODAY)
    expect(october).toMatchObject({ start: '2026-10-01', end: '2026-10-31', asOf: '2026-10-31' })
    // The first dispute was still open (and past its deadline) when October ended in Beijing.
    expect(october.disputes).toEqual({ found: 2, settled: 1, unsettled: 0, open: 1, rate: 0.5, overdue: 1 })
    const november = periodStats(data, [], 'month', TODAY, TODAY)
    expect(november.asOf).toBe(TODAY)
    expect(november.disputes).toEqual({ found: 4, settled: 2, unsettled: 1, open: 1, rate: 0.5, overdue: 0 })
    // A quarter and a year take in both months.
    expect(periodStats(data, [], 'quarter', TODAY, TODAY).disputes).toMatchObject({ found: 6, settled: 4, rate: 4 / 6 })
    expect(periodStats(data, [], 'year', TODAY, '2027-01-10')).toMatchObject({ start: '2026-01-01', end: '2026-12-31', asOf: '2026-12-31' })
  })

  it('keeps a late-synced record in the period of its own date and says "—" when nothing was found', () => {
    // Entered on a device offline in late September, synced in November: it still belongs to September.
    const late = timed('dispute', { discoveredAt: '2026-09-28' }, [['settle', '2026-09-29T03:00:00Z']], '2026-11-20T03:00:00Z')
    const data = { ...empty(), dispute: [late] }
    expect(periodStats(data, [], 'month', '2026-09-01', TODAY).disputes).toMatchObject({ found: 1, settled: 1, rate: 1 })
    const november = periodStats(data, [], 'month', TODAY, TODAY)
    expect(november.disputes).toMatchObject({ found: 0, rate: null })
    expect(formatRate(november.disputes.rate)).toBe('—')
    expect(formatRate(2 / 3)).toBe('66.7%')
  })

  it('names the running period 本月/本季度/本年 and a past one by its dates', () => {
    expect(periodLabel('month', TODAY, TODAY)).toBe('本月')
    expect(periodLabel('month', '2026-10-31', TODAY)).toBe('2026年10月')
    expect(periodLabel('quarter', TODAY, TODAY)).toBe('本季度')
    expect(periodLabel('quarter', '2026-05-01', TODAY)).toBe('2026年第2季度')
    expect(periodLabel('year', '2025-05-01', TODAY)).toBe('2025年')
  })

  it('counts 办结率 over incidents found in the period and on time only where the outcome is known', () => {
    const data = {
      ...empty(),
      incident: [
        timed('incident', { occurredAt: '2026-11-02', deadline: '2026-11-10' }, [['onsite', '2026-11-09T15:30:00Z']]), // 23:30 on the 9th: on time
        timed('incident', { occurredAt: '2026-11-03', deadline: '2026-11-05' }, [['onsite', '2026-11-05T16:30:00Z']]), // 00:30 on the 6th: late
        timed('incident', { occurredAt: '2026-11-04', deadline: '2026-11-30' }, [['accept', '2026-11-04T02:00:00Z']]), // open, not yet due: unknown
        timed('incident', { occurredAt: '2026-11-05', deadline: '2026-11-10' }, []), // open past its deadline: not on time
        timed('incident', { occurredAt: '2026-11-06' }, [['onsite', '2026-11-06T02:00:00Z']]), // no deadline: done, not in the on-time base
        timed('incident', { occurredAt: '2026-10-30', deadline: '2026-11-01' }, []), // October's, overdue now
      ],
    }
    expect(periodStats(data, [], 'month', TODAY, TODAY).incidents).toEqual({ found: 5, done: 3, doneRate: 0.6, onTime: 1, onTimeKnown: 3, onTimeRate: 1 / 3, overdue: 2 })
    // In October only the last one was found, and it was not yet overdue on 31 October.
    expect(periodStats(data, [], 'month', '2026-10-01', TODAY).incidents).toEqual({ found: 1, done: 0, doneRate: 0, onTime: 0, onTimeKnown: 0, onTimeRate: null, overdue: 0 })
  })

  it('counts hazards and visits in the period, and shows sensitive counts under 3 as "<3"', () => {
    const h = rec('household', {})
    const data: LedgerData = {
      ...empty(),
      household: [h],
      visit: [rec('visit', { householdId: h.id, date: '2026-11-02' }), rec('visit', { householdId: h.id, date: '2026-10-02' })],
      thing: [
        timed('thing', { category: '安全隐患', planDeadline: '2026-11-10' }, [], '2026-11-01T01:00:00Z'),
        timed('thing', { category: '安全隐患' }, [['rectify', '2026-11-03T01:00:00Z'], ['close', '2026-11-04T01:00:00Z']], '2026-11-02T01:00:00Z'),
        timed('thing', { category: '公益设施' }, [], '2026-11-02T01:00:00Z'),
      ],
      specialPerson: [
        ...[1, 2, 3].map(() => rec('specialPerson', { categories: ['刑满释放人员'], since: '2026-01-01' })),
        rec('specialPerson', { categories: ['社区矫正对象'], since: '2026-02-01' }),
        rec('specialPerson', { categories: ['吸毒人员'], since: '2026-12-01' }),
      ],
      careRecord: [rec('careRecord', { category: '低保', enrolledAt: '2025-01-01', exitedAt: '2026-06-30' })],
    }
    const stats = periodStats(data, DEFAULT_VISIT_RULES, 'month', TODAY, TODAY)
    expect(stats.hazards).toEqual({ found: 2, closed: 1, overdue: 1 })
    // One visit this month; the ordinary rule wants two a year and the household has had two.
    expect(stats.visits).toEqual({ done: 1, due: 0 })
    // As of 31 October the household had had only one visit this year.
    expect(periodStats(data, DEFAULT_VISIT_RULES, 'month', '2026-10-01', TODAY).visits).toEqual({ done: 1, due: 1 })
    // Enrolled after the period or exited before it: not counted.
    expect(stats.special?.counts).toEqual([
      ['刑满释放人员', 3],
      ['社区矫正对象', '<3'],
    ])
    expect(periodStats({ ...data, specialPerson: undefined } as LedgerData, [], 'month', TODAY, TODAY).special).toBeNull()
    expect([0, 1, 2, 3, 10].map(maskSmallCount)).toEqual(['<3', '<3', '<3', 3, 10])
  })
})
