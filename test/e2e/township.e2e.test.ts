/**
 * 全镇统计 in a real browser on the demo township (issue #16 item 1): the township admin sees
 * every village and grid for a month, switches to a quarter (its 巡查 and 人居环境 tables with
 * figures), opens the records behind a number
 * (a link into the village ledger that opens the record), and — offline — still sees the figures
 * last fetched for a period, from this device's IndexedDB, with a note saying when they were
 * fetched; a period never fetched says it needs the network. Screenshots at 1280 and 390 px go
 * to $SCREENS_DIR (default: the system temp dir) for a person to look at.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { WAIT, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SHOTS = process.env.SCREENS_DIR ?? tmpdir()
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villages = 0

beforeAll(async () => {
  const demo = await startDemoHarness('township')
  harness = demo
  ;({ relay, browser } = demo)
  villages = demo.demo.villages.length
}, 240_000)

afterAll(() => harness?.close())

describe('the township dashboard', () => {
  it('shows every village and grid, opens the records behind a number, and shows the last figures offline', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'admin')
    await signIn(page, relay.url)
    await page.getByTestId('nav-township').click()
    const table = page.getByTestId('township-table')
    await table.waitFor(WAIT)
    expect(await page.getByTestId('township-village-row').count()).toBe(villages)
    expect(await page.getByTestId('township-grid-row').count()).toBeGreaterThanOrEqual(villages)
    // Each village's 六联 figures: the demo villages have formed groups with households in them.
    const liulian = page.getByTestId('township-liulian-table')
    expect(await liulian.getByTestId('township-liulian-row').count()).toBe(villages)
    const [groups, households, duty] = await liulian.locator('tr.total td').allTextContents()
    expect(Number(groups)).toBeGreaterThan(0)
    expect(Number(households)).toBeGreaterThan(Number(groups))
    expect(duty).toMatch(/^\d+／\d+$/)
    await page.screenshot({ path: join(SHOTS, 'township-1280.png'), fullPage: true })

    await page.getByTestId('township-period-kind').selectOption('quarter')
    await expect.poll(() => page.getByTestId('township-period').textContent(), WAIT).toMatch(/^\d{4}年第[1-4]季度$/)
    await page.getByTestId('township-as-of').waitFor(WAIT)
    const quarterFigures = await table.textContent()
    // The quarter's 巡查 and 人居环境检查, village by village with a 合计 row, as in the report sheets.
    for (const id of ['township-patrol-table', 'township-environment-table']) {
      const counts = page.getByTestId(id)
      await counts.waitFor(WAIT)
      expect(await counts.locator('tbody tr').count(), id).toBe(villages + 1)
      const [first] = await counts.locator('tr.total td').allTextContents()
      expect(Number(first), id).toBeGreaterThan(0)
    }

    // A number opens its records; a record link opens the record in the village ledger.
    await page.locator('[data-testid="township-grid-row"] button.figure').first().click()
    const behind = page.getByTestId('records-behind')
    await behind.waitFor(WAIT)
    const links = behind.getByTestId('records-behind-link')
    expect(await links.count()).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'township-records-1280.png'), fullPage: true })
    await links.first().click()
    await page.getByTestId('record-title').waitFor(WAIT)
    expect(new URL(page.url()).pathname).toMatch(/^\/v\/[^/]+\/ledger\/\w+\/[^/]+\/[^/]+$/)

    // Offline, a period fetched before shows from this device's copy; one never fetched says so.
    await context.setOffline(true)
    await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await page.getByTestId('nav-township').click()
    await page.getByTestId('township-period-kind').selectOption('quarter')
    await expect.poll(() => page.getByTestId('township-error').textContent(), WAIT).toContain('获取的数字')
    expect(await table.textContent()).toBe(quarterFigures)
    await page.getByTestId('township-period-kind').selectOption('half')
    await expect.poll(() => page.getByTestId('township-error').textContent(), WAIT).toContain('需要联网查看')
    expect(await table.count()).toBe(0)
    await context.setOffline(false)
    await context.close()
  }, 180_000)

  it('submits last month’s report once and shows it as an A4 sheet, which prints without the dashboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'admin-report')
    await signIn(page, relay.url)
    await page.getByTestId('nav-township').click()
    await page.getByTestId('township-table').waitFor(WAIT)
    // The running month cannot be submitted; the month before can, once.
    await page.getByTestId('report-unsubmitted').waitFor(WAIT)
    expect(await page.getByTestId('report-submit').count()).toBe(0)
    await page.getByTestId('township-prev').click()
    await page.getByTestId('report-submit').click()
    const sheet = page.getByTestId('report-sheet')
    await sheet.waitFor(WAIT)
    expect(await sheet.textContent()).toContain('填报单位：青山镇')
    expect(await sheet.textContent()).toContain('制表人：')
    expect(await page.getByTestId('report-differences').textContent()).toContain('与报送时相同')
    await page.screenshot({ path: join(SHOTS, 'township-report-1280.png'), fullPage: true })
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 1123, height: 794 }) // A4 landscape at 96 dpi
    expect(await page.getByTestId('township-table').isVisible()).toBe(false)
    expect(await sheet.isVisible()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'township-report-print.png'), fullPage: true })
    await context.close()
  }, 180_000)

  it('fits a 390 px phone: the table scrolls inside its card, the page does not', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const page = await context.newPage()
    reportPageErrors(page, 'admin-phone')
    await signIn(page, relay.url)
    await page.getByTestId('nav-township').click()
    await page.getByTestId('township-table').waitFor(WAIT)
    await page.getByTestId('township-liulian-table').waitFor(WAIT)
    await page.getByTestId('township-environment-table').waitFor(WAIT)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: join(SHOTS, 'township-390.png'), fullPage: true })
    await context.close()
  }, 180_000)
})
