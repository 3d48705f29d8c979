/**
 * Campaigns on a real relay and SQLite file (issue #18 item 3): the township admin defines a
 * campaign; it lands in every village's 六联 doc (so village devices show it offline); a task a
 * village ticks shows on the township's 工作推进台账; a 时限 that had passed when the township set
 * the task (or before the village started) is not counted against any village;
 * a village created afterwards gets it too; bad input is a Chinese 400; nobody but the township admin defines one or reads the ledger.
 * Editing keeps what villages ticked against the tasks it keeps, refuses an edit made from an
 * older revision, and reaches every village; withdrawing hides it everywhere but keeps the ticks;
 * 六联 itself is neither edited nor withdrawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { campaignProgressSchema } from '../../shared/api/reports.js'
import { campaignSchema, LIULIAN_CAMPAIGN } from '../../shared/liulian/campaign.js'
import { docName } from '../../shared/docNames.js'
import { listTasks, readCampaigns, recordTaskDone } from '../../shared/liulian/liulianDoc.js'
import { api } from '../helpers/api.js'
import { createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay
let other: string
let cadre: string

const INPUT = {
  label: '秸秆禁烧专项行动',
  lead: '镇生态办',
  phases: [
    { label: '宣传发动', from: '01-01', to: '01-31' },
    { label: '巡查管控', from: '02-01', to: '12-31' },
  ],
  tasks: [
    { label: '入户发放禁烧告知书', phase: 0, due: '01-20' },
    { label: '建立巡查台账', phase: 1, due: '02-28' },
  ],
}

beforeAll(async () => {
  relay = await startTestRelay()
  other = await createVillage(relay.url, relay.token, '乙村')
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13700000301', name: '村干部', password: 'a-long-pass-123', role: 'village_cadre' } })
  const id = (created.json as { id: string }).id
  await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: false } })
  cadre = await login(relay.url, '13700000301', 'a-long-pass-123')
}, 30_000)

afterAll(async () => {
  await relay?.close()
})

describe('a campaign the township defines', () => {
  it('is written into every village’s 六联 doc and shows on the 工作推进台账 with each village’s progress', async () => {
    const res = await api(relay.url, '/api/reports/campaigns', { token: relay.token, body: INPUT })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    const campaign = campaignSchema.parse(res.json)
    expect(campaign.tasks.map((t) => [t.key, t.phase, t.due])).toEqual([
      ['t1', 'p1', '01-20'],
      ['t2', 'p2', '02-28'],
    ])
    for (const villageId of [relay.villageId, other]) {
      const keys = await relay.relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) => readCampaigns(room.doc).map((c) => c.key))
      expect(keys).toEqual([LIULIAN_CAMPAIGN.key, campaign.key])
    }
    // A village created afterwards gets it too: campaigns recur each year.
    const later = await createVillage(relay.url, relay.token, '丙村')
    const laterKeys = await relay.relay.withDoc(docName({ kind: 'liulian', villageId: later }), async (room) => readCampaigns(room.doc).map((c) => c.key))
    expect(laterKeys).toEqual([LIULIAN_CAMPAIGN.key, campaign.key])
    // The village ticks its first task (as its device would, in its own 六联 doc).
    await relay.relay.withDoc(docName({ kind: 'liulian', villageId: relay.villageId }), async (room) => {
      recordTaskDone(room.doc, { campaign: campaign.key, year: '2026', task: 't1', done: '2026-01-15', by: 'u' })
      await room.flush()
    })
    const progress = campaignProgressSchema.parse((await api(relay.url, '/api/reports/campaigns/progress?year=2026', { token: relay.token })).json)
    expect(progress.campaigns.map((c) => c.campaign.key)).toEqual([LIULIAN_CAMPAIGN.key, campaign.key])
    const ledger = progress.campaigns[1]!.villages
    const row = (id: string) => ledger.find((v) => v.villageId === id)!
    expect(row(relay.villageId).rows.map((r) => [r.task, r.done])).toEqual([
      ['t1', '2026-01-15'],
      ['t2', null],
    ])
    expect(row(relay.villageId).done).toBe(1)
    // The tasks were set today, after both 2026 时限 had passed (01-20, 02-28): nobody is overdue
    // for them; the village that did one anyway counts it, the others show 0 of 0.
    expect(campaign.tasks.map((t) => t.since)).toEqual([progress.today, progress.today])
    expect(progress.today > '2026-02-28').toBe(true)
    expect(row(relay.villageId).rows.map((r) => [r.counted, r.overdue])).toEqual([
      [false, false],
      [false, false],
    ])
    expect([row(relay.villageId).total, row(other).total, row(other).overdue, row(later).total, row(later).overdue]).toEqual([1, 0, 0, 0, 0])
    // 六联's 2026 时限 (05-17 … 10-31) all fell before these villages started today.
    const liulian = progress.campaigns[0]!.villages
    expect(liulian.map((v) => [v.total, v.overdue])).toEqual(liulian.map(() => [0, 0]))
  })

  it('refuses bad input in Chinese and writes nothing', async () => {
    const res = await api(relay.url, '/api/reports/campaigns', { token: relay.token, body: { ...INPUT, tasks: [{ label: '任务', phase: 0, due: '03-01' }] } })
    expect(res.status).toBe(400)
    expect((res.json as { error: string }).error).toBe('第1项任务的时限应在“宣传发动”阶段内（01-01 至 01-31）')
    const progress = campaignProgressSchema.parse((await api(relay.url, '/api/reports/campaigns/progress?year=2026', { token: relay.token })).json)
    expect(progress.campaigns).toHaveLength(2)
    const year = await api(relay.url, '/api/reports/campaigns/progress?year=26', { token: relay.token })
    expect(year.status).toBe(400)
    expect((year.json as { error: string }).error).toContain('年份格式不对')
  })

  it('is the township admin’s only: 403 for a village cadre, 401 without a session', async () => {
    expect((await api(relay.url, '/api/reports/campaigns', { token: cadre, body: INPUT })).status).toBe(403)
    expect((await api(relay.url, '/api/reports/campaigns/progress?year=2026', { token: cadre })).status).toBe(403)
    expect((await api(relay.url, '/api/reports/campaigns/progress?year=2026', {})).status).toBe(401)
  })
})

describe('editing and withdrawing a campaign', () => {
  const ledgerOf = async (key: string) => campaignProgressSchema.parse((await api(relay.url, '/api/reports/campaigns/progress?year=2026', { token: relay.token })).json).campaigns.find((c) => c.campaign.key === key)
  const inVillage = (villageId: string, key: string, withdrawn = false) =>
    relay.relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) => readCampaigns(room.doc, { withdrawn }).find((c) => c.key === key) ?? null)

  it('keeps the ticks of the tasks an edit keeps, gives new tasks new keys, and reaches every village', async () => {
    const campaign = campaignSchema.parse((await api(relay.url, '/api/reports/campaigns', { token: relay.token, body: { ...INPUT, label: '待修改的活动' } })).json)
    await relay.relay.withDoc(docName({ kind: 'liulian', villageId: relay.villageId }), async (room) => {
      recordTaskDone(room.doc, { campaign: campaign.key, year: '2026', task: 't1', done: '2026-01-10', by: 'u' })
      await room.flush()
    })
    const edit = {
      label: '改过名的活动',
      lead: '镇综治办',
      phases: [
        { key: 'p1', label: '宣传发动', from: '01-01', to: '01-31' },
        { label: '整改', from: '03-01', to: '12-31' },
      ],
      tasks: [
        { key: 't1', label: '入户发放告知书（改）', phase: 0, due: '01-25' },
        { label: '整改销号', phase: 1, due: '06-30' },
      ],
    }
    const res = await api(relay.url, `/api/reports/campaigns/${campaign.key}?rev=1`, { token: relay.token, method: 'PUT', body: edit })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const edited = campaignSchema.parse(res.json)
    expect(edited.rev).toBe(2)
    expect(edited.phases.map((p) => p.key)).toEqual(['p1', 'p3'])
    expect(edited.tasks.map((t) => [t.key, t.phase, t.label])).toEqual([
      ['t1', 'p1', '入户发放告知书（改）'],
      ['t3', 'p3', '整改销号'],
    ])
    for (const villageId of [relay.villageId, other]) expect((await inVillage(villageId, campaign.key))?.label).toBe('改过名的活动')
    const ledger = await ledgerOf(campaign.key)
    expect(ledger?.campaign.label).toBe('改过名的活动')
    expect(ledger?.villages.find((v) => v.villageId === relay.villageId)?.rows.map((r) => [r.task, r.done])).toEqual([
      ['t1', '2026-01-10'],
      ['t3', null],
    ])
    // Another admin's form, filled in from revision 1, no longer applies: nothing is written.
    const stale = await api(relay.url, `/api/reports/campaigns/${campaign.key}?rev=1`, { token: relay.token, method: 'PUT', body: { ...edit, label: '过时的修改' } })
    expect(stale.status).toBe(409)
    expect((stale.json as { error: string }).error).toBe('这个活动刚被修改过，请刷新后再改')
    expect((await inVillage(other, campaign.key))?.label).toBe('改过名的活动')
    const bad = await api(relay.url, `/api/reports/campaigns/${campaign.key}?rev=2`, { token: relay.token, method: 'PUT', body: { ...edit, tasks: [] } })
    expect(bad.status).toBe(400)
    expect((bad.json as { error: string }).error).toBe('至少要有一项任务')
    // A village created now gets the edited revision.
    const later = await createVillage(relay.url, relay.token, '丁村')
    expect((await inVillage(later, campaign.key))?.rev).toBe(2)
  })

  it('withdraws: gone from the ledger and every village, ticks kept, not given to new villages, not edited again', async () => {
    const campaign = campaignSchema.parse((await api(relay.url, '/api/reports/campaigns', { token: relay.token, body: { ...INPUT, label: '要撤回的活动' } })).json)
    await relay.relay.withDoc(docName({ kind: 'liulian', villageId: other }), async (room) => {
      recordTaskDone(room.doc, { campaign: campaign.key, year: '2026', task: 't1', done: '2026-01-12', by: 'u' })
      await room.flush()
    })
    const res = await api(relay.url, `/api/reports/campaigns/${campaign.key}`, { token: relay.token, method: 'DELETE' })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(campaignSchema.parse(res.json)).toMatchObject({ rev: 2, withdrawnAt: expect.any(String) })
    expect(await ledgerOf(campaign.key)).toBeUndefined()
    for (const villageId of [relay.villageId, other]) {
      expect(await inVillage(villageId, campaign.key)).toBeNull()
      expect((await inVillage(villageId, campaign.key, true))?.withdrawnAt).toBeTruthy()
    }
    const ticks = await relay.relay.withDoc(docName({ kind: 'liulian', villageId: other }), async (room) => listTasks(room.doc).filter((f) => f.campaign === campaign.key).length)
    expect(ticks).toBe(1)
    const later = await createVillage(relay.url, relay.token, '戊村')
    expect(await inVillage(later, campaign.key, true)).toBeNull()
    const again = await api(relay.url, `/api/reports/campaigns/${campaign.key}`, { token: relay.token, method: 'DELETE' })
    expect([again.status, (again.json as { error: string }).error]).toEqual([409, '这个活动已经撤回'])
    expect((await api(relay.url, `/api/reports/campaigns/${campaign.key}?rev=2`, { token: relay.token, method: 'PUT', body: INPUT })).status).toBe(409)
    const audit = (await api(relay.url, '/api/audit?limit=50', { token: relay.token })).json as { entries: { action: string; target: string | null }[] }
    expect(audit.entries.filter((e) => e.target === `campaigns/${campaign.key}`).map((e) => e.action)).toEqual(['campaign.withdraw', 'campaign.define'])
  })

  it('two admins saving the same revision at once: one edit stands, in every village; the other is a 409', async () => {
    const campaign = campaignSchema.parse((await api(relay.url, '/api/reports/campaigns', { token: relay.token, body: { ...INPUT, label: '同时修改的活动' } })).json)
    const [a, b] = await Promise.all(
      ['甲的修改', '乙的修改'].map((label) => api(relay.url, `/api/reports/campaigns/${campaign.key}?rev=1`, { token: relay.token, method: 'PUT', body: { ...INPUT, label } })),
    )
    expect([a!.status, b!.status].sort()).toEqual([200, 409])
    const stood = campaignSchema.parse((a!.status === 200 ? a : b)!.json).label
    for (const villageId of [relay.villageId, other]) expect((await inVillage(villageId, campaign.key))?.label).toBe(stood)
  })

  it('leaves 六联 and unknown campaigns alone, and is the township admin’s only', async () => {
    const liulian = await api(relay.url, `/api/reports/campaigns/${LIULIAN_CAMPAIGN.key}`, { token: relay.token, method: 'DELETE' })
    expect([liulian.status, (liulian.json as { error: string }).error]).toEqual([400, '“六联机制”建设是内置活动，不能修改或撤回'])
    expect((await api(relay.url, `/api/reports/campaigns/${LIULIAN_CAMPAIGN.key}?rev=1`, { token: relay.token, method: 'PUT', body: INPUT })).status).toBe(400)
    expect((await api(relay.url, '/api/reports/campaigns/c-none', { token: relay.token, method: 'DELETE' })).status).toBe(404)
    const campaign = campaignSchema.parse((await api(relay.url, '/api/reports/campaigns', { token: relay.token, body: INPUT })).json)
    expect((await api(relay.url, `/api/reports/campaigns/${campaign.key}`, { token: cadre, method: 'DELETE' })).status).toBe(403)
    expect((await api(relay.url, `/api/reports/campaigns/${campaign.key}?rev=1`, { token: cadre, method: 'PUT', body: INPUT })).status).toBe(403)
    const noRev = await api(relay.url, `/api/reports/campaigns/${campaign.key}`, { token: relay.token, method: 'PUT', body: INPUT })
    expect([noRev.status, (noRev.json as { field?: string }).field]).toEqual([400, 'rev'])
    expect((await inVillage(other, campaign.key))?.rev).toBe(1)
  })
})
