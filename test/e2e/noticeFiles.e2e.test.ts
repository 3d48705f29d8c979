/**
 * A notice with a photo end to end (issue #19), real browser and relay: in the app's notice form a
 * cadre adds a photo offline and publishes; the notice waits on the device behind the photo's
 * upload, and once online goes out after it, with the photo in its hash. A resident
 * (no account, no JavaScript) sees the image on the public notice page, served from
 * /public/<v>/<seq>/files/<sha256> as an image, and the verification page finds the chain intact.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { WAIT, createVillage, drawPhoto, reportPageErrors, signIn, startHarness, type Harness, gotoApp } from './browser.js'

const SHOTS = { pc: '/tmp/cunwu-notice-files-1280.png', pcPhone: '/tmp/cunwu-notice-files-390.png', resident: '/tmp/cunwu-notice-public-390.png' }
let harness: Harness
let relay: RunningRelay
let browser: Browser
/** The first test's notice, which the offline test opens. */
const published = { villageId: '', sha256: '' }

beforeAll(async () => {
  harness = await startHarness('notice-files')
  ;({ relay, browser } = harness)
}, 180_000)
afterAll(() => harness?.close())

/** A 2400×1800 PNG drawn by the page itself (a stand-in for a photo of the posted notice board). */
const photo = (page: Page) => drawPhoto(page, { width: 2400, height: 1800, background: '#cdb', box: [500, 300, 1200, 900], boxColour: '#36a' })

it('a cadre publishes a notice with a photo; a resident sees the image and a verified chain', async () => {
  const pcContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const pc = await pcContext.newPage()
  reportPageErrors(pc, 'pc')
  await signIn(pc, relay.url)
  const villageId = await createVillage(pc, '和平村')
  await gotoApp(pc, `${relay.url}/v/${villageId}/decisions`)
  const form = pc.getByTestId('general-notice')
  await form.waitFor(WAIT)
  await form.getByTestId('general-notice-kind').selectOption('finance')
  await form.getByTestId('general-notice-title').fill('2026 年第一季度财务公开')
  await form.getByTestId('general-notice-body').fill('本季度收入 12.5 万元，支出 9.8 万元。\n\n收支明细见附件照片。')
  const png = await photo(pc)

  // Offline: the photo is kept and shown; publishing keeps the notice here, behind the photo's upload.
  await pcContext.setOffline(true)
  await form.getByTestId('general-notice-file').setInputFiles({ name: '收支明细.png', mimeType: 'image/png', buffer: png })
  await expect.poll(() => form.getByTestId('notice-attachment-state').textContent(), WAIT).toBe('待上传（联网后自动上传）')
  await expect.poll(() => form.locator('[data-testid="notice-attachment"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  const sha256 = (await form.getByTestId('notice-attachment').getAttribute('data-sha256')) as string
  await form.getByTestId('general-notice-title').scrollIntoViewIfNeeded()
  await pc.screenshot({ path: SHOTS.pc })
  await pc.setViewportSize({ width: 390, height: 844 })
  await pc.evaluate(() => document.querySelector('[data-testid="general-notice-files"]')?.scrollIntoView({ block: 'center' }))
  await pc.screenshot({ path: SHOTS.pcPhone })
  await pc.setViewportSize({ width: 1280, height: 900 })
  await form.getByTestId('general-notice-submit').click()
  await pc.getByTestId('general-notice-confirm-ok').click()
  await expect.poll(() => pc.getByTestId('outbox-list').getByTestId('notice-queued').textContent(), WAIT).toBe('已保存在本机，等 1 个附件上传后自动发布')
  await expect.poll(() => pc.locator('.ok').filter({ hasText: '已提交发布' }).count(), WAIT).toBe(1)
  expect(await form.getByTestId('notice-attachment').count()).toBe(0)
  expect(await relay.store.attachments.get(villageId, sha256)).toBeNull()

  // Online: the photo uploads (held here until released); the notice does not go before it.
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  let holding = false
  await pcContext.route('**/api/attachments/**', async (route) => {
    if (route.request().method() === 'PUT') {
      holding = true
      await held
    }
    await route.continue()
  })
  await pcContext.setOffline(false)
  await expect.poll(() => holding, WAIT).toBe(true)
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect((await fetch(`${relay.url}/public/${villageId}/1`)).status).toBe(404)
  release()
  await expect.poll(async () => (await fetch(`${relay.url}/public/${villageId}/1`)).status, { timeout: 30_000 }).toBe(200)
  expect((await relay.store.attachments.get(villageId, sha256))?.complete).toBe(true)
  await expect.poll(() => pc.getByTestId('outbox-list').count(), WAIT).toBe(0)
  await pcContext.close()

  // A resident: no account, no JavaScript.
  const resident = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled: false })
  const phone = await resident.newPage()
  await phone.goto(`${relay.url}/public/${villageId}/1`)
  expect(await phone.textContent('body')).toContain('收支明细见附件照片')
  const src = `/public/${villageId}/1/files/${sha256}`
  const img = phone.locator(`img[src="${src}"]`)
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  const served = await fetch(`${relay.url}${src}`)
  expect(served.status).toBe(200)
  expect(served.headers.get('content-type')).toMatch(/^image\/jpeg/)
  expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(1000)
  await phone.screenshot({ path: SHOTS.resident, fullPage: true })
  await phone.getByText('核验公告记录').click()
  await phone.waitForURL(/\/verify$/, WAIT)
  expect(await phone.locator('[data-verdict]').getAttribute('data-verdict')).toBe('intact')
  expect(await phone.textContent('body')).toContain('共 1 条')
  await resident.close()
  Object.assign(published, { villageId, sha256 })
}, 180_000)

it('a resident’s phone keeps the pages it opened: offline they open with the time they were saved; others say they were never opened here', async () => {
  const { villageId, sha256 } = published
  expect(villageId).not.toBe('')
  // JavaScript on this time: the pages' one script registers the offline worker.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
  const page = await context.newPage()
  reportPageErrors(page, 'resident')
  await page.goto(`${relay.url}/public/${villageId}`)
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), WAIT).toBe('activated')
  // The notice and its photo; the 民呼我应 form (private, no-store: never kept).
  await page.goto(`${relay.url}/public/${villageId}/1`)
  await expect.poll(() => page.locator('img').first().evaluate((el) => (el as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  await page.goto(`${relay.url}/public/${villageId}/matters`)
  expect(await page.textContent('body')).toContain('反映')
  const kept = () => page.evaluate(async () => (await (await caches.open('cunwu-public-v1')).keys()).map((r) => new URL(r.url).pathname))
  await expect.poll(async () => (await kept()).sort(), WAIT).toEqual([`/public/${villageId}`, `/public/${villageId}/1`, `/public/${villageId}/1/files/${sha256}`].sort())

  // Hours later (the browser's own cache, max-age 60 s, long expired), with no signal.
  await (await context.newCDPSession(page)).send('Network.clearBrowserCache')
  await context.setOffline(true)
  // The board, first opened before the worker existed, and the notice with its photo.
  await page.goto(`${relay.url}/public/${villageId}`)
  expect(await page.getByRole('status').textContent()).toMatch(/^当前没有网络：这是本机 \d{1,2}月\d{1,2}日 \d\d:\d\d 保存的内容，可能不是最新。$/)
  expect(await page.textContent('body')).toContain('2026 年第一季度财务公开')
  await page.getByText('2026 年第一季度财务公开').click()
  await page.waitForURL(/\/1$/, WAIT)
  expect(await page.textContent('body')).toContain('收支明细见附件照片')
  await expect.poll(() => page.locator(`img[src="/public/${villageId}/1/files/${sha256}"]`).evaluate((el) => (el as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: '/tmp/cunwu-public-offline-390.png', fullPage: true })
  // Never kept: says so in Chinese and lists what this phone has.
  for (const path of [`/public/${villageId}/matters`, `/public/${villageId}/linkage`]) {
    const response = await page.goto(`${relay.url}${path}`)
    expect(response?.status()).toBe(503)
    expect(await page.locator('h1').textContent()).toBe('没有网络')
    expect(await page.textContent('body')).toContain('这一页还没有在这部手机上打开过')
    expect(await page.locator('li a').allTextContents()).toEqual(['2026 年第一季度财务公开', '和平村 村务公开栏'].map((t) => expect.stringContaining(t)))
  }
  await page.screenshot({ path: '/tmp/cunwu-public-not-saved-390.png', fullPage: true })

  // Online again: the page as served, with no offline line.
  await context.setOffline(false)
  await page.goto(`${relay.url}/public/${villageId}`)
  expect(await page.getByRole('status').count()).toBe(0)
  expect(await page.textContent('body')).toContain('2026 年第一季度财务公开')
  await context.close()
}, 120_000)

it('at the wall with no signal, a cadre’s phone records the posting with a photo; it goes up by itself once online, under the notice', async () => {
  const { villageId } = published
  expect(villageId).not.toBe('')
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
  const phone = await context.newPage()
  reportPageErrors(phone, 'cadre phone')
  await signIn(phone, relay.url)
  await gotoApp(phone, `${relay.url}/v/${villageId}/decisions`)
  const item = phone.locator('[data-testid="notice-log-item"][data-seq="1"]')
  await item.waitFor(WAIT)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())

  // In its publicity period with no posting recorded: the log says so.
  expect(await item.getByTestId('posting-missing').textContent()).toBe('公示中，未登记张贴')
  // Out of signal at the board: the log is the one this phone kept.
  await context.setOffline(true)
  await item.getByTestId('posting-open-1').click()
  const form = phone.getByTestId('posting-1')
  // Nothing typed, no photo: refused in Chinese, nothing queued.
  await form.getByTestId('posting-1-submit').click()
  await expect.poll(() => form.getByTestId('posting-1-places-error').textContent(), WAIT).toBe('请填写张贴地点')
  expect(await form.getByTestId('posting-1-photos-error').textContent()).toBe('请至少拍一张张贴照片')
  await form.getByTestId('posting-1-places').fill('村委会公开栏，第一村民小组活动室')
  expect(await form.getByTestId('posting-1-places-error').count()).toBe(0)
  await form.getByTestId('posting-1-camera').setInputFiles({ name: 'IMG_2041.png', mimeType: 'image/png', buffer: await photo(phone) })
  await expect.poll(() => form.locator('[data-testid="posting-photo"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await form.screenshot({ path: '/tmp/cunwu-posting-form-390.png' })
  await form.getByTestId('posting-1-submit').click()
  await phone.getByTestId('posting-1-confirm-ok').click()
  await expect.poll(() => item.getByTestId('posting-queued').textContent(), WAIT).toBe('张贴记录已保存在本机，等 1 张照片上传后自动登记')
  expect(await item.getByTestId('posting-missing').count()).toBe(0)
  // The photo's upload and the record are not on the relay: the status line does not say all is saved.
  expect(await phone.getByTestId('status-unsaved').textContent()).toBe('2 项更改尚未保存到服务器')
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await item.scrollIntoViewIfNeeded()
  await phone.screenshot({ path: '/tmp/cunwu-posting-offline-390.png' })
  expect((await relay.store.notices.list(villageId)).length).toBe(1)

  // Back in signal: the photo uploads, then the record goes, with no one touching the phone.
  await context.setOffline(false)
  await expect.poll(async () => (await relay.store.notices.list(villageId)).length, { timeout: 30_000 }).toBe(2)
  const [, posting] = await relay.store.notices.list(villageId)
  expect(posting?.posting).toEqual({ of: 1, postedOn: today, places: ['村委会公开栏', '第一村民小组活动室'] })
  await expect.poll(() => item.getByTestId('posting-recorded').textContent(), WAIT).toBe(`已张贴：${today} · 村委会公开栏、第一村民小组活动室 · 1 张照片 第 2 号记录`)
  expect(await item.getByTestId('posting-queued').count()).toBe(0)
  await expect.poll(() => phone.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
  await context.close()

  // A resident (no JavaScript) sees it under the notice, with the photo, and the chain intact.
  const resident = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled: false })
  const page = await resident.newPage()
  await page.goto(`${relay.url}/public/${villageId}`)
  expect(await page.textContent('body')).toContain(`已张贴 ${today}`)
  expect(await page.textContent('body')).not.toContain('第 1 号公告张贴记录')
  await page.goto(`${relay.url}/public/${villageId}/1`)
  expect(await page.locator('.postings li').textContent()).toContain(`${today} 张贴于 村委会公开栏、第一村民小组活动室`)
  await expect.poll(() => page.locator('.postings img').evaluate((el) => (el as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: '/tmp/cunwu-posting-public-390.png', fullPage: true })
  await page.goto(`${relay.url}/public/${villageId}/verify`)
  expect(await page.locator('[data-verdict]').textContent()).toContain('共 2 条（其中张贴记录 1 条）')
  await resident.close()
}, 120_000)
