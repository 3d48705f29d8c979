/**
 * 我的案件 (issue #15 "My cases"): the incidents, disputes and hazards a member carries, sorted
 * by deadline (none last), open ones only, with 积案 and overdue flagged. Matched by user id: a
 * member carries an incident they reported (谁上报谁核查: they must check it), track on site or
 * were assigned (交办, 承办人); a dispute where they are 承办人, 包案领导 or 责任人 (the record's
 * member fields, or the 归口办理 / 两委会商 facts that named them) or 调解员; a hazard where they
 * are 整改责任人 or 包案领导. Records from before members were fields hold only a name: those
 * match the member's name (shared/ledger/members.ts), so nothing they named is lost.
 */
import type { LedgerRecord } from './kind.js'
import { text } from './kind.js'
import { namesMember } from './members.js'
import { disputeStatus } from './workflows/dispute.js'
import { thingStatus } from './workflows/hazard.js'
import { incidentStatus } from './workflows/incident.js'

export type CaseRole = '上报人' | '现场跟踪' | '承办人' | '包案领导' | '责任人' | '调解员' | '整改责任人'
/**
 * `units`: the 责任单位 and 协办单位 a dispute's 归口办理 set (F003§3 「确定包案领导、责任单位、协办单位、
 * 完成时限」), or an incident's 牵头单位 and 协办单位 at its village acceptance; '' where none was set.
 */
export type MyCase = { record: LedgerRecord; role: CaseRole; label: string; deadline: string; overdue: boolean; backlog: boolean; units: { lead: string; co: string } }

const NO_UNITS = { lead: '', co: '' }

export function myCases(records: { incident: readonly LedgerRecord[]; dispute: readonly LedgerRecord[]; thing: readonly LedgerRecord[] }, member: { id: string; name: string }, today: string): MyCase[] {
  const cases: MyCase[] = []
  for (const record of records.incident) {
    const s = incidentStatus(record, today)
    const role: CaseRole | null = s.assignee === member.id && !s.done ? '承办人' : s.tracker === member.id ? '现场跟踪' : record.createdById === member.id ? '上报人' : null
    if (role && s.state !== 'archived') cases.push({ record, role, label: s.label, deadline: s.deadline, overdue: s.overdue, backlog: s.supervised, units: { lead: s.leadUnit, co: s.coUnits } })
  }
  for (const record of records.dispute) {
    const s = disputeStatus(record, today)
    const v = record.values
    const role: CaseRole | null =
      s.assignee === member.id
        ? '承办人'
        : s.stageFacts.归口办理?.caseLeader === member.id || namesMember(v, 'caseLeaderId', 'caseLeader', member)
          ? '包案领导'
          : s.stageFacts.两委会商?.responsible === member.id || namesMember(v, 'responsibleId', 'responsible', member)
            ? '责任人'
            : namesMember(v, 'mediatorId', 'mediator', member)
              ? '调解员'
              : null
    const assigned = s.stageFacts.归口办理
    if (role && s.outcome === 'open') cases.push({ record, role, label: s.label, deadline: s.deadline, overdue: s.overdue, backlog: v.backlog === true, units: assigned ? { lead: assigned.leadUnit, co: assigned.coUnits } : NO_UNITS })
  }
  for (const record of records.thing) {
    const s = thingStatus(record, today)
    if (!s.isHazard || s.state === 'closed') continue
    const role: CaseRole | null = namesMember(record.values, 'planResponsibleId', 'planResponsible', member) ? '整改责任人' : namesMember(record.values, 'caseLeaderId', 'caseLeader', member) ? '包案领导' : null
    if (role) cases.push({ record, role, label: s.label, deadline: text(record.values, 'planDeadline'), overdue: s.overdue, backlog: false, units: NO_UNITS })
  }
  return cases.sort(byDeadline)
}

/** By deadline, none last. */
const byDeadline = (a: { deadline: string }, b: { deadline: string }) => (a.deadline === b.deadline ? 0 : a.deadline === '' ? 1 : b.deadline === '' ? -1 : a.deadline < b.deadline ? -1 : 1)

export type VillageCases = { villageId: string; villageName: string; incident: readonly LedgerRecord[]; dispute: readonly LedgerRecord[]; thing: readonly LedgerRecord[] }
export type VillageCase = MyCase & { villageId: string; villageName: string }

/**
 * 我的案件 across villages (DOMAIN.md story 7, the township 包案领导): every village's cases of the
 * member in one list by deadline, each with its village. A member id is one person in every
 * village; the name fallback for old records is the same as in one village.
 */
export function myCasesAcross(villages: readonly VillageCases[], member: { id: string; name: string }, today: string): VillageCase[] {
  return villages.flatMap((v) => myCases(v, member, today).map((c) => ({ ...c, villageId: v.villageId, villageName: v.villageName }))).sort(byDeadline)
}
