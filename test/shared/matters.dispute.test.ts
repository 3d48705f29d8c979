/**
 * 民呼我应 for a 邻里纠纷 (issue #23 item 2): the category becomes a dispute in the mediation chain
 * with channel 群众反映 and a 调处时限; the resident's stages follow the dispute's facts; only the
 * 反馈当事人 note reaches them; 不满意 reopens it at 两委会商 (or where the township has it); the
 * board's figures and the dashboard count it like an incident.
 */
import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { ledgerStats } from '../../shared/ledger/stats.js'
import { validateRecord } from '../../shared/ledger/validate.js'
import { disputeStatus } from '../../shared/ledger/workflows/dispute.js'
import { monthlyMatterFigures } from '../../shared/matters/figures.js'
import { disputeMatterProgress, MATTER_CATEGORIES, matterCategory, matterDisputeValues, matterFormSchema, matterIncidentValues, matterKind, matterLoop } from '../../shared/matters/matter.js'

const TODAY = '2026-12-01'
let n = 0
const fact = (action: string, at: string, extra: Partial<Fact> = {}): Fact => ({ id: `f${++n}`, action, by: 'u', byName: '王', at, ...extra })
const RESIDENT = { channel: '群众反映', severity: '一般' }
const statusOf = (facts: Fact[], values: Record<string, unknown> = RESIDENT) => disputeStatus({ facts, values }, TODAY)
const progressOf = (facts: Fact[]) => disputeMatterProgress(statusOf(facts))
const SETTLED = (day: string) => [fact('accept', `${day}T01:00:00Z`), fact('mediate', `${day}T02:00:00Z`, { note: '内部：双方吵得厉害' }), fact('settle', `${day}T03:00:00Z`, { note: '内部：赔了两百元' })]
const FED_BACK = (day: string, reply = '经调解，双方已达成一致。') => [...SETTLED(day), fact('feedback', `${day}T04:00:00Z`, { note: reply })]
const rate = (rating: string, at: string) => fact('rate', at, { data: { rating } })
const form = (category: string, extra: Record<string, string> = {}) =>
  matterFormSchema.parse({ category, description: '隔壁装修天天半夜施工，说了也不听', place: '三组12号旁', grid: 'g', phone: '13912345678', ...extra })

describe('which record a category becomes', () => {
  it('邻里纠纷 is a valid 群众反映 dispute at 驻片调处 with a one-month 调处时限; every other category an incident', () => {
    for (const category of MATTER_CATEGORIES) expect(matterKind(category)).toBe(category === '邻里纠纷' ? 'dispute' : 'incident')
    const values = matterDisputeValues(form('邻里纠纷'), TODAY, false)
    const checked = validateRecord(dispute, values, TODAY)
    expect(checked.ok).toBe(true)
    expect(values).toMatchObject({ channel: '群众反映', category: '邻里纠纷', severity: '一般', discoveredAt: TODAY, deadline: '2026-12-31', location: '三组12号旁', contactPhone: '13912345678' })
    expect(values.description).toBe('隔壁装修天天半夜施工，说了也不听')
    expect(statusOf([], values)).toMatchObject({ stage: '驻片调处', outcome: 'open', overdue: false })
    expect(disputeStatus({ facts: [], values }, '2027-01-01').overdue).toBe(true)
    expect(validateRecord(incident, matterIncidentValues(form('治安'), TODAY, false), TODAY).ok).toBe(true)
    expect(() => matterIncidentValues(form('邻里纠纷'), TODAY, false)).toThrow()
    expect(() => matterDisputeValues(form('治安'), TODAY, false)).toThrow()
  })

  it('a dispute the resident could not place is marked for the village and keeps its category', () => {
    const values = matterDisputeValues(form('邻里纠纷'), TODAY, true)
    expect(String(values.summary)).toMatch(/^【待村分派】【邻里纠纷】/)
    expect(matterCategory({ kind: 'dispute', values })).toBe('邻里纠纷')
  })
})

describe('the resident follows a dispute', () => {
  it('已收到 → 已受理 → 处理中 → 已办结 (only after 反馈当事人) → 已回访', () => {
    expect(progressOf([]).stage).toBe('received')
    expect(progressOf(SETTLED('2026-11-02').slice(0, 1)).stage).toBe('accepted')
    expect(progressOf(SETTLED('2026-11-02').slice(0, 2)).stage).toBe('handling')
    // Escalated without a mediation on record: still being handled.
    expect(progressOf([fact('escalate', '2026-11-02T01:00:00Z')]).stage).toBe('handling')
    // Settled but nobody told the resident yet.
    expect(progressOf(SETTLED('2026-11-02'))).toMatchObject({ stage: 'handling', reply: null, canRate: false })
    expect(progressOf(FED_BACK('2026-11-02'))).toMatchObject({ stage: 'closed', reply: '经调解，双方已达成一致。', canRate: true })
    expect(progressOf([...FED_BACK('2026-11-02'), rate('满意', '2026-11-03T00:00:00Z')])).toMatchObject({ stage: 'revisited', rating: '满意', canRate: false })
  })

  it('offers 受理, 反馈当事人 and 标记为无效信息 only on a resident’s dispute, never 群众评价', () => {
    expect(statusOf([]).next).toEqual(expect.arrayContaining(['accept', 'mediate', 'spam']))
    expect(statusOf(SETTLED('2026-11-02')).next).toEqual(['feedback', 'reopen'])
    expect(statusOf(FED_BACK('2026-11-02')).next).toEqual(['reopen'])
    const internal = { severity: '一般', channel: '排查发现' }
    expect(statusOf([], internal).next).toEqual(['mediate', 'escalate', 'settle', 'handOver'])
    expect(statusOf(SETTLED('2026-11-02'), internal).next).toEqual(['reopen'])
    expect(statusOf(FED_BACK('2026-11-02')).next).not.toContain('rate')
  })

  it('不满意 reopens the dispute at 两委会商, for the village to take up again', () => {
    const facts = [...FED_BACK('2026-11-02'), rate('不满意', '2026-11-03T00:00:00Z')]
    const status = statusOf(facts)
    expect(status).toMatchObject({ outcome: 'open', stage: '两委会商', closedAt: null, reopenedByResident: true, label: '群众不满意，重新调处', rating: '不满意' })
    expect(status.next).toEqual(expect.arrayContaining(['accept', 'mediate', 'escalate', 'settle']))
    expect(disputeMatterProgress(status)).toMatchObject({ stage: 'handling', reopened: true, canRate: false, reply: null })
    expect(disputeMatterProgress(status).label).toContain('重新调处')
    // Taken up again, mediated, settled and answered: the resident may rate once more.
    const again = [...facts, fact('accept', '2026-11-04T00:00:00Z'), fact('mediate', '2026-11-04T01:00:00Z'), fact('settle', '2026-11-05T00:00:00Z'), fact('feedback', '2026-11-05T01:00:00Z', { note: '两委会商后双方签了协议。' })]
    expect(disputeMatterProgress(statusOf(again))).toMatchObject({ stage: 'closed', reply: '两委会商后双方签了协议。', canRate: true, reopened: false })
    expect(statusOf([...again, rate('基本满意', '2026-11-06T00:00:00Z')]).ratings.map((r) => r.rating)).toEqual(['不满意', '基本满意'])
  })

  it('a dispute the township closed stays with the township when reopened', () => {
    const facts = [fact('escalate', '2026-11-02T01:00:00Z'), fact('escalate', '2026-11-02T02:00:00Z'), fact('close', '2026-11-03T00:00:00Z'), fact('feedback', '2026-11-03T01:00:00Z', { note: '已依法告知诉讼途径。' })]
    expect(statusOf(facts)).toMatchObject({ stage: '书面上报', outcome: 'unsettled' })
    expect(statusOf([...facts, rate('不满意', '2026-11-04T00:00:00Z')])).toMatchObject({ stage: '书面上报', outcome: 'open' })
  })

  it('refuses a rating before 反馈当事人, a second one, and a feedback while still open', () => {
    expect(statusOf([...SETTLED('2026-11-02'), rate('满意', '2026-11-03T00:00:00Z')]).rejected).toHaveLength(1)
    expect(statusOf([...FED_BACK('2026-11-02'), rate('满意', '2026-11-03T00:00:00Z'), rate('不满意', '2026-11-03T01:00:00Z')])).toMatchObject({ outcome: 'settled', rating: '满意' })
    expect(statusOf([fact('feedback', '2026-11-02T00:00:00Z', { note: 'x' })]).rejected).toHaveLength(1)
  })

  it('spam is kept, never overdue, and left out of the figures', () => {
    const values = { ...RESIDENT, deadline: '2026-11-10' }
    const status = disputeStatus({ facts: [fact('spam', '2026-11-02T00:00:00Z')], values }, TODAY)
    expect(status).toMatchObject({ spam: true, overdue: false, outcome: 'open' })
  })
})

describe('figures count disputes too', () => {
  const record = (kind: 'incident' | 'dispute', createdAt: string, facts: Fact[], channel = '群众反映'): LedgerRecord => ({ id: `r${++n}`, kind, gridId: 'g', values: { channel, severity: '一般' }, createdBy: '群众', createdAt, facts })
  const INCIDENT_CLOSED = ['accept', 'handle', 'resolve', 'verify'].map((a, i) => fact(a, `2026-11-02T0${i + 1}:00:00Z`)).concat(fact('feedback', '2026-11-02T06:00:00Z', { note: '好了' }))

  it('received, closed at 反馈当事人, rated, spam and internal disputes left out', () => {
    const records = [
      record('incident', '2026-11-01T00:00:00Z', [...INCIDENT_CLOSED, rate('满意', '2026-11-03T00:00:00Z')]),
      record('dispute', '2026-11-01T00:00:00Z', [...FED_BACK('2026-11-04'), rate('不满意', '2026-11-05T00:00:00Z')]),
      record('dispute', '2026-11-06T00:00:00Z', SETTLED('2026-11-07')),
      record('dispute', '2026-11-06T00:00:00Z', [fact('spam', '2026-11-06T01:00:00Z')]),
      record('dispute', '2026-11-06T00:00:00Z', SETTLED('2026-11-07'), '排查发现'),
    ]
    const [, nov] = monthlyMatterFigures(records, TODAY, 2)
    // The 不满意 dispute is open again, and the settled one has no 反馈 yet: only the incident is closed.
    expect(nov).toMatchObject({ month: '2026-11', received: 3, closed: 1, rated: 2, satisfactionRate: 0.5 })
    expect(matterLoop(records[1]!, TODAY).closedAt).toBeNull()
    expect(matterLoop({ ...records[2]!, facts: FED_BACK('2026-11-07') }, TODAY).closedAt).toBe('2026-11-07T04:00:00Z')
    const stats = ledgerStats({ household: [], resident: [], visit: [], dispute: records.filter((r) => r.kind === 'dispute'), incident: [], thing: [] }, [], '2026-11-30')
    expect(stats.matters).toMatchObject({ received: 2, closed: 0, rated: 1, satisfactionRate: 0 })
  })
})
