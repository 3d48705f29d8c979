/**
 * 民呼我应 rules (issue #23): the resident's stage is derived from the incident's facts, 不满意
 * reopens at village level, one rating per 办结, and the board's monthly figures count received,
 * closed and rated matters in their own Asia/Shanghai month, leaving spam out.
 */
import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { monthlyMatterFigures } from '../../shared/matters/figures.js'
import { ledgerStats } from '../../shared/ledger/stats.js'
import { matterFormSchema, matterProgress, normaliseTrackingCode, newTrackingCode } from '../../shared/matters/matter.js'

const TODAY = '2026-12-01'
let n = 0
const fact = (action: string, at: string, extra: Partial<Fact> = {}): Fact => ({ id: `f${++n}`, action, by: 'u', byName: '王', at, ...extra })
const matter = (createdAt: string, facts: Fact[], channel = '群众反映'): LedgerRecord => ({ id: `r${++n}`, kind: 'incident', gridId: 'g', values: { channel }, createdBy: '群众', createdAt, facts })
const CLOSED = (day: string) => ['accept', 'handle', 'resolve', 'verify'].map((a, i) => fact(a, `${day}T0${i + 1}:00:00Z`)).concat(fact('feedback', `${day}T06:00:00Z`, { note: '已处理好' }))
const progressOf = (facts: Fact[]) => matterProgress(incidentStatus({ facts, values: { channel: '群众反映' } }, TODAY))

describe('the resident’s stage', () => {
  it('follows the facts: 已收到 → 已受理 → 处理中 → 已办结 → 已回访', () => {
    expect(progressOf([]).stage).toBe('received')
    expect(progressOf([fact('escalate', '2026-11-01T00:00:00Z')]).stage).toBe('received')
    expect(progressOf([fact('accept', '2026-11-01T00:00:00Z')]).stage).toBe('accepted')
    expect(progressOf(CLOSED('2026-11-02').slice(0, 2)).stage).toBe('handling')
    const closed = progressOf(CLOSED('2026-11-02'))
    expect(closed).toMatchObject({ stage: 'closed', reply: '已处理好', canRate: true })
    expect(progressOf([...CLOSED('2026-11-02'), fact('rate', '2026-11-03T00:00:00Z', { data: { rating: '满意' } })])).toMatchObject({ stage: 'revisited', rating: '满意', canRate: false })
  })

  it('shows no note but the 反馈当事人 one', () => {
    const facts = [fact('accept', '2026-11-01T00:00:00Z', { note: '内部：找老李' }), fact('handle', '2026-11-01T01:00:00Z', { note: '内部：材料费' })]
    expect(progressOf(facts).reply).toBeNull()
  })

  it('不满意 reopens at village level; a second rating of one 办结 is a conflict', () => {
    const unhappy = [...CLOSED('2026-11-02'), fact('rate', '2026-11-03T00:00:00Z', { data: { rating: '不满意' } })]
    const status = incidentStatus({ facts: unhappy, values: { channel: '群众反映' } }, TODAY)
    expect(status).toMatchObject({ state: 'reopened', level: '村', label: '群众不满意，重新办理' })
    expect(status.next).toEqual(expect.arrayContaining(['accept', 'handle', 'escalate']))
    expect(matterProgress(status)).toMatchObject({ stage: 'handling', canRate: false })
    const twice = [...CLOSED('2026-11-02'), fact('rate', '2026-11-03T00:00:00Z', { data: { rating: '满意' } }), fact('rate', '2026-11-03T01:00:00Z', { data: { rating: '不满意' } })]
    const s2 = incidentStatus({ facts: twice, values: {} }, TODAY)
    expect(s2.state).toBe('feedback')
    expect(s2.rejected).toHaveLength(1)
  })

  it('offers 标记为无效信息 only on a resident’s matter, and never offers 群众评价 to a cadre', () => {
    expect(incidentStatus({ facts: [], values: { channel: '群众反映' } }, TODAY).next).toContain('spam')
    expect(incidentStatus({ facts: [], values: { channel: '网格巡查' } }, TODAY).next).not.toContain('spam')
    expect(incidentStatus({ facts: CLOSED('2026-11-02'), values: { channel: '群众反映' } }, TODAY).next).not.toContain('rate')
  })
})

describe('monthly figures', () => {
  it('counts each month in Asia/Shanghai, 不满意 in the rate, and leaves spam and other channels out', () => {
    const records = [
      // Raised 1 Nov 07:00 Beijing time (still 31 Oct in UTC): a November matter.
      matter('2026-10-31T23:00:00Z', [...CLOSED('2026-11-02'), fact('rate', '2026-11-03T00:00:00Z', { data: { rating: '满意' } })]),
      matter('2026-11-05T00:00:00Z', [...CLOSED('2026-11-06'), fact('rate', '2026-11-07T00:00:00Z', { data: { rating: '不满意' } })]),
      matter('2026-11-10T00:00:00Z', [fact('spam', '2026-11-10T01:00:00Z')]),
      matter('2026-11-11T00:00:00Z', CLOSED('2026-11-12'), '网格巡查'),
      matter('2026-12-01T00:00:00Z', []),
    ]
    const [dec, nov, oct] = monthlyMatterFigures(records, TODAY, 3)
    expect(dec).toMatchObject({ month: '2026-12', received: 1, closed: 0, rated: 0, satisfactionRate: null })
    expect(nov).toMatchObject({ month: '2026-11', received: 2, closed: 1, rated: 2, satisfactionRate: 0.5 })
    expect(oct).toMatchObject({ month: '2026-10', received: 0 })
  })
})

describe('the dashboard', () => {
  it('shows this month’s matters beside the other figures', () => {
    const incident = [matter('2026-12-01T00:00:00Z', [...CLOSED('2026-12-01'), fact('rate', '2026-12-01T07:00:00Z', { data: { rating: '基本满意' } })]), matter('2026-12-01T01:00:00Z', [])]
    const stats = ledgerStats({ household: [], resident: [], visit: [], dispute: [], incident, thing: [] }, [], TODAY)
    expect(stats.matters).toMatchObject({ month: '2026-12', received: 2, closed: 1, satisfactionRate: 1 })
  })
})

describe('the form and the code', () => {
  it('refuses a bad phone with the shared message and keeps a blank one blank', () => {
    const base = { category: '治安', description: '晚上有人偷电动车', place: '二组', grid: 'unsure' }
    expect(matterFormSchema.safeParse({ ...base, phone: '12345' }).error?.issues[0]?.message).toContain('联系电话格式不正确')
    expect(matterFormSchema.parse({ ...base, phone: ' ' }).phone).toBe('')
    expect(matterFormSchema.parse({ ...base, phone: '+86 139-1234-5678' }).phone).toBe('13912345678')
    expect(matterFormSchema.safeParse({ ...base, category: '乱写' }).error?.issues[0]?.message).toBe('请选择事项类别')
  })

  it('normalises typed codes and refuses what cannot be one', () => {
    const code = newTrackingCode()
    expect(normaliseTrackingCode(` ${code.slice(0, 5).toLowerCase()} - ${code.slice(5)}`)).toBe(code)
    expect(normaliseTrackingCode('O0I1L-ABCDE')).toBeNull()
    expect(normaliseTrackingCode('ABC')).toBeNull()
  })
})
