/**
 * The figures of reports upward and of the township dashboard (issue #16), for one grid's
 * records and one report period, each figure together with the ids of the records behind it
 * (so a number can open its list). Derived, never stored: the same rules as the 统计期 card
 * (shared/ledger/stats.ts, issue #15):
 * - a record falls into the period of its own civil date (发现日期, 排查日期, 走访日期; a hazard,
 *   which has none, the day it was entered), so a record synced late counts where it belongs;
 * - status is replayed from the facts made on or before `asOf` = min(period end, today), so a
 *   closed period's figures do not move when later facts arrive;
 * - flow figures count the period's own records: incidents reported / closed / closed on time /
 *   escalated, disputes received / resolved; stock figures are read at `asOf` over every record
 *   known by then: incidents overdue, 积案 (disputes still open past their 调处时限), hazards open
 *   and overdue, households due for a visit;
 * - 化解率 (rate) = resolved ÷ received, null when nothing was received (never 0% or 100%);
 * - a closed incident is on time when it reached 办结 on or before its 办结时限 (one with no
 *   时限 cannot be late); escalated = sent above the grid (网格 → 村 or 镇) by `asOf`;
 * - a resident's matter marked 无效信息 (spam) is not a case and counts nowhere.
 * Counts only: no name, ID number or phone is part of a figure. Sensitive records (P3) are never
 * read here, so visit rules resting on special-population categories are not counted.
 */
import { shanghaiDate } from '../civilDate.js'
import type { LedgerRecord } from '../ledger/kind.js'
import { text } from '../ledger/kind.js'
import type { LedgerData } from '../ledger/stats.js'
import { visitTargets } from '../ledger/stats.js'
import { dueVisits, type VisitRule } from '../ledger/visitRules.js'
import { disputeStatus } from '../ledger/workflows/dispute.js'
import { thingStatus } from '../ledger/workflows/hazard.js'
import { incidentStatus } from '../ledger/workflows/incident.js'
import type { ReportPeriod } from './reportPeriod.js'

export type ReportFigures = {
  incidents: { reported: number; closed: number; closedOnTime: number; overdue: number; escalated: number }
  disputes: { received: number; resolved: number; rate: number | null; backlog: number }
  hazards: { open: number; overdue: number }
  visits: { due: number; done: number }
}

/** The ids behind each count (visits.due: the households due, each once, under its strictest unmet rule). */
export type FigureRecords = {
  incidents: Record<keyof ReportFigures['incidents'], string[]>
  disputes: Record<Exclude<keyof ReportFigures['disputes'], 'rate'>, string[]>
  hazards: Record<keyof ReportFigures['hazards'], string[]>
  visits: Record<keyof ReportFigures['visits'], string[]>
  /** The households due, by the (strictest unmet) rule that makes each due. */
  visitsDueByRule: { ruleId: string; label: string; householdIds: string[] }[]
}

/** The records a report reads: the grid's non-sensitive ledger. */
export type ReportData = Pick<LedgerData, 'household' | 'resident' | 'visit' | 'dispute' | 'incident' | 'thing'>

/** The day figures are read at: the period's last day, or today while it runs. */
export function reportAsOf(period: Pick<ReportPeriod, 'end'>, today: string): string {
  return period.end < today ? period.end : today
}

export function figureRecords(data: ReportData, rules: readonly VisitRule[], period: Pick<ReportPeriod, 'start' | 'end'>, today: string): FigureRecords {
  const asOf = reportAsOf(period, today)
  const inPeriod = (day: string) => day >= period.start && day <= period.end && day <= asOf
  const known = (day: string) => day !== '' && day <= asOf
  const asOfRecord = (r: LedgerRecord): LedgerRecord => ({ ...r, facts: r.facts.filter((f) => dayOf(f.at) <= asOf) })

  const incidents = data.incident
    .filter((r) => known(text(r.values, 'occurredAt')))
    .map((r) => ({ id: r.id, day: text(r.values, 'occurredAt'), deadline: text(r.values, 'deadline'), status: incidentStatus(asOfRecord(r), asOf) }))
    .filter((i) => !i.status.spam)
  const reported = incidents.filter((i) => inPeriod(i.day))
  const closed = reported.filter((i) => i.status.done)
  const onTime = closed.filter((i) => i.deadline === '' || (i.status.resolvedAt !== null && dayOf(i.status.resolvedAt) <= i.deadline))

  const disputes = data.dispute
    .filter((r) => known(text(r.values, 'discoveredAt')))
    .map((r) => ({ id: r.id, day: text(r.values, 'discoveredAt'), status: disputeStatus(asOfRecord(r), asOf) }))
    .filter((d) => !d.status.spam)
  const received = disputes.filter((d) => inPeriod(d.day))

  const hazards = data.thing
    .filter((r) => text(r.values, 'category') === '安全隐患' && known(dayOf(r.createdAt)))
    .map((r) => ({ id: r.id, status: thingStatus(asOfRecord(r), asOf) }))

  const visitsSoFar = { ...data, visit: data.visit.filter((v) => known(text(v.values, 'date'))) }
  const due = dueVisits(visitTargets(visitsSoFar, asOf), rules, asOf)
  const ids = (list: readonly { id: string }[]) => list.map((x) => x.id)
  return {
    incidents: {
      reported: ids(reported),
      closed: ids(closed),
      closedOnTime: ids(onTime),
      overdue: ids(incidents.filter((i) => i.status.overdue)),
      escalated: ids(reported.filter((i) => i.status.level !== '网格')),
    },
    disputes: {
      received: ids(received),
      resolved: ids(received.filter((d) => d.status.outcome === 'settled')),
      backlog: ids(disputes.filter((d) => d.status.overdue)),
    },
    hazards: {
      open: ids(hazards.filter((h) => h.status.state !== 'closed')),
      overdue: ids(hazards.filter((h) => h.status.overdue)),
    },
    visits: {
      due: due.map((d) => d.householdId),
      done: ids(data.visit.filter((v) => inPeriod(text(v.values, 'date')))),
    },
    visitsDueByRule: rules
      .filter((rule) => rule.enabled)
      .map((rule) => ({ ruleId: rule.id, label: rule.label, householdIds: due.filter((d) => d.rule.id === rule.id).map((d) => d.householdId) })),
  }
}

export function countFigures(records: FigureRecords): ReportFigures {
  const { incidents: i, disputes: d, hazards: h, visits: v } = records
  return {
    incidents: { reported: i.reported.length, closed: i.closed.length, closedOnTime: i.closedOnTime.length, overdue: i.overdue.length, escalated: i.escalated.length },
    disputes: { received: d.received.length, resolved: d.resolved.length, rate: rate(d.resolved.length, d.received.length), backlog: d.backlog.length },
    hazards: { open: h.open.length, overdue: h.overdue.length },
    visits: { due: v.due.length, done: v.done.length },
  }
}

export function reportFigures(data: ReportData, rules: readonly VisitRule[], period: Pick<ReportPeriod, 'start' | 'end'>, today: string): ReportFigures {
  return countFigures(figureRecords(data, rules, period, today))
}

export const EMPTY_FIGURES: ReportFigures = {
  incidents: { reported: 0, closed: 0, closedOnTime: 0, overdue: 0, escalated: 0 },
  disputes: { received: 0, resolved: 0, rate: null, backlog: 0 },
  hazards: { open: 0, overdue: 0 },
  visits: { due: 0, done: 0 },
}

/** Figures of several units added up; the rate is recomputed from the sums, never averaged. */
export function sumFigures(list: readonly ReportFigures[]): ReportFigures {
  const add = <T extends Record<string, number | null>>(pick: (f: ReportFigures) => T): T => {
    const out = { ...pick(EMPTY_FIGURES) }
    for (const f of list) for (const [k, n] of Object.entries(pick(f))) if (typeof n === 'number') (out as Record<string, number | null>)[k] = ((out[k] as number | null) ?? 0) + n
    return out
  }
  const disputes = add((f) => ({ received: f.disputes.received, resolved: f.disputes.resolved, backlog: f.disputes.backlog }))
  return {
    incidents: add((f) => f.incidents),
    disputes: { received: disputes.received, resolved: disputes.resolved, rate: rate(disputes.resolved, disputes.received), backlog: disputes.backlog },
    hazards: add((f) => f.hazards),
    visits: add((f) => f.visits),
  }
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole
}

function dayOf(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : shanghaiDate(at)
}
