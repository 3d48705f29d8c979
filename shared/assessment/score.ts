/**
 * 五考 scoring, 百分制 (issue #16 item 4; DOMAIN.md §4.7). Each component's score is its weight
 * times a share:
 * - 走访覆盖, 按时办结, 纠纷化解率, 数据完整: weight × part ÷ whole;
 * - 超期扣分: weight − deduction × overdue items, never below 0 (nothing overdue: full weight);
 * - 民主测评: weight × rating ÷ 100.
 * A component with nothing to measure (nothing was due, nothing received, no record, no 民主测评
 * entered) is null: it is 不计分, and the total is 折算 to 100 over the components that were
 * scored: total = Σ scores ÷ Σ their weights × 100 (「该项不参与考核，按实际考核项目折算」). So a
 * worker is neither rewarded nor punished for work that did not arise. With no component
 * scored at all (or only zero-weight ones) the total is null and the worker is not ranked. The
 * 超期 deduction alone is no measure of work (a grid with nothing in it has nothing overdue), so
 * a total also needs at least one other weighted component scored.
 * Rounding: component scores and the total are shown to one decimal, half up; the total is
 * computed from the unrounded scores, so it may differ by 0.1 from the sum of the shown ones.
 */
import type { AssessmentFigures } from './figures.js'
import { ASSESSMENT_COMPONENTS, type AssessmentComponent, type AssessmentSettings } from './weights.js'

export type ComponentScore = {
  key: AssessmentComponent
  weight: number
  /** The share the score is made from (0–1), or null when there was nothing to measure. */
  rate: number | null
  /** weight × rate (or the deduction), rounded to 0.1; null when not scored. */
  score: number | null
}

export type AssessmentScore = { components: ComponentScore[]; total: number | null }

/**
 * Half-up to one decimal, steady against binary fractions: x is first snapped to 1e-6 (scores are
 * ratios of small counts; anything finer is float noise), so 84.95 → 85.0, not 84.9.
 */
export function round1(x: number): number {
  return Math.round(Math.round(x * 1e6) / 1e5) / 10
}

export function scoreAssessment(figures: AssessmentFigures, rating: number | null, settings: AssessmentSettings): AssessmentScore {
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)
  const overdueItems = figures.overdue.incidents + figures.overdue.disputes + figures.overdue.hazards
  const raw: Record<AssessmentComponent, { rate: number | null; points: (weight: number) => number }> = {
    visits: ratio(share(figures.visits.met, figures.visits.due)),
    onTime: ratio(share(figures.onTime.onTime, figures.onTime.due)),
    disputes: ratio(share(figures.disputes.resolved, figures.disputes.received)),
    completeness: ratio(share(figures.completeness.complete, figures.completeness.records)),
    overdue: {
      rate: null,
      points: (weight) => Math.max(0, weight - settings.overdueDeduction * overdueItems),
    },
    rating: ratio(rating === null ? null : rating / 100),
  }
  let scored = 0
  let weights = 0
  let measured = 0
  const components = ASSESSMENT_COMPONENTS.map((key): ComponentScore => {
    const weight = settings.weights[key]
    const { rate, points } = raw[key]
    if (key !== 'overdue' && rate === null) return { key, weight, rate: null, score: null }
    const score = points(weight)
    scored += score
    weights += weight
    if (key !== 'overdue') measured += weight
    return { key, weight, rate: key === 'overdue' ? (weight === 0 ? null : score / weight) : rate, score: round1(score) }
  })
  return { components, total: measured === 0 ? null : round1((scored / weights) * 100) }
}

function ratio(rate: number | null): { rate: number | null; points: (weight: number) => number } {
  return { rate, points: (weight) => weight * (rate ?? 0) }
}

/** Standard competition ranking (1, 1, 3) by total, highest first; a null total ranks after every score. */
export function rankTotals(totals: readonly (number | null)[]): (number | null)[] {
  return totals.map((total) => (total === null ? null : 1 + totals.filter((other) => other !== null && other > total).length))
}
