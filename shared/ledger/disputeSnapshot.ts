/**
 * The dispute list as a 矛排例会 reads it: the disputes of the given grid ledgers that concern the
 * civil week (Asia/Shanghai, Monday first) containing `today` — still open, discovered this week, or
 * closed this week — with their derived status and 调处措施 (mediation notes), open ones first. A dispute closed before the week
 * is left out. The minutes copy these rows into the body as a snapshot,
 * so the record shows what the meeting saw, not what the ledger says later (DOMAIN.md §4.8).
 */
import type * as Y from 'yjs'
import { periodBounds, shanghaiDate } from '../civilDate.js'
import { text } from './kind.js'
import { listRecords } from './ledgerDoc.js'
import { disputeStatus } from './workflows/dispute.js'
import { orderFacts } from './workflows/replay.js'
import type { Fact } from './kind.js'

/** `measures`: the 调处措施 so far — the notes of the latest mediation records (F001 矛排例会: 包案及调处措施). */
export type DisputeSnapshotRow = { summary: string; category: string; status: string; caseLeader: string; deadline: string; overdue: boolean; measures: string }

const MEASURES_SHOWN = 3

export function disputeSnapshotRows(ledgerDocs: readonly Y.Doc[], today: string): DisputeSnapshotRow[] {
  const week = periodBounds('week', today)
  const inWeek = (date: string) => date >= week.start && date <= week.end
  const rows = ledgerDocs.flatMap((doc) =>
    listRecords(doc, 'dispute', '').flatMap((record) => {
      const status = disputeStatus(record, today)
      const discoveredAt = text(record.values, 'discoveredAt')
      const closedOn = status.closedAt ? shanghaiDate(new Date(status.closedAt)) : ''
      if (status.outcome !== 'open' && !inWeek(discoveredAt) && !inWeek(closedOn)) return []
      return {
        open: status.outcome === 'open',
        discoveredAt,
        row: {
          summary: text(record.values, 'summary'),
          category: text(record.values, 'category'),
          status: status.label,
          caseLeader: text(record.values, 'caseLeader'),
          deadline: text(record.values, 'deadline'),
          overdue: status.overdue,
          measures: mediationNotes(record.facts),
        },
      }
    }),
  )
  rows.sort((a, b) => Number(b.open) - Number(a.open) || (a.discoveredAt < b.discoveredAt ? 1 : a.discoveredAt > b.discoveredAt ? -1 : 0))
  return rows.map((r) => r.row)
}

function mediationNotes(facts: readonly Fact[]): string {
  const notes = orderFacts(facts)
    .filter((f) => f.action === 'mediate' && f.note?.trim())
    .map((f) => f.note!.trim())
  return notes.slice(-MEASURES_SHOWN).join('；')
}
