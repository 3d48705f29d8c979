/**
 * The village's and the township's view of 联网联户 (issue #17 items 1 and 8): coverage (which
 * households and which 一老一少一困 residents nobody is linked to) and every member's due and
 * overdue duties, derived from the linkage docs' facts (duties.ts), never stored.
 *
 * Privacy (DOMAIN.md §5.3): 一困 rests on 低保/特困/残疾 and is a sensitive category, so it shows
 * only as a count, and a count below 3 as "<3" (COUNT_FLOOR), whoever looks. The township sees
 * counts only; household names stay with the village's cadres, who may open the ledger anyway.
 */
import type { Fact } from '../ledger/kind.js'
import { DEFAULT_FESTIVALS, fourToDues, linkageDuties, type Contact, type LedgerTrigger } from './duties.js'
import { evaluationPeriodOf, evaluationResult } from './evaluation.js'
import type * as Y from 'yjs'
import { aidProgress, listAid, listContacts, listEvaluations, listTriggers, readLinkage, type AidFact, type AidProgress } from './linkageDoc.js'
import { coverage, linkedHouseholdIds, type Assignment, type CoverageHousehold, type CoverageResident, type Linkage, type OneOldOneYoungOneHard } from './linkage.js'

/** Sensitive counts below this show as "<3". */
export const COUNT_FLOOR = 3

export function sensitiveCount(n: number): string {
  return n > 0 && n < COUNT_FLOOR ? `<${COUNT_FLOOR}` : String(n)
}

/** One linkage doc, read out. */
export type MemberRecords = { memberId: string; linkage: Linkage; contacts: readonly Contact[]; triggers: readonly LedgerTrigger[]; aid: readonly AidFact[]; evaluations: readonly Fact[] }

export function memberRecords(doc: Y.Doc, memberId: string): MemberRecords | null {
  const linkage = readLinkage(doc)
  return linkage ? { memberId, linkage, contacts: listContacts(doc), triggers: listTriggers(doc), aid: listAid(doc), evaluations: listEvaluations(doc) } : null
}

export type MemberDueRow = {
  memberId: string
  memberName: string
  memberType: string
  post: string
  households: number
  centreDone: boolean
  centreOverdueMonths: number
  roundVisited: number
  roundTotal: number
  roundOverdueQuarters: number
  fourToDue: number
  fourToOverdue: number
  aid: AidProgress
  /** This half-year's 满意度 from the households' ratings, null before any rating. */
  satisfaction: number | null
  rated: number
  /** Anything overdue: the lists sort these first. */
  overdue: boolean
}

export function memberDueRow(m: MemberRecords, today: string): MemberDueRow {
  const duties = linkageDuties(m.linkage, m.contacts, today)
  const fourTo = fourToDues(linkedHouseholdIds(m.linkage), m.triggers, DEFAULT_FESTIVALS, m.contacts, m.linkage.since, today)
  const evaluation = evaluationResult(m.evaluations, evaluationPeriodOf(today))
  const fourToOverdue = fourTo.filter((d) => d.status === 'overdue').length
  return {
    memberId: m.memberId,
    memberName: m.linkage.memberName,
    memberType: m.linkage.memberType,
    post: m.linkage.post,
    households: linkedHouseholdIds(m.linkage).length,
    centreDone: duties.centre.status === 'done',
    centreOverdueMonths: duties.centreOverdue.length,
    roundVisited: duties.round.visited.length,
    roundTotal: m.linkage.radiatingHouseholdIds.length,
    roundOverdueQuarters: duties.roundOverdue.length,
    fourToDue: fourTo.filter((d) => d.status === 'due').length,
    fourToOverdue,
    aid: aidProgress(m.aid, m.linkage.rank, today.slice(0, 4)),
    satisfaction: evaluation.satisfaction,
    rated: evaluation.rated,
    overdue: duties.centreOverdue.length + duties.roundOverdue.length + fourToOverdue > 0,
  }
}

export type VillageOverview = {
  households: number
  linkedHouseholds: number
  unlinkedHouseholdIds: string[]
  /** Unlinked 一老一少一困 residents per category (一困 only ever as a count). */
  unlinkedPeople: Record<OneOldOneYoungOneHard, number>
  /** Unlinked 一老 and 一少 residents by id, for the village's own list (not 一困). */
  unlinkedNamed: { residentId: string; householdId: string; category: '一老' | '一少' }[]
  members: MemberDueRow[]
  membersOverdue: number
  /** Contacts (民情日记) recorded with a date in the current month, all members together. */
  contactsThisMonth: number
}

export function villageOverview(
  households: readonly CoverageHousehold[],
  residents: readonly CoverageResident[],
  members: readonly MemberRecords[],
  assignments: readonly Assignment[],
  today: string,
): VillageOverview {
  const cov = coverage(households, residents, members.map((m) => m.linkage), assignments)
  const unlinkedPeople: Record<OneOldOneYoungOneHard, number> = { 一老: 0, 一少: 0, 一困: 0 }
  const unlinkedNamed: VillageOverview['unlinkedNamed'] = []
  for (const p of cov.unlinkedPeople) {
    unlinkedPeople[p.category]++
    if (p.category !== '一困') unlinkedNamed.push({ residentId: p.residentId, householdId: p.householdId, category: p.category })
  }
  const rows = members.map((m) => memberDueRow(m, today)).sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.memberName.localeCompare(b.memberName, 'zh-CN'))
  return {
    households: cov.households,
    linkedHouseholds: cov.linkedHouseholds,
    unlinkedHouseholdIds: cov.unlinkedHouseholdIds,
    unlinkedPeople,
    unlinkedNamed,
    members: rows,
    membersOverdue: rows.filter((r) => r.overdue).length,
    contactsThisMonth: members.reduce((sum, m) => sum + m.contacts.filter((c) => c.date.slice(0, 7) === today.slice(0, 7) && c.date <= today).length, 0),
  }
}

/** What the township sees of one village: counts only, no household or resident. */
export type TownshipVillageRow = {
  villageId: string
  villageName: string
  households: number
  linkedHouseholds: number
  unlinkedPeople: Record<OneOldOneYoungOneHard, string>
  members: number
  membersOverdue: number
  /** Members by name with something overdue (members are public, publicList.ts). */
  overdueMembers: string[]
}

export function townshipVillageRow(villageId: string, villageName: string, o: VillageOverview): TownshipVillageRow {
  return {
    villageId,
    villageName,
    households: o.households,
    linkedHouseholds: o.linkedHouseholds,
    unlinkedPeople: { 一老: sensitiveCount(o.unlinkedPeople.一老), 一少: sensitiveCount(o.unlinkedPeople.一少), 一困: sensitiveCount(o.unlinkedPeople.一困) },
    members: o.members.length,
    membersOverdue: o.membersOverdue,
    overdueMembers: o.members.filter((m) => m.overdue).map((m) => m.memberName),
  }
}

/** Ledger records as coverage needs them (age from the derived column when the ID number gives one). */
export function coverageInputs(
  households: readonly { id: string; values: Record<string, unknown> }[],
  residents: readonly { id: string; values: Record<string, unknown>; age?: number }[],
): { households: CoverageHousehold[]; residents: CoverageResident[] } {
  const flags = (v: unknown) => (Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [])
  return {
    households: households.map((h) => ({ id: h.id, flags: flags(h.values.flags) })),
    residents: residents.map((r) => ({ id: r.id, householdId: typeof r.values.householdId === 'string' ? r.values.householdId : '', flags: flags(r.values.flags), ...(r.age !== undefined ? { age: r.age } : {}) })),
  }
}
