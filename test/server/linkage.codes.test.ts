/**
 * 民情联系卡 codes on a real relay (issue #17 item 5, #23 item 4), with no JavaScript:
 * - a village cadre issues a one-time 评议码; the household rates once with it, and the rating
 *   lands in the member's linkage doc and counts in evaluation; the same code again (and two
 *   concurrent submissions of one code) rate once only; a wrong code says so in Chinese;
 * - the household's 联系卡编码 raises 民呼我应 matters as that household (涉及户 in the grid's
 *   ledger) any number of times; a wrong one keeps the form's text; no household shows publicly;
 * - codes are issued only to the village side (403 for a linked cadre or a grid worker), never listed
 *   back; the rating page is rate-limited; reports come from the records and name no household.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docName } from '../../shared/docNames.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { createRecord, listRecords } from '../../shared/ledger/ledgerDoc.js'
import { reportResponseSchema, townshipOverviewSchema } from '../../shared/api/linkage.js'
import { issueCodeResponseSchema } from '../../shared/linkage/cardCodes.js'
import { evaluationResult } from '../../shared/linkage/evaluation.js'
import { listEvaluations, setLinkage, shareHouseholds } from '../../shared/linkage/linkageDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { api } from '../helpers/api.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

const PERIOD = '2026H2'
let relay: TestRelay
let gridA: string
let nextAddress = 1
const HOUSEHOLDS = ['hc', 'h1', 'h2', 'h3'] as const

async function post(path: string, fields: Record<string, string>, address = `10.1.0.${nextAddress++}`) {
  const res = await fetch(`${relay.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body: new URLSearchParams(fields).toString(),
  })
  return { status: res.status, text: await res.text(), location: res.headers.get('location') }
}

async function issue(body: Record<string, string>, token = relay.token) {
  return api(relay.url, `/api/linkage/${relay.villageId}/codes`, { token, body: { memberId: 'm1', ...body } })
}

async function ratingCode(householdId: string): Promise<string> {
  const res = await issue({ kind: 'rating', householdId, period: PERIOD })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return issueCodeResponseSchema.parse(res.json).code
}

async function evaluations() {
  return relay.relay.withDoc(docName({ kind: 'linkage', villageId: relay.villageId, memberId: 'm1' }), async (room) => listEvaluations(room.doc))
}

beforeAll(async () => {
  relay = await startTestRelay({ trustProxy: 'loopback' })
  const villageId = relay.villageId
  await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
    gridA = addGrid(room.doc, { name: '一组网格', code: '01' })
    await room.flush()
  })
  const records = await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId: gridA }), async (room) => {
    for (const [i, id] of HOUSEHOLDS.entries()) createRecord(room.doc, household, { householdNo: `01-00${i}`, headName: `秘密户主${i}`, address: `一组${i}号` }, { id: 'u', name: '网格员' }, '2026-01-01T00:00:00Z', id)
    await room.flush()
    return listRecords(room.doc, 'household', gridA)
  })
  await relay.relay.withDoc(docName({ kind: 'linkage', villageId, memberId: 'm1' }), async (room) => {
    setLinkage(room.doc, { id: 'm1', memberName: '李联系', memberType: '镇机关干部', post: '副镇长', centreHouseholdId: 'hc', radiatingHouseholdIds: ['h1', 'h2', 'h3'], since: '2026-01-01' })
    shareHouseholds(room.doc, records, { id: 'u', name: '村文书' }, '2026-01-01T00:00:00Z')
    await room.flush()
  })
}, 30_000)

afterAll(async () => {
  await relay?.close()
})

describe('one-time 评议码', () => {
  it('rates once: the rating reaches the linkage doc and evaluation; the same code again is refused', async () => {
    const code = await ratingCode('h1')
    expect(code).toMatch(/^[0-9A-Z]{10}$/)
    const form = await fetch(`${relay.url}/public/${relay.villageId}/rate`)
    expect(form.status).toBe(200)
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(scriptTags(await form.text())).toEqual([OFFLINE_SCRIPT])

    const first = await post(`/public/${relay.villageId}/rate`, { code: `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`, rating: '满意' })
    expect(first.status, first.text).toBe(303)
    expect(first.location).toBe(`/public/${relay.villageId}/rate?done=1`)
    const again = await post(`/public/${relay.villageId}/rate`, { code, rating: '不满意' })
    expect(again.status).toBe(409)
    expect(again.text).toContain('这个评议码已经用过了')

    const result = evaluationResult(await evaluations(), PERIOD)
    expect(result.counts).toEqual({ 满意: 1, 基本满意: 0, 不满意: 0 })
    expect(result.rejected).toEqual([])
    // The household may not be handed a second code for the period once it has rated.
    const refused = await issue({ kind: 'rating', householdId: 'h1', period: PERIOD })
    expect(refused.status).toBe(409)
  })

  it('two concurrent submissions of one code rate once', async () => {
    const code = await ratingCode('h2')
    const results = await Promise.all([post(`/public/${relay.villageId}/rate`, { code, rating: '基本满意' }), post(`/public/${relay.villageId}/rate`, { code, rating: '不满意' })])
    expect(results.map((r) => r.status).sort()).toEqual([303, 409])
    const facts = (await evaluations()).filter((f) => f.data?.householdId === 'h2')
    expect(facts).toHaveLength(1)
  })

  it('says a wrong or revoked code is wrong, keeps the rating chosen, and names no household', async () => {
    const wrong = await post(`/public/${relay.villageId}/rate`, { code: 'ABCDE-FGHJK', rating: '基本满意' })
    expect(wrong.status).toBe(404)
    expect(wrong.text).toContain('评议码不对')
    expect(wrong.text).toMatch(/value="基本满意" checked/)
    const old = await ratingCode('h3')
    await ratingCode('h3') // issuing again revokes the unused one
    expect((await post(`/public/${relay.villageId}/rate`, { code: old, rating: '满意' })).status).toBe(404)
    const empty = await post(`/public/${relay.villageId}/rate`, { code: old, rating: '' })
    expect(empty.status).toBe(400)
    expect(empty.text).toContain('请选择满意、基本满意或不满意')
    for (const page of [wrong.text, empty.text]) expect(page).not.toContain('秘密户主')
  })

  it('refuses codes for a household the member is not linked to, and from anyone but the village side', async () => {
    expect((await issue({ kind: 'card', householdId: 'nobody' })).status).toBe(400)
    expect((await issue({ kind: 'card', householdId: 'hc' }, 'not-a-token')).status).toBe(401)
    const list = await api(relay.url, `/api/linkage/${relay.villageId}/codes`, { token: relay.token })
    expect(list.status).toBe(200)
    expect(JSON.stringify(list.json)).not.toMatch(/"code"/)
  })

  it('limits submissions per address with a Chinese message', async () => {
    const address = '10.9.9.9'
    let last = { status: 0, text: '' }
    for (let i = 0; i < 25 && last.status !== 429; i++) last = await post(`/public/${relay.villageId}/rate`, { code: 'ABCDE-FGHJK', rating: '满意' }, address)
    expect(last.status).toBe(429)
    expect(last.text).toContain('提交太频繁了')
  })
})

describe('联系卡编码 on 民呼我应', () => {
  it('raises matters as the household, twice with one code; the household is in the ledger only', async () => {
    const res = await issue({ kind: 'card', householdId: 'hc' })
    expect(res.status).toBe(200)
    const { code } = issueCodeResponseSchema.parse(res.json)
    for (const description of ['门前水沟堵了好几天了', '路灯又坏了，晚上很黑']) {
      const raised = await post(`/public/${relay.villageId}/matters`, { category: '环境卫生', description, place: '一组', grid: 'unsure', phone: '', cardCode: code })
      expect(raised.status, raised.text).toBe(303)
      const tracking = await (await fetch(`${relay.url}${raised.location}`)).text()
      expect(tracking).not.toContain('秘密户主')
      expect(tracking).not.toContain('联系卡户')
    }
    const incidents = await relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId: gridA }), async (room) => listRecords(room.doc, 'incident', gridA))
    const mine = incidents.filter((r) => r.values.householdIds !== undefined)
    expect(mine).toHaveLength(2)
    for (const r of mine) {
      expect(r.values.householdIds).toEqual(['hc'])
      // Its own grid, so not 待村分派.
      expect(String(r.values.title)).not.toContain('待村分派')
    }
  })

  it('a wrong 联系卡编码 keeps what the resident wrote and says so; nothing is raised', async () => {
    const before = (await relay.store.linkageCodes.list(relay.villageId)).length
    const res = await post(`/public/${relay.villageId}/matters`, { category: '环境卫生', description: '垃圾桶满了没人清理', place: '二组路口', grid: 'unsure', phone: '', cardCode: 'ZZZZZ-ZZZZZ' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('联系卡编码不对')
    expect(res.text).toContain('垃圾桶满了没人清理')
    expect(res.text).toContain('二组路口')
    expect((await relay.store.linkageCodes.list(relay.villageId)).length).toBe(before)
  })
})

describe('半年书面报告 and the township overview', () => {
  it('generates the village’s report from the records, naming the member and no household', async () => {
    const res = await api(relay.url, `/api/linkage/${relay.villageId}/report?date=2026-08-01`, { token: relay.token })
    expect(res.status).toBe(200)
    const report = reportResponseSchema.parse(res.json)
    expect(report.title).toBe('测试村2026年下半年联网联户工作书面报告')
    expect(report.text).toContain('共有联系党员、干部 1 名，联系群众 4 户')
    expect(report).toMatchObject({ start: '2026-07-01', end: '2026-12-31' })
    expect(report.text).not.toContain('秘密户主')
    expect((await api(relay.url, `/api/linkage/${relay.villageId}/report?date=2026-13-01`, { token: relay.token })).status).toBe(400)
  })

  it('gives the township admin the township report of its 镇机关干部 and every village’s coverage as counts', async () => {
    const report = reportResponseSchema.parse((await api(relay.url, '/api/linkage/township/report?date=2026-03-01', { token: relay.token })).json)
    expect(report.title).toBe('本镇机关干部2026年上半年联网联户工作书面报告')
    expect(report.text).toContain('共有联系党员、干部 1 名')
    const overview = townshipOverviewSchema.parse((await api(relay.url, '/api/linkage/township/overview', { token: relay.token })).json)
    const row = overview.villages.find((v) => v.villageId === relay.villageId)
    expect(row).toMatchObject({ households: 4, linkedHouseholds: 4, members: 1 })
    expect(JSON.stringify(overview)).not.toContain('秘密户主')
    expect((await api(relay.url, '/api/linkage/township/overview')).status).toBe(401)
  })
})

describe('who may issue codes and read reports', () => {
  it('refuses a linked cadre (they must not hand out codes to rate themselves) and a grid worker', async () => {
    for (const [i, role] of (['linked_cadre', 'grid_worker'] as const).entries()) {
      const phone = `1370000000${i}`
      const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name: `用户${i}`, password: 'a-long-pass-123', role } })
      expect(created.status).toBe(201)
      const id = (created.json as { id: string }).id
      const set = await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role, gridIds: [], sensitive: false } })
      expect(set.status).toBe(200)
      const token = await login(relay.url, phone, 'a-long-pass-123')
      const issued = await issue({ kind: 'rating', householdId: 'hc', period: PERIOD }, token)
      expect(issued.status).toBe(403)
      expect((issued.json as { error: string }).error).toBe('只有村两委成员和乡镇管理员可以办理')
      expect((await api(relay.url, `/api/linkage/${relay.villageId}/report`, { token })).status).toBe(403)
      expect((await api(relay.url, '/api/linkage/township/overview', { token })).status).toBe(403)
    }
  })
})
