/**
 * 民呼我应 (issue #23) on a real relay, with no JavaScript: plain form posts and redirects. A
 * matter becomes a 群众反映 incident in the chosen grid's ledger doc; the tracking page follows
 * the incident's facts; 不满意 reopens it; the rate limit refuses with a message and keeps the
 * input; XSS payloads render inert; the contact phone appears on no public page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docName } from '../../shared/docNames.js'
import { appendFact, listRecords } from '../../shared/ledger/ledgerDoc.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { disputeStatus } from '../../shared/ledger/workflows/dispute.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { addGrid } from '../../shared/metaDoc.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { createVillage, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { DANGEROUS, PAYLOADS } from '../helpers/xssPayloads.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

const PHONE = '13912345678'
let relay: TestRelay
let gridA: string
let gridB: string
/** Each test posts from its own address (X-Forwarded-For from a trusted loopback proxy). */
let nextAddress = 1

async function page(path: string) {
  const res = await fetch(`${relay.url}${path}`, { redirect: 'manual' })
  return { status: res.status, text: await res.text(), location: res.headers.get('location'), headers: res.headers }
}

async function post(path: string, fields: Record<string, string>, address = `10.0.0.${nextAddress++}`) {
  const res = await fetch(`${relay.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body: new URLSearchParams(fields).toString(),
  })
  return { status: res.status, text: await res.text(), location: res.headers.get('location') }
}

async function raise(fields: Partial<Record<string, string>> = {}, address?: string, villageId = relay.villageId) {
  const res = await post(`/public/${villageId}/matters`, { category: '道路设施', description: '三组村道路灯坏了一个星期', place: '三组村道', grid: villageId === relay.villageId ? gridA : 'unsure', phone: '', ...fields } as Record<string, string>, address)
  expect(res.status, res.text).toBe(303)
  const code = /matters\/([0-9A-Z]{10})\?new=1$/.exec(res.location ?? '')?.[1]
  expect(code).toBeDefined()
  return code!
}

/** The grid's incidents and disputes (a 邻里纠纷 is a dispute). */
async function matterRecords(gridId: string, villageId = relay.villageId): Promise<LedgerRecord[]> {
  return relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => [...listRecords(room.doc, 'incident', gridId), ...listRecords(room.doc, 'dispute', gridId)])
}

async function recordOf(code: string): Promise<LedgerRecord> {
  const row = await relay.store.matters.find(code)
  const record = (await matterRecords(row!.gridId, row!.villageId)).find((r) => r.id === row!.recordId)
  expect(record).toBeDefined()
  return record!
}

/** Step times one second apart (facts are ordered by time), in the past of the resident's rating. */
let clock = Date.now() - 3_600_000

/** A grid worker's step, written into the doc as the client would. */
async function act(code: string, action: string, note?: string) {
  clock += 1000
  const row = (await relay.store.matters.find(code))!
  const { kind } = await recordOf(code)
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId: row.villageId, gridId: row.gridId }), async (room) => {
    // A 协调性 matter is taken on at the village with its lead unit, as the client asks for it.
    const data = kind === 'incident' && action === 'accept' ? { data: { leadUnit: '村委会' } } : {}
    appendFact(room.doc, kind, row.recordId, { action, by: 'u1', byName: '王网格', at: new Date(clock).toISOString(), ...(note ? { note } : {}), ...data })
    await room.flush()
  })
}

/** Another village with one grid: its own per-village limit. */
async function freshVillage(): Promise<string> {
  const id = await createVillage(relay.url, relay.token, `村${nextAddress++}`)
  await relay.relay.withDoc(docName({ kind: 'meta', villageId: id }), async (room) => {
    addGrid(room.doc, { name: '一组网格', code: '01' })
    await room.flush()
  })
  return id
}

async function stage(code: string, villageId = relay.villageId) {
  const res = await page(`/public/${villageId}/matters/${code}`)
  expect(res.status).toBe(200)
  return { stage: /data-stage="(\w+)"/.exec(res.text)?.[1], text: res.text }
}

beforeAll(async () => {
  relay = await startTestRelay({ trustProxy: 'loopback' })
  await relay.relay.withDoc(docName({ kind: 'meta', villageId: relay.villageId }), async (room) => {
    gridA = addGrid(room.doc, { name: '一组网格', code: '01' })
    gridB = addGrid(room.doc, { name: '二组网格', code: '02' })
    await room.flush()
  })
}, 30_000)

afterAll(async () => {
  await relay?.close()
})

describe('raising a matter with no account', () => {
  it('the form needs no script and lists the grids and 不确定', async () => {
    const res = await page(`/public/${relay.villageId}/matters`)
    expect(res.status).toBe(200)
    expect(scriptTags(res.text)).toEqual([OFFLINE_SCRIPT])
    expect(res.text).toContain('一组网格')
    expect(res.text).toContain('不确定，由村里分派')
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'")
  })

  it('becomes a 群众反映 incident in the chosen grid, with the phone only in the ledger record', async () => {
    const code = await raise({ grid: gridB, phone: '139 1234 5678' })
    const record = await recordOf(code)
    expect(record.gridId).toBe(gridB)
    expect(record.values).toMatchObject({ channel: '群众反映', category: '基础设施', workType: '协调性', location: '三组村道', contactPhone: PHONE, occurredAt: shanghaiDate() })
    expect(incidentStatus(record, shanghaiDate())).toMatchObject({ state: 'reported', level: '网格' })
    const tracked = await page(`/public/${relay.villageId}/matters/${code}?new=1`)
    expect(tracked.text).toContain('data-stage="received"')
    expect(tracked.text).toContain('已收到您的反映')
    expect(tracked.text).not.toContain(PHONE)
    expect(tracked.headers.get('cache-control')).toBe('private, no-store')
  })

  it('when the resident is not sure of the grid, it waits for the village to assign it', async () => {
    const code = await raise({ grid: 'unsure' })
    const record = await recordOf(code)
    expect(record.gridId).toBe(gridA)
    expect(String(record.values.title)).toMatch(/^【待村分派】/)
    expect(incidentStatus(record, shanghaiDate())).toMatchObject({ state: 'escalated', level: '村' })
    expect((await stage(code)).stage).toBe('received')
  })

  it('bad input comes back with a Chinese message and what was written', async () => {
    const res = await post(`/public/${relay.villageId}/matters`, { category: '道路设施', description: '坏了', place: '三组村道', grid: gridA, phone: '' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('请写明发生了什么（至少 5 个字）')
    expect(res.text).toContain('value="三组村道"')
    const badPhone = await post(`/public/${relay.villageId}/matters`, { category: '治安', description: '晚上有人偷电动车', place: '二组', grid: gridA, phone: '12345' })
    expect(badPhone.status).toBe(400)
    expect(badPhone.text).toContain('联系电话格式不正确')
    expect(badPhone.text).toContain('晚上有人偷电动车')
  })

  it('a code that does not exist is refused, typed codes are normalised', async () => {
    const code = await raise()
    const typed = await page(`/public/${relay.villageId}/matters/track?code=${encodeURIComponent(` ${code.slice(0, 5).toLowerCase()}-${code.slice(5)} `)}`)
    expect(typed.status).toBe(303)
    expect(typed.location).toBe(`/public/${relay.villageId}/matters/${code}`)
    const missing = await page(`/public/${relay.villageId}/matters/ABCDEFGHJK`)
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('没有找到这个查询码')
  })
})

describe('the resident follows it', () => {
  it('the tracking page follows the incident, shows only the reply written for the resident, and 不满意 reopens it', async () => {
    const code = await raise()
    // 道路设施 is 协调性 (routing, #15): the grid reports it to the village, which takes it on.
    await act(code, 'escalate')
    expect((await stage(code)).stage).toBe('received')
    await act(code, 'accept')
    expect((await stage(code)).stage).toBe('accepted')
    await act(code, 'handle', '内部备注：找电工老李')
    expect((await stage(code)).stage).toBe('handling')
    await act(code, 'resolve', '内部备注：换了灯泡')
    await act(code, 'verify')
    expect((await stage(code)).stage).toBe('handling')
    await act(code, 'feedback', '路灯已更换，感谢您的反映。')
    const closed = await stage(code)
    expect(closed.stage).toBe('closed')
    expect(closed.text).toContain('路灯已更换，感谢您的反映。')
    expect(closed.text).not.toContain('内部备注')
    expect(closed.text).toContain('name="rating"')

    const unhappy = await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '不满意' })
    expect(unhappy.status).toBe(303)
    // The worker's next steps come after the rating; their device's clock runs a little fast,
    // so the resident's next rating still has to follow them (the server orders it after).
    clock = Date.now() + 1000
    const status = incidentStatus(await recordOf(code), shanghaiDate())
    expect(status).toMatchObject({ state: 'reopened', level: '村', rating: '不满意' })
    expect(status.next).toContain('accept')
    const reopened = await stage(code)
    expect(reopened.stage).toBe('handling')
    expect(reopened.text).toContain('重新办理')
    expect(reopened.text).not.toContain('name="rating"')

    await act(code, 'accept')
    await act(code, 'handle')
    await act(code, 'resolve')
    await act(code, 'verify')
    await act(code, 'feedback', '已安装新路灯。')
    expect((await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '满意' })).status).toBe(303)
    const done = await stage(code)
    expect(done.stage).toBe('revisited')
    expect(done.text).toContain('已安装新路灯。')
    // One rating per 办结.
    expect((await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '不满意' })).status).toBe(409)
    expect(incidentStatus(await recordOf(code), shanghaiDate()).state).toBe('feedback')
  })

  it('a 邻里纠纷 becomes a dispute in the chain; its tracking page follows the mediation, and 不满意 reopens it at 两委会商', async () => {
    const code = await raise({ category: '邻里纠纷', description: '邻居家的狗天天夜里叫，沟通无果', place: '二组', grid: gridB, phone: PHONE })
    const record = await recordOf(code)
    expect(record).toMatchObject({ kind: 'dispute', gridId: gridB })
    expect(record.values).toMatchObject({ channel: '群众反映', category: '邻里纠纷', severity: '一般', discoveredAt: shanghaiDate(), location: '二组', contactPhone: PHONE })
    expect(String(record.values.deadline) > shanghaiDate()).toBe(true)
    expect(await matterRecords(gridB).then((all) => all.filter((r) => r.kind === 'incident' && r.id === record.id))).toEqual([])
    const first = await stage(code)
    expect(first.stage).toBe('received')
    expect(first.text).toContain('<span class="tag">邻里纠纷</span>')
    expect(first.text).not.toContain(PHONE)

    await act(code, 'accept')
    expect((await stage(code)).stage).toBe('accepted')
    await act(code, 'mediate', '内部备注：两家有旧怨')
    expect((await stage(code)).stage).toBe('handling')
    await act(code, 'settle', '内部备注：约定夜里拴狗')
    // Settled, but the resident has not been answered yet.
    expect((await stage(code)).stage).toBe('handling')
    expect((await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '满意' })).status).toBe(409)
    await act(code, 'feedback', '经网格员调解，对方已同意夜间拴好狗。')
    const closed = await stage(code)
    expect(closed.stage).toBe('closed')
    expect(closed.text).toContain('经网格员调解，对方已同意夜间拴好狗。')
    expect(closed.text).not.toContain('内部备注')

    expect((await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '不满意' })).status).toBe(303)
    // The rating is ordered after the latest step (or now); the next steps follow it.
    clock = Math.max(clock, Date.now()) + 1000
    const status = disputeStatus(await recordOf(code), shanghaiDate())
    expect(status).toMatchObject({ outcome: 'open', stage: '两委会商', reopenedByResident: true, rating: '不满意' })
    const reopened = await stage(code)
    expect(reopened.stage).toBe('handling')
    expect(reopened.text).toContain('重新调处')
    expect(reopened.text).not.toContain('name="rating"')

    await act(code, 'accept')
    await act(code, 'mediate')
    await act(code, 'settle')
    await act(code, 'feedback', '两委会商后，双方签订了调解协议。')
    expect((await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '基本满意' })).status).toBe(303)
    const done = await stage(code)
    expect(done.stage).toBe('revisited')
    expect(done.text).toContain('两委会商后，双方签订了调解协议。')
    expect((await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '不满意' })).status).toBe(409)
  })

  it('a 邻里纠纷 the resident could not place waits at 驻片调处 for the village to assign', async () => {
    const code = await raise({ category: '邻里纠纷', grid: 'unsure' })
    const record = await recordOf(code)
    expect(record).toMatchObject({ kind: 'dispute', gridId: gridA })
    expect(String(record.values.summary)).toMatch(/^【待村分派】【邻里纠纷】/)
    expect(disputeStatus(record, shanghaiDate())).toMatchObject({ stage: '驻片调处', outcome: 'open' })
  })

  it('a matter cannot be rated before it is closed', async () => {
    const code = await raise()
    const res = await post(`/public/${relay.villageId}/matters/${code}/rate`, { rating: '满意' })
    expect(res.status).toBe(409)
    expect(res.text).toContain('办结后才能评价')
  })
})

describe('abuse and privacy', () => {
  it('the per-address limit refuses the sixth matter within the hour, with a message and the input kept', async () => {
    const address = '10.9.9.9'
    for (let i = 0; i < 5; i++) await raise({ description: `第 ${i + 1} 次反映的问题内容` }, address)
    const refused = await post(`/public/${relay.villageId}/matters`, { category: '其他', description: '第六次反映的问题内容', place: '村口', grid: gridA, phone: '' }, address)
    expect(refused.status).toBe(429)
    expect(refused.text).toContain('提交太频繁了')
    expect(refused.text).toContain('第六次反映的问题内容')
    // Another address is not held up.
    await raise({}, '10.9.9.10')
  })

  it('the per-village limit refuses the 61st matter within the hour from any address', async () => {
    const village = await freshVillage()
    for (let i = 0; i < 60; i++) await raise({}, `10.8.${Math.floor(i / 4)}.${i % 4}`, village)
    const refused = await post(`/public/${village}/matters`, { category: '其他', description: '第六十一条反映内容', place: '村口', grid: 'unsure', phone: '' }, '10.7.0.1')
    expect(refused.status).toBe(429)
    expect(refused.text).toContain('本村这一小时收到的反映太多')
    // Another village is not held up.
    await raise({}, '10.7.0.1')
  })

  /**
   * How often each dangerous pattern occurs in the page's markup: its tags, with quoted attribute
   * values blanked (escaped content cannot close a quote; content that did would show up here).
   */
  function counts(text: string): number[] {
    const tags = (text.match(/<[^>]*>/g) ?? []).map((tag) => tag.replace(/"[^"]*"/g, '""')).join('\n')
    return [...DANGEROUS, /<input/i, /\son\w+\s*=/i].map((p) => tags.match(new RegExp(p.source, 'gi'))?.length ?? 0)
  }

  it.each(PAYLOADS)('renders %s inert on the tracking page and in the re-rendered form', async (payload) => {
    const village = await freshVillage()
    const benignCode = await raise({ description: '路灯坏了，好几天了', place: '村口' }, undefined, village)
    const benignTrack = (await stage(benignCode, village)).text
    const benignForm = (await post(`/public/${village}/matters`, { category: '', description: '路灯坏了', place: '村口', grid: 'unsure', phone: '' })).text
    const code = await raise({ description: `${payload} 路灯坏了`, place: payload }, undefined, village)
    const tracked = await stage(code, village)
    const desc = /<p class="desc">([\s\S]*?)<\/p>/.exec(tracked.text)?.[1] ?? ''
    expect(desc).toContain('路灯坏了')
    expect(desc).not.toMatch(/[<>]/)
    // The record keeps what was written (the app renders it as text).
    expect((await recordOf(code)).values.description).toBe(`${payload} 路灯坏了`.trim())
    const form = await post(`/public/${village}/matters`, { category: '', description: payload, place: payload, grid: 'unsure', phone: '' })
    expect(form.status).toBe(400)
    expect(counts(tracked.text)).toEqual(counts(benignTrack))
    expect(counts(form.text)).toEqual(counts(benignForm))
  })

  it('no contact phone appears on any public page', async () => {
    const code = await raise({ phone: '0571-87654321', description: '邻居装修噪音很大', category: '邻里纠纷' })
    const bad = await post(`/public/${relay.villageId}/matters`, { category: '', description: '有电话的错误提交', place: '村口', grid: gridA, phone: '13811112222' })
    expect(bad.status).toBe(400)
    const pages = [
      bad.text,
      (await page(`/public/${relay.villageId}`)).text,
      (await page('/public')).text,
      (await page(`/public/${relay.villageId}/matters`)).text,
      (await page(`/public/${relay.villageId}/matters/${code}`)).text,
      (await page(`/public/${relay.villageId}/matters/${code}?new=1`)).text,
    ]
    for (const text of pages) {
      expect(text).not.toContain('87654321')
      expect(text).not.toContain('13811112222')
      expect(text).not.toContain(PHONE)
    }
    expect((await recordOf(code)).values.contactPhone).toBe('0571-87654321')
  })

  it('the board shows this month\'s figures without content, and a matter marked spam is left out', async () => {
    const village = await freshVillage()
    expect(monthRow((await page(`/public/${village}`)).text)).toEqual({ received: 0, closed: 0, rate: '—' })
    const kept = await raise({ description: '独一无二的测试内容甲乙丙' }, undefined, village)
    const spam = await raise({ description: '广告广告广告广告' }, undefined, village)
    await act(spam, 'spam')
    expect(incidentStatus(await recordOf(spam), shanghaiDate()).spam).toBe(true)
    for (const step of ['escalate', 'accept', 'handle', 'resolve', 'verify', 'feedback']) await act(kept, step, step === 'feedback' ? '已处理' : undefined)
    expect((await post(`/public/${village}/matters/${kept}/rate`, { rating: '基本满意' })).status).toBe(303)
    // A 邻里纠纷 is a dispute, and counts the same; so does its spam.
    const quarrel = await raise({ category: '邻里纠纷', description: '独一无二的纠纷内容丁戊己' }, undefined, village)
    for (const step of ['accept', 'mediate', 'settle', 'feedback']) await act(quarrel, step, step === 'feedback' ? '已调解' : undefined)
    expect((await post(`/public/${village}/matters/${quarrel}/rate`, { rating: '不满意' })).status).toBe(303)
    await act(await raise({ category: '邻里纠纷', description: '广告广告广告广告' }, undefined, village), 'spam')
    // A matter raised or rated here drops the board's cached figures at once.
    const board = await page(`/public/${village}`)
    expect(board.text).not.toContain('独一无二的测试内容甲乙丙')
    expect(board.text).not.toContain('独一无二的纠纷内容丁戊己')
    expect(board.text).not.toContain('广告')
    expect(board.text).toContain('我要反映问题')
    // The dispute was rated 不满意 and reopened: received, rated, not closed.
    expect(monthRow(board.text)).toEqual({ received: 2, closed: 1, rate: '50%' })
    // The spam matter is kept, and still tracked for whoever raised it.
    expect((await stage(spam, village)).stage).toBe('received')
  })
})

function monthRow(board: string) {
  const month = shanghaiDate().slice(0, 7)
  const row = new RegExp(`<tr><td>${month}</td><td>(\\d+)</td><td>(\\d+)</td><td>([^<]+)`).exec(board)
  expect(row).not.toBeNull()
  return { received: Number(row![1]), closed: Number(row![2]), rate: row![3] }
}
