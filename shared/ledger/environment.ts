/**
 * What a 人居环境检查 (kinds/environment.ts) comes to, derived from its fields and never stored:
 * 合格 when no item failed; otherwise 已整改 once a recheck found it put right, 逾期未整改 past its
 * deadline, 待整改 before it. And the checks of a report period summed up (seed 003: 「對每季度的
 * 巡查情況進行匯總,形成工作季報」), counts only.
 */
import { text, type LedgerRecord } from './kind.js'
import { sumCounts } from './sumCounts.js'

export type EnvironmentStatus = '合格' | '待整改' | '逾期未整改' | '已整改'

export function failedItems(values: Record<string, unknown>): string[] {
  const failed = values.failed
  return Array.isArray(failed) ? failed.filter((item): item is string => typeof item === 'string' && item !== '') : []
}

/**
 * The check's result on `today`. A recheck counts from its day (a recheck dated after `today`, in
 * a report read as of an earlier day, has not happened yet); one with no date counts at once.
 */
export function environmentStatus(values: Record<string, unknown>, today: string): EnvironmentStatus {
  if (failedItems(values).length === 0) return '合格'
  const recheckedOn = text(values, 'recheckedOn')
  if (text(values, 'recheckResult') === '已整改' && (recheckedOn === '' || recheckedOn <= today)) return '已整改'
  const deadline = text(values, 'rectifyBy')
  return deadline !== '' && deadline < today ? '逾期未整改' : '待整改'
}

export type EnvironmentFigures = {
  /** Checks dated in the period (户次). */
  checks: number
  /** Households checked at least once. */
  households: number
  passed: number
  failed: number
  /** Of the failed, put right by the period's end (or today, for a period still running). */
  rectified: number
  /** Of the failed, past their deadline and not put right by then. */
  overdue: number
  /** Households rated a “五美”庭院 in the period. */
  fiveBeauty: number
}

/** One grid's checks dated from `period.start` to the earlier of its end and `asOf`, read as of that day. */
export function environmentFigures(checks: readonly LedgerRecord[], period: { start: string; end: string }, asOf: string): EnvironmentFigures {
  const last = period.end < asOf ? period.end : asOf
  const inPeriod = checks.filter((c) => {
    const day = text(c.values, 'date')
    return day >= period.start && day <= last
  })
  const statuses = inPeriod.map((c) => environmentStatus(c.values, last))
  return {
    checks: inPeriod.length,
    households: new Set(inPeriod.map((c) => text(c.values, 'householdId'))).size,
    passed: statuses.filter((s) => s === '合格').length,
    failed: statuses.filter((s) => s !== '合格').length,
    rectified: statuses.filter((s) => s === '已整改').length,
    overdue: statuses.filter((s) => s === '逾期未整改').length,
    fiveBeauty: new Set(inPeriod.filter((c) => c.values.fiveBeauty === true).map((c) => text(c.values, 'householdId'))).size,
  }
}

export function sumEnvironmentFigures(list: readonly EnvironmentFigures[]): EnvironmentFigures {
  return sumCounts(list, { checks: 0, households: 0, passed: 0, failed: 0, rectified: 0, overdue: 0, fiveBeauty: 0 })
}
