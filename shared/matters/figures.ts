/**
 * The board's monthly 民呼我应 figures (issue #23 item 6): per civil month (Asia/Shanghai),
 * matters received, closed (反馈 given), rated and the satisfaction rate (满意 + 基本满意 over
 * rated). Derived from the village's 群众反映 incidents and disputes (a 邻里纠纷 is a dispute);
 * matters a cadre marked 无效 (spam) are left out. Counts only: nothing a resident wrote, no name, no phone, no place.
 */
import { shanghaiDate } from '../civilDate.js'
import type { LedgerRecord } from '../ledger/kind.js'
import { text } from '../ledger/kind.js'
import { RESIDENT_CHANNEL } from '../ledger/workflows/incident.js'
import { matterLoop } from './matter.js'

export type MonthFigures = { month: string; received: number; closed: number; rated: number; satisfied: number; closedWithin: number[] }

export type MatterMonth = { month: string; received: number; closed: number; rated: number; satisfactionRate: number | null; medianDaysToClose: number | null }

const DAY_MS = 86_400_000

function monthOf(iso: string): string | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : shanghaiDate(date).slice(0, 7)
}

/** The last `months` months up to today's, newest first, with every month shown (zeros too). Records of any kind; only residents' matters count. */
export function monthlyMatterFigures(records: readonly LedgerRecord[], today: string, months = 6): MatterMonth[] {
  const rows = new Map<string, MonthFigures>()
  for (const month of lastMonths(today, months)) rows.set(month, { month, received: 0, closed: 0, rated: 0, satisfied: 0, closedWithin: [] })
  for (const record of records) {
    if ((record.kind !== 'incident' && record.kind !== 'dispute') || text(record.values, 'channel') !== RESIDENT_CHANNEL) continue
    const status = matterLoop(record, today)
    if (status.spam) continue
    const received = monthOf(record.createdAt)
    const row = received ? rows.get(received) : undefined
    if (row) row.received++
    const closedAt = status.closedAt
    const closedRow = closedAt ? rows.get(monthOf(closedAt) ?? '') : undefined
    if (closedRow && closedAt) {
      closedRow.closed++
      const days = (new Date(closedAt).getTime() - new Date(record.createdAt).getTime()) / DAY_MS
      if (Number.isFinite(days)) closedRow.closedWithin.push(Math.max(0, days))
    }
    // Every rating counts in its own month, 不满意 ones too (they reopened the matter).
    for (const { rating, at } of status.ratings) {
      const ratedRow = rows.get(monthOf(at) ?? '')
      if (!ratedRow) continue
      ratedRow.rated++
      if (rating !== '不满意') ratedRow.satisfied++
    }
  }
  return [...rows.values()].map((r) => ({
    month: r.month,
    received: r.received,
    closed: r.closed,
    rated: r.rated,
    satisfactionRate: r.rated ? r.satisfied / r.rated : null,
    medianDaysToClose: median(r.closedWithin),
  }))
}

/** The `count` months (YYYY-MM) up to today's, newest first. */
export function lastMonths(today: string, count: number): string[] {
  let year = Number(today.slice(0, 4))
  let month = Number(today.slice(5, 7))
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(`${year}-${String(month).padStart(2, '0')}`)
    month--
    if (month === 0) {
      month = 12
      year--
    }
  }
  return out
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return Math.round(value * 10) / 10
}
