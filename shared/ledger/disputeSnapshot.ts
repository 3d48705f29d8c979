/**
 * The dispute list as a 矛排例会 reads it: every dispute of the given grid ledgers with its
 * derived status, open ones first. The minutes copy these rows into the body as a snapshot,
 * so the record shows what the meeting saw, not what the ledger says later (DOMAIN.md §4.8).
 */
import type * as Y from 'yjs'
import { text } from './kind.js'
import { listRecords } from './ledgerDoc.js'
import { disputeStatus } from './workflows/dispute.js'

export type DisputeSnapshotRow = { summary: string; category: string; status: string; caseLeader: string; deadline: string; overdue: boolean }

export function disputeSnapshotRows(ledgerDocs: readonly Y.Doc[], today: string): DisputeSnapshotRow[] {
  const rows = ledgerDocs.flatMap((doc) =>
    listRecords(doc, 'dispute', '').map((record) => {
      const status = disputeStatus(record, today)
      return {
        open: status.outcome === 'open',
        discoveredAt: text(record.values, 'discoveredAt'),
        row: {
          summary: text(record.values, 'summary'),
          category: text(record.values, 'category'),
          status: status.label,
          caseLeader: text(record.values, 'caseLeader'),
          deadline: text(record.values, 'deadline'),
          overdue: status.overdue,
        },
      }
    }),
  )
  rows.sort((a, b) => Number(b.open) - Number(a.open) || (a.discoveredAt < b.discoveredAt ? 1 : a.discoveredAt > b.discoveredAt ? -1 : 0))
  return rows.map((r) => r.row)
}
