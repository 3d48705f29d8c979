/**
 * Evaluation of a linked member by their households (F002 五、(五); DOMAIN.md §4.7): the village
 * enters paper ratings, or a household rates once per period with the one-time code on its
 * 民情联系卡. Ratings are append-only facts in the member's linkage doc; the result is derived by
 * replaying them (workflows/replay.ts) in one total order, so if a household was rated twice in a
 * period — two devices offline, or a code used twice — the first counts and the second is kept
 * and shown as a conflict, never silently counted.
 */
import * as z from 'zod'
import type { Fact } from '../ledger/kind.js'
import { replay, type Rejected } from '../ledger/workflows/replay.js'

export const RATINGS = ['满意', '基本满意', '不满意'] as const
export type Rating = (typeof RATINGS)[number]

/** A period is a half-year, e.g. "2026H1" (assessment runs half-yearly, §4.7). */
export const evaluationPeriodSchema = z.string().regex(/^\d{4}H[12]$/, '考评期格式应为 2026H1')

export const evaluationDataSchema = z.object({
  householdId: z.string().min(1).max(64),
  period: evaluationPeriodSchema,
  rating: z.enum(RATINGS, { message: '请选择满意、基本满意或不满意' }),
  source: z.enum(['paper', 'code']),
})

/** The half-year holding a civil date: "2026-08-03" → "2026H2". */
export function evaluationPeriodOf(date: string): string {
  return `${date.slice(0, 4)}H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`
}

export function evaluationPeriodLabel(period: string): string {
  return `${period.slice(0, 4)}年${period.endsWith('H1') ? '上半年' : '下半年'}`
}

export type EvaluationResult = { period: string; counts: Record<Rating, number>; rated: number; satisfaction: number | null; rejected: Rejected[] }

export function evaluationResult(facts: readonly Fact[], period: string): EvaluationResult {
  const mine = facts.filter((f) => f.action === 'evaluate' && f.data?.period === period)
  const { state, rejected } = replay(mine, new Map<string, Rating>(), (rated, fact) => {
    const parsed = evaluationDataSchema.safeParse(fact.data)
    if (!parsed.success) return { reject: parsed.error.issues[0]?.message ?? '无法识别的评议' }
    if (rated.has(parsed.data.householdId)) return { reject: '这一户本期已经评议过，不能重复评议' }
    return new Map(rated).set(parsed.data.householdId, parsed.data.rating)
  })
  const counts: Record<Rating, number> = { 满意: 0, 基本满意: 0, 不满意: 0 }
  for (const rating of state.values()) counts[rating]++
  const rated = state.size
  // 满意度 as assessments usually count it: 满意 and 基本满意 over all rated.
  return { period, counts, rated, satisfaction: rated === 0 ? null : Math.round(((counts.满意 + counts.基本满意) * 100) / rated), rejected }
}
