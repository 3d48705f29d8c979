/**
 * 民呼我应 end to end (issue #23): a resident with JavaScript switched off raises a matter from
 * the village's public board, with a photo; it reaches the grid worker's phone, which is signed in
 * and open on the incident list, without a reload; it stays there offline; it waits under 待受理 on
 * the ledger home until the worker takes it on; the worker sees the photo on the record; the worker's 受理 shows on the resident's tracking page. The resident's phone number is on no page the resident can see.
 * A cadre publishes a 办结公示 from the app: only the matter ticked, only as its anonymised
 * summary, confirmed, through the outbox to the public board.
 */
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { docName } from '../../shared/docNames.js'
import { appendFact, listRecords } from '../../shared/ledger/ledgerDoc.js'
import { bulletinTitle } from '../../shared/matters/bulletin.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { MATTER_PHOTO_NAME } from '../../server/matters/photo.js'
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness, unlockAfterReload } from './browser.js'

const WORKER = { phone: '13900000003', password: DEMO_PASSWORD }
const WHAT = '村口垃圾桶满了三天没人清运'
const CONTACT = '13712345678'
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''

beforeAll(async () => {
  const demo = await startDemoHarness('matters')
  harness = demo
  ;({ relay, browser } = demo)
  villageId = demo.demo.villages[0]!.id
}, 240_000)

afterAll(() => harness?.close())

describe('民呼我应', () => {
  it('a matter raised without JavaScript reaches the grid worker’s phone and its 受理 reaches the resident', async () => {
    const workerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const worker = await workerContext.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger/incident`, WORKER)
    await worker.locator('.record-card').first().waitFor(WAIT)
    expect(await worker.getByText(WHAT).count()).toBe(0)

    // The resident's old phone: no JavaScript at all.
    const resident = await (await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN', javaScriptEnabled: false })).newPage()
    await resident.goto(`${relay.url}/public/${villageId}`)
    await resident.getByTestId('raise-matter').click()
    await resident.locator('#category').selectOption('环境卫生')
    await resident.locator('#description').fill(WHAT)
    await resident.locator('#place').fill('村口')
    // The worker's grid: the first grid of the village (the list is ordered by grid code).
    await resident.locator('#grid').selectOption({ index: 1 })
    await resident.locator('#phone').fill(CONTACT)
    // A camera photo, 2400 × 1800: the relay scales it to 1600 on the long side.
    const photo = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 90, g: 140, b: 60 } } }).jpeg().toBuffer()
    await resident.locator('#photo').setInputFiles({ name: 'IMG_20261130_091500.jpg', mimeType: 'image/jpeg', buffer: photo })
    await resident.screenshot({ path: '/tmp/cunwu-matter-form.png', fullPage: true })
    await resident.getByRole('button', { name: '提交' }).click()
    await resident.getByTestId('matter-raised').waitFor(WAIT)
    expect(await resident.getByTestId('matter-stage').textContent()).toBe('已收到')
    const code = (await resident.getByTestId('matter-code').textContent())!.trim()
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/)
    expect(await resident.content()).not.toContain(CONTACT)

    // It reaches the worker's phone live, as a 群众反映 incident.
    await worker.getByText(WHAT).first().waitFor(WAIT)
    // …and stays on it offline (IndexedDB), after a reload with no network.
    await workerContext.setOffline(true)
    await worker.reload()
    await unlockAfterReload(worker, WORKER)
    await worker.getByText(WHAT).first().waitFor(WAIT)
    await workerContext.setOffline(false)

    // On the ledger home it waits under 待受理 (nobody has taken it on), and opens from there:
    // the resident's photo is on the record.
    await worker.getByTestId('ledger-home').click()
    const waiting = worker.getByTestId('to-accept-item').filter({ hasText: WHAT })
    await waiting.waitFor(WAIT)
    expect(await waiting.textContent()).toContain('[群众反映]')
    await waiting.getByRole('button').click()
    await expect.poll(() => worker.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
    expect(await worker.getByTestId('attachment').textContent()).toContain(MATTER_PHOTO_NAME)
    await worker.screenshot({ path: '/tmp/cunwu-matter-worker.png', fullPage: true })
    // …and accepts it (受理).
    await worker.getByTestId('act-accept').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已受理')
    // Taken on, it no longer waits.
    await worker.goBack()
    await worker.getByTestId('ledger-home-page').waitFor(WAIT)
    expect(await worker.getByTestId('to-accept-item').filter({ hasText: WHAT }).count()).toBe(0)

    // The resident follows it by code, still without JavaScript.
    await resident.goto(`${relay.url}/public/${villageId}/matters/track`)
    await resident.locator('#code').fill(code.toLowerCase())
    await resident.getByRole('button', { name: '查看进度' }).click()
    await expect.poll(() => resident.getByTestId('matter-stage').textContent(), WAIT).toBe('已受理')
    expect(await resident.content()).not.toContain(CONTACT)
    await resident.screenshot({ path: '/tmp/cunwu-matter-track.png', fullPage: true })
    await resident.goto(`${relay.url}/public/${villageId}`)
    await resident.getByTestId('matter-figures').waitFor(WAIT)
    expect(await resident.content()).not.toContain(WHAT)
    await resident.getByTestId('matter-figures').screenshot({ path: '/tmp/cunwu-matter-board.png' })
  }, 120_000)

  it('a cadre publishes a 办结公示 with only the matter ticked, anonymised, after confirming', async () => {
    // A resident the ledger knows: a name the app can find and mask (one it does not know only the cadre can catch).
    const NAME = await firstResidentName()
    const PHONE = '13811112222'
    const ID = '110101199003078515'
    const published = await raiseAndClose({ category: '邻里纠纷', description: `我是${NAME}，电话${PHONE}，身份证${ID}，隔壁天天半夜吵闹`, place: '三组12号', phone: CONTACT }, ['accept', 'mediate', 'settle', 'feedback'], `已电话告知${NAME}（${PHONE}）：邻里双方已签调解协议甲乙。`)
    const unpublished = await raiseAndClose({ category: '环境卫生', description: '未公示的反映内容戊己庚', place: '村口', phone: '' }, ['onsite', 'verify', 'feedback'], '未公示的答复丙丁')
    expect(published.kind).toBe('dispute')
    expect(unpublished.kind).toBe('incident')
    const secrets = [NAME, PHONE, ID, '三组12号', CONTACT, '半夜吵闹', '未公示的反映内容戊己庚', '未公示的答复丙丁']

    const cadre = DEMO_ACCOUNTS.find((a) => a.role === 'village_cadre' && a.village === 0)!
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage()
    reportPageErrors(page, 'cadre')
    await signIn(page, relay.url, { phone: cadre.phone, password: DEMO_PASSWORD })
    await gotoApp(page, `${relay.url}/v/${villageId}/ledger`, { password: DEMO_PASSWORD })
    await page.getByTestId('open-bulletin').click()
    await page.getByTestId('bulletin-items').waitFor(WAIT)
    // Both closed matters are listed, this month; nothing is ticked until the cadre ticks it.
    const items = page.getByTestId('bulletin-item')
    await expect.poll(async () => (await summaries()).filter((t) => t.includes('邻里双方已签调解协议甲乙') || t.includes('未公示的答复丙丁')).length, WAIT).toBe(2)
    expect(await page.getByTestId('bulletin-compose').isDisabled()).toBe(true)
    const all = await summaries()
    const index = all.findIndex((t) => t.includes('邻里双方已签调解协议甲乙'))
    expect(all[index]).toBe('【邻里纠纷】已电话告知＊＊（＊＊）：邻里双方已签调解协议甲乙。')
    for (const text of all) for (const secret of secrets.slice(0, 6)) expect(text).not.toContain(secret)

    // A summary written back with a name is refused until it is rewritten.
    const mine = items.nth(index)
    await mine.getByTestId('bulletin-choose').check()
    await mine.getByTestId('bulletin-summary').fill(`【邻里纠纷】${NAME}家的纠纷已调解。`)
    await mine.getByTestId('bulletin-problem').waitFor(WAIT)
    expect(await page.getByTestId('bulletin-compose').isDisabled()).toBe(true)
    await mine.getByTestId('bulletin-summary').fill('【邻里纠纷】经网格员调解，邻里双方已签调解协议甲乙。')
    await page.getByTestId('bulletin-compose').click()

    const form = page.getByTestId('bulletin-notice')
    await form.waitFor(WAIT)
    const title = bulletinTitle(shanghaiDate().slice(0, 7))
    expect(await page.getByTestId('bulletin-notice-title').inputValue()).toBe(title)
    await page.getByTestId('bulletin-notice-submit').click()
    // Publishing cannot be undone: it is said plainly and confirmed first.
    const confirm = page.getByTestId('bulletin-notice-confirm')
    await confirm.waitFor(WAIT)
    expect(await confirm.textContent()).toContain('发布后不能修改，也不能删除')
    await confirm.getByTestId('bulletin-notice-confirm-ok').click()
    await form.getByText('已提交发布').waitFor(WAIT)

    // Through the outbox to the notice chain, and onto the public board.
    const resident = await (await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN', javaScriptEnabled: false })).newPage()
    await expect
      .poll(async () => {
        await resident.goto(`${relay.url}/public/${villageId}`)
        return resident.getByText(title).count()
      }, WAIT)
      .toBeGreaterThan(0)
    const board = await resident.content()
    await resident.getByText(title).first().click()
    const notice = await resident.content()
    expect(notice).toContain('经网格员调解，邻里双方已签调解协议甲乙。')
    for (const text of [board, notice]) for (const secret of secrets) expect(text).not.toContain(secret)

    async function summaries(): Promise<string[]> {
      return Promise.all((await items.all()).map((item) => item.getByTestId('bulletin-summary').inputValue()))
    }
  }, 180_000)
})

async function firstGridId(): Promise<string> {
  const form = await fetch(`${relay.url}/public/${villageId}/matters`).then((r) => r.text())
  return /<option value="([^"]+)">[^<]*网格/.exec(form.replace(/<option value="unsure"[^>]*>[^<]*<\/option>/, ''))![1]!
}

async function firstResidentName(): Promise<string> {
  const gridId = await firstGridId()
  const name = await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => listRecords(room.doc, 'resident', gridId).map((r) => String(r.values.name)).find((n) => n.length >= 2))
  expect(name).toBeDefined()
  return name!
}

/** A resident's matter raised on the public form and closed by the grid's steps (as the app writes them). */
async function raiseAndClose(fields: Record<string, string>, steps: readonly string[], reply: string): Promise<{ kind: string }> {
  const gridId = await firstGridId()
  const res = await fetch(`${relay.url}/public/${villageId}/matters`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grid: gridId, ...fields }).toString(),
  })
  expect(res.status).toBe(303)
  const code = /matters\/([0-9A-Z]{10})/.exec(res.headers.get('location') ?? '')![1]!
  const row = (await relay.store.matters.find(code))!
  const kind = fields.category === '邻里纠纷' ? 'dispute' : 'incident'
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId: row.gridId }), async (room) => {
    steps.forEach((action, i) => appendFact(room.doc, kind, row.recordId, { action, by: 'e2e', byName: '张网格', at: new Date(Date.now() + i * 1000).toISOString(), ...(action === 'feedback' ? { note: reply } : {}) }))
    await room.flush()
  })
  return { kind }
}
