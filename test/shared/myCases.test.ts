import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { myCases, myCasesAcross } from '../../shared/ledger/myCases.js'

const TODAY = '2026-11-23'
let n = 0
const rec = (kind: string, values: Record<string, unknown>, facts: [string, string][] = [], createdById?: string): LedgerRecord => ({
  id: `${kind}${++n}`,
  kind,
  gridId: 'g',
  values,
  createdBy: '',
  ...(createdById ? { createdById } : {}),
  createdAt: '',
  facts: facts.map(([action, by], i): Fact => ({ id: `f${n}-${i}`, action, by, byName: by, at: `2026-11-0${i + 1}T00:00:00Z` })),
})
const me = { id: 'u1', name: '王书记' }

describe('my cases', () => {
  it('lists the open incidents, disputes and hazards a member carries, by deadline, with 积案 and overdue flagged', () => {
    const reported = rec('incident', { title: 'a', deadline: '2026-11-30' }, [], 'u1')
    const tracked = rec('incident', { title: 'b', workType: '突发性', deadline: '2026-11-25' }, [['escalate', 'u1']], 'u2')
    const archived = rec('incident', { title: 'c' }, [['onsite', 'u1'], ['verify', 'u1'], ['feedback', 'u1'], ['archive', 'u1']], 'u1')
    const others = rec('incident', { title: 'd' }, [], 'u2')
    const led = rec('dispute', { caseLeader: '王书记', deadline: '2026-11-20', backlog: true })
    const responsible = rec('dispute', { responsible: '王书记' })
    const settled = rec('dispute', { caseLeader: '王书记' }, [['settle', 'u1']])
    const hazard = rec('thing', { category: '安全隐患', planResponsible: '王书记', planDeadline: '2026-12-01' })
    const cases = myCases({ incident: [reported, tracked, archived, others], dispute: [led, responsible, settled], thing: [hazard] }, me, TODAY)
    expect(cases.map((c) => [c.record.id, c.role, c.deadline, c.overdue, c.backlog])).toEqual([
      [led.id, '包案领导', '2026-11-20', true, true],
      [tracked.id, '现场跟踪', '2026-11-25', false, false],
      [reported.id, '上报人', '2026-11-30', false, false],
      [hazard.id, '整改责任人', '2026-12-01', false, false],
      [responsible.id, '责任人', '', false, false],
    ])
  })

  it('lists what the township assigned (交办) to the member as 承办人, by the assigned 办理时限, until it is done', () => {
    const assign = (kind: string, values: Record<string, unknown>, up: string, deadline: string, more: Fact[] = []): LedgerRecord => ({
      ...rec(kind, values, [], 'u2'),
      facts: [
        { id: `a${++n}-1`, action: up, by: 'u2', byName: 'u2', at: '2026-11-01T00:00:00Z' },
        { id: `a${n}-2`, action: 'assign', by: 'admin', byName: '镇管理员', at: '2026-11-02T00:00:00Z', data: { assignee: 'u1', assigneeName: '王书记', deadline } },
        ...more,
      ],
    })
    const incident = assign('incident', { workType: '突发性', deadline: '2026-12-31' }, 'escalate', '2026-11-22')
    const dispute = assign('dispute', { severity: '重大' }, 'reportTownship', '2026-11-28')
    const done = assign('incident', { workType: '突发性' }, 'escalate', '2026-11-24', [
      { id: 'x1', action: 'accept', by: 'admin', byName: 'a', at: '2026-11-01T12:00:00Z' },
      { id: 'x2', action: 'handle', by: 'u1', byName: 'u1', at: '2026-11-03T00:00:00Z' },
      { id: 'x3', action: 'resolve', by: 'u1', byName: 'u1', at: '2026-11-04T00:00:00Z' },
    ])
    // The incident's assign came before any 受理 (refused: 已上报镇级 is not a state it can be assigned in).
    expect(myCases({ incident: [incident, done], dispute: [dispute], thing: [] }, me, TODAY).map((c) => [c.record.id, c.role, c.deadline, c.overdue])).toEqual([[dispute.id, '承办人', '2026-11-28', false]])
    const accepted: LedgerRecord = { ...incident, facts: [incident.facts[0]!, { id: 'y1', action: 'accept', by: 'admin', byName: 'a', at: '2026-11-01T12:00:00Z' }, incident.facts[1]!] }
    expect(myCases({ incident: [accepted], dispute: [], thing: [] }, me, TODAY).map((c) => [c.role, c.deadline, c.overdue])).toEqual([['承办人', '2026-11-22', true]])
  })

  it('across villages (the township 包案领导): one list by deadline, each with its village and the 责任单位 and 协办单位 归口办理 set', () => {
    const up = (deadline: string, leadUnit: string, coUnits: string, backlog = false): LedgerRecord => ({
      ...rec('dispute', { summary: 's', backlog }),
      facts: [
        { id: `d${++n}-1`, action: 'escalate', by: 'u2', byName: 'u2', at: '2026-10-01T00:00:00Z', data: { responsible: 'u2', responsibleName: '李主任', deadline } },
        { id: `d${n}-2`, action: 'escalate', by: 'u2', byName: 'u2', at: '2026-10-11T00:00:00Z', data: { opinion: '请镇协调' } },
        { id: `d${n}-3`, action: 'escalate', by: 'admin', byName: '镇管理员', at: '2026-10-12T00:00:00Z', data: { caseLeader: 'u1', caseLeaderName: '王书记', leadUnit, ...(coUnits ? { coUnits } : {}) } },
      ],
    })
    const east = up('2026-12-10', '镇综治中心', '镇司法所、派出所')
    const west = up('2026-11-15', '镇国土所', '', true)
    const hazard = rec('thing', { category: '安全隐患', caseLeader: '王书记', planDeadline: '2026-11-30' })
    const notMine = rec('dispute', { caseLeader: '赵镇长', deadline: '2026-11-01' })
    const cases = myCasesAcross(
      [
        { villageId: 'v1', villageName: '东村', incident: [], dispute: [east, notMine], thing: [] },
        { villageId: 'v2', villageName: '西村', incident: [], dispute: [west], thing: [hazard] },
      ],
      me,
      TODAY,
    )
    expect(cases.map((c) => [c.villageName, c.record.id, c.role, c.deadline, c.overdue, c.backlog, c.units])).toEqual([
      ['西村', west.id, '包案领导', '2026-11-15', true, true, { lead: '镇国土所', co: '' }],
      ['西村', hazard.id, '包案领导', '2026-11-30', false, false, { lead: '', co: '' }],
      ['东村', east.id, '包案领导', '2026-12-10', false, false, { lead: '镇综治中心', co: '镇司法所、派出所' }],
    ])
    expect(myCasesAcross([], me, TODAY)).toEqual([])
  })
})
