/**
 * 待受理: what has come in and nobody has taken on yet, at the level that must take it on (首问负责,
 * 限时办结: DOMAIN.md §3.1, story 4). Until now such a matter showed only as a count (本月群众反映) or,
 * once its time limit had passed, in 超期未办结 — a resident's report could wait unseen for days.
 *
 * | record | waits at | while |
 * |---|---|---|
 * | 事件 | 网格 | 已上报 (no 受理, no 现场处理 yet), 已退回 (sent back from 村) |
 * | 事件 | 村 | 已上报村级 (escalated or sent back to 村, or reopened by the resident's 不满意) |
 * | 矛盾纠纷 from a resident (群众反映) | 网格 at 驻片调处, 村 at 两委会商 | not yet 受理 (or reopened by 不满意) |
 *
 * Matters at 镇 are the township inbox's (townshipInbox.ts); ones marked 标记为无效信息 wait for no one.
 * Who sees which level is the card's rule (WAITS_FOR): a grid worker takes on what waits at 网格,
 * a village cadre what waits at 村 and, to see that nothing is left lying, at 网格 as well.
 * Oldest first: what has waited longest.
 */
import type { Role } from '../roles.js'
import { text, type LedgerRecord } from './kind.js'
import { disputeStatus, DISPUTE_STAGES } from './workflows/dispute.js'
import { incidentStatus, RESIDENT_CHANNEL, type Departed, type IncidentState } from './workflows/incident.js'

export type WaitLevel = '网格' | '村'
export type Waiting = {
  record: LedgerRecord
  level: WaitLevel
  /** When it came to this level (its latest fact, or when it was made). */
  since: string
  fromResident: boolean
  label: string
  overdue: boolean
}

/** The levels each role takes matters on at; others (supervisor, 联户干部, township) see none here. */
export const WAITS_FOR: Readonly<Partial<Record<Role, readonly WaitLevel[]>>> = {
  grid_worker: ['网格'],
  village_cadre: ['村', '网格'],
}

/** The incident states in which a matter waits for someone to take it on (受理) where it is. */
const INCIDENT_WAITING: readonly IncidentState[] = ['reported', 'escalated', 'reopened', 'sentBack']

export function waitingToAccept(records: { incident: readonly LedgerRecord[]; dispute: readonly LedgerRecord[] }, levels: readonly WaitLevel[], today: string, departed?: Departed): Waiting[] {
  const out: Waiting[] = []
  const since = (record: LedgerRecord) => record.facts.reduce((latest, f) => (f.at > latest ? f.at : latest), record.createdAt)
  for (const record of records.incident) {
    const s = incidentStatus(record, today, departed)
    if (s.done || s.spam || !INCIDENT_WAITING.includes(s.state) || s.level === '镇' || !levels.includes(s.level)) continue
    out.push({ record, level: s.level, since: since(record), fromResident: text(record.values, 'channel') === RESIDENT_CHANNEL, label: s.label, overdue: s.overdue })
  }
  for (const record of records.dispute) {
    if (text(record.values, 'channel') !== RESIDENT_CHANNEL) continue
    const s = disputeStatus(record, today)
    const level: WaitLevel | null = s.stage === DISPUTE_STAGES[0] ? '网格' : s.stage === '两委会商' ? '村' : null
    if (s.outcome !== 'open' || s.spam || s.taken || !level || !levels.includes(level)) continue
    out.push({ record, level, since: since(record), fromResident: true, label: s.label, overdue: s.overdue })
  }
  return out.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0))
}
