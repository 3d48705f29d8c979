/**
 * The township inbox (issue #15; F003§3 书面上报乡综治办, §4 突发性事件第一时间报镇综治中心;
 * F004 大事不出镇): everything that has reached the township across all villages — incidents at
 * level 镇, disputes at 书面上报 or 归口办理 — still open, with where each stands.
 *
 * It stores nothing of its own. The township admin may open every village's grid docs, and
 * background sync keeps them on the device, so the inbox is derived there from the ledger
 * records, and its acts (受理, 交办 to a member by user id with a 办理时限, 退回 with a reason)
 * are facts appended to the record's own `_facts` log (workflows/incident.ts, dispute.ts). So it
 * works offline like every doc, the grid worker who reported sees the same facts as a status
 * line on the record (townshipLine), and two devices acting on one item at once keep both
 * facts, the replay deciding which applied and showing the other as a conflict.
 */
import type { LedgerRecord } from './kind.js'
import { dispute as disputeKind } from './kinds/dispute.js'
import { incident as incidentKind } from './kinds/incident.js'
import { DISPUTE_STAGES, disputeStatus, isMajorDispute, type DisputeStatus } from './workflows/dispute.js'
import { incidentRoute, incidentStatus, type IncidentStatus } from './workflows/incident.js'

export type InboxState = 'waiting' | 'accepted' | 'assigned'
export const INBOX_STATE_LABELS: Record<InboxState, string> = { waiting: '待受理', accepted: '已受理', assigned: '已交办' }

export type InboxItem = {
  villageId: string
  villageName: string
  record: LedgerRecord
  kind: 'incident' | 'dispute'
  title: string
  state: InboxState
  /** Where it stands, as the reporter reads it (已上报镇 / 镇已受理 / 已交办给 X). */
  line: string
  assignee: string | null
  assigneeName: string
  /** The deadline its workflow counts ('' if none): see `IncidentStatus.deadline` and `DisputeStatus.deadline`. */
  deadline: string
  overdue: boolean
  /** When it reached the township ('' if not known). */
  arrivedAt: string
  conflicts: number
  /** The act that takes it on: `accept` for an incident, `townAccept` for a dispute. */
  acceptAction: 'accept' | 'townAccept'
  /** A 审批性 matter waiting for the township's decision (批准 / 不予批准 instead of 受理). */
  approval: boolean
  /** What must be dealt with at once: a 突发性 incident or one 须第一时间上报 (F003§4), a 重大 dispute. */
  urgent: '突发' | '重大' | null
}

export type InboxSource = { villageId: string; villageName: string; incidents: readonly LedgerRecord[]; disputes: readonly LedgerRecord[] }

const TOWNSHIP_STAGE = DISPUTE_STAGES.indexOf('书面上报')

/** The reporter's status line for an incident, or null while the township has nothing to do with it. */
export function incidentTownshipLine(s: Pick<IncidentStatus, 'state' | 'level' | 'done' | 'assigneeName' | 'assignee' | 'sentBackReason' | 'decision'>): string | null {
  if (s.state === 'sentBack' && s.sentBackReason !== null) return `已退回：${s.sentBackReason}`
  if (s.level !== '镇' || s.done) return null
  if (s.state === 'reviewing') return '已报镇审批'
  if (s.state === 'approved') return '镇已批准，待办结'
  if (s.state === 'denied') return `镇不予批准：${s.decision?.reason ?? ''}`
  if (s.state === 'escalated' || s.state === 'reopened') return '已上报镇'
  return s.assignee ? `已交办给 ${s.assigneeName || '（未留姓名）'}` : '镇已受理'
}

export function disputeTownshipLine(s: Pick<DisputeStatus, 'outcome' | 'stage' | 'townAccepted' | 'assignee' | 'assigneeName' | 'sentBackReason'>): string | null {
  if (s.outcome !== 'open') return null
  if (s.sentBackReason !== null) return `已退回：${s.sentBackReason}`
  if (DISPUTE_STAGES.indexOf(s.stage) < TOWNSHIP_STAGE) return null
  if (!s.townAccepted) return '已上报镇'
  return s.assignee ? `已交办给 ${s.assigneeName || '（未留姓名）'}` : '镇已受理'
}

/**
 * Every open item at the township: first what is urgent and not yet taken on (突发 or 重大, 待受理;
 * it came up to be dealt with at once, whatever its deadline), longest waiting first; then the rest
 * by deadline (none last), then by arrival.
 */
export function townshipInbox(sources: readonly InboxSource[], today: string): InboxItem[] {
  const items: InboxItem[] = []
  for (const source of sources) {
    const at = { villageId: source.villageId, villageName: source.villageName }
    for (const record of source.incidents) {
      const s = incidentStatus(record, today)
      const line = incidentTownshipLine(s)
      if (s.level !== '镇' || s.done || line === null) continue
      const state: InboxState = s.state === 'escalated' || s.state === 'reopened' || s.state === 'reviewing' ? 'waiting' : s.assignee ? 'assigned' : 'accepted'
      items.push({
        ...at,
        record,
        kind: 'incident',
        title: incidentKind.title(record.values),
        state,
        line,
        assignee: s.assignee,
        assigneeName: s.assigneeName,
        deadline: s.deadline,
        overdue: s.overdue,
        arrivedAt: s.atTownshipSince ?? '',
        conflicts: s.rejected.length,
        acceptAction: 'accept',
        approval: s.state === 'reviewing',
        urgent: incidentRoute(record.values) === 'township' ? '突发' : null,
      })
    }
    for (const record of source.disputes) {
      const s = disputeStatus(record, today)
      const line = disputeTownshipLine(s)
      if (DISPUTE_STAGES.indexOf(s.stage) < TOWNSHIP_STAGE || s.outcome !== 'open' || s.spam || line === null) continue
      items.push({
        ...at,
        record,
        kind: 'dispute',
        title: disputeKind.title(record.values),
        state: !s.townAccepted ? 'waiting' : s.assignee ? 'assigned' : 'accepted',
        line,
        assignee: s.assignee,
        assigneeName: s.assigneeName,
        deadline: s.deadline,
        overdue: s.overdue,
        arrivedAt: s.atTownshipSince ?? '',
        conflicts: s.rejected.length,
        acceptAction: 'townAccept',
        approval: false,
        urgent: isMajorDispute(record.values) ? '重大' : null,
      })
    }
  }
  return items.sort((a, b) => Number(pressing(b)) - Number(pressing(a)) || (pressing(a) ? byArrival(a, b) : byDeadline(a, b)))
}

/** Urgent and not yet taken on: first in the inbox. */
export const pressing = (item: Pick<InboxItem, 'urgent' | 'state'>) => item.urgent !== null && item.state === 'waiting'

function byArrival(a: InboxItem, b: InboxItem): number {
  return a.arrivedAt < b.arrivedAt ? -1 : a.arrivedAt > b.arrivedAt ? 1 : 0
}

function byDeadline(a: InboxItem, b: InboxItem): number {
  if (a.deadline !== b.deadline) return a.deadline === '' ? 1 : b.deadline === '' ? -1 : a.deadline < b.deadline ? -1 : 1
  return byArrival(a, b)
}
