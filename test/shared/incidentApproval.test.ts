/**
 * The 审批性 approval path (issue #15; F003§4 审批性, §5 代办服务): 受理 → 报审 (to the village or
 * the township) → 批准 / 不予批准 with the reason → 办结, replayed from facts like every workflow;
 * two devices deciding at once keep both facts and the later one shows as a conflict.
 */
import { describe, expect, it } from 'vitest'
import type { Fact } from '../../shared/ledger/kind.js'
import { townshipInbox } from '../../shared/ledger/townshipInbox.js'
import { incidentRoute, incidentStatus } from '../../shared/ledger/workflows/incident.js'

const TODAY = '2026-12-01'
let seq = 0
const fact = (action: string, hour: number, by = 'grid', data?: Fact['data'], note?: string): Fact => ({
  id: `a${String(++seq).padStart(4, '0')}`,
  action,
  by,
  byName: by,
  at: `2026-12-01T${String(hour).padStart(2, '0')}:00:00Z`,
  ...(data ? { data } : {}),
  ...(note ? { note } : {}),
})
const APPROVAL = { workType: '审批性', title: '低保申请代办', channel: '网格巡查' }
const status = (facts: Fact[], values: Record<string, unknown> = APPROVAL) => incidentStatus({ values, facts, createdById: 'grid' }, TODAY)

describe('审批性 approval path', () => {
  it('routes 审批性 to approval, offering 报审 after 受理 and never 现场办结 or 处置', () => {
    expect(incidentRoute(APPROVAL)).toBe('approval')
    expect(incidentRoute({ ...APPROVAL, mustReport: true })).toBe('township')
    expect(status([]).next).not.toContain('onsite')
    const accepted = status([fact('accept', 1)])
    expect(accepted.next).toContain('submitApproval')
    expect(accepted.next).not.toContain('handle')
    expect(accepted.next).not.toContain('resolve')
    const s = status([fact('onsite', 1), fact('accept', 2), fact('handle', 3), fact('approve', 4, 'cadre')])
    expect(s.rejected.map((r) => [r.fact.action, r.reason])).toEqual([
      ['onsite', '审批性事项须经审核审批，不能现场办结'],
      ['handle', '审批性事项受理后报村（镇）审核审批'],
      ['approve', '事件已受理，不能审批通过'],
    ])
  })

  it('goes 受理 → 报村审批 → 批准 → 办结 → 核查 → 反馈 → 回访 → 归档', () => {
    const s = status([
      fact('accept', 1),
      fact('submitApproval', 2, 'grid', { to: '村' }),
      fact('approve', 3, 'cadre', undefined, '符合条件'),
      fact('resolve', 4, 'grid', undefined, '已代办完成'),
      fact('verify', 5),
      fact('feedback', 6, 'grid', undefined, '已告知申请人'),
      fact('revisit', 7, 'grid', undefined, '申请人满意'),
      fact('archive', 8),
    ])
    expect(s.rejected).toEqual([])
    expect(s).toMatchObject({ state: 'archived', approvalLevel: '村', level: '村', outcome: '已解决' })
    expect(s.decision).toMatchObject({ approved: true, by: 'cadre', level: '村', reason: '符合条件' })
  })

  it('needs a reason to refuse; a refused application is closed with the refusal explained, or submitted again', () => {
    const noReason = status([fact('accept', 1), fact('submitApproval', 2), fact('deny', 3, 'cadre')])
    expect(noReason.rejected.map((r) => r.reason)).toEqual(['不予批准须写明理由'])
    expect(noReason.state).toBe('reviewing')
    const denied = [fact('accept', 1), fact('submitApproval', 2), fact('deny', 3, 'cadre', undefined, '家庭收入超过低保标准')]
    expect(status(denied)).toMatchObject({ state: 'denied', label: '不予批准', decision: { approved: false, reason: '家庭收入超过低保标准' } })
    expect(status(denied).next).toEqual(expect.arrayContaining(['resolve', 'submitApproval']))
    const closed = status([...denied, fact('resolve', 4)])
    expect(closed).toMatchObject({ state: 'resolved', outcome: '已解释、暂不能解决', explanation: '家庭收入超过低保标准' })
    const again = status([...denied, fact('submitApproval', 4, 'grid', undefined, '补充了收入证明'), fact('approve', 5, 'cadre')])
    expect(again).toMatchObject({ state: 'approved', decision: { approved: true } })
  })

  it('refuses 办结 before a decision and the approval acts on other work types', () => {
    const early = status([fact('accept', 1), fact('submitApproval', 2), fact('resolve', 3)])
    expect(early.rejected.map((r) => r.reason)).toEqual(['事件审核审批中，不能办结'])
    const general = incidentStatus({ values: { workType: '一般性' }, facts: [fact('accept', 1), fact('submitApproval', 2)], createdById: 'grid' }, TODAY)
    expect(general.rejected.map((r) => r.reason)).toEqual(['只有审批性事项走审核审批'])
  })

  it('keeps both decisions two offline devices made on one application; the later one is a conflict', () => {
    const s = status([fact('accept', 1), fact('submitApproval', 2, 'grid', { to: '镇' }), fact('approve', 4, 'town1'), fact('deny', 5, 'town2', undefined, '材料不全')])
    expect(s).toMatchObject({ state: 'approved', decision: { by: 'town1', level: '镇' } })
    expect(s.rejected.map((r) => [r.fact.by, r.reason])).toEqual([['town2', '事件已批准，待办结，不能不予批准']])
  })

  it('puts an application submitted to the township in its inbox as waiting for approval, with the reporter’s line', () => {
    const facts = [fact('accept', 1), fact('submitApproval', 2, 'grid', { to: '镇' })]
    const record = { id: 'i1', kind: 'incident', gridId: 'g', values: APPROVAL, createdBy: '', createdById: 'grid', createdAt: '', facts }
    const [item] = townshipInbox([{ villageId: 'v', villageName: '青石村', incidents: [record], disputes: [] }], TODAY)
    expect(item).toMatchObject({ state: 'waiting', approval: true, line: '已报镇审批' })
    const decided = { ...record, facts: [...facts, fact('deny', 3, 'town', undefined, '不符合条件')] }
    const [after] = townshipInbox([{ villageId: 'v', villageName: '青石村', incidents: [decided], disputes: [] }], TODAY)
    expect(after).toMatchObject({ approval: false, line: '镇不予批准：不符合条件' })
  })
})

describe('审批性 sent back by the township', () => {
  it('returns an application to the level it came from, where it may be submitted again', () => {
    const s = status([fact('accept', 1), fact('submitApproval', 2, 'grid', { to: '镇' }), fact('sendBack', 3, 'town', undefined, '缺少户口簿复印件')])
    expect(s).toMatchObject({ state: 'sentBack', level: '网格', approvalLevel: null, sentBackReason: '缺少户口簿复印件' })
    expect(s.next).toContain('submitApproval')
    expect(s.next).not.toContain('approve')
  })
})
