/** Household evaluations: paper and code ratings per half-year; a second rating of one household in a period is refused. */
import { describe, expect, it } from 'vitest'
import { evaluationResult } from '../../shared/linkage/evaluation.js'
import type { Fact } from '../../shared/ledger/kind.js'

const rate = (id: string, at: string, householdId: string, rating: string, source = 'paper', period = '2026H1'): Fact => ({ id, action: 'evaluate', by: 'u', byName: '村文书', at, data: { householdId, period, rating, source } })

describe('evaluationResult', () => {
  it('counts one rating per household per period; the second use of a code is a conflict, not a vote', () => {
    const facts = [
      rate('f1', '2026-06-01T08:00:00Z', 'c', '满意'),
      rate('f2', '2026-06-02T08:00:00Z', 'r1', '不满意', 'code'),
      rate('f3', '2026-06-03T08:00:00Z', 'r1', '满意', 'code'), // the same code again
      rate('f4', '2026-06-03T09:00:00Z', 'r2', '基本满意'),
      rate('f5', '2026-07-02T08:00:00Z', 'r1', '满意', 'code', '2026H2'), // next period: allowed
    ]
    const h1 = evaluationResult(facts, '2026H1')
    expect(h1.counts).toEqual({ 满意: 1, 基本满意: 1, 不满意: 1 })
    expect(h1.rated).toBe(3)
    expect(h1.satisfaction).toBe(67)
    expect(h1.rejected.map((r) => [r.fact.id, r.reason])).toEqual([['f3', '这一户本期已经评议过，不能重复评议']])
    expect(evaluationResult(facts, '2026H2').counts.满意).toBe(1)
  })

  it('orders by time whatever order the facts merged in, and rejects a bad rating with a Chinese reason', () => {
    const later = rate('a', '2026-06-05T08:00:00Z', 'c', '不满意')
    const earlier = rate('b', '2026-06-04T08:00:00Z', 'c', '满意')
    expect(evaluationResult([later, earlier], '2026H1').counts).toEqual({ 满意: 1, 基本满意: 0, 不满意: 0 })
    const bad = evaluationResult([rate('x', '2026-06-01T00:00:00Z', 'c', '很好')], '2026H1')
    expect(bad.rated).toBe(0)
    expect(bad.satisfaction).toBeNull()
    expect(bad.rejected[0]?.reason).toBe('请选择满意、基本满意或不满意')
  })
})
