/**
 * Civil dates (YYYY-MM-DD) on the China calendar (DOMAIN.md §4.8) and Beijing time, for every
 * module: deadlines and periods are dates, and "today", "this month" and "this quarter" are read
 * in Asia/Shanghai whatever the device's own zone. A civil date must exist on the calendar
 * (2026-02-31 does not), wherever it is checked: forms, facts read from a doc, API bodies.
 */
import * as z from 'zod'

/**
 * A formatter made on its first use and kept: a time-zone formatter loads ICU's zone and locale
 * data, ~5 MiB of a relay's RSS that only some routes ever need (issue #21).
 */
function lazyFormat(locale: string, options: Intl.DateTimeFormatOptions): (at: Date) => string {
  let format: Intl.DateTimeFormat | null = null
  return (at) => (format ??= new Intl.DateTimeFormat(locale, options)).format(at)
}

const SHANGHAI = lazyFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

export function shanghaiDate(at: Date = new Date()): string {
  return SHANGHAI(at)
}

/** True for a YYYY-MM-DD date that exists (leap years included). */
export function isCivilDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** A civil date in a zod schema, with the message to show when it is not one. */
export function civilDateSchema(message = '请选择日期') {
  return z.string().refine(isCivilDate, message)
}

const SHANGHAI_TIME = lazyFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
const SHANGHAI_MINUTE = lazyFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
const SHANGHAI_CLOCK = lazyFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** An ISO time in Beijing time to the second ("2026/03/02 14:05:09"); an unreadable one as given. */
export function formatShanghaiTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : SHANGHAI_TIME(date)
}

/** An ISO time in Beijing time to the minute, as printed on notices. */
export function formatShanghaiMinute(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : SHANGHAI_MINUTE(date)
}

/** ms since epoch → "14:05" in Beijing time, whatever the device's zone. */
export function formatShanghaiClock(ms: number): string {
  return SHANGHAI_CLOCK(new Date(ms))
}

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year'

export const PERIOD_LABELS: Record<Period, string> = { day: '每天', week: '每周', month: '每月', quarter: '每季度', half: '每半年', year: '每年' }

/** The day of the week of a civil date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1
}

/** The first and last date of the period containing `date`. Weeks start on Monday. */
export function periodBounds(period: Period, date: string): { start: string; end: string } {
  const [year, month] = date.split('-').map(Number) as [number, number, number]
  switch (period) {
    case 'day':
      return { start: date, end: date }
    case 'week': {
      const offset = isoWeekday(date) - 1
      return { start: addDays(date, -offset), end: addDays(date, 6 - offset) }
    }
    case 'month':
      return { start: ymd(year, month, 1), end: ymd(year, month, daysInMonth(year, month)) }
    case 'quarter': {
      const first = Math.floor((month - 1) / 3) * 3 + 1
      return { start: ymd(year, first, 1), end: ymd(year, first + 2, daysInMonth(year, first + 2)) }
    }
    case 'half':
      return month <= 6 ? { start: ymd(year, 1, 1), end: ymd(year, 6, 30) } : { start: ymd(year, 7, 1), end: ymd(year, 12, 31) }
    case 'year':
      return { start: ymd(year, 1, 1), end: ymd(year, 12, 31) }
  }
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** Whole days from one civil date to a later one (2026-03-01 → 2026-03-04 is 3). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function ymd(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
