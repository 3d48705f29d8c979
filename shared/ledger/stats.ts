/**
 * Dashboard figures for a grid or a village (DOMAIN.md §4.7 metrics), all derived from records
 * and their facts at `today`: counts, households by category, 化解率, overdue incidents,
 * disputes and hazards, and households due for a visit under the visit rules.
 */
import type { LedgerRecord } from './kind.js'
import { text } from './kind.js'
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
    residents: data.resident.length,
    flagCounts: countTags([...data.household, ...data.resident], 'flags'),
    visitsThisMonth: data.visit.filter((v) => text(v.values, 'date').startsWith(month)).length,
    due: dueVisits(visitTargets(data), rules, today),
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
    matters: monthlyMatterFigures(data.incident, today, 1)[0]!,
    special: data.specialPerson ? { counts: countTags([...data.specialPerson, ...(data.careRecord ?? [])], 'categories', 'category') } : null,
  }
}

/** Each household with its own and its members' flags, its members' residence types and the dates it was visited. */
export function visitTargets(data: Pick<LedgerData, 'household' | 'resident' | 'visit'>): VisitTarget[] {
  const flags = new Map<string, Set<string>>()
  const residenceTypes = new Map<string, Set<string>>()
  const dates = new Map<string, string[]>()
  for (const household of data.household) {
    flags.set(household.id, new Set(tags(household.values.flags)))
    residenceTypes.set(household.id, new Set())
  }
  for (const resident of data.resident) {
    const householdId = text(resident.values, 'householdId')
    const set = flags.get(householdId)
    if (set) for (const flag of tags(resident.values.flags)) set.add(flag)
    const type = text(resident.values, 'residenceType')
    if (type) residenceTypes.get(householdId)?.add(type)
  }
  for (const visit of data.visit) {
    const id = text(visit.values, 'householdId')
    const list = dates.get(id) ?? []
    list.push(text(visit.values, 'date'))
    dates.set(id, list)
  }
  return data.household.map((h) => ({
    householdId: h.id,
    flags: [...(flags.get(h.id) ?? [])],
    residenceTypes: [...(residenceTypes.get(h.id) ?? [])],
    visitDates: dates.get(h.id) ?? [],
  }))
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
