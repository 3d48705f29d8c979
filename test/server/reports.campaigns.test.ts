/**
 * Campaigns on a real relay and SQLite file (issue #18 item 3): the township admin defines a
 * campaign; it lands in every village's 六联 doc (so village devices show it offline); a task a
 * village ticks shows on the township's 工作推进台账 with the other villages' overdue tasks;
 * a village created afterwards gets it too; bad input is a Chinese 400; nobody but the township admin defines one or reads the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { campaignProgressSchema } from '../../shared/api/reports.js'
import { campaignSchema, LIULIAN_CAMPAIGN } from '../../shared/liulian/campaign.js'
import { docName } from '../../shared/docNames.js'
import { readCampaigns, recordTaskDone } from '../../shared/liulian/liulianDoc.js'
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
    // Both tasks of 2026 are past their 时限 once the year is under way past February.
    const pastFeb = progress.today > '2026-02-28'
    expect(row(other).overdue).toBe(pastFeb ? 2 : progress.today > '2026-01-20' ? 1 : 0)
    expect(row(later).overdue).toBe(row(other).overdue)
    if (pastFeb) expect([other, later]).toContain(ledger[0]!.villageId)
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
