/**
 * 我的案件 (issue #15 "My cases"): the incidents, disputes and hazards a member carries, sorted
 * by deadline (none last), open ones only, with 积案 and overdue flagged. A member carries an
 * incident they reported (谁上报谁核查: they must check it) or track on site; a dispute where they
 * are 包案领导 or 责任人; a hazard where they are 整改责任人. Incidents are matched by member id;
 * 包案领导, 责任人 and 整改责任人 are still text fields, so those match the member's name until they
 * become member fields. An incident or dispute the township assigned (交办) to a member is theirs as
 * 承办人, matched by user id.
 */
import type { LedgerRecord } from './kind.js'
import { text } from './kind.js'
import { disputeStatus } from './workflows/dispute.js'
import { thingStatus } from './workflows/hazard.js'
import { incidentStatus } from './workflows/incident.js'

export type CaseRole = '上报人' | '现场跟踪' | '承办人' | '包案领导' | '责任人' | '整改责任人'
export type MyCase = { record: LedgerRecord; role: CaseRole; label: string; deadline: string; overdue: boolean; backlog: boolean }

export function myCases(records: { incident: readonly LedgerRecord[]; dispute: readonly LedgerRecord[]; thing: readonly LedgerRecord[] }, member: { id: string; name: string }, today: string): MyCase[] {
  const cases: MyCase[] = []
  for (const record of records.incident) {
    const s = incidentStatus(record, today)
    const role: CaseRole | null = s.assignee === member.id && !s.done ? '承办人' : s.tracker === member.id ? '现场跟踪' : record.createdById === member.id ? '上报人' : null
    if (role && s.state !== 'archived') cases.push({ record, role, label: s.label, deadline: s.assignedDeadline || text(record.values, 'deadline'), overdue: s.overdue, backlog: s.supervised })
  }
  for (const record of records.dispute) {
    const s = disputeStatus(record, today)
    const role: CaseRole | null =
      s.assignee === member.id ? '承办人' : text(record.values, 'caseLeader') === member.name ? '包案领导' : text(record.values, 'responsible') === member.name ? '责任人' : null
    if (role && s.outcome === 'open') cases.push({ record, role, label: s.label, deadline: s.assignedDeadline || text(record.values, 'deadline'), overdue: s.overdue, backlog: record.values.backlog === true })
  }
  for (const record of records.thing) {
    const s = thingStatus(record, today)
    if (s.isHazard && s.state !== 'closed' && text(record.values, 'planResponsible') === member.name)
      cases.push({ record, role: '整改责任人', label: s.label, deadline: text(record.values, 'planDeadline'), overdue: s.overdue, backlog: false })
  }
  return cases.sort((a, b) => (a.deadline === b.deadline ? 0 : a.deadline === '' ? 1 : b.deadline === '' ? -1 : a.deadline < b.deadline ? -1 : 1))
}
