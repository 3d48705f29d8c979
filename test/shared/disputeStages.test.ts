import { describe, expect, it } from 'vitest'
import type { Fact } from '../../shared/ledger/kind.js'
import { checkStageFacts, disputeStatus, missingStageFacts, STAGE_FACTS_FROM } from '../../shared/ledger/workflows/dispute.js'

const TODAY = '2026-12-20'
let seq = 0
// Facts written by this version: after STAGE_FACTS_FROM.
const fact = (action: string, day: number, data?: Fact['data'], at = `2026-12-${String(day).padStart(2, '0')}T02:00:00Z`): Fact => ({
  id: `s${String(++seq).padStart(4, '0')}`,
  action,
  by: 'u1',
  byName: '王书记',
  at,
  ...(data ? { data } : {}),
})
const status = (facts: Fact[], values: Record<string, unknown> = { severity: '一般' }) => disputeStatus({ values, facts }, TODAY)
const COUNCIL = { responsibleName: '李主任', deadline: '2026-12-30' }
const OPINION = { opinion: '村两委意见：双方分歧大，请镇综治办协调' }
const CENTRE = { caseLeaderName: '镇党委副书记', leadUnit: '镇综治办', coUnits: '镇司法所、派出所' }

describe('dispute stages entered with their facts (F003§3, F001§9)', () => {
  it('refuses each stage without its facts, in Chinese, and keeps the refused fact as a conflict', () => {
    const s = status([
      fact('escalate', 2),
      fact('escalate', 3, { responsibleName: '李主任' }),
      fact('escalate', 4, { responsibleName: '李主任', deadline: '2026-02-31' }),
      fact('escalate', 5, COUNCIL),
      fact('escalate', 6),
      fact('escalate', 7, OPINION),
      fact('escalate', 8, { caseLeaderName: '镇党委副书记' }),
      fact('escalate', 9, { leadUnit: '镇综治办' }),
      fact('escalate', 10, CENTRE),
    ])
    expect(s.rejected.map((r) => r.reason)).toEqual([
      '提交两委会商须明确责任人',
      '提交两委会商须定下化解时限（日期）',
      '提交两委会商须定下化解时限（日期）',
      '书面上报须附村两委书面处理意见',
      '归口办理须明确责任单位（协办单位可选）',
      '归口办理须明确包案领导',
    ])
    expect(s.stage).toBe('归口办理')
    expect(s.stageFacts.两委会商).toMatchObject({ responsibleName: '李主任', deadline: '2026-12-30' })
    expect(s.stageFacts.书面上报?.opinion).toBe(OPINION.opinion)
    expect(s.stageFacts.归口办理).toMatchObject(CENTRE)
    expect(missingStageFacts(s)).toBeNull()
  })

  it('the 两委会商 时限 is the deadline the overdue flag reads', () => {
    const s = disputeStatus({ values: { severity: '一般', deadline: '2027-01-30' }, facts: [fact('escalate', 2, { responsibleName: '李主任', deadline: '2026-12-10' })] }, TODAY)
    expect(s.overdue).toBe(true)
  })

  it('归口办理 may set the 调处时限 (F003§3 「确定包案领导、责任单位、调处时限」): it is the deadline then, until a 交办 sets one', () => {
    const upTo = [fact('escalate', 2, COUNCIL), fact('escalate', 3, OPINION)]
    expect(status([...upTo, fact('escalate', 4, { ...CENTRE, deadline: '12月底' })]).rejected.map((r) => r.reason)).toEqual(['调处时限应为日期'])
    expect(checkStageFacts('归口办理', { ...CENTRE, deadline: '2026-13-01' })).toBe('调处时限应为日期')
    const set = status([...upTo, fact('escalate', 4, { ...CENTRE, deadline: '2026-12-15' })])
    expect([set.stage, set.deadline, set.overdue]).toEqual(['归口办理', '2026-12-15', true])
    // Without one, the 两委会商 时限 still counts.
    expect(status([...upTo, fact('escalate', 4, CENTRE)]).deadline).toBe('2026-12-30')
  })

  it('the 重大 fast path needs the written opinion too; 联合调处 follows 归口办理 and is the last stage', () => {
    const major = { severity: '重大' }
    expect(status([fact('reportTownship', 2)], major).rejected.map((r) => r.reason)).toEqual(['书面上报须附村两委书面处理意见'])
    const s = status([fact('reportTownship', 2, OPINION), fact('escalate', 3, CENTRE), fact('escalate', 4), fact('escalate', 5)], major)
    expect(s.stage).toBe('联合调处')
    expect(s.label).toBe('调处中（联合调处）')
    expect(s.rejected.map((r) => r.reason)).toEqual(['已在联合调处，不能再上报'])
    expect(s.next).not.toContain('escalate')
    expect(s.next).toEqual(expect.arrayContaining(['settle', 'close', 'handOver']))
  })

  it('三调联动: a hand-over names the method and who received the case; the case stays open', () => {
    const s = status([
      fact('handOver', 2, { method: '司法调解' }),
      fact('handOver', 3, { method: '法院调解', receiver: '某法庭' }),
      fact('handOver', 4, { method: '司法调解', receiver: '镇司法所 李所长' }),
      fact('handOver', 5, { method: '人民调解', receiver: '村人民调解委员会' }),
    ])
    expect(s.rejected.map((r) => r.reason)).toEqual(['移交须写明接收人或接收单位', '三调联动移交须选择人民调解、司法调解或行政调解'])
    expect(s.handOvers.map((h) => [h.method, h.receiver])).toEqual([
      ['司法调解', '镇司法所 李所长'],
      ['人民调解', '村人民调解委员会'],
    ])
    expect(s.outcome).toBe('open')
    const closed = status([fact('settle', 2), fact('handOver', 3, { method: '行政调解', receiver: '镇政府' })])
    expect(closed.rejected.map((r) => r.reason)).toEqual(['纠纷已结案，不能移交'])
  })

  it('escalations an older version wrote (before STAGE_FACTS_FROM) still apply, with the stage’s facts marked missing', () => {
    const old = (action: string, day: number) => fact(action, day, undefined, `2026-11-${String(day).padStart(2, '0')}T02:00:00Z`)
    expect(STAGE_FACTS_FROM).toBe('2026-12-01T00:00:00Z')
    const s = status([old('escalate', 2)])
    expect(s).toMatchObject({ stage: '两委会商', rejected: [] })
    expect(missingStageFacts(s)).toBe('提交两委会商须明确责任人')
    expect(missingStageFacts(status([old('escalate', 2), old('escalate', 3)]))).toBe('书面上报须附村两委书面处理意见')
  })

  it('a form checks the same rules before it writes', () => {
    expect(checkStageFacts('两委会商', { responsibleName: ' ', deadline: '2026-12-30' })).toBe('提交两委会商须明确责任人')
    expect(checkStageFacts('两委会商', COUNCIL)).toBeNull()
    expect(checkStageFacts('书面上报', {})).toBe('书面上报须附村两委书面处理意见')
    expect(checkStageFacts('归口办理', CENTRE)).toBeNull()
    expect(checkStageFacts('联合调处', {})).toBeNull()
  })
})
