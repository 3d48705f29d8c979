/**
 * Meetings a township expects per period, and which periods went without one. Cadences from
 * DOMAIN.md §3.4: 村民代表会议 at least quarterly (issue #5), 党员大会 quarterly and 支委会 monthly
 * (三会一课 — "verify locally"), 村矛排例会 weekly (F001§17), 网格工作例会 monthly (F003§5).
 * These are the built-in defaults: the township sets its own and a village may override them
 * (shared/settings/effective.ts); `missingMeetings` takes the cadences in force.
 * Derived from the meeting index on every render; nothing is stored.
 */
import { addDays, PERIOD_LABELS, periodBounds, type Period as CivilPeriod } from '../civilDate.js'
import { MEETING_TYPE_LABELS, type MeetingIndexEntry, type MeetingType } from '../meetingIndex.js'

type Period = Extract<CivilPeriod, 'week' | 'month' | 'quarter' | 'half' | 'year'>

export const DEFAULT_CADENCE: Partial<Record<MeetingType, Period>> = {
  representatives: 'quarter',
  party_members: 'quarter',
  party_branch: 'month',
  dispute_review: 'week',
  grid_work: 'month',
}

/** How many complete past periods are checked (about half a year). */
const LOOKBACK: Record<Period, number> = { week: 8, month: 6, quarter: 2, half: 1, year: 1 }

export type MissingMeeting = { type: MeetingType; period: Period; label: string; from: string; to: string }

/** The [from, to] (inclusive, YYYY-MM-DD) of the period containing `date`, shifted back `back` periods. */
export function periodRange(period: Period, date: string, back = 0): { from: string; to: string } {
  let bounds = periodBounds(period, date)
  for (let i = 0; i < back; i++) bounds = periodBounds(period, addDays(bounds.start, -1))
  return { from: bounds.start, to: bounds.end }
}

/** Complete past periods (the current one is still open) with no meeting of an expected type. */
export function missingMeetings(meetings: readonly MeetingIndexEntry[], today: string, since?: string, cadences: Partial<Record<MeetingType, Period | 'none'>> = DEFAULT_CADENCE): MissingMeeting[] {
  const out: MissingMeeting[] = []
  for (const [type, period] of Object.entries(cadences) as [MeetingType, Period | 'none'][]) {
    if (period === 'none') continue
    const dates = meetings.filter((m) => m.type === type).map((m) => m.date)
    for (let back = LOOKBACK[period]; back >= 1; back--) {
      const { from, to } = periodRange(period, today, back)
      if (since && to < since) continue
      if (!dates.some((d) => d >= from && d <= to)) {
        out.push({ type, period, from, to, label: `${from} 至 ${to} 没有${MEETING_TYPE_LABELS[type]}（要求${PERIOD_LABELS[period]}至少一次）` })
      }
    }
  }
  return out
}

/** An action item is overdue when it is not done and its due date has passed. */
export function isOverdue(action: { due: string; done: string }, today: string): boolean {
  return action.done !== 'yes' && action.due !== '' && action.due < today
}
