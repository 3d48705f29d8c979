/**
 * Report periods as reports upward name them (issue #16): 月报 `2026-11`, 季报 `2026-Q4`,
 * 半年报 `2026-H2`, 年报 `2026`. Periods are civil periods in Asia/Shanghai (civilDate.ts
 * periodBounds), so 2026-H1 is 2026-01-01 to 2026-06-30 whatever the device's zone.
 * Parsing is strict: a month 13, a fifth quarter or a third half is not a period.
 */
import * as z from 'zod'
import { periodBounds } from '../civilDate.js'

export const REPORT_PERIOD_KINDS = ['month', 'quarter', 'half', 'year'] as const
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number]

export const REPORT_KIND_LABELS: Record<ReportPeriodKind, string> = { month: '月报', quarter: '季报', half: '半年报', year: '年报' }

export type ReportPeriod = { key: string; kind: ReportPeriodKind; start: string; end: string }

export const PERIOD_FORMAT_MESSAGE = '统计期格式不对，应为 2026-11（月）、2026-Q4（季度）、2026-H2（半年）或 2026（年）'

const PATTERN = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/

/** The period a key names, or null when the key is not one. */
export function parseReportPeriod(key: string): ReportPeriod | null {
  const match = PATTERN.exec(key)
  if (!match) return null
  const year = match[1]!
  if (Number(year) < 1900) return null
  const [month, quarter, half] = [match[2], match[3], match[4]]
  if (month !== undefined) {
    if (Number(month) < 1 || Number(month) > 12) return null
    return { key, kind: 'month', ...periodBounds('month', `${year}-${month}-01`) }
  }
  if (quarter !== undefined) return { key, kind: 'quarter', ...periodBounds('quarter', `${year}-${pad((Number(quarter) - 1) * 3 + 1)}-01`) }
  if (half !== undefined) return { key, kind: 'half', ...periodBounds('half', `${year}-${half === '1' ? '01' : '07'}-01`) }
  return { key, kind: 'year', ...periodBounds('year', `${year}-01-01`) }
}

/** The key of the period of `kind` that contains the civil date `date`. */
export function reportPeriodKey(kind: ReportPeriodKind, date: string): string {
  const [year, month] = [date.slice(0, 4), Number(date.slice(5, 7))]
  switch (kind) {
    case 'month':
      return date.slice(0, 7)
    case 'quarter':
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`
    case 'half':
      return `${year}-H${month <= 6 ? 1 : 2}`
    case 'year':
      return year
  }
}

/** How the period reads in a report's title: 2026年11月, 2026年第4季度, 2026年下半年, 2026年. */
export function reportPeriodLabel(period: ReportPeriod): string {
  const [year, month] = [period.start.slice(0, 4), Number(period.start.slice(5, 7))]
  switch (period.kind) {
    case 'month':
      return `${year}年${month}月`
    case 'quarter':
      return `${year}年第${(month - 1) / 3 + 1}季度`
    case 'half':
      return `${year}年${month === 1 ? '上' : '下'}半年`
    case 'year':
      return `${year}年`
  }
}

/** A period key in a query string; a malformed one is a 400 with PERIOD_FORMAT_MESSAGE. */
export const reportPeriodSchema = z.string({ error: '请给出统计期（period），如 2026-11、2026-Q4、2026-H2 或 2026' }).transform((key, ctx) => {
  const period = parseReportPeriod(key)
  if (!period) {
    ctx.addIssue({ code: 'custom', message: PERIOD_FORMAT_MESSAGE })
    return z.NEVER
  }
  return period
})

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
