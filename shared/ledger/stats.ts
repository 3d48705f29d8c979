/**
 * Dashboard figures for a grid or a village (DOMAIN.md §4.7 metrics), all derived from records
 * and their facts at `today`: counts, households by category, 化解率, overdue incidents,
 * disputes and hazards, and households due for a visit under the visit rules.
 */
import { periodBounds, shanghaiDate } from '../civilDate.js'
import type { Fact, LedgerRecord } from './kind.js'
import { text } from './kind.js'
import { hasLeft } from './kinds/resident.js'
import { dueVisits, type DueVisit, type VisitRule, type VisitTarget } from './visitRules.js'
import { disputeStatus, resolutionRate } from './workflows/dispute.js'
import { thingStatus } from './workflows/hazard.js'
import { incidentStatus } from './workflows/incident.js'
import { monthlyMatterFigures, type MatterMonth } from '../matters/figures.js'

export type LedgerData = Record<'household' | 'resident' | 'visit' | 'dispute' | 'incident' | 'thing', readonly LedgerRecord[]> & {
  /** Present only for viewers with sensitive access. */
  specialPerson?: readonly LedgerRecord[]
  careRecord?: readonly LedgerRecord[]
}

export type LedgerStats = {
  households: number
  residents: number
  flagCounts: [string, number][]
  visitsThisMonth: number
  due: DueVisit[]
  disputes: { total: number; open: number; settled: number; overdue: number; rate: number | null }
  incidents: { total: number; open: number; overdue: number; supervised: number; conflicts: number }
  hazards: { open: number; overdue: number }
  /** 民呼我应 this month (issue #23): received, closed, satisfaction, median days to 办结. */
  matters: MatterMonth
  special: { counts: [string, number][] } | null
}

export function ledgerStats(data: LedgerData, rules: readonly VisitRule[], today: string): LedgerStats {
  const month = today.slice(0, 7)
  const disputes = data.dispute.map((r) => disputeStatus(r, today))
  const incidents = data.incident.map((r) => incidentStatus(r, today))
  const hazards = data.thing.map((r) => thingStatus(r, today)).filter((s) => s.isHazard)
  return {
    households: data.household.length,
    // A resident who has left (离开日期) stays in the ledger but is not counted as living here.
    residents: data.resident.filter((r) => !hasLeft(r.values, today)).length,
    flagCounts: countTags([...data.household, ...data.resident], 'flags'),
    visitsThisMonth: data.visit.filter((v) => text(v.values, 'date').startsWith(month)).length,
    due: dueVisits(visitTargets(data, today), rules, today),
    disputes: {
      total: disputes.length,
      open: disputes.filter((s) => s.outcome === 'open').length,
      settled: disputes.filter((s) => s.outcome === 'settled').length,
      overdue: disputes.filter((s) => s.overdue).length,
      rate: resolutionRate(disputes),
    },
    incidents: {
      total: incidents.length,
      open: incidents.filter((s) => !s.done).length,
      overdue: incidents.filter((s) => s.overdue).length,
      supervised: incidents.filter((s) => s.supervised).length,
      conflicts: incidents.filter((s) => s.rejected.length > 0).length,
    },
    hazards: { open: hazards.filter((s) => s.state !== 'closed').length, overdue: hazards.filter((s) => s.overdue).length },
    matters: monthlyMatterFigures([...data.incident, ...data.dispute], today, 1)[0]!,
    special: data.specialPerson ? { counts: countTags([...data.specialPerson, ...(data.careRecord ?? [])], 'categories', 'category') } : null,
  }
}

/**
 * Each household with its own and its members' flags, its members' residence types, the dates it
 * was visited and — only when the sensitive records are given (the viewer holds the grant) — its
 * members' special-population and current care categories. A resident who had left the village
 * by `presentOn` (离开日期, a 流动人口 gone) is no one's visit any more: neither a person to visit
 * nor a member whose flags or residence type make the household due.
 */
export function visitTargets(data: Pick<LedgerData, 'household' | 'resident' | 'visit' | 'specialPerson' | 'careRecord'>, today = '', presentOn = today): VisitTarget[] {
  const present = data.resident.filter((r) => !hasLeft(r.values, presentOn))
  const flags = new Map<string, Set<string>>()
  const residenceTypes = new Map<string, Set<string>>()
  const categories = new Map<string, Set<string>>()
  const dates = new Map<string, string[]>()
  const householdOf = new Map<string, string>()
  for (const household of data.household) {
    flags.set(household.id, new Set(tags(household.values.flags)))
    residenceTypes.set(household.id, new Set())
    categories.set(household.id, new Set())
  }
  for (const resident of present) {
    const householdId = text(resident.values, 'householdId')
    householdOf.set(resident.id, householdId)
    const set = flags.get(householdId)
    if (set) for (const flag of tags(resident.values.flags)) set.add(flag)
    const type = text(resident.values, 'residenceType')
    if (type) residenceTypes.get(householdId)?.add(type)
  }
  const personCategories = new Map<string, Set<string>>()
  const addCategories = (record: LedgerRecord, found: string[]) => {
    const residentId = text(record.values, 'residentId')
    const set = categories.get(householdOf.get(residentId) ?? '')
    if (set) for (const category of found) set.add(category)
    const own = personCategories.get(residentId) ?? new Set<string>()
    for (const category of found) own.add(category)
    personCategories.set(residentId, own)
  }
  for (const person of data.specialPerson ?? []) addCategories(person, tags(person.values.categories))
  for (const care of data.careRecord ?? []) {
    const exitedAt = text(care.values, 'exitedAt')
    if (exitedAt === '' || (today !== '' && exitedAt > today)) addCategories(care, [text(care.values, 'category')].filter(Boolean))
  }
  const personDates = new Map<string, string[]>()
  for (const visit of data.visit) {
    const id = text(visit.values, 'householdId')
    const list = dates.get(id) ?? []
    list.push(text(visit.values, 'date'))
    dates.set(id, list)
    const residentId = text(visit.values, 'residentId')
    if (residentId) personDates.set(residentId, [...(personDates.get(residentId) ?? []), text(visit.values, 'date')])
  }
  const sensitive = data.specialPerson !== undefined || data.careRecord !== undefined
  const households: VisitTarget[] = data.household.map((h) => ({
    householdId: h.id,
    flags: [...(flags.get(h.id) ?? [])],
    residenceTypes: [...(residenceTypes.get(h.id) ?? [])],
    ...(sensitive ? { categories: [...(categories.get(h.id) ?? [])] } : {}),
    visitDates: dates.get(h.id) ?? [],
  }))
  // Person-level rules (visitRules.ts) select residents of a known household by their own tags.
  const persons: VisitTarget[] = present
    .filter((r) => flags.has(text(r.values, 'householdId')))
    .map((r) => ({
      householdId: text(r.values, 'householdId'),
      residentId: r.id,
      flags: tags(r.values.flags),
      residenceTypes: [text(r.values, 'residenceType')].filter(Boolean),
      ...(sensitive ? { categories: [...(personCategories.get(r.id) ?? [])] } : {}),
      visitDates: personDates.get(r.id) ?? [],
    }))
  return [...households, ...persons]
}

function countTags(records: readonly LedgerRecord[], ...keys: string[]): [string, number][] {
  const counts = new Map<string, number>()
  for (const record of records)
    for (const key of keys) {
      const value = record.values[key]
      for (const tag of typeof value === 'string' ? [value] : tags(value)) counts.set(tag, (counts.get(tag) ?? 0) + 1)
    }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
}

function tags(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/*
 * Figures for one calendar month, quarter or year (issue #15; seeds 003 and 004 count per month:
 * 「作为当月矛盾纠纷统计数据」, F004 「排查16起…化解率100%」). Periods are civil periods in
 * Asia/Shanghai; each record falls into the period of its own civil date (排查日期, 发现日期), so a
 * record synced late still counts where it belongs (DOMAIN.md §4.8). Status is replayed from the
 * facts made on or before the period's last day (or today, for the running period), so a closed
 * period's figures do not move when later facts arrive.
 *
 * Honest denominators: a rate is null ("—") when nothing is in its denominator, never 0% or 100%;
 * 化解率 = settled ÷ disputes found in the period; 办结率 = done ÷ incidents found in the period;
 * 按时办结率 counts only incidents whose outcome is known (done, or past the deadline while open).
 * Counts of sensitive categories (special populations, care targets) under 3 read "<3".
 */

export const STAT_PERIODS = ['month', 'quarter', 'year'] as const
export type StatPeriod = (typeof STAT_PERIODS)[number]
export const STAT_PERIOD_LABELS: Record<StatPeriod, string> = { month: '本月', quarter: '本季度', year: '本年' }

/** A sensitive count as it may be shown: under 3 reads "<3" (privacy rule, DESIGN.md). */
export type SmallCount = number | '<3'
export const SMALL_COUNT_LIMIT = 3
export function maskSmallCount(count: number): SmallCount {
  return count < SMALL_COUNT_LIMIT ? '<3' : count
}

export type PeriodStats = {
  period: StatPeriod
  start: string
  end: string
  /** The day the figures are read at: the period's last day, or today while it runs. */
  asOf: string
  disputes: { found: number; settled: number; unsettled: number; open: number; rate: number | null; overdue: number }
  incidents: { found: number; done: number; doneRate: number | null; onTime: number; onTimeKnown: number; onTimeRate: number | null; overdue: number }
  hazards: { found: number; closed: number; overdue: number }
  visits: { done: number; due: number }
  special: { counts: [string, SmallCount][] } | null
}

/** The figures for the `period` containing `date`, read as of min(period end, today). */
export function periodStats(data: LedgerData, rules: readonly VisitRule[], period: StatPeriod, date: string, today: string): PeriodStats {
  const { start, end } = periodBounds(period, date)
  const asOf = end < today ? end : today
  const inPeriod = (day: string) => day >= start && day <= end
  const known = (day: string) => day !== '' && day <= asOf
  const asOfRecord = (r: LedgerRecord): LedgerRecord => ({ ...r, facts: r.facts.filter((f) => factDay(f) <= asOf) })

  const disputes = data.dispute.filter((r) => known(text(r.values, 'discoveredAt'))).map((r) => ({ found: text(r.values, 'discoveredAt'), status: disputeStatus(asOfRecord(r), asOf) }))
  const foundDisputes = disputes.filter((d) => inPeriod(d.found)).map((d) => d.status)

  const incidents = data.incident.filter((r) => known(text(r.values, 'occurredAt'))).map((r) => ({ record: r, status: incidentStatus(asOfRecord(r), asOf) }))
  const foundIncidents = incidents.filter((i) => inPeriod(text(i.record.values, 'occurredAt')))
  const withOutcome = foundIncidents.filter((i) => text(i.record.values, 'deadline') !== '' && (i.status.done || i.status.overdue))
  const onTime = withOutcome.filter((i) => i.status.done && i.status.resolvedAt !== null && factDayOf(i.status.resolvedAt) <= text(i.record.values, 'deadline'))

  const hazards = data.thing
    .filter((r) => text(r.values, 'category') === '安全隐患' && known(recordDay(r)))
    .map((r) => ({ found: recordDay(r), status: thingStatus(asOfRecord(r), asOf) }))
  const foundHazards = hazards.filter((h) => inPeriod(h.found))

  const visitsSoFar = { ...data, visit: data.visit.filter((v) => known(text(v.values, 'date'))) }
  return {
    period,
    start,
    end,
    asOf,
    disputes: {
      found: foundDisputes.length,
      settled: foundDisputes.filter((s) => s.outcome === 'settled').length,
      unsettled: foundDisputes.filter((s) => s.outcome === 'unsettled').length,
      open: foundDisputes.filter((s) => s.outcome === 'open').length,
      rate: resolutionRate(foundDisputes),
      overdue: disputes.filter((d) => d.status.overdue).length,
    },
    incidents: {
      found: foundIncidents.length,
      done: foundIncidents.filter((i) => i.status.done).length,
      doneRate: ratio(foundIncidents.filter((i) => i.status.done).length, foundIncidents.length),
      onTime: onTime.length,
      onTimeKnown: withOutcome.length,
      onTimeRate: ratio(onTime.length, withOutcome.length),
      overdue: incidents.filter((i) => i.status.overdue).length,
    },
    hazards: {
      found: foundHazards.length,
      closed: foundHazards.filter((h) => h.status.state === 'closed').length,
      overdue: hazards.filter((h) => h.status.overdue).length,
    },
    visits: {
      done: data.visit.filter((v) => inPeriod(text(v.values, 'date')) && known(text(v.values, 'date'))).length,
      due: dueVisits(visitTargets(visitsSoFar, asOf), rules, asOf).length,
    },
    special: data.specialPerson ? { counts: specialCounts(data.specialPerson, data.careRecord ?? [], asOf) } : null,
  }
}

/** A rate as the dashboard shows it: "87.5%", or "—" when nothing is in the denominator. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole
}

/** Special populations and care targets under management on `asOf`, each category masked. */
function specialCounts(special: readonly LedgerRecord[], care: readonly LedgerRecord[], asOf: string): [string, SmallCount][] {
  const current = [
    ...special.filter((r) => text(r.values, 'since') <= asOf),
    ...care.filter((r) => text(r.values, 'enrolledAt') <= asOf && (text(r.values, 'exitedAt') === '' || text(r.values, 'exitedAt') > asOf)),
  ]
  return countTags(current, 'categories', 'category').map(([category, count]) => [category, maskSmallCount(count)])
}

function factDay(fact: Fact): string {
  return factDayOf(fact.at)
}

export function factDayOf(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : shanghaiDate(at)
}

/** A record without a civil date of its own (a hazard) counts from the day it was entered. */
export function recordDay(record: LedgerRecord): string {
  return factDayOf(record.createdAt)
}

/** How a period is named on the dashboard: 本月 while it runs, else 2026年10月, 2026年第4季度, 2026年. */
export function periodLabel(period: StatPeriod, date: string, today: string): string {
  const { start, end } = periodBounds(period, date)
  if (today >= start && today <= end) return STAT_PERIOD_LABELS[period]
  const [year, month] = [start.slice(0, 4), Number(start.slice(5, 7))]
  switch (period) {
    case 'month':
      return `${year}年${month}月`
    case 'quarter':
      return `${year}年第${(month - 1) / 3 + 1}季度`
    case 'year':
      return `${year}年`
  }
}
