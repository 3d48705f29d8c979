/**
 * 轮值户 (seed 000: 「联动小组实行每月每户轮流值班负责制度」), derived from membership facts,
 * never stored as a roster that moves would have to rewrite.
 *
 * Facts: every join, move and departure is one `MembershipFact` (household, group or null,
 * place in the group's order, effective civil date). A household's group on a date is its latest
 * fact up to that date (ties broken by id, so two devices agree after a merge).
 *
 * Rules (Beijing civil dates, civilDate.ts):
 * - a month's members are the group's members on the 1st of the month, or on the day the group
 *   got its first member if that is later; moves during a month count from the next month, so
 *   whose month it is never changes mid-month or in a past month;
 * - the turn walks the group's order (seq, then id): each month goes to the first member after
 *   the previous month's household, wrapping round; a newcomer joins at the end of the order and
 *   gets its turn in this cycle, one who left is skipped, and the walk carries on from where the
 *   leaver stood.
 */
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'

export const membershipFactSchema = z.object({
  id: z.string().min(1).max(64),
  householdId: z.string().min(1).max(64),
  /** null: the household left every group (moved away, 户 closed). */
  groupId: z.string().min(1).max(64).nullable(),
  seq: z.number().int().min(0),
  at: civilDateSchema(),
  by: z.string().max(64),
})
export type MembershipFact = z.infer<typeof membershipFactSchema>

type Member = { householdId: string; seq: number }

/** 'YYYY-MM' of a civil date. */
export function monthOf(date: string): string {
  return date.slice(0, 7)
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Sorted facts per household: the index every question below starts from. */
export class Memberships {
  private readonly byHousehold = new Map<string, MembershipFact[]>()
  private readonly byGroup = new Map<string, Set<string>>()

  constructor(facts: readonly MembershipFact[]) {
    for (const f of [...facts].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      this.byHousehold.set(f.householdId, [...(this.byHousehold.get(f.householdId) ?? []), f])
      if (f.groupId) this.byGroup.set(f.groupId, (this.byGroup.get(f.groupId) ?? new Set()).add(f.householdId))
    }
  }

  /** The household's latest fact on or before `date`. */
  factOn(householdId: string, date: string): MembershipFact | null {
    let found: MembershipFact | null = null
    for (const f of this.byHousehold.get(householdId) ?? []) if (f.at <= date) found = f
    return found
  }

  /** The group's members on `date`, in rotation order. */
  members(groupId: string, date: string): Member[] {
    const out: Member[] = []
    for (const householdId of this.byGroup.get(groupId) ?? []) {
      const f = this.factOn(householdId, date)
      if (f?.groupId === groupId) out.push({ householdId, seq: f.seq })
    }
    return out.sort(byOrder)
  }

  /** The date the group got its first member, or null for a group never used. */
  startDate(groupId: string): string | null {
    let start: string | null = null
    for (const householdId of this.byGroup.get(groupId) ?? []) for (const f of this.byHousehold.get(householdId) ?? []) if (f.groupId === groupId && (start === null || f.at < start)) start = f.at
    return start
  }

  /** The seq a household joining the group now gets: after everyone who ever stood in it. */
  nextSeq(groupId: string): number {
    let max = -1
    for (const householdId of this.byGroup.get(groupId) ?? []) for (const f of this.byHousehold.get(householdId) ?? []) if (f.groupId === groupId) max = Math.max(max, f.seq)
    return max + 1
  }

  /** Which group each household is in on `date`. */
  groupOf(householdId: string, date: string): string | null {
    return this.factOn(householdId, date)?.groupId ?? null
  }
}

function byOrder(a: Member, b: Member): number {
  return a.seq - b.seq || (a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0)
}

export type DutyMonth = { month: string; householdId: string | null }

/** Every month's 轮值户 from the group's first month to `untilMonth` inclusive. */
export function dutyRoster(memberships: Memberships, groupId: string, untilMonth: string): DutyMonth[] {
  const start = memberships.startDate(groupId)
  if (start === null) return []
  const out: DutyMonth[] = []
  let previous: Member | null = null
  for (let month = monthOf(start); month <= untilMonth; month = nextMonth(month)) {
    const first = `${month}-01`
    const members = memberships.members(groupId, first > start ? first : start)
    const turn: Member | null = members.find((m) => previous === null || byOrder(m, previous) > 0) ?? members[0] ?? null
    out.push({ month, householdId: turn?.householdId ?? null })
    if (turn) previous = turn
  }
  return out
}

export type DutyNow = { month: string; current: string | null; next: string | null }

/** This month's 轮值户 and next month's (as the membership stands today). */
export function dutyNow(memberships: Memberships, groupId: string, today: string): DutyNow {
  const month = monthOf(today)
  const roster = dutyRoster(memberships, groupId, nextMonth(month))
  return { month, current: roster.find((r) => r.month === month)?.householdId ?? null, next: roster.find((r) => r.month === nextMonth(month))?.householdId ?? null }
}
