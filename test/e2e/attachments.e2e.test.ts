/**
 * Attachments end to end (issue #19), real browser and relay: on the office PC, offline, a photo
 * attached to a household is kept on the device and shown at once, waiting to upload; back
 * online it uploads through the outbox (the relay then holds the verified file) and appears on a
 * phone, which fetches it on demand through the household's ledger doc; removed from the record
 * after a confirmation, it goes from the phone too.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { WAIT, createVillage, drawPhoto, reportPageErrors, signIn, startHarness, type Harness, gotoApp } from './browser.js'

const SHOTS = { pc: '/tmp/cunwu-attachments-1280.png', phone: '/tmp/cunwu-attachments-390.png', usage: '/tmp/cunwu-attachment-usage-1280.png', usagePhone: '/tmp/cunwu-attachment-usage-390.png', remove: '/tmp/cunwu-attachment-remove-1280.png' }
let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('attachments')
  ;({ relay, browser } = harness)
}, 180_000)
afterAll(() => harness?.close())

/** In the village just created: its first grid and one household, whose page is left open; returns its URL. */
async function newHousehold(page: Page, household: { no: string; head: string; address: string }): Promise<string> {
  await page.getByTestId('tab-ledger').click()
  await page.getByTestId('new-grid-code').fill('01')
  await page.getByTestId('new-grid-name').fill('第一网格')
  await page.getByTestId('new-grid-submit').click()
  await page.getByTestId('dashboard').waitFor(WAIT)
  await page.getByTestId('kind-household').click()
  await page.getByTestId('record-new').click()
  await page.getByTestId('input-householdNo').fill(household.no)
  await page.getByTestId('input-headName').fill(household.head)
  await page.getByTestId('input-address').fill(household.address)
  await page.getByTestId('form-submit').click()
  await expect.poll(() => page.getByTestId('record-title').textContent(), WAIT).toContain(`${household.head}户`)
  return page.url()
}

/** A 2400×1800 PNG drawn by the page itself (a stand-in for a phone photo). */
const photo = (page: Page) => drawPhoto(page, { width: 2400, height: 1800, background: '#8ab', box: [300, 400, 900, 700], boxColour: '#a33' })

it('a photo attached offline uploads once online and appears on another device', async () => {
  const pcContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const pc = await pcContext.newPage()
  reportPageErrors(pc, 'pc')
  await signIn(pc, relay.url)
  const villageId = await createVillage(pc, '和平村')
  const recordUrl = await newHousehold(pc, { no: 'H-001', head: '张建国', address: '一组12号' })
  const png = await photo(pc)

  // Offline: the photo is prepared, kept and shown at once, waiting to upload.
  await pcContext.setOffline(true)
  await pc.getByTestId('attach-file').setInputFiles({ name: '门前隐患.png', mimeType: 'image/png', buffer: png })
  await expect.poll(() => pc.getByTestId('attachment-state').textContent(), WAIT).toBe('待上传（联网后自动上传）')
  await expect.poll(() => pc.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), WAIT).toBe(1600)
  expect(await pc.getByTestId('attachment').textContent()).toContain('门前隐患.jpg')
  const sha256 = (await pc.getByTestId('attachment').getAttribute('data-sha256')) as string
  expect(await relay.store.attachments.get(villageId, sha256)).toBeNull()
  await pc.screenshot({ path: SHOTS.pc, fullPage: true })

  // Online: the outbox uploads it; the relay holds the verified file.
  await pcContext.setOffline(false)
  await expect.poll(async () => (await relay.store.attachments.get(villageId, sha256))?.complete ?? false, { timeout: 30_000 }).toBe(true)
  await expect.poll(() => pc.getByTestId('attachment-state').textContent(), WAIT).toBe('已保存在本机')

  // Another device opens the household: the link came with the doc, the file on demand.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })).newPage()
  reportPageErrors(phone, 'phone')
  await signIn(phone, relay.url)
  await gotoApp(phone, recordUrl)
  await expect.poll(() => phone.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBe(1600)
  expect(await phone.getByTestId('attachment').textContent()).toContain('门前隐患.jpg')
  await phone.getByTestId('attachments').scrollIntoViewIfNeeded()
  await phone.screenshot({ path: SHOTS.phone, fullPage: true })

  // Attached by mistake: 移除 asks first, 取消 keeps it; 移除 takes it off the record on both devices.
  await pc.getByTestId('attachment-remove').click()
  await pc.getByTestId('attachment-remove-confirm-cancel').click()
  expect(await pc.getByTestId('attachment').count()).toBe(1)
  await pc.getByTestId('attachment-remove').click()
  expect(await pc.getByTestId('attachment-remove-confirm').textContent()).toContain('“门前隐患.jpg”将不再显示在这条记录上')
  await pc.screenshot({ path: SHOTS.remove })
  await pc.getByTestId('attachment-remove-confirm-ok').click()
  await expect.poll(() => pc.getByTestId('attachment').count(), WAIT).toBe(0)
  await expect.poll(() => phone.getByTestId('attachment').count(), WAIT).toBe(0)
  expect(await phone.getByTestId('attachments').textContent()).toContain('还没有附件。')
  // The relay keeps the file (a restore from 修改记录 links it again): the storage figure below still counts it.
  expect((await relay.store.attachments.get(villageId, sha256))?.complete).toBe(true)

  // The township admin's village list shows each village's stored files against the limit.
  await gotoApp(pc, `${new URL(recordUrl).origin}/`)
  await expect.poll(() => pc.getByTestId('attachment-usage-row').first().textContent(), WAIT).toMatch(/^和平村1\d+(\.\d)? KB0\.0%$/)
  await pc.screenshot({ path: SHOTS.usage, fullPage: true })
  await gotoApp(phone, `${new URL(recordUrl).origin}/`)
  await phone.getByTestId('attachment-usage').waitFor(WAIT)
  await phone.screenshot({ path: SHOTS.usagePhone, fullPage: true })
}, 180_000)

it('a record pinned on the phone gets a photo attached later on the PC, and shows it offline', async () => {
  const pcContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const pc = await pcContext.newPage()
  reportPageErrors(pc, 'pc')
  await signIn(pc, relay.url)
  await createVillage(pc, '离线村')
  const recordUrl = await newHousehold(pc, { no: 'H-002', head: '李秀英', address: '二组3号' })

  // The grid worker's phone pins the household (离线保存) before it has any file, then leaves it.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
  const phone = await phoneContext.newPage()
  reportPageErrors(phone, 'phone')
  await signIn(phone, relay.url)
  await gotoApp(phone, recordUrl)
  await phone.getByTestId('attachment-pin').click()
  await expect.poll(() => phone.getByTestId('attachment-pin-state').textContent(), WAIT).toBe('已离线保存：以后添加的附件会自动保存到本机')
  expect(await phone.getByTestId('attachment-pin').getAttribute('aria-pressed')).toBe('true')
  await phone.getByTestId('attachments').scrollIntoViewIfNeeded()
  await phone.screenshot({ path: '/tmp/cunwu-attachment-pin-390.png' })
  await phone.getByTestId('status-details').click()
  await phone.getByTestId('sync-screen').waitFor(WAIT)

  // The PC attaches a photo; the phone, on another screen, syncs and keeps it in the background.
  await pc.getByTestId('attach-file').setInputFiles({ name: '屋顶.png', mimeType: 'image/png', buffer: await photo(pc) })
  await expect.poll(() => pc.getByTestId('attachment-state').textContent(), { timeout: 30_000 }).toBe('已保存在本机')
  await expect
    .poll(
      async () => {
        await phone.getByTestId('sync-now').click()
        return phone.getByTestId('pinned-item').textContent()
      },
      { timeout: 60_000, interval: 2_000 },
    )
    .toMatch(/1\/1 个附件在本机/)
  await phone.getByTestId('pinned-card').scrollIntoViewIfNeeded()
  await phone.screenshot({ path: '/tmp/cunwu-attachment-pins-390.png', fullPage: true })

  // Offline, the household opens with its photo, which the phone never showed before.
  await phoneContext.setOffline(true)
  await phone.goBack()
  await expect.poll(() => phone.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBe(1600)
  await expect.poll(() => phone.getByTestId('attachment-pin-state').textContent(), WAIT).toBe('已离线保存：1 个附件都在本机')
  await pcContext.close()
  await phoneContext.close()
}, 180_000)
