import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { appendFact, createRecord, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { recordStatus } from '../../shared/ledger/status.js'
import { townshipInbox } from '../../shared/ledger/townshipInbox.js'
import { disputeStatus } from '../../shared/ledger/workflows/dispute.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'

const TODAY = '2026-11-23'
let seq = 0
const fact = (action: string, hour: number, by = 'grid', extra: { data?: Fact['data']; note?: string } = {}): Fact => ({
  id: `t${String(++seq).padStart(4, '0')}`,
  action,
  by,
  byName: by,
  at: `2026-11-20T${String(hour).padStart(2, '0')}:00:00Z`,
  ...extra,
})
const record = (kind: 'incident' | 'dispute', id: string, values: Record<string, unknown>, facts: Fact[]): LedgerRecord => ({
  id,
  kind,
  gridId: 'g1',
  values,
  facts,
  createdBy: '张网格',
  createdById: 'grid',
  createdAt: '2026-11-20T00:00:00Z',
})
const inbox = (incidents: LedgerRecord[], disputes: LedgerRecord[] = []) => townshipInbox([{ villageId: 'v1', villageName: '青石村', incidents, disputes }], TODAY)
const assignTo = (assignee: string, assigneeName: string, deadline?: string): Fact['data'] => ({ assignee, assigneeName, ...(deadline ? { deadline } : {}) })

describe('township inbox (#15): what reached the township, and where it stands', () => {
  it('lists a 突发性 incident once reported to 镇, and a dispute once at 书面上报; nothing below the township', () => {
    const items = inbox(
      [
        record('incident', 'i1', { title: '山体滑坡', workType: '突发性' }, [fact('escalate', 1)]),
        record('incident', 'i2', { title: '路灯不亮', workType: '协调性' }, [fact('escalate', 1)]),
        record('incident', 'i3', { title: '突发火情', workType: '突发性' }, []),
      ],
      [
        record('dispute', 'd1', { summary: '宅基地纠纷', severity: '一般' }, [fact('escalate', 1), fact('escalate', 2)]),
        record('dispute', 'd2', { summary: '邻里噪音', severity: '一般' }, [fact('escalate', 1)]),
      ],
    )
    expect(items.map((i) => [i.record.id, i.state, i.line])).toEqual([
      ['i1', 'waiting', '已上报镇'],
      ['d1', 'waiting', '已上报镇'],
    ])
    expect(items[0]).toMatchObject({ villageName: '青石村', title: '山体滑坡', acceptAction: 'accept', arrivedAt: '2026-11-20T01:00:00Z' })
    expect(items[1]).toMatchObject({ acceptAction: 'townAccept' })
  })

  it('puts what is urgent and not yet taken on first (突发 or 须第一时间上报, a 重大 dispute), longest waiting first; then the rest by deadline', () => {
    const items = inbox(
      [
        record('incident', 'late', { title: '路面塌陷', workType: '一般性', mustReport: true }, [fact('escalate', 5)]),
        record('incident', 'soon', { title: '占道经营', workType: '一般性', deadline: '2026-11-24' }, [fact('escalate', 1, 'grid', { data: { to: '镇' } })]),
        record('incident', 'fire', { title: '山火', workType: '突发性', deadline: '2026-12-30' }, [fact('escalate', 3)]),
        record('incident', 'taken', { title: '山体滑坡', workType: '突发性', deadline: '2026-11-30' }, [fact('escalate', 1), fact('accept', 2, 'admin')]),
      ],
      [record('dispute', 'major', { summary: '土地征收补偿', severity: '重大', deadline: '2026-12-31' }, [fact('escalate', 4), fact('escalate', 4)])],
    )
    expect(items.map((i) => [i.record.id, i.urgent, i.state])).toEqual([
      ['fire', '突发', 'waiting'],
      ['major', '重大', 'waiting'],
      ['late', '突发', 'waiting'],
      ['soon', null, 'waiting'],
      ['taken', '突发', 'accepted'],
    ])
  })

  it('受理, 交办 to a member by user id with a 办理时限, and the reporter’s line follows each step', () => {
    const values = { title: '山体滑坡', workType: '突发性', deadline: '2026-12-30' }
    const reported = [fact('escalate', 1)]
    const accepted = [...reported, fact('accept', 2, 'admin')]
    const assigned = [...accepted, fact('assign', 3, 'admin', { data: assignTo('u-wang', '王书记', '2026-11-25') })]
    expect(recordStatus(incident, record('incident', 'i1', values, reported), TODAY)?.townshipLine).toBe('已上报镇')
    expect(inbox([record('incident', 'i1', values, accepted)])[0]).toMatchObject({ state: 'accepted', line: '镇已受理', deadline: '2026-12-30' })
    const item = inbox([record('incident', 'i1', values, assigned)])[0]
    expect(item).toMatchObject({ state: 'assigned', line: '已交办给 王书记', assignee: 'u-wang', deadline: '2026-11-25', overdue: false })
    // The assigned 办理时限 is what the overdue flag reads.
    const late = [...accepted, fact('assign', 3, 'admin', { data: assignTo('u-wang', '王书记', '2026-11-21') })]
    expect(inbox([record('incident', 'i1', values, late)])[0]).toMatchObject({ overdue: true, deadline: '2026-11-21' })
    // Handled and resolved by the assignee, it leaves the inbox; the reporter checks it (谁上报谁核查).
    const resolved = [...assigned, fact('handle', 4, 'u-wang'), fact('resolve', 5, 'u-wang')]
    expect(inbox([record('incident', 'i1', values, resolved)])).toEqual([])
    const checked = incidentStatus(record('incident', 'i1', values, [...resolved, fact('verify', 6, 'u-wang'), fact('verify', 7, 'grid')]), TODAY)
    expect(checked.state).toBe('verified')
    expect(checked.rejected.map((r) => r.reason)).toEqual(['谁上报谁核查：只有上报人可以核查'])
  })

  it('refuses 交办 without a member or with a date that does not exist, and 退回 without a reason, in Chinese', () => {
    const s = incidentStatus(
      record('incident', 'i1', { workType: '突发性' }, [
        fact('escalate', 1),
        fact('accept', 2, 'admin'),
        fact('assign', 3, 'admin', { data: { assigneeName: '王书记' } }),
        fact('assign', 4, 'admin', { data: assignTo('u-wang', '王书记', '2026-02-31') }),
        fact('sendBack', 5, 'admin', { note: '  ' }),
      ]),
      TODAY,
    )
    expect(s.rejected.map((r) => r.reason)).toEqual(['交办须选定承办人', '办理时限应为日期', '退回须写明原因'])
    expect(s).toMatchObject({ state: 'accepted', assignee: null })
  })

  it('退回 sends an incident back to the level it was reported from, with the reason the reporter reads; reported again, it arrives anew', () => {
    const values = { title: '路面塌陷', workType: '一般性' }
    const back = [fact('escalate', 1, 'grid', { data: { to: '镇' } }), fact('sendBack', 2, 'admin', { note: '属村级可办事项' })]
    const s = incidentStatus(record('incident', 'i1', values, back), TODAY)
    expect(s).toMatchObject({ state: 'sentBack', level: '网格', sentBackReason: '属村级可办事项', label: '已退回' })
    expect(recordStatus(incident, record('incident', 'i1', values, back), TODAY)?.townshipLine).toBe('已退回：属村级可办事项')
    expect(s.next).toEqual(expect.arrayContaining(['accept', 'onsite', 'escalate']))
    expect(inbox([record('incident', 'i1', values, back)])).toEqual([])
    const again = [...back, fact('reportTownship', 3)]
    expect(inbox([record('incident', 'i1', values, again)])[0]).toMatchObject({ state: 'waiting', line: '已上报镇' })
    // A 突发性 event sent back still cannot be handled below the township.
    const urgent = incidentStatus(record('incident', 'i2', { workType: '突发性' }, [fact('escalate', 1), fact('sendBack', 2, 'admin', { note: '请补充现场照片' }), fact('accept', 3)]), TODAY)
    expect(urgent.rejected.map((r) => r.reason)).toEqual(['突发性或须第一时间上报的事件须先上报镇综治中心'])
    expect(urgent.next).toEqual(['escalate'])
    // Nothing reported: nothing to send back.
    expect(incidentStatus(record('incident', 'i3', values, [fact('accept', 1), fact('sendBack', 2, 'x', { note: '不对' })]), TODAY).rejected.map((r) => r.reason)).toEqual(['事件未经上报，不能退回'])
  })

  it('a dispute: 镇级受理, 交办, 退回 to 两委会商 (where a village still cannot close it 未调结)', () => {
    const values = { summary: '土地承包纠纷', severity: '重大' }
    const up = [fact('reportTownship', 1)]
    expect(disputeStatus(record('dispute', 'd1', values, up), TODAY).next).toEqual(expect.arrayContaining(['townAccept', 'assign', 'sendBack']))
    const taken = [...up, fact('townAccept', 2, 'admin'), fact('townAccept', 3, 'admin2'), fact('assign', 4, 'admin', { data: assignTo('u-li', '李主任') })]
    const s = disputeStatus(record('dispute', 'd1', values, taken), TODAY)
    expect(s.rejected.map((r) => r.reason)).toEqual(['镇级已受理'])
    expect(inbox([], [record('dispute', 'd1', values, taken)])[0]).toMatchObject({ state: 'assigned', line: '已交办给 李主任', conflicts: 1 })
    const back = [...taken, fact('sendBack', 5, 'admin', { note: '请村两委先会商' }), fact('close', 6, 'cadre')]
    const b = disputeStatus(record('dispute', 'd1', values, back), TODAY)
    expect(b).toMatchObject({ stage: '两委会商', outcome: 'open', label: '镇已退回（两委会商）', assignee: null })
    expect(b.rejected.map((r) => r.reason)).toEqual(['镇级已受理', '村级不能未调结结案，调处不了的须上报镇综治办'])
    expect(recordStatus(dispute, record('dispute', 'd1', values, back), TODAY)?.townshipLine).toBe('已退回：请村两委先会商')
    expect(inbox([], [record('dispute', 'd1', values, back)])).toEqual([])
    // Below the township there is nothing for it to accept or send back.
    const low = disputeStatus(record('dispute', 'd2', values, [fact('townAccept', 1, 'admin'), fact('sendBack', 2, 'admin', { note: 'x' })]), TODAY)
    expect(low.rejected.map((r) => r.reason)).toEqual(['纠纷尚未上报到镇，镇级不能受理', '纠纷不在镇级，不能退回'])
  })

  it('a dispute the township routed (归口办理) is accepted, and its 调处时限 is the inbox deadline', () => {
    const values = { summary: '宅基地纠纷', severity: '重大', deadline: '2026-12-05' }
    const routed = [fact('reportTownship', 1), fact('escalate', 2, 'admin', { data: { caseLeader: 'admin', caseLeaderName: '镇长', leadUnit: '镇综治中心', deadline: '2026-12-20' } })]
    const s = disputeStatus(record('dispute', 'd1', values, routed), TODAY)
    expect(s).toMatchObject({ stage: '归口办理', townAccepted: true, deadline: '2026-12-20' })
    expect(s.next).not.toContain('townAccept')
    expect(inbox([], [record('dispute', 'd1', values, routed)])[0]).toMatchObject({ state: 'accepted', deadline: '2026-12-20' })
    // Sent back and reported again, it waits to be accepted once more.
    const again = [...routed, fact('sendBack', 3, 'admin', { note: '请村两委先会商' }), fact('escalate', 4)]
    expect(inbox([], [record('dispute', 'd1', values, again)])[0]).toMatchObject({ state: 'waiting', deadline: '2026-12-05' })
    // …and it is no longer the 包案领导's case.
    expect(disputeStatus(record('dispute', 'd1', values, again), TODAY).stageFacts.归口办理).toBeUndefined()
  })

  it('sorts what is not urgent by deadline (none last), then by arrival', () => {
    const at = (id: string, hour: number, deadline?: string) => record('incident', id, { workType: '一般性', ...(deadline ? { deadline } : {}) }, [fact('escalate', hour, 'grid', { data: { to: '镇' } })])
    expect(inbox([at('a', 1), at('b', 2, '2026-12-01'), at('c', 3, '2026-11-30'), at('d', 0)]).map((i) => i.record.id)).toEqual(['c', 'b', 'd', 'a'])
  })

  it('two offline devices across the boundary: the township sends back while the village handles; both facts kept, one status, the conflict shown', () => {
    const [township, village] = [new Y.Doc(), new Y.Doc()]
    township.clientID = 1
    village.clientID = 2
    const id = createRecord(village, incident, { title: '河道堵塞', workType: '一般性' }, { id: 'grid', name: '张网格' }, '2026-11-20T00:00:00Z')
    appendFact(village, 'incident', id, { action: 'escalate', by: 'grid', byName: '张网格', at: '2026-11-20T01:00:00Z', data: { to: '镇' } })
    Y.applyUpdate(township, Y.encodeStateAsUpdate(village))
    // Offline on both sides: the township accepts and assigns; the grid worker, meanwhile, reports a
    // second time with no answer yet (rejected: it is already at 镇) — and a cadre sends it back.
    appendFact(township, 'incident', id, { action: 'accept', by: 'admin', byName: '镇管理员', at: '2026-11-20T02:00:00Z' })
    appendFact(township, 'incident', id, { action: 'assign', by: 'admin', byName: '镇管理员', at: '2026-11-20T02:05:00Z', data: assignTo('u-wang', '王书记') })
    appendFact(village, 'incident', id, { action: 'sendBack', by: 'admin2', byName: '镇干部', at: '2026-11-20T02:10:00Z', note: '属村级事项' })
    const [a, b] = [Y.encodeStateAsUpdate(township), Y.encodeStateAsUpdate(village)]
    Y.applyUpdate(township, b)
    Y.applyUpdate(village, a)
    const read = (doc: Y.Doc) => readRecord('incident', 'g1', id, recordsMap(doc, 'incident').get(id))!
    expect(read(township).facts.map((f) => f.action)).toEqual(expect.arrayContaining(['escalate', 'accept', 'assign', 'sendBack']))
    const [s1, s2] = [incidentStatus(read(township), TODAY), incidentStatus(read(village), TODAY)]
    expect(s1).toEqual(s2)
    // 退回 after 受理 applies (from 已受理 back to the grid); the assignment it undoes is kept in the log.
    expect(s1).toMatchObject({ state: 'sentBack', level: '网格', assignee: null, sentBackReason: '属村级事项' })
    // The other order: a 受理 written after a 退回 it had not seen is refused at 网格 for a 突发性 event.
    const urgent = incidentStatus(
      { values: { workType: '突发性' }, createdById: 'grid', facts: [fact('escalate', 1), fact('sendBack', 2, 'admin2', { note: '信息不全' }), fact('accept', 3, 'admin')] },
      TODAY,
    )
    expect(urgent.state).toBe('sentBack')
    expect(urgent.rejected).toMatchObject([{ fact: { action: 'accept' }, reason: '突发性或须第一时间上报的事件须先上报镇综治中心' }])
  })
})
