/**
 * The disclosure calendar (村务公开), 《村民委员会组织法》(2018) art. 30: general village affairs
 * are published at least once a quarter; where collective finances are busy, income and spending
 * every month (a village setting: `financeMonthly`), otherwise with the quarter; matters touching
 * villagers' interests at once (随时公布) — here: a passed resolution is due for disclosure by the
 * day after it passed. Dates are civil dates in Asia/Shanghai (shared/civilDate.ts).
 * Derived from the notice log and the decisions every time, never stored.
 */
import { addDays, periodBounds, shanghaiDate } from '../civilDate.js'
import type { NoticeKind } from './kinds.js'

/** Days after the resolution by which a major matter must be disclosed. */
export const MAJOR_MATTER_GRACE_DAYS = 1

export type CalendarInput = {
  today: string
  /** The log; a posting record (张贴记录) is not a disclosure of its own and does not count. */
  notices: ReadonlyArray<{ kind: NoticeKind; publishedAt: string; posting?: unknown }>
  financeMonthly: boolean
  /** Passed resolutions and whether (when) their 决议公开 step was taken. */
  resolutions: ReadonlyArray<{ decisionId: string; title: string; resolvedOn: string; disclosedOn: string | null }>
  /** No period ending before this date is flagged (e.g. when the village started using the app). */
  since?: string
}

export type CalendarItem = {
  key: string
  label: string
  due: string
  done: boolean
  overdue: boolean
  lastPublished: string | null
}

const AFFAIRS: ReadonlySet<NoticeKind> = new Set(['village_affairs', 'decision_resolution', 'decision_result'])
const FINANCE: ReadonlySet<NoticeKind> = new Set(['finance'])

export function disclosureCalendar(input: CalendarInput): CalendarItem[] {
  const dates = (kinds: ReadonlySet<NoticeKind>) => input.notices.filter((n) => n.posting === undefined && kinds.has(n.kind)).map((n) => shanghaiDate(new Date(n.publishedAt)))
  return [
    ...periodic('affairs', '村务公开（每季度至少一次）', 'quarter', dates(AFFAIRS), input),
    ...periodic('finance', input.financeMonthly ? '财务公开（每月一次）' : '财务公开（每季度一次）', input.financeMonthly ? 'month' : 'quarter', dates(FINANCE), input),
    ...input.resolutions.map((r): CalendarItem => {
      const due = addDays(r.resolvedOn, MAJOR_MATTER_GRACE_DAYS)
      return { key: `decision:${r.decisionId}`, label: `决议公开：${r.title}`, due, done: r.disclosedOn !== null, overdue: r.disclosedOn === null && input.today > due, lastPublished: r.disclosedOn }
    }),
  ]
}

/** The current period's item, preceded by the previous period's when that one was missed. */
function periodic(key: string, label: string, period: 'month' | 'quarter', published: string[], input: CalendarInput): CalendarItem[] {
  const current = periodBounds(period, input.today)
  const previous = periodBounds(period, addDays(current.start, -1))
  const within = (b: { start: string; end: string }) => published.filter((d) => d >= b.start && d <= b.end).sort().at(-1) ?? null
  const items: CalendarItem[] = []
  const missed = within(previous) === null && (input.since === undefined || previous.end >= input.since)
  if (missed) items.push({ key: `${key}:${previous.start}`, label: `${label}：${previous.start} 至 ${previous.end}`, due: previous.end, done: false, overdue: true, lastPublished: null })
  const last = within(current)
  items.push({ key: `${key}:${current.start}`, label: `${label}：${current.start} 至 ${current.end}`, due: current.end, done: last !== null, overdue: false, lastPublished: last })
  return items
}
