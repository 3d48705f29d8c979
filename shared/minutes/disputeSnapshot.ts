/**
 * The dispute list as a 矛排例会 minutes block (DOMAIN.md §3.4 "ledgerSnapshot": disputes split
 * into 已调结 and 未调结, with 包案 and deadline per open one). A snapshot: plain text copied into
 * the body, so the record keeps what the meeting saw even when the ledger moves on.
 */
import type { DisputeSnapshotRow } from '../ledger/disputeSnapshot.js'
import { DISPUTE_OUTCOME_LABELS } from '../ledger/workflows/dispute.js'
import { bulletList, heading, paragraph, type ElementNode } from './body.js'

const settled = (r: DisputeSnapshotRow) => r.status === DISPUTE_OUTCOME_LABELS.settled

export function disputeSnapshotNodes(rows: readonly DisputeSnapshotRow[], date: string): ElementNode[] {
  const line = (r: DisputeSnapshotRow) =>
    [r.summary || '（无摘要）', r.category, r.status, r.caseLeader && `包案领导：${r.caseLeader}`, r.measures && `调处措施：${r.measures}`, r.deadline && `时限：${r.deadline}${r.overdue ? '（已超期）' : ''}`]
      .filter(Boolean)
      .join('｜')
  const closed = rows.filter(settled)
  const open = rows.filter((r) => !settled(r))
  const nodes: ElementNode[] = [heading(`矛盾纠纷清单（${date} 台账快照，共 ${rows.length} 件）`, 4)]
  if (rows.length === 0) return [...nodes, paragraph('台账中暂无矛盾纠纷记录。')]
  nodes.push(paragraph(`未调结 ${open.length} 件：`))
  if (open.length > 0) nodes.push(bulletList(open.map(line)))
  nodes.push(paragraph(`已调结 ${closed.length} 件：`))
  if (closed.length > 0) nodes.push(bulletList(closed.map(line)))
  return nodes
}
