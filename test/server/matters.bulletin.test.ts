/**
 * 办结公示 end to end on a real relay (issue #23 item 5): residents raise matters with no account,
 * grid workers close them, and a cadre publishes one month's 办结公示 the way the client does —
 * the list and prefill from shared/matters/bulletin.ts over the ledger records, then the notice
 * through POST /api/notices (what the workspace outbox sends). Nothing a resident wrote, no
 * name, phone, ID number or address reaches the notice or any public page; matters the cadre
 * did not choose appear nowhere public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { newId } from '../../shared/ids.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { appendFact, createRecord, listRecords } from '../../shared/ledger/ledgerDoc.js'
import { bulletinBody, bulletinMatters, bulletinProblems, bulletinTitle, ledgerPersonalTerms, matterTerms } from '../../shared/matters/bulletin.js'
import { addGrid } from '../../shared/metaDoc.js'
import { api } from '../helpers/api.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const NAME = '张秀英'
const PHONE = '13812345678'
const ID = '110101199003078515'
const ADDRESS = '三组12号'
const CONTACT = '13987654321'
const DESCRIPTION = `我是${NAME}，电话${PHONE}，身份证${ID}，家住${ADDRESS}，门口路灯坏了半个月没人修`
const OTHER_DESCRIPTION = '独一无二的未公示反映内容甲乙'
const OTHER_REPLY = '独一无二的未公示答复丙丁'
const QUARREL_REPLY = '独一无二的纠纷答复戊己'

let relay: TestRelay
let gridId: string
let clock = Date.now() - 3_600_000
let nextAddress = 1

async function raise(fields: Record<string, string>): Promise<string> {
  const res = await fetch(`${relay.url}/public/${relay.villageId}/matters`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.1.0.${nextAddress++}` },
    body: new URLSearchParams({ category: '道路设施', place: '村口', grid: gridId, phone: '', ...fields }).toString(),
  })
  expect(res.status).toBe(303)
  return /matters\/([0-9A-Z]{10})\?new=1$/.exec(res.headers.get('location') ?? '')![1]!
}

async function records(): Promise<LedgerRecord[]> {
  return relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId }), async (room) => ['incident', 'dispute', 'resident', 'household'].flatMap((k) => listRecords(room.doc, k, gridId)))
}

/** A grid worker's steps, as the client writes them. */
async function close(code: string, steps: readonly string[], reply: string) {
  const row = (await relay.store.matters.find(code))!
  const kind = (await records()).find((r) => r.id === row.recordId)!.kind
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId }), async (room) => {
    for (const action of steps) {
      clock += 1000
      // A 协调性 matter is taken on at the village with its lead unit, as the client asks for it.
      const lead = kind === 'incident' && action === 'accept' ? { data: { leadUnit: '村委会' } } : {}
      appendFact(room.doc, kind, row.recordId, { action, by: 'u1', byName: '王网格', at: new Date(clock).toISOString(), ...(action === 'feedback' ? { note: reply } : { note: `内部备注：${NAME}家` }), ...lead })
    }
    await room.flush()
  })
}

async function publicText(path: string): Promise<string> {
  const res = await fetch(`${relay.url}${path}`)
  expect(res.status, path).toBe(200)
  return res.text()
}

/** Every public page a resident can reach without a tracking code (which opens only its own matter). */
async function publicPages(): Promise<string[]> {
  const list = (await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token })).json as { notices: { seq: number }[] }
  const pages = ['/public', `/public/${relay.villageId}`, `/public/${relay.villageId}/verify`, `/public/${relay.villageId}/matters`, `/public/${relay.villageId}/linkage`]
  for (const n of list.notices) pages.push(`/public/${relay.villageId}/${n.seq}`, `/public/${relay.villageId}/${n.seq}/print`)
  return Promise.all(pages.map(publicText))
}

const SECRETS = [NAME, PHONE, ID, ADDRESS, CONTACT, '门口路灯坏了半个月', '内部备注', OTHER_DESCRIPTION, OTHER_REPLY, QUARREL_REPLY, '隔壁天天吵架']

beforeAll(async () => {
  relay = await startTestRelay({ trustProxy: 'loopback' })
  await relay.relay.withDoc(docName({ kind: 'meta', villageId: relay.villageId }), async (room) => {
    gridId = addGrid(room.doc, { name: '一组网格', code: '01' })
    await room.flush()
  })
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId }), async (room) => {
    const actor = { id: 'u1', name: '王网格' }
    const at = new Date().toISOString()
    createRecord(room.doc, household, { householdNo: '001', headName: '李建国', address: ADDRESS }, actor, at)
    createRecord(room.doc, resident, { name: NAME, idNumber: ID }, actor, at)
    await room.flush()
  })
}, 30_000)

afterAll(async () => {
  await relay?.close()
})

describe('办结公示', () => {
  it('publishes only the chosen matter, as an anonymised summary; nothing a resident wrote or anything personal reaches a public page', async () => {
    const lamp = await raise({ description: DESCRIPTION, place: `${ADDRESS}门口`, phone: CONTACT })
    const other = await raise({ description: OTHER_DESCRIPTION })
    const quarrel = await raise({ category: '邻里纠纷', description: '隔壁天天吵架，影响休息' })
    // 道路设施 is 协调性: reported to the village first. The reply carelessly names the resident.
    await close(lamp, ['escalate', 'accept', 'handle', 'resolve', 'verify', 'feedback'], `已联系${NAME}（${PHONE}），${ADDRESS}门口的路灯已更换。`)
    await close(other, ['escalate', 'accept', 'handle', 'resolve', 'verify', 'feedback'], OTHER_REPLY)
    await close(quarrel, ['accept', 'mediate', 'settle', 'feedback'], QUARREL_REPLY)

    // Before anything is published, none of it is public.
    for (const text of await publicPages()) for (const secret of SECRETS) expect(text).not.toContain(secret)

    const all = await records()
    const personal = ledgerPersonalTerms(
      all.filter((r) => r.kind === 'resident'),
      all.filter((r) => r.kind === 'household'),
    )
    const month = shanghaiDate().slice(0, 7)
    const items = bulletinMatters(all, month, shanghaiDate(), personal)
    const rows = await Promise.all([lamp, other, quarrel].map((code) => relay.store.matters.find(code)))
    expect(items.map((m) => m.recordId).sort()).toEqual(rows.map((r) => r!.recordId).sort())
    const chosen = items.find((m) => m.recordId === rows[0]!.recordId)!
    // The matter's own place (三组12号门口) goes whole, before the household's address inside it.
    expect(chosen.summary).toBe('【道路设施】已联系＊＊（＊＊），＊＊的路灯已更换。')
    const record = all.find((r) => r.id === chosen.recordId)!
    const body = bulletinBody(month, items.length, [chosen])
    expect(bulletinProblems(body, [...personal, ...matterTerms(record)], [String(record.values.description)])).toEqual([])

    const published = await api(relay.url, `/api/notices/${relay.villageId}`, {
      token: relay.token,
      body: { id: newId(), kind: 'village_affairs', title: bulletinTitle(month), body, periodFrom: shanghaiDate(), periodTo: shanghaiDate() },
    })
    expect(published.status).toBe(201)
    const notice = (published.json as { notice: { seq: number; body: string; title: string } }).notice
    expect(notice.title).toBe(bulletinTitle(month))
    expect(notice.body).toContain('路灯已更换')
    for (const secret of SECRETS) expect(notice.body).not.toContain(secret)

    const pages = await publicPages()
    expect(pages.some((text) => text.includes('＊＊的路灯已更换'))).toBe(true)
    for (const text of pages) for (const secret of SECRETS) expect(text).not.toContain(secret)
  })
})
