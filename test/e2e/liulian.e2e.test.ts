/**
 * 六联 across two devices (issue #18 item 8): the village secretary records the month's duty
 * household's 门前三包 check on a PC, with 二包 failed and a finding; one tap turns it into a
 * 安全隐患 in the grid's ledger, and 张网格, the grid's worker, sees it in his ledger on a 390 px
 * phone without a reload. Every wait is on a condition in the page.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { WAIT, drawPhoto, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }
const GRID_WORKER = { phone: '13900000003', password: DEMO_PASSWORD }
const FINDING = '门前堆放建筑垃圾未清运'

let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageUrl = ''
let firstGrid = ''

beforeAll(async () => {
  const demo = await startDemoHarness('liulian')
  harness = demo
  ;({ relay, browser } = demo)
  villageUrl = `${relay.url}/v/${demo.demo.villages[0]!.id}`
  firstGrid = demo.demo.villages[0]!.grids[0]!.name
}, 240_000)

afterAll(() => harness?.close())

describe('a duty household’s inspection finding', () => {
  it('becomes a hazard in the grid ledger that the grid worker sees', async () => {
    const pc = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const b = await pc.newPage()
    const a = await phone.newPage()
    reportPageErrors(b, 'pc')
    reportPageErrors(a, 'phone')

    // The grid worker's ledger: the finding is not there yet.
    await signIn(a, relay.url, GRID_WORKER)
    await gotoApp(a, `${villageUrl}/ledger/thing`, GRID_WORKER)
    await a.getByTestId('table-search').fill(FINDING)
    await a.getByTestId('table-count').waitFor(WAIT)
    await expect.poll(() => a.getByTestId('table-row').count(), WAIT).toBe(0)

    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/liulian/duty`, SECRETARY)
    const form = b.getByTestId('liulian-duty-form')
    await form.waitFor(WAIT)
    // A group of the first grid; the household defaults to this month's 轮值户.
    const option = await b.getByTestId('duty-group').locator('option', { hasText: `（${firstGrid}）` }).first().getAttribute('value')
    await b.getByTestId('duty-group').selectOption(option!)
    await expect.poll(async () => (await b.getByTestId('duty-household').inputValue()) !== '', WAIT).toBe(true)
    expect(await b.getByTestId('duty-household').locator('option:checked').textContent()).toContain('（本月轮值）')
    await b.getByTestId('duty-check-sanitation').uncheck()
    await b.getByTestId('duty-finding').fill(FINDING)
    await b.getByTestId('duty-save').click()

    const row = b.getByTestId('liulian-duty').filter({ hasText: FINDING })
    await row.waitFor(WAIT)
    expect(await row.textContent()).toContain('二包门前环境卫生整洁不合格')
    await row.getByTestId('duty-raise-hazard').click()
    await expect.poll(() => row.getByTestId('duty-raised').textContent(), WAIT).toBe('已转为安全隐患（待整改）')
    // One tap, one hazard: the buttons are gone.
    expect(await row.getByTestId('duty-raise-hazard').count()).toBe(0)

    // The grid worker's phone shows it, without a reload.
    await expect.poll(() => a.getByTestId('table-row').count(), WAIT).toBe(1)
    expect(await a.getByTestId('table-row').first().textContent()).toContain('待整改')
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await pc.close()
    await phone.close()
  }, 180_000)

  it('网格员公示 written offline on a phone reaches the resident’s public page with its phones, a photo, the 网格分布图 and the 监督电话', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const resident = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', javaScriptEnabled: false })
    const a = await phone.newPage()
    reportPageErrors(a, 'phone')
    await signIn(a, relay.url, SECRETARY)
    await gotoApp(a, `${villageUrl}/liulian/print`, SECRETARY)
    await a.getByTestId('grid-staff').locator('summary').click()
    await phone.setOffline(true)
    const gridOption = await a.getByTestId('grid-staff-grid').locator('option', { hasText: firstGrid }).getAttribute('value')
    await a.getByTestId('grid-staff-grid').selectOption(gridOption!)
    // The demo's own: 网格长 first.
    await expect.poll(() => a.getByTestId('grid-staff-list').locator('li').allTextContents(), WAIT).toEqual([expect.stringContaining('王书记（网格长）'), expect.stringContaining('张网格（专职网格员）')])

    // A phone without its area code is refused in Chinese; full-width digits are kept as digits.
    await a.getByTestId('grid-staff-name').fill('陈信息')
    await a.getByTestId('grid-staff-title').selectOption('网格信息员')
    await a.getByTestId('grid-staff-duties').fill('负责三组信息报送')
    await a.getByTestId('grid-staff-phone').fill('7654321')
    await a.getByTestId('grid-staff-save').click()
    expect(await a.getByTestId('grid-staff-phone-error').textContent()).toContain('座机须带区号')
    await a.getByTestId('grid-staff-phone').fill('１３７ ００００ １２３４')
    await a.getByTestId('grid-staff-save').click()
    await expect.poll(() => a.getByTestId('grid-staff-list').locator('li').count(), WAIT).toBe(3)
    expect(await a.getByTestId('grid-staff-list').locator('li').last().textContent()).toContain('陈信息（网格信息员） · 负责三组信息报送 · 13700001234')
    await a.getByTestId('supervision-phone').fill('１２３４５')
    await a.getByTestId('supervision-unit').fill('政务服务便民热线')
    await a.getByTestId('supervision-save').click()
    await a.getByText('已保存监督电话').waitFor(WAIT)
    // 陈信息's photo, taken offline: made a 600 px JPEG, shown at once, uploaded once back online.
    const portrait = await drawPhoto(a, { width: 1200, height: 1600, background: '#dde', box: [300, 300, 600, 800], boxColour: '#a63' })
    const row = a.getByTestId('grid-staff-list').locator('li').last()
    await row.getByTestId('staff-photo-file').setInputFiles({ name: '陈信息.png', mimeType: 'image/png', buffer: portrait })
    await expect.poll(() => row.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth).catch(() => 0), WAIT).toBe(450)
    await a.getByText('已设置陈信息的照片；上传到服务器后公示页显示').waitFor(WAIT)
    expect(await row.getByTestId('staff-photo').textContent()).toContain('更换照片')
    // The village's 网格分布图, a photo of the map on the wall, kept at 1600 px.
    const wallMap = await drawPhoto(a, { width: 2000, height: 1500, background: '#efe', box: [200, 200, 1000, 700], boxColour: '#36a' })
    await a.getByTestId('grid-map-image-file').setInputFiles({ name: '网格分布图.png', mimeType: 'image/png', buffer: wallMap })
    await a.getByText('已设置网格分布图；上传到服务器后公示页显示').waitFor(WAIT)
    await expect.poll(() => a.getByTestId('grid-map').locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth).catch(() => 0), WAIT).toBe(1600)
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await a.getByTestId('grid-staff').screenshot({ path: '/tmp/grid-staff-390.png' })
    await phone.setOffline(false)

    // The resident, JavaScript off: the board names the 监督电话 and links the staff page, which has the new phone to tap.
    const r = await resident.newPage()
    const villageId = villageUrl.split('/v/')[1]!
    await expect
      .poll(async () => {
        await r.goto(`${relay.url}/public/${villageId}/grids`)
        return r.locator(`a[href="tel:13700001234"]`).count()
      }, WAIT)
      .toBe(1)
    expect(await r.getByTestId('supervision').textContent()).toContain('监督电话：12345（政务服务便民热线）')
    // The photo, once the phone has uploaded it.
    await expect
      .poll(async () => {
        await r.reload()
        return r.locator('img[alt="陈信息的照片"]').evaluate((img) => (img as HTMLImageElement).naturalWidth).catch(() => 0)
      }, WAIT)
      .toBe(450)
    expect(await r.locator('img.map').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1600)
    expect(await r.locator('body').textContent()).toContain('陈信息 网格信息员分工：负责三组信息报送')
    expect(await r.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await r.screenshot({ path: '/tmp/public-grids-360.png', fullPage: true })
    await r.goto(`${relay.url}/public/${villageId}`)
    expect(await r.locator('a', { hasText: '网格员公示' }).count()).toBe(1)
    await phone.close()
    await resident.close()
  }, 180_000)
})
