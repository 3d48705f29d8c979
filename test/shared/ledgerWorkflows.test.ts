import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Fact } from '../../shared/ledger/kind.js'
import { appendFact, createRecord, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { disputeStatus, resolutionRate } from '../../shared/ledger/workflows/dispute.js'
import { parseUpkeepCost, thingStatus, upkeepsIn } from '../../shared/ledger/workflows/hazard.js'
import { thing } from '../../shared/ledger/kinds/thing.js'
import { recordStatus } from '../../shared/ledger/status.js'
import { exportRows } from '../../shared/ledger/exportRows.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'

const TODAY = '2026-11-23'
let seq = 0
const fact = (action: string, at: string, by = 'a'): Fact => ({ id: `f${String(++seq).padStart(4, '0')}`, action, by, byName: by, at })

describe('incident closed loop', () => {
  it('walks 上报 → 受理 → 处置 → 办结 → 核查 → 反馈 → 归档', () => {
    const facts = ['accept', 'handle', 'resolve', 'verify', 'feedback', 'archive'].map((a, i) => fact(a, `2026-11-0${i + 1}T08:00:00.000Z`))
    const status = incidentStatus({ facts, values: {} }, TODAY)
    expect(status.state).toBe('archived')
    expect(status.rejected).toEqual([])
    expect(status.next).toEqual([])
  })

  it('escalates 网格 → 村 → 镇 and refuses a fourth level', () => {
    const facts = [fact('escalate', '2026-11-01T01:00:00Z'), fact('accept', '2026-11-01T02:00:00Z'), fact('escalate', '2026-11-01T03:00:00Z'), fact('accept', '2026-11-01T04:00:00Z'), fact('escalate', '2026-11-01T05:00:00Z')]
    const status = incidentStatus({ facts, values: {} }, TODAY)
    expect(status.level).toBe('镇')
    expect(status.state).toBe('accepted')
    expect(status.rejected.map((r) => r.reason)).toEqual(['已在镇级办理，不能再上报'])
    expect(status.next).not.toContain('escalate')
  })

  it('flags supervision after three failed checks and is overdue only until 办结', () => {
    const facts = [fact('accept', '2026-11-01T01:00:00Z'), fact('handle', '2026-11-01T02:00:00Z')]
    for (let i = 0; i < 3; i++) facts.push(fact('resolve', `2026-11-0${2 + i}T01:00:00Z`), fact('reject', `2026-11-0${2 + i}T02:00:00Z`), fact('handle', `2026-11-0${2 + i}T03:00:00Z`))
    const open = incidentStatus({ facts, values: { deadline: '2026-11-20' } }, TODAY)
    expect(open).toMatchObject({ state: 'handling', failures: 3, supervised: true, overdue: true, done: false })
    const resolved = incidentStatus({ facts: [...facts, fact('resolve', '2026-11-22T00:00:00Z')], values: { deadline: '2026-11-20' } }, TODAY)
    expect(resolved).toMatchObject({ state: 'resolved', overdue: false, done: true })
    expect(incidentStatus({ facts, values: { deadline: '2026-11-23' } }, TODAY).overdue).toBe(false)
  })

  it('two offline cadres acting on one incident converge to one possible state, with the loser shown as a conflict', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    a.clientID = 1
    b.clientID = 2
    const actor = { id: 'u1', name: '王' }
    const id = createRecord(a, incident, { title: '路灯损坏' }, actor, '2026-11-01T00:00:00Z')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    // Offline: A accepts and handles it on site; B escalates it to the village a minute later.
    appendFact(a, 'incident', id, { action: 'accept', by: 'u1', byName: '王', at: '2026-11-02T08:00:00Z' })
    appendFact(a, 'incident', id, { action: 'onsite', by: 'u1', byName: '王', at: '2026-11-02T08:05:00Z' })
    appendFact(b, 'incident', id, { action: 'escalate', by: 'u2', byName: '李', at: '2026-11-02T08:06:00Z' })
    const updateA = Y.encodeStateAsUpdate(a)
    const updateB = Y.encodeStateAsUpdate(b)
    // Merge in both orders.
    Y.applyUpdate(a, updateB)
    Y.applyUpdate(b, updateA)
    const statusOf = (doc: Y.Doc) => incidentStatus(readRecord('incident', 'g', id, recordsMap(doc, 'incident').get(id))!, TODAY)
    const [sa, sb] = [statusOf(a), statusOf(b)]
    expect(sa).toEqual(sb)
    expect(sa.state).toBe('resolved')
    expect(sa.level).toBe('网格')
    expect(sa.rejected).toHaveLength(1)
    expect(sa.rejected[0]).toMatchObject({ fact: { action: 'escalate', byName: '李' }, reason: '事件已办结待核查，不能上报上级' })
  })

  it('orders facts with the same client time by fact id, the same way on every device', () => {
    const x: Fact = { id: 'B', action: 'escalate', by: 'b', byName: 'b', at: '2026-11-02T08:00:00Z' }
    const y: Fact = { id: 'A', action: 'onsite', by: 'a', byName: 'a', at: '2026-11-02T08:00:00Z' }
    expect(incidentStatus({ facts: [x, y], values: {} }, TODAY)).toEqual(incidentStatus({ facts: [y, x], values: {} }, TODAY))
    expect(incidentStatus({ facts: [x, y], values: {} }, TODAY).state).toBe('resolved')
  })
})

describe('dispute mediation', () => {
  it('moves up the stages, settles once, and counts 化解率', () => {
    const facts = [fact('mediate', '2026-11-01T01:00:00Z'), fact('escalate', '2026-11-02T01:00:00Z'), fact('settle', '2026-11-03T01:00:00Z'), fact('close', '2026-11-04T01:00:00Z')]
    const status = disputeStatus({ facts, values: { deadline: '2026-11-10' } }, TODAY)
    expect(status).toMatchObject({ stage: '两委会商', outcome: 'settled', mediations: 1, overdue: false, label: '已调结' })
    expect(status.rejected.map((r) => r.reason)).toEqual(['纠纷已调结，不能重复结案'])
    const open = disputeStatus({ facts: [], values: { deadline: '2026-11-10' } }, TODAY)
    expect(open).toMatchObject({ outcome: 'open', overdue: true, label: '调处中（驻片调处）' })
    expect(resolutionRate([status, open])).toBe(0.5)
    expect(resolutionRate([])).toBeNull()
  })
})

describe('hazards and facilities', () => {
  it('closes a hazard only by 销号 after rectification and keeps facility inspections', () => {
    const hazard = { values: { category: '安全隐患', planDeadline: '2026-11-01' } }
    expect(thingStatus({ ...hazard, facts: [fact('close', '2026-10-01T00:00:00Z')] }, TODAY)).toMatchObject({ state: 'open', overdue: true })
    const closed = thingStatus({ ...hazard, facts: [fact('rectify', '2026-10-01T00:00:00Z'), fact('close', '2026-10-02T00:00:00Z')] }, TODAY)
    expect(closed).toMatchObject({ state: 'closed', overdue: false, label: '已销号' })
    const facility = thingStatus({ values: { category: '公益设施' }, facts: [{ ...fact('inspect', '2026-10-01T00:00:00Z'), data: { condition: '需维护' } }] }, TODAY)
    expect(facility).toMatchObject({ isHazard: false, label: '需维护', inspections: 1 })
  })

  it('keeps a facility’s 管护 (维管、保洁、清运) with its cost by the year it was done, and refuses it on a hazard', () => {
    const upkeep = (at: string, data: Fact['data']) => ({ ...fact('maintain', at), data })
    const facts = [
      // Done on the last day of 2025, entered in January: counted in 2025.
      upkeep('2026-01-05T02:00:00Z', { work: '清运', on: '2025-12-31', cost: 300 }),
      upkeep('2026-03-01T02:00:00Z', { work: '保洁', on: '2026-03-01', cost: 85.5 }),
      upkeep('2026-06-01T02:00:00Z', { work: '维管', on: '2026-06-01' }),
      // No day given (an older device): the day it was recorded, in Beijing time.
      upkeep('2026-10-31T17:00:00Z', { work: '维管', cost: 0.1 }),
      upkeep('2026-11-02T02:00:00Z', { work: '粉刷', on: '2026-11-02', cost: 50 }),
      upkeep('2026-11-03T02:00:00Z', { work: '保洁', on: '2026-11-03', cost: -5 }),
      upkeep('2026-11-04T02:00:00Z', { work: '保洁', on: '2026-11-04', cost: '120' }),
    ]
    const toilet = { id: 't1', kind: 'thing', gridId: 'g', createdBy: '', createdAt: '2025-12-01T00:00:00Z', values: { category: '公益设施', name: '东头公厕', location: '村东', thingType: '公厕' }, facts }
    const s = thingStatus(toilet, TODAY)
    expect(upkeepsIn(s, '2026')).toEqual({ count: 3, last: '2026-11-01', cost: 85.6 })
    expect(upkeepsIn(s, '2025')).toEqual({ count: 1, last: '2025-12-31', cost: 300 })
    expect(s.rejected.map((r) => r.reason)).toEqual(['管护内容应为维管、保洁或清运', '管护费用无效', '管护费用无效'])
    expect(s.next).toEqual(['inspect', 'maintain'])
    expect(recordStatus(thing, toilet, TODAY)?.detail).toBe('检查 0 次；2026 年管护 3 次（最近 2026-11-01），费用 85.6 元')
    const inspected = { ...toilet, facts: [...facts, { ...fact('inspect', '2026-09-30T16:30:00Z'), data: { condition: '良好' } }, { ...fact('inspect', '2026-08-01T02:00:00Z'), data: { condition: '需维护' } }] }
    expect(recordStatus(thing, inspected, TODAY)?.detail).toBe('检查 2 次（最近 2026-10-01）；2026 年管护 3 次（最近 2026-11-01），费用 85.6 元')
    // The export has the year's count and cost as numbers, so the sheet sums them; blank on a hazard.
    const hazard = { ...toilet, id: 't2', values: { category: '安全隐患', name: '危桥', location: '河西' }, facts: [upkeep('2026-11-01T02:00:00Z', { work: '维管', cost: 10 })] }
    const sheet = exportRows(thing, [toilet, hazard], TODAY, { fullIdNumbers: false })
    const column = (header: string) => sheet.rows.map((row) => row[sheet.headers.indexOf(header)])
    expect(column('本年管护次数')).toEqual([3, ''])
    expect(column('本年管护费用（元）')).toEqual([85.6, ''])
    expect(thingStatus(hazard, TODAY).rejected[0]?.reason).toBe('安全隐患按五到位整改，不记录管护')
  })

  it('flags a facility not inspected in the period its 定期检查 asks for (本月未检查), never a hazard, nothing without a period', () => {
    const inspect = (at: string) => ({ ...fact('inspect', at), data: { condition: '需维护' } })
    const toilet = { values: { category: '公益设施' }, facts: [inspect('2026-10-20T02:00:00Z')] }
    expect(thingStatus(toilet, TODAY)).toMatchObject({ inspectionDue: false, label: '需维护' })
    expect(thingStatus(toilet, TODAY, 'month')).toMatchObject({ inspectionDue: true, label: '本月未检查' })
    expect(thingStatus(toilet, TODAY, 'quarter')).toMatchObject({ inspectionDue: false, label: '需维护' })
    // Inspected on 11-01 at 01:00 Beijing time (10-31 in UTC): in November.
    expect(thingStatus({ ...toilet, facts: [...toilet.facts, inspect('2026-10-31T17:00:00Z')] }, TODAY, 'month')).toMatchObject({ inspectionDue: false, label: '需维护' })
    expect(thingStatus({ values: { category: '安全隐患' }, facts: [] }, TODAY, 'week')).toMatchObject({ inspectionDue: false, label: '待整改' })
    expect(recordStatus(thing, { id: 't', kind: 'thing', gridId: 'g', createdBy: '', createdAt: '2026-01-01T00:00:00Z', ...toilet }, TODAY, { inspectEvery: 'half' })?.label).toBe('需维护')
  })

  it('reads a 管护 cost as typed: 元 with up to two decimals, blank for none, refused in Chinese otherwise', () => {
    expect(parseUpkeepCost(' 120 ')).toEqual({ ok: true, cost: 120 })
    expect(parseUpkeepCost('85.50')).toEqual({ ok: true, cost: 85.5 })
    expect(parseUpkeepCost('')).toEqual({ ok: true, cost: null })
    for (const bad of ['12元', '1,200', '-5', '0.123', '一百']) expect(parseUpkeepCost(bad)).toEqual({ ok: false, error: '管护费用应为金额（元），如 120 或 85.5' })
    expect(parseUpkeepCost('20000000')).toEqual({ ok: false, error: '管护费用不能超过 10,000,000 元' })
  })
})

describe('dispute chain rules (F003§3)', () => {
  it('refuses 未调结结案 below the township and lets a 重大 dispute go straight to 书面上报', () => {
    const low = disputeStatus({ facts: [fact('close', '2026-11-01T01:00:00Z')], values: { deadline: '2026-11-10' } }, TODAY)
    expect(low).toMatchObject({ outcome: 'open', stage: '驻片调处', overdue: true })
    expect(low.rejected.map((r) => r.reason)).toEqual(['村级不能未调结结案，调处不了的须上报镇综治办'])
    expect(low.next).not.toContain('close')
    const village = disputeStatus({ facts: [fact('escalate', '2026-11-01T01:00:00Z'), fact('close', '2026-11-02T01:00:00Z')], values: {} }, TODAY)
    expect(village).toMatchObject({ stage: '两委会商', outcome: 'open' })
    const township = disputeStatus({ facts: [fact('escalate', '2026-11-01T01:00:00Z'), fact('escalate', '2026-11-02T01:00:00Z'), fact('close', '2026-11-03T01:00:00Z')], values: {} }, TODAY)
    expect(township).toMatchObject({ stage: '书面上报', outcome: 'unsettled', rejected: [] })

    const major = disputeStatus({ facts: [fact('reportTownship', '2026-11-01T01:00:00Z')], values: { severity: '重大' } }, TODAY)
    expect(major).toMatchObject({ stage: '书面上报', rejected: [] })
    expect(major.next).toContain('close')
    expect(major.next).not.toContain('reportTownship')
    expect(disputeStatus({ facts: [], values: { severity: '重大复杂疑难' } }, TODAY).next).toContain('reportTownship')
    const ordinary = disputeStatus({ facts: [fact('reportTownship', '2026-11-01T01:00:00Z')], values: { severity: '一般' } }, TODAY)
    expect(ordinary.stage).toBe('驻片调处')
    expect(ordinary.rejected.map((r) => r.reason)).toEqual(['只有重大纠纷可以直接书面上报镇综治办'])
  })
})
