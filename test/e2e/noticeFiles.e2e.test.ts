/**
 * A notice with a photo end to end (issue #19), real browser and relay: in the app's notice form a
 * cadre adds a photo; offline, publishing is refused with the reason (the files must be uploaded
 * first); online, the notice waits for the upload and goes out with the photo in its hash. A resident
 * (no account, no JavaScript) sees the image on the public notice page, served from
 * /public/<v>/<seq>/files/<sha256> as an image, and the verification page finds the chain intact.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { NOTICE_FILES_OFFLINE } from '../../client/app/decisions/NoticeForm.js'
import { WAIT, createVillage, drawPhoto, reportPageErrors, signIn, startHarness, type Harness, gotoApp } from './browser.js'

const SHOTS = { pc: '/tmp/cunwu-notice-files-1280.png', pcPhone: '/tmp/cunwu-notice-files-390.png', resident: '/tmp/cunwu-notice-public-390.png' }
let harness: Harness
let relay: RunningRelay
let browser: Browser

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

  // Offline: the photo is kept and shown, but publishing says it needs the upload and the network.
  await pcContext.setOffline(true)
  await form.getByTestId('general-notice-file').setInputFiles({ name: '收支明细.png', mimeType: 'image/png', buffer: png })
  await expect.poll(() => form.getByTestId('notice-attachment-state').textContent(), WAIT).toBe('待上传（联网后自动上传）')
  await expect.poll(() => form.locator('[data-testid="notice-attachment"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  const sha256 = (await form.getByTestId('notice-attachment').getAttribute('data-sha256')) as string
  await form.getByTestId('general-notice-submit').click()
  await expect.poll(() => form.locator('[role="alert"]').textContent(), WAIT).toBe(NOTICE_FILES_OFFLINE)
  expect(await pc.getByTestId('general-notice-confirm').isVisible()).toBe(false)
  expect(await relay.store.attachments.get(villageId, sha256)).toBeNull()
  await form.getByTestId('general-notice-title').scrollIntoViewIfNeeded()
  await pc.screenshot({ path: SHOTS.pc })
  await pc.setViewportSize({ width: 390, height: 844 })
  await pc.evaluate(() => document.querySelector('[data-testid="general-notice-files"]')?.scrollIntoView({ block: 'center' }))
  await pc.screenshot({ path: SHOTS.pcPhone })
  await pc.setViewportSize({ width: 1280, height: 900 })

  // Online: confirmed, the notice waits for the upload (held here until released), then goes out carrying the photo.
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await pcContext.route('**/api/attachments/**', async (route) => {
    if (route.request().method() === 'PUT') await held
    await route.continue()
  })
  await pcContext.setOffline(false)
  await expect.poll(() => form.getByTestId('notice-attachment-state').textContent(), WAIT).toBe('上传中…')
  await form.getByTestId('general-notice-submit').click()
  await pc.getByTestId('general-notice-confirm-ok').click()
  await form.getByTestId('general-notice-waiting').waitFor(WAIT)
  expect(await form.getByTestId('general-notice-submit').textContent()).toBe('上传中…')
  expect(await form.getByTestId('general-notice-submit').isDisabled()).toBe(true)
  expect((await fetch(`${relay.url}/public/${villageId}/1`)).status).toBe(404)
  release()
  await expect.poll(async () => (await fetch(`${relay.url}/public/${villageId}/1`)).status, { timeout: 30_000 }).toBe(200)
  expect((await relay.store.attachments.get(villageId, sha256))?.complete).toBe(true)
  await expect.poll(() => pc.locator('.ok').filter({ hasText: '已提交发布' }).count(), WAIT).toBe(1)
  expect(await form.getByTestId('notice-attachment').count()).toBe(0)
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
}, 180_000)
