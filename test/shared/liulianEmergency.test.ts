/** 平急结合: posts, plans and drills; an emergency's roll call taken on two offline devices merges; the report names no one. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { activeEmergency, addEmergencyFact, addPlan, emergencyReport, householdsNeedingHelp, listDrills, readEmergencies, readPlans, readPosts, recordDrill, rollCall, setPost, startEmergency } from '../../shared/liulian/emergency.js'
import { LIULIAN_CAMPAIGN, phaseOn, progressLedger, villageProgress } from '../../shared/liulian/campaign.js'

function merge(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function village() {
  const doc = new Y.Doc()
  setPost(doc, { key: 'u-sec', name: '王书记', role: '村书记', service: ['主持村务', '联系一组'], post: '总指挥' })
  setPost(doc, { key: 'u-grid', name: '张网格', role: '网格员', service: ['网格巡查'], post: '一组转移引导' })
  setPost(doc, { key: 'leader-g1', name: '李组长', role: '联动小组组长', service: ['组内轮值督促'], post: '一组人员清点' })
  return doc
}

describe('posts, plans and drills', () => {
  it('keeps each person’s 平时 service list and 急时 post; plans by type; drills refuse bad input in Chinese', () => {
    const doc = village()
    expect(readPosts(doc).find((p) => p.key === 'u-sec')).toEqual({ key: 'u-sec', name: '王书记', role: '村书记', service: ['主持村务', '联系一组'], post: '总指挥' })
    const planId = addPlan(doc, { type: '防汛', title: '防汛应急预案', content: '转移路线：…' })
    addPlan(doc, { type: '火灾', title: '森林防火预案', content: '' })
    expect(readPlans(doc).map((p) => p.type)).toEqual(['防汛', '火灾'])
    expect(recordDrill(doc, { planId, date: '2026-06-31', participants: 0, by: 'u' })).toEqual({ ok: false, errors: { date: '请选择日期', participants: '参加人数至少1人' } })
    expect(recordDrill(doc, { planId, date: '2026-06-30', participants: 42, by: 'u' }).ok).toBe(true)
    expect(listDrills(doc).map((d) => d.participants)).toEqual([42])
  })
})

describe('emergency mode', () => {
  it('a roll call taken on two phones offline merges: each post counted once, at its earliest check-in', () => {
    const office = village()
    const id = startEmergency(office, '防汛', 'u-sec', '2026-07-10T01:00:00Z')
    const phoneA = new Y.Doc()
    const phoneB = new Y.Doc()
    merge(office, phoneA)
    merge(office, phoneB)
    // both offline now
    addEmergencyFact(phoneA, { kind: 'checkin', emergencyId: id, postKey: 'u-grid', at: '2026-07-10T01:05:00Z', by: 'u-grid' })
    addEmergencyFact(phoneA, { kind: 'log', emergencyId: id, text: '一组低洼处3户已转移', at: '2026-07-10T01:30:00Z', by: 'u-grid' })
    addEmergencyFact(phoneB, { kind: 'checkin', emergencyId: id, postKey: 'leader-g1', at: '2026-07-10T01:08:00Z', by: 'u-sec' })
    addEmergencyFact(phoneB, { kind: 'checkin', emergencyId: id, postKey: 'u-grid', at: '2026-07-10T01:04:00Z', by: 'u-sec' })
    expect(rollCall(activeEmergency(phoneA)!, readPosts(phoneA)).filter((c) => c.at).length).toBe(1)
    merge(phoneA, phoneB)
    merge(phoneB, office)
    for (const doc of [office, phoneA, phoneB]) {
      const e = activeEmergency(doc)!
      expect(rollCall(e, readPosts(doc)).map((c) => [c.post.key, c.at])).toEqual([
        ['u-sec', null],
        ['leader-g1', '2026-07-10T01:08:00Z'],
        ['u-grid', '2026-07-10T01:04:00Z'],
      ])
      expect(e.log.map((l) => l.text)).toEqual(['一组低洼处3户已转移'])
    }
  })

  it('结束应急 returns the village to 平时 and the report lists posts and the log, no names, a small count as <3', () => {
    const doc = village()
    const id = startEmergency(doc, '地质灾害', 'u-sec', '2026-07-10T01:00:00Z')
    addEmergencyFact(doc, { kind: 'checkin', emergencyId: id, postKey: 'u-grid', at: '2026-07-10T01:04:00Z', by: 'u-grid' })
    addEmergencyFact(doc, { kind: 'end', emergencyId: id, at: '2026-07-10T06:00:00Z', by: 'u-sec' })
    expect(activeEmergency(doc)).toBeNull()
    const e = readEmergencies(doc)[0]!
    const report = emergencyReport(e, readPosts(doc), 2)
    expect(report).toContain('地质灾害应急处置报告')
    expect(report).toContain('启动时间：2026/07/10 09:00')
    expect(report).toContain('岗位到岗：1/3')
    expect(report).toContain('一组转移引导（网格员）：2026/07/10 09:04 到岗')
    expect(report).toContain('需帮扶户（独居老人、残疾人等）：<3户')
    for (const name of ['王书记', '张网格', '李组长']) expect(report).not.toContain(name)
  })

  it('households needing help come from ledger flags and care records, and only for a viewer with the sensitive grant', () => {
    const households = [
      { id: 'h1', flags: ['独居空巢'] },
      { id: 'h2', flags: ['低保户'] },
      { id: 'h3', flags: [] },
    ]
    expect(householdsNeedingHelp(households, null)).toBeNull()
    const care = { residentHousehold: new Map([['r2', 'h2'], ['r3', 'h3']]), records: [{ residentId: 'r2', category: '重度残疾', exited: false }, { residentId: 'r3', category: '高龄老人', exited: true }] }
    expect(householdsNeedingHelp(households, care)).toEqual([
      { householdId: 'h1', reasons: ['独居空巢'] },
      { householdId: 'h2', reasons: ['重度残疾'] },
    ])
  })
})

describe('campaign', () => {
  it('knows seed 000’s phases in any year and derives each village’s 工作推进台账', () => {
    expect(phaseOn(LIULIAN_CAMPAIGN, '2026-05-17').phase?.label).toBe('调查摸底、发动准备')
    expect(phaseOn(LIULIAN_CAMPAIGN, '2027-05-18').phase?.label).toBe('组织实施、联动推进')
    expect(phaseOn(LIULIAN_CAMPAIGN, '2026-10-31').phase?.key).toBe('review')
    expect(phaseOn(LIULIAN_CAMPAIGN, '2026-11-01')).toEqual({ phase: null, before: false, after: true })
    const facts = [{ id: 'f', campaign: 'liulian', year: '2026', task: 'groups', done: '2026-05-10', by: 'u' }]
    const rows = villageProgress(LIULIAN_CAMPAIGN, '2026', facts, '2026-05-20', '2026-01-05')
    expect(rows.map((r) => [r.task.key, r.done, r.overdue])).toEqual([
      ['groups', '2026-05-10', false],
      ['mobilise', null, true],
      ['plan', null, false],
      ['wall', null, false],
      ['drill', null, false],
      ['summary', null, false],
    ])
    const ledger = progressLedger(LIULIAN_CAMPAIGN, '2026', [{ villageId: 'a', villageName: '甲村', startedOn: '2025-11-30', facts }, { villageId: 'b', villageName: '乙村', startedOn: null, facts: [] }], '2026-05-20')
    expect(ledger.map((r) => [r.villageName, r.done, r.overdue])).toEqual([
      ['乙村', 0, 2],
      ['甲村', 1, 1],
    ])
  })
})

describe('困难联帮 pairings', () => {
  it('lists the group’s hardship households from care records, in group order, and nothing without the sensitive grant', async () => {
    const { hardshipHouseholds } = await import('../../shared/liulian/emergency.js')
    expect(hardshipHouseholds(['a', 'b'], null)).toBeNull()
    const care = {
      residentHousehold: new Map([['r1', 'b'], ['r2', 'a'], ['r3', 'z'], ['r4', 'a']]),
      records: [
        { residentId: 'r1', category: '低保', exited: false },
        { residentId: 'r2', category: '留守儿童', exited: false },
        { residentId: 'r3', category: '低保', exited: false },
        { residentId: 'r4', category: '重病', exited: true },
      ],
    }
    expect(hardshipHouseholds(['a', 'b'], care)).toEqual([{ householdId: 'b', reasons: ['低保'] }])
  })
})
