/**
 * A file on the minutes page reaches a second device (issue #19), real browser and relay: on the
 * office PC a cadre attaches a scan (PDF) and a photo to a meeting's minutes; on a phone signed in
 * as the same cadre, the meeting shows both — the photo fetched through the minutes doc and shown,
 * the PDF as a download link — and the relay holds both files, verified.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { WAIT, createVillage, drawPhoto, reportPageErrors, signIn, startHarness, type Harness, gotoApp } from './browser.js'

let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('attachments-minutes')
  ;({ relay, browser } = harness)
}, 180_000)
afterAll(() => harness?.close())

/** An 800×600 PNG drawn by the page (a photo of the sign-in sheet). */
const photo = (page: Page) => drawPhoto(page, { width: 800, height: 600, background: '#eed', box: [100, 100, 600, 40], boxColour: '#333' })

/** A minimal one-page PDF (a stand-in for a scanned signed opinion). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

it('files attached to a meeting on the PC appear on a phone', async () => {
  const pc = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage()
  reportPageErrors(pc, 'pc')
  await signIn(pc, relay.url)
  const villageId = await createVillage(pc, '会议村')
  await pc.getByTestId('tab-minutes').click()
  await pc.getByTestId('new-meeting').click()
  await pc.getByTestId('meeting-type').selectOption('representatives')
  await pc.getByTestId('meeting-title').fill('一季度村民代表会议')
  await pc.getByTestId('meeting-place').fill('村委会会议室')
  await pc.getByTestId('meeting-date').fill('2026-03-20')
  await pc.getByTestId('create-meeting').click()
  await pc.getByTestId('meeting-page').waitFor(WAIT)
  const meetingUrl = pc.url()

  await pc.getByTestId('attach-file').setInputFiles([
    { name: '签到表.png', mimeType: 'image/png', buffer: await photo(pc) },
    { name: '代表意见.pdf', mimeType: 'application/pdf', buffer: PDF },
  ])
  await expect.poll(() => pc.getByTestId('attachment').count(), WAIT).toBe(2)
  const shas = await pc.getByTestId('attachment').evaluateAll((els) => els.map((el) => el.getAttribute('data-sha256') as string))
  for (const sha of shas) await expect.poll(async () => (await relay.store.attachments.get(villageId, sha))?.complete ?? false, { timeout: 30_000 }).toBe(true)
  const types = await Promise.all(shas.map(async (sha) => (await relay.store.attachments.get(villageId, sha))?.type))
  expect([...types].sort()).toEqual(['application/pdf', 'image/jpeg'])
  const pdfSha = shas[types.indexOf('application/pdf')] ?? ''

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })).newPage()
  reportPageErrors(phone, 'phone')
  await signIn(phone, relay.url)
  await gotoApp(phone, meetingUrl)
  await expect.poll(() => phone.getByTestId('attachment').count(), { timeout: 30_000 }).toBe(2)
  await expect.poll(() => phone.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBe(800)
  const text = (await phone.getByTestId('attachments').textContent()) ?? ''
  expect(text).toContain('签到表.jpg')
  expect(text).toContain('代表意见.pdf')
  const download = phone.locator(`[data-sha256="${pdfSha}"] a[download]`)
  await expect.poll(() => download.getAttribute('download'), WAIT).toBe('代表意见.pdf')
}, 180_000)
