/**
 * What a 人居环境检查 (kinds/environment.ts) comes to, derived from its fields and never stored:
 * 合格 when no item failed; otherwise 已整改 once a recheck, or a later check of the same household
 * that passed, found it put right, 逾期未整改 past its deadline, 待整改 before it. And the checks of
 * a report period summed up (seed 003: 「對每季度的巡查情況進行匯總,形成工作季報」), counts only.
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
 * a report read as of an earlier day, has not happened yet); one with no date counts at once. A
 * later check of the same household that passed (`passedOn`, from passedLaterOn) found it put
 * right too, from that check's day: a grid worker who came back and recorded a new check instead
 * of filling in the recheck has not left the household 逾期未整改.
 */
export function environmentStatus(values: Record<string, unknown>, today: string, passedOn: string | null = null): EnvironmentStatus {
  if (failedItems(values).length === 0) return '合格'
  const recheckedOn = text(values, 'recheckedOn')
  if (text(values, 'recheckResult') === '已整改' && (recheckedOn === '' || recheckedOn <= today)) return '已整改'
  if (passedOn !== null && passedOn <= today) return '已整改'
  const deadline = text(values, 'rectifyBy')
  return deadline !== '' && deadline < today ? '逾期未整改' : '待整改'
}

type Pass = { date: string; createdAt: string }
/** Per list of checks (the ledger index keeps one array per kind until a record changes): each household's passing checks. */
const passesByList = new WeakMap<readonly LedgerRecord[], Map<string, Pass[]>>()

function passesOf(checks: readonly LedgerRecord[]): Map<string, Pass[]> {
  let passes = passesByList.get(checks)
  if (passes) return passes
  passes = new Map()
  for (const c of checks) {
    if (failedItems(c.values).length > 0) continue
    const household = text(c.values, 'householdId')
    const list = passes.get(household) ?? []
    list.push({ date: text(c.values, 'date'), createdAt: c.createdAt })
    passes.set(household, list)
  }
  passesByList.set(checks, passes)
  return passes
}

/** The day of the first check of the same household after `check` (by date, then by entry) that passed; null if none. */
export function passedLaterOn(check: LedgerRecord, checks: readonly LedgerRecord[]): string | null {
  const household = text(check.values, 'householdId')
  if (household === '') return null
  const day = text(check.values, 'date')
  let first: string | null = null
  for (const pass of passesOf(checks).get(household) ?? []) {
    const later = pass.date > day || (pass.date === day && pass.createdAt > check.createdAt)
    if (later && (first === null || pass.date < first)) first = pass.date
  }
  return first
}

/** A check's result on `today`, among `checks` (every check the reader has, so a later one of the same household counts). */
export function checkStatus(check: LedgerRecord, checks: readonly LedgerRecord[], today: string): EnvironmentStatus {
  return environmentStatus(check.values, today, passedLaterOn(check, checks))
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

/** One grid's checks dated from `period.start` to the earlier of its end and `asOf`, read as of that day (`checks`: all of them, so a later check that passed counts). */
export function environmentFigures(checks: readonly LedgerRecord[], period: { start: string; end: string }, asOf: string): EnvironmentFigures {
  const last = period.end < asOf ? period.end : asOf
  const inPeriod = checks.filter((c) => {
    const day = text(c.values, 'date')
    return day >= period.start && day <= last
  })
  const statuses = inPeriod.map((c) => checkStatus(c, checks, last))
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
