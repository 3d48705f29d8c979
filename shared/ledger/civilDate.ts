/**
 * Civil dates (YYYY-MM-DD) on the China calendar (DOMAIN.md §4.8): deadlines and periods are
 * dates, and "today", "this month" and "this quarter" are read in Asia/Shanghai whatever the
 * device's own zone.
 */

const SHANGHAI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

export function shanghaiDate(at: Date = new Date()): string {
  return SHANGHAI.format(at)
}

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year'

export const PERIOD_LABELS: Record<Period, string> = { day: '每天', week: '每周', month: '每月', quarter: '每季度', half: '每半年', year: '每年' }

/** The first and last date of the period containing `date`. Weeks start on Monday. */
export function periodBounds(period: Period, date: string): { start: string; end: string } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  switch (period) {
    case 'day':
      return { start: date, end: date }
    case 'week': {
      const utc = new Date(Date.UTC(year, month - 1, day))
      const offset = (utc.getUTCDay() + 6) % 7
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

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function ymd(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
