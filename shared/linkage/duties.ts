/**
 * The duties of a linked member (F002 二、2), derived from facts, never stored:
 * - 「每月同“联系中心户”至少联系一次」: one contact with the centre household per calendar month;
 * - 「每季度对辐射户群众至少进行一轮走访」: each radiating household visited once per calendar quarter;
 * - 「四到」: 重病、灾害、特殊节日、思想异常必到 — each trigger from the ledger is a due visit.
 * Months and quarters are civil periods in Asia/Shanghai (shared/civilDate.ts); `today` is a civil
 * date the caller reads with shanghaiDate(). A period that ended without the contact is overdue;
 * only periods after the linkage began (`since`) count.
 */
import { addDays, periodBounds } from '../civilDate.js'
import type { Linkage } from './linkage.js'

/** A contact as the duties need it: a visit record (民情日记) of one household on one date. */
export type Contact = { householdId: string; date: string; trigger?: string }

export type PeriodDuty = { start: string; end: string; status: 'done' | 'due' | 'overdue' }

export type RadiatingRound = PeriodDuty & { visited: string[]; missing: string[] }

export type LinkageDuties = {
  /** This month's centre-household contact. */
  centre: PeriodDuty
  /** Past months (since the linkage began, this year and last) with no centre contact. */
  centreOverdue: PeriodDuty[]
  /** This quarter's round: "3/5 visited". */
  round: RadiatingRound
  /** Past quarters (since the linkage began, this year and last) whose round was not completed. */
  roundOverdue: RadiatingRound[]
}

/** How far back overdue periods are listed: the current and previous calendar year. */
function lookbackStart(today: string, since: string): string {
  const start = `${Number(today.slice(0, 4)) - 1}-01-01`
  return since > start ? since : start
}

/** The periods (month or quarter) that ended after `from` and before the one holding `today`. */
function pastPeriods(period: 'month' | 'quarter', from: string, today: string): { start: string; end: string }[] {
  const current = periodBounds(period, today)
  const periods: { start: string; end: string }[] = []
  let bounds = periodBounds(period, from)
  while (bounds.start < current.start) {
    periods.push(bounds)
    bounds = periodBounds(period, addDays(bounds.end, 1))
  }
  return periods
}

function inPeriod(contact: Contact, bounds: { start: string; end: string }): boolean {
  return contact.date >= bounds.start && contact.date <= bounds.end
}

function roundOf(radiating: readonly string[], contacts: readonly Contact[], bounds: { start: string; end: string }, past: boolean): RadiatingRound {
  const visitedSet = new Set(contacts.filter((c) => inPeriod(c, bounds)).map((c) => c.householdId))
  const visited = radiating.filter((id) => visitedSet.has(id))
  const missing = radiating.filter((id) => !visitedSet.has(id))
  return { ...bounds, visited, missing, status: missing.length === 0 ? 'done' : past ? 'overdue' : 'due' }
}

export function linkageDuties(linkage: Pick<Linkage, 'centreHouseholdId' | 'radiatingHouseholdIds' | 'since'>, contacts: readonly Contact[], today: string): LinkageDuties {
  const centreContacts = contacts.filter((c) => c.householdId === linkage.centreHouseholdId && c.date <= today)
  const radiatingContacts = contacts.filter((c) => linkage.radiatingHouseholdIds.includes(c.householdId) && c.date <= today)
  const from = lookbackStart(today, linkage.since)
  const month = periodBounds('month', today)
  const quarter = periodBounds('quarter', today)
  return {
    centre: { ...month, status: centreContacts.some((c) => inPeriod(c, month)) ? 'done' : 'due' },
    centreOverdue: pastPeriods('month', from, today)
      .filter((bounds) => !centreContacts.some((c) => inPeriod(c, bounds)))
      .map((bounds) => ({ ...bounds, status: 'overdue' as const })),
    round: roundOf(linkage.radiatingHouseholdIds, radiatingContacts, quarter, false),
    roundOverdue: pastPeriods('quarter', from, today)
      .map((bounds) => roundOf(linkage.radiatingHouseholdIds, radiatingContacts, bounds, true))
      .filter((round) => round.status === 'overdue'),
  }
}

// ——— 四到 ———

export const FOUR_TO_TRIGGERS = ['重病', '灾害', '特殊节日', '思想异常'] as const
export type FourToTrigger = (typeof FOUR_TO_TRIGGERS)[number]

/** Days allowed after the trigger before the visit is overdue (a township may tune these). */
export const FOUR_TO_DAYS: Record<FourToTrigger, number> = { 重病: 7, 灾害: 3, 特殊节日: 0, 思想异常: 7 }
/** A festival visit counts from this many days before the festival. */
export const FESTIVAL_LEAD_DAYS = 7

/** 特殊节日 calendar (lunar festivals as their civil dates); a township may add its own. */
export const DEFAULT_FESTIVALS: readonly { name: string; date: string }[] = [
  { name: '春节', date: '2026-02-17' },
  { name: '端午节', date: '2026-06-19' },
  { name: '中秋节', date: '2026-09-25' },
  { name: '重阳节', date: '2026-10-18' },
  { name: '春节', date: '2027-02-06' },
  { name: '端午节', date: '2027-06-09' },
  { name: '中秋节', date: '2027-09-15' },
  { name: '重阳节', date: '2027-10-08' },
]

/**
 * Ledger facts that trigger a 四到 visit, already read out of the grid docs:
 * - illness: a 关爱帮扶 record of category 重病 enrolled on `date` for a member of the household;
 * - disaster: an incident of category 自然灾害 on `date`, naming households or (none named) the whole grid;
 * - incident: any other incident naming the household (思想异常: something is wrong in that home).
 */
export type LedgerTrigger =
  | { kind: 'illness'; householdId: string; date: string; sourceId: string }
  | { kind: 'disaster'; householdIds: readonly string[] | 'all'; date: string; sourceId: string }
  | { kind: 'incident'; householdIds: readonly string[]; date: string; sourceId: string }

export type FourToDue = {
  householdId: string
  trigger: FourToTrigger
  /** What raised it: a ledger record id, or the festival's name. */
  source: string
  since: string
  dueBy: string
  status: 'done' | 'due' | 'overdue'
  visitedOn?: string
}

function dueFor(householdId: string, trigger: FourToTrigger, source: string, since: string, dueBy: string, contacts: readonly Contact[], today: string): FourToDue {
  const visit = contacts
    .filter((c) => c.householdId === householdId && c.date >= since && c.date <= today)
    .map((c) => c.date)
    .sort()[0]
  const status = visit ? 'done' : today > dueBy ? 'overdue' : 'due'
  return { householdId, trigger, source, since, dueBy, status, ...(visit ? { visitedOn: visit } : {}) }
}

/** Every 四到 visit the linked households call for up to `today`, each done, due or overdue. */
export function fourToDues(
  linkedIds: readonly string[],
  triggers: readonly LedgerTrigger[],
  festivals: readonly { name: string; date: string }[],
  contacts: readonly Contact[],
  since: string,
  today: string,
): FourToDue[] {
  const dues: FourToDue[] = []
  const linked = new Set(linkedIds)
  for (const t of triggers) {
    if (t.date < since || t.date > today) continue
    const [trigger, ids]: [FourToTrigger, readonly string[]] =
      t.kind === 'illness' ? ['重病', [t.householdId]] : t.kind === 'disaster' ? ['灾害', t.householdIds === 'all' ? linkedIds : t.householdIds] : ['思想异常', t.householdIds]
    for (const id of ids) if (linked.has(id)) dues.push(dueFor(id, trigger, t.sourceId, t.date, addDays(t.date, FOUR_TO_DAYS[trigger]), contacts, today))
  }
  for (const festival of festivals) {
    const opens = addDays(festival.date, -FESTIVAL_LEAD_DAYS)
    if (festival.date < since || opens > today) continue
    for (const id of linkedIds) dues.push(dueFor(id, '特殊节日', festival.name, opens, addDays(festival.date, FOUR_TO_DAYS.特殊节日), contacts, today))
  }
  return dues.sort((a, b) => (a.since === b.since ? a.householdId.localeCompare(b.householdId) : a.since < b.since ? -1 : 1))
}
