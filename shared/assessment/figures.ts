/**
 * The ledger side of 五考 (issue #16 item 4): for one grid's non-sensitive ledger and one
 * assessment period, the counts each component is scored from. Derived, never stored; read at
 * asOf = min(period end, today) like the report figures (shared/reports/reportFigures.ts, whose
 * rules it reuses for incidents, disputes and hazards):
 * - 走访覆盖: every visit rule's periods that END inside the assessment period (by asOf) are
 *   obligations: each household the rule selects owes `minCount` visits in each such window.
 *   A January monthly assessment therefore asks only for monthly-rule visits; the yearly rule
 *   falls due in December. Rules resting on sensitive categories select nothing here (P3 is
 *   never read), so they are not assessed. due = obligations, met = those fulfilled.
 * - 按时办结: incidents reported in the period that are done, or whose 办结时限 has passed by
 *   asOf (an open one still inside its 时限, or with none, is not yet due); onTime = done by the 时限.
 * - 化解率: disputes received in the period, resolved = 调结 (the report's own figures).
 * - 数据完整: the grid's households and residents as the ledger holds them when computed (a
 *   field edit keeps no date, and records imported at go-live carry the import's date, so there
 *   is no earlier state to read); complete = every field the assessment requires is filled.
 *   A closed period keeps the figure of its 定稿.
 * - 超期: items overdue at asOf: incidents past 时限, 积案, hazards past their 整改时限.
 * Counts only: no name, ID number or phone leaves this function.
 */
import { addDays, periodBounds } from '../civilDate.js'
import { text, type LedgerRecord } from '../ledger/kind.js'
import { visitTargets } from '../ledger/stats.js'
import { selects, type VisitRule, type VisitTarget } from '../ledger/visitRules.js'
import { figureRecords, reportAsOf, type ReportData } from '../reports/reportFigures.js'
import type { ReportPeriod } from '../reports/reportPeriod.js'

export type AssessmentFigures = {
  visits: { due: number; met: number }
  onTime: { due: number; onTime: number }
  disputes: { received: number; resolved: number }
  completeness: { records: number; complete: number }
  overdue: { incidents: number; disputes: number; hazards: number }
}

export const EMPTY_ASSESSMENT_FIGURES: AssessmentFigures = {
  visits: { due: 0, met: 0 },
  onTime: { due: 0, onTime: 0 },
  disputes: { received: 0, resolved: 0 },
  completeness: { records: 0, complete: 0 },
  overdue: { incidents: 0, disputes: 0, hazards: 0 },
}

/** Fields a record must have filled to count as complete (基础信息采集, F003§5). */
export const REQUIRED_FIELDS: Record<'household' | 'resident', readonly string[]> = {
  household: ['householdNo', 'headName', 'address', 'villagerGroup', 'phone'],
  resident: ['name', 'idNumber', 'relation', 'residenceType', 'householdId'],
}

export function gridAssessmentFigures(data: ReportData, rules: readonly VisitRule[], period: Pick<ReportPeriod, 'start' | 'end'>, today: string): AssessmentFigures {
  const asOf = reportAsOf(period, today)
  const report = figureRecords(data, rules, period, today)
  const closed = new Set(report.incidents.closed)
  const deadlines = new Map(data.incident.map((r) => [r.id, text(r.values, 'deadline')]))
  const onTimeDue = report.incidents.reported.filter((id) => {
    const deadline = deadlines.get(id) ?? ''
    return closed.has(id) || (deadline !== '' && deadline < asOf)
  })
  const complete = (kind: 'household' | 'resident') => (r: LedgerRecord) => REQUIRED_FIELDS[kind].every((key) => text(r.values, key).trim() !== '')
  const { household: households, resident: residents } = data
  return {
    // Who had left before the period began is owed no visit in it.
    visits: visitObligations(visitTargets(data, '', period.start), rules, period, asOf),
    onTime: { due: onTimeDue.length, onTime: report.incidents.closedOnTime.length },
    disputes: { received: report.disputes.received.length, resolved: report.disputes.resolved.length },
    completeness: { records: households.length + residents.length, complete: households.filter(complete('household')).length + residents.filter(complete('resident')).length },
    overdue: { incidents: report.incidents.overdue.length, disputes: report.disputes.backlog.length, hazards: report.hazards.overdue.length },
  }
}

/** Obligations of every enabled rule whose windows end inside [period.start, asOf], and how many were met. */
export function visitObligations(targets: readonly VisitTarget[], rules: readonly VisitRule[], period: Pick<ReportPeriod, 'start'>, asOf: string): AssessmentFigures['visits'] {
  let due = 0
  let met = 0
  for (const rule of rules) {
    if (!rule.enabled) continue
    const windows: { start: string; end: string }[] = []
    for (let day = period.start; ; ) {
      const window = periodBounds(rule.period, day)
      if (window.end > asOf) break
      windows.push(window)
      day = addDays(window.end, 1)
    }
    if (windows.length === 0) continue
    for (const target of targets) {
      if (!selects(rule, target)) continue
      for (const window of windows) {
        due += 1
        if (target.visitDates.filter((d) => d >= window.start && d <= window.end).length >= rule.minCount) met += 1
      }
    }
  }
  return { due, met }
}

/** Figures of several grids added up (a worker with more than one grid). */
export function sumAssessmentFigures(list: readonly AssessmentFigures[]): AssessmentFigures {
  const out = structuredClone(EMPTY_ASSESSMENT_FIGURES)
  for (const f of list) {
    for (const group of Object.keys(out) as (keyof AssessmentFigures)[]) {
      const target = out[group] as Record<string, number>
      for (const [key, n] of Object.entries(f[group])) target[key] = (target[key] ?? 0) + n
    }
  }
  return out
}
