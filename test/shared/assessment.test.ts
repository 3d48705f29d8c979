/**
 * 五考 scoring and the ledger counts it is made of (shared/assessment/): weights, the 超期
 * deduction, rounding half up to 0.1, a component with nothing to measure (不计分, the total
 * 折算 over the rest), ranking with ties, the weight rules, and the counts from a grid's records.
 */
import { describe, expect, it } from 'vitest'
import { EMPTY_ASSESSMENT_FIGURES, gridAssessmentFigures, sumAssessmentFigures, visitObligations, type AssessmentFigures } from '../../shared/assessment/figures.js'
import { rankTotals, round1, scoreAssessment } from '../../shared/assessment/score.js'
import { DEFAULT_SETTINGS, assessmentSettingsSchema, type AssessmentSettings } from '../../shared/assessment/weights.js'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { DEFAULT_VISIT_RULES } from '../../shared/ledger/visitRules.js'
import { parseReportPeriod } from '../../shared/reports/reportPeriod.js'

const figures = (over: Partial<AssessmentFigures>): AssessmentFigures => ({ ...structuredClone(EMPTY_ASSESSMENT_FIGURES), ...over })
const byKey = (score: ReturnType<typeof scoreAssessment>) => Object.fromEntries(score.components.map((c) => [c.key, c.score]))

describe('scoring out of 100', () => {
  it('weights each share, deducts overdue items and adds up to the total', () => {
    const score = scoreAssessment(
      figures({
        visits: { due: 40, met: 30 },
        onTime: { due: 10, onTime: 9 },
        disputes: { received: 4, resolved: 3 },
        completeness: { records: 200, complete: 190 },
        overdue: { incidents: 1, disputes: 1, hazards: 0 },
      }),
      88,
      DEFAULT_SETTINGS,
    )
    // 25×0.75, 20×0.9, 15×0.75, 15×0.95, 10−2×2, 15×0.88
    expect(byKey(score)).toEqual({ visits: 18.8, onTime: 18, disputes: 11.3, completeness: 14.3, overdue: 6, rating: 13.2 })
    // From the unrounded scores: 18.75 + 18 + 11.25 + 14.25 + 6 + 13.2 = 81.45 → 81.5 (half up).
    expect(score.total).toBe(81.5)
    expect(score.components.map((c) => c.weight)).toEqual([25, 20, 15, 15, 10, 15])
    expect(score.components.find((c) => c.key === 'visits')?.rate).toBe(0.75)
  })

  it('leaves out a component with nothing to measure and scales the rest to 100 (不计分, 折算)', () => {
    // No dispute received, no 民主测评 yet: 25+20+15+10 = 70 points of weight were scored.
    const score = scoreAssessment(figures({ visits: { due: 10, met: 10 }, onTime: { due: 4, onTime: 2 }, completeness: { records: 10, complete: 5 } }), null, DEFAULT_SETTINGS)
    expect(byKey(score)).toMatchObject({ disputes: null, rating: null, visits: 25, onTime: 10, completeness: 7.5, overdue: 10 })
    expect(score.components.find((c) => c.key === 'disputes')).toEqual({ key: 'disputes', weight: 15, rate: null, score: null })
    expect(score.total).toBe(round1((52.5 / 70) * 100))
    expect(score.total).toBe(75)
  })

  it('gives full 超期 points with nothing overdue, and never less than 0', () => {
    expect(byKey(scoreAssessment(figures({}), null, DEFAULT_SETTINGS)).overdue).toBe(10)
    const many = scoreAssessment(figures({ overdue: { incidents: 4, disputes: 2, hazards: 3 } }), null, DEFAULT_SETTINGS)
    expect(byKey(many).overdue).toBe(0)
    // The deduction alone measures no work: no total.
    expect(many.total).toBeNull()
    expect(scoreAssessment(figures({ overdue: { incidents: 4, disputes: 0, hazards: 0 } }), 80, DEFAULT_SETTINGS).total).toBe(round1(((12 + 2) / 25) * 100))
  })

  it('has no total when no weighted component was scored', () => {
    const settings: AssessmentSettings = { weights: { visits: 50, onTime: 0, disputes: 0, completeness: 0, overdue: 0, rating: 50 }, overdueDeduction: 2 }
    const score = scoreAssessment(figures({}), null, settings)
    expect(score.total).toBeNull()
    expect(scoreAssessment(figures({}), 90, settings).total).toBe(90)
  })

  it('rounds half up to one decimal, steady against binary fractions', () => {
    expect(round1(84.95)).toBe(85)
    expect(round1(0.05)).toBe(0.1)
    expect(round1(1.005)).toBe(1)
    expect(round1(200 / 3)).toBe(66.7)
    expect(round1(81.44999)).toBe(81.4)
    expect(scoreAssessment(figures({ visits: { due: 3, met: 2 } }), null, { ...DEFAULT_SETTINGS, weights: { visits: 90, onTime: 0, disputes: 0, completeness: 0, overdue: 10, rating: 0 } }).total).toBe(70)
  })

  it('ranks highest first with ties sharing a place; no total ranks nowhere', () => {
    expect(rankTotals([80, 92.5, 80, null, 60])).toEqual([2, 1, 2, null, 4])
  })
})

describe('the township’s weights', () => {
  it('must be whole points adding up to 100', () => {
    expect(assessmentSettingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true)
    const off = assessmentSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, weights: { ...DEFAULT_SETTINGS.weights, rating: 20 } })
    expect(off.success).toBe(false)
    expect(off.error?.issues[0]?.message).toBe('各项权重合计应为 100，现在是 105')
    const fraction = assessmentSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, weights: { ...DEFAULT_SETTINGS.weights, visits: 24.5, rating: 15.5 } })
    expect(fraction.error?.issues[0]?.message).toBe('权重应为整数')
    expect(assessmentSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, overdueDeduction: -1 }).error?.issues[0]?.message).toBe('每件超期扣分不能小于 0')
  })
})

let n = 0
const rec = (kind: string, values: Record<string, unknown>, facts: [string, string][] = [], createdAt = '2026-01-01T00:00:00Z'): LedgerRecord => ({
  id: `${kind}${++n}`,
  kind,
  gridId: 'g',
  values,
  createdBy: '',
  createdAt,
  facts: facts.map(([action, at], i): Fact => ({ id: `f${n}-${i}`, action, by: 'u', byName: 'u', at })),
})

describe('the ledger counts of one grid', () => {
  const ordinary = rec('household', { householdNo: '1', headName: '甲', address: '一组', villagerGroup: '一组', phone: '13800000001' })
  const poor = rec('household', { householdNo: '2', headName: '乙', address: '二组', villagerGroup: '', phone: '', flags: ['低保户'] })
  const visits = ['2026-10-05', '2026-11-03', '2026-04-01'].map((date) => rec('visit', { householdId: poor.id, date }))
  const data = {
    household: [ordinary, poor],
    resident: [rec('resident', { name: '甲', idNumber: '110101199003077777', relation: '户主', residenceType: '户籍', householdId: ordinary.id }), rec('resident', { name: '丙', householdId: poor.id }, [], '2026-12-20T00:00:00Z')],
    visit: [...visits, rec('visit', { householdId: ordinary.id, date: '2026-06-01' })],
    dispute: [rec('dispute', { discoveredAt: '2026-11-02' }, [['settle', '2026-11-05T02:00:00Z']]), rec('dispute', { discoveredAt: '2026-11-09' })],
    incident: [
      rec('incident', { occurredAt: '2026-11-02', workType: '一般性', deadline: '2026-11-10' }, [['onsite', '2026-11-04T02:00:00Z']]),
      rec('incident', { occurredAt: '2026-11-03', workType: '一般性', deadline: '2026-11-05' }, [['onsite', '2026-11-08T02:00:00Z']]),
      rec('incident', { occurredAt: '2026-11-20', workType: '一般性', deadline: '2026-11-25' }),
      rec('incident', { occurredAt: '2026-11-28', workType: '一般性', deadline: '2026-12-05' }),
      rec('incident', { occurredAt: '2026-11-28', workType: '一般性' }),
    ],
    thing: [],
  }

  it('counts a month: monthly-rule visits only, incidents due by their 时限, 化解率, complete records, overdue items', () => {
    const got = gridAssessmentFigures(data, DEFAULT_VISIT_RULES, parseReportPeriod('2026-11')!, '2026-12-10')
    expect(got).toEqual({
      // Only the 低保户 is under a monthly rule, and was visited in November; the yearly rule is not due in November.
      visits: { due: 1, met: 1 },
      // Done (2) or past 时限 by 11-30 (the one due 11-25); one done by its 时限.
      onTime: { due: 3, onTime: 1 },
      disputes: { received: 2, resolved: 1 },
      // As the ledger holds them now: the poor household lacks 村民小组 and phone, 丙 lacks most fields.
      completeness: { records: 4, complete: 2 },
      overdue: { incidents: 1, disputes: 0, hazards: 0 },
    })
  })

  it('counts a year: every monthly window, and the yearly rule in December', () => {
    const got = gridAssessmentFigures(data, DEFAULT_VISIT_RULES, parseReportPeriod('2026')!, '2027-01-10')
    // 低保户 (monthly rule, not the quarterly one): 12 monthly windows, met in Apr, Oct and Nov, and
    // the yearly window (3 visits ≥ 2); the ordinary household: the yearly window, one visit of two.
    expect(got.visits).toEqual({ due: 12 + 1 + 1, met: 3 + 1 + 0 })
  })

  it('has nothing due while no rule window has ended yet', () => {
    expect(visitObligations([{ householdId: 'h', flags: ['低保户'], visitDates: [] }], DEFAULT_VISIT_RULES, { start: '2026-12-01' }, '2026-12-15')).toEqual({ due: 0, met: 0 })
    const running = gridAssessmentFigures(data, DEFAULT_VISIT_RULES, parseReportPeriod('2026-12')!, '2026-12-15')
    expect(scoreAssessment(running, null, DEFAULT_SETTINGS).components.find((c) => c.key === 'visits')?.score).toBeNull()
  })

  it('adds up the grids of a worker', () => {
    const a = gridAssessmentFigures(data, DEFAULT_VISIT_RULES, parseReportPeriod('2026-11')!, '2026-12-10')
    expect(sumAssessmentFigures([a, a])).toEqual({
      visits: { due: 2, met: 2 },
      onTime: { due: 6, onTime: 2 },
      disputes: { received: 4, resolved: 2 },
      completeness: { records: 8, complete: 4 },
      overdue: { incidents: 2, disputes: 0, hazards: 0 },
    })
  })
})
