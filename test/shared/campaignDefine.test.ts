/**
 * Campaigns defined in the app (issue #18 item 3): a definition is checked with Chinese messages
 * (windows in order, each task's 时限 inside its phase), keyed phases and tasks are given, and a
 * village's 六联 doc reads 六联 first and then the defined ones, skipping anything malformed;
 * the 工作推进台账 of a defined campaign counts done and overdue tasks like 六联's. An edit keeps
 * the keys its phases and tasks name and never reuses a key; a doc keeps the latest revision.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { campaignErrors, campaignFrom, campaignInput, campaignInputSchema, laterRevision, LIULIAN_CAMPAIGN, normalizeMonthDay, progressLedger, villageProgress } from '../../shared/liulian/campaign.js'
import { LIULIAN_DOC, listTasks, putCampaign, readCampaigns, recordTaskDone } from '../../shared/liulian/liulianDoc.js'

const INPUT = {
  label: '人居环境整治',
  lead: '镇农业农村办',
  phases: [
    { label: '摸底', from: '03-01', to: '03-31' },
    { label: '整治', from: '04-01', to: '06-30' },
  ],
  tasks: [
    { label: '排查房前屋后', phase: 0, due: '03-20' },
    { label: '清理垃圾点', phase: 1, due: '05-31' },
  ],
}

describe('defining a campaign', () => {
  it('accepts a valid one and keys its phases and tasks', () => {
    expect(campaignErrors(INPUT)).toBeNull()
    const c = campaignFrom('c1', campaignInputSchema.parse(INPUT), null)
    expect(c.phases.map((p) => p.key)).toEqual(['p1', 'p2'])
    expect(c.tasks).toEqual([
      { key: 't1', phase: 'p1', label: '排查房前屋后', due: '03-20' },
      { key: 't2', phase: 'p2', label: '清理垃圾点', due: '05-31' },
    ])
  })

  it('refuses bad input with Chinese messages, by field', () => {
    expect(campaignErrors({ ...INPUT, label: ' ' })).toEqual({ label: '请填写活动名称' })
    expect(campaignErrors({ ...INPUT, phases: [{ label: '摸底', from: '0301', to: '02-30' }, INPUT.phases[1]] })).toMatchObject({ 'phases.0.from': '阶段开始日期应为“月-日”，如 05-17', 'phases.0.to': '阶段结束日期不是有效日期' })
    expect(campaignErrors({ ...INPUT, phases: [INPUT.phases[0], { label: '整治', from: '03-15', to: '03-10' }] })).toMatchObject({ 'phases.1.to': '第2阶段的结束日期早于开始日期', 'phases.1.from': '第2阶段应在第1阶段结束后开始' })
    expect(campaignErrors({ ...INPUT, tasks: [{ label: '排查', phase: 0, due: '04-10' }] })).toEqual({ 'tasks.0.due': '第1项任务的时限应在“摸底”阶段内（03-01 至 03-31）' })
    expect(campaignErrors({ ...INPUT, tasks: [{ label: '排查', phase: 5, due: '03-10' }] })).toEqual({ 'tasks.0.phase': '第1项任务的阶段不存在' })
    expect(campaignErrors({ ...INPUT, tasks: [] })).toEqual({ tasks: '至少要有一项任务' })
  })
})

describe('month-days as a clerk types them', () => {
  it('reads full-width digits, 月日, slashes and dots as MM-DD, and leaves anything else for the schema to refuse', () => {
    expect(['５－１７', '5/17', '5.17', '5-17', ' ５月１７日 ', '05-17'].map(normalizeMonthDay)).toEqual(Array(6).fill('05-17'))
    expect(normalizeMonthDay('0517')).toBe('0517')
    const typed = campaignInputSchema.parse({ ...INPUT, phases: [{ label: '摸底', from: '３月１日', to: '3/31' }, INPUT.phases[1]], tasks: [{ label: '排查', phase: 0, due: '３．２０' }] })
    expect([typed.phases[0]!.from, typed.phases[0]!.to, typed.tasks[0]!.due]).toEqual(['03-01', '03-31', '03-20'])
  })
})

describe('campaigns in a village’s 六联 doc', () => {
  it('reads 六联 first, then defined campaigns; a definition is written once; malformed entries are skipped', () => {
    const doc = new Y.Doc()
    const c = campaignFrom('c-b', campaignInputSchema.parse(INPUT), null)
    putCampaign(doc, c)
    putCampaign(doc, { ...c, label: '改名不生效' })
    putCampaign(doc, { ...c, key: 'c-a', label: '较早的活动' })
    doc.getMap<string>(LIULIAN_DOC.campaigns).set('c-bad', '{"key":"c-bad"')
    doc.getMap<string>(LIULIAN_DOC.campaigns).set('c-wrong', JSON.stringify({ ...c, key: 'other' }))
    expect(readCampaigns(doc).map((x) => [x.key, x.label])).toEqual([
      [LIULIAN_CAMPAIGN.key, LIULIAN_CAMPAIGN.label],
      ['c-a', '较早的活动'],
      ['c-b', '人居环境整治'],
    ])
  })

  it('the 工作推进台账 of a defined campaign: done tasks, overdue ones, villages with overdue first', () => {
    const c = campaignFrom('c1', campaignInputSchema.parse(INPUT), null)
    const a = new Y.Doc()
    const b = new Y.Doc()
    recordTaskDone(a, { campaign: 'c1', year: '2026', task: 't1', done: '2026-03-18', by: 'u' })
    recordTaskDone(a, { campaign: 'liulian', year: '2026', task: 't2', done: '2026-03-18', by: 'u' })
    recordTaskDone(b, { campaign: 'c1', year: '2025', task: 't1', done: '2025-03-18', by: 'u' })
    expect(villageProgress(c, '2026', listTasks(a), '2026-04-01', null).map((r) => [r.task.key, r.done, r.overdue])).toEqual([
      ['t1', '2026-03-18', false],
      ['t2', null, false],
    ])
    const ledger = progressLedger(c, '2026', [{ villageId: 'a', villageName: '甲村', startedOn: '2025-01-01', facts: listTasks(a) }, { villageId: 'b', villageName: '乙村', startedOn: null, facts: listTasks(b) }], '2026-06-01')
    expect(ledger.map((v) => [v.villageName, v.done, v.overdue])).toEqual([
      ['乙村', 0, 2],
      ['甲村', 1, 1],
    ])
  })

  it('a 时限 that passed before the village started or before the township set the task is not counted: never overdue, in the total only if done', () => {
    const set = campaignFrom('c1', campaignInputSchema.parse(INPUT), '2026-04-10')
    expect(set.tasks.map((t) => t.since)).toEqual(['2026-04-10', '2026-04-10'])
    const early = new Y.Doc()
    recordTaskDone(early, { campaign: 'c1', year: '2026', task: 't1', done: '2026-04-12', by: 'u' })
    // Set on 04-10: t1's 时限 (03-20) had passed, t2's (05-31) had not.
    expect(villageProgress(set, '2026', [], '2026-06-01', null).map((r) => [r.task.key, r.counted, r.overdue, r.countsFrom])).toEqual([
      ['t1', false, false, '2026-04-10'],
      ['t2', true, true, '2026-04-10'],
    ])
    // A village started on 06-01 (later than the task was set): neither 时限 counts that year; both do the next.
    const ledger = progressLedger(
      set,
      '2026',
      [
        { villageId: 'n', villageName: '新村', startedOn: '2026-06-01', facts: [] },
        { villageId: 'e', villageName: '老村', startedOn: '2020-01-01', facts: listTasks(early) },
      ],
      '2026-12-02',
    )
    expect(ledger.map((v) => [v.villageName, v.done, v.total, v.overdue])).toEqual([
      ['老村', 1, 2, 1],
      ['新村', 0, 0, 0],
    ])
    expect(villageProgress(set, '2027', [], '2027-06-01', '2026-06-01').map((r) => [r.counted, r.overdue])).toEqual([
      [true, true],
      [true, true],
    ])
    // An edit keeps the day a kept task was set and sets a new one today.
    const edited = campaignFrom('c1', campaignInputSchema.parse({ ...campaignInput(set), tasks: [...campaignInput(set).tasks, { label: '新任务', phase: 0, due: '03-30' }] }), '2026-08-01', set)
    expect(edited.tasks.map((t) => t.since)).toEqual(['2026-04-10', '2026-04-10', '2026-08-01'])
  })
})

describe('editing a campaign', () => {
  const first = campaignFrom('c1', campaignInputSchema.parse(INPUT), null)

  it('round-trips through the form, and an unchanged edit keeps every key', () => {
    const again = campaignFrom('c1', campaignInputSchema.parse(campaignInput(first)), '2026-07-01', first)
    expect(again).toEqual({ ...first, rev: 2 })
    expect(first.rev).toBe(1)
  })

  it('keeps the keys an edit names, never twice, and gives new ones keys never used before', () => {
    const input = campaignInput(first)
    // Task t2 removed, t1 kept but moved to phase 2, a forged key and a repeated key get new keys.
    const edited = campaignFrom(
      'c1',
      campaignInputSchema.parse({
        ...input,
        tasks: [
          { key: 't1', label: '排查（移到整治阶段）', phase: 1, due: '04-10' },
          { key: 't1', label: '重复的键', phase: 1, due: '04-11' },
          { key: 'x9', label: '伪造的键', phase: 1, due: '04-12' },
        ],
      }),
      '2026-07-01',
      first,
    )
    expect(edited.tasks.map((t) => [t.key, t.phase])).toEqual([
      ['t1', 'p2'],
      ['t3', 'p2'],
      ['t4', 'p2'],
    ])
    // A key removed in one edit is not handed out again in the next.
    const third = campaignFrom('c1', campaignInputSchema.parse({ ...campaignInput(edited), tasks: [...campaignInput(edited).tasks, { label: '新任务', phase: 0, due: '03-30' }] }), '2026-07-01', edited)
    expect(third.tasks.map((t) => t.key)).toEqual(['t1', 't3', 't4', 't5'])
    expect(third.rev).toBe(3)
  })

  it('a doc keeps the latest revision whatever order copies arrive in; withdrawn ones are read only on request', () => {
    const second = { ...first, label: '第二版', rev: 2 }
    const doc = new Y.Doc()
    expect(putCampaign(doc, second)).toBe(true)
    expect(putCampaign(doc, first)).toBe(false)
    expect(readCampaigns(doc)[1]?.label).toBe('第二版')
    expect(laterRevision(second, first)).toBe(second)
    expect(laterRevision(first, second)).toBe(second)
    expect(putCampaign(doc, { ...second, rev: 3, withdrawnAt: '2026-05-01T00:00:00.000Z' })).toBe(true)
    expect(readCampaigns(doc).map((c) => c.key)).toEqual([LIULIAN_CAMPAIGN.key])
    expect(readCampaigns(doc, { withdrawn: true }).map((c) => [c.key, c.rev])).toEqual([
      [LIULIAN_CAMPAIGN.key, undefined],
      ['c1', 3],
    ])
  })
})
