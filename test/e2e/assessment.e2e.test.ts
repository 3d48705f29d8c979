/**
 * 四培五考 in a real browser on the demo township (issue #16 item 4): the township admin opens
 * last month's ranking, enters a grid worker's 民主测评 and a training record, the ranking
 * shows the new score, closes the month (定稿) and downloads its 考核表 (.xlsx); the grid worker signs in on their own device, sees their own score and
 * what it is made of (the 民主测评 among it) and the training, and — offline — still sees it
 * from this device's copy. Screenshots at 1366 and 390 px go to $SCREENS_DIR (default: the
 * system temp dir) for a person to look at.
 */
import ExcelJS from 'exceljs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { WAIT, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SHOTS = process.env.SCREENS_DIR ?? tmpdir()
const WORKER = { phone: '13900000003', password: DEMO_PASSWORD, name: '张网格' }
let harness: Harness
let relay: RunningRelay
let browser: Browser
// A day in last month: the training falls in the period assessed.
const lastMonthDay = addDays(`${shanghaiDate().slice(0, 7)}-01`, -10)

beforeAll(async () => {
  harness = await startDemoHarness('assessment')
  ;({ relay, browser } = harness)
}, 240_000)

afterAll(() => harness?.close())

async function lastMonth(page: Page) {
  await page.getByTestId('nav-assessment').click()
  await page.getByTestId('assessment-prev').click()
  await expect.poll(() => page.getByTestId('assessment-period').textContent(), WAIT).toBe(`${Number(lastMonthDay.slice(0, 4))}年${Number(lastMonthDay.slice(5, 7))}月`)
}

describe('四培五考', () => {
  it('the township admin enters a 民主测评 and a training record, and the ranking shows them', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    const page = await context.newPage()
    reportPageErrors(page, 'admin')
    await signIn(page, relay.url)
    await lastMonth(page)
    const ranking = page.getByTestId('assessment-ranking')
    await ranking.waitFor(WAIT)
    const row = page.getByTestId('assessment-row').filter({ hasText: WORKER.name })
    await expect.poll(() => row.count(), WAIT).toBe(1)
    await row.getByTestId('assessment-worker').click()
    const panel = page.getByTestId('assessment-worker-panel')
    await panel.waitFor(WAIT)

    // A score out of range is refused in Chinese; 88 is kept and scored (15 × 0.88 = 13.2).
    await panel.getByTestId('rating-score').fill('120')
    await panel.getByTestId('rating-save').click()
    await expect.poll(() => panel.getByTestId('rating-message').textContent(), WAIT).toBe('测评得分应为 0–100 的数字')
    await panel.getByTestId('rating-score').fill('88')
    await panel.getByTestId('rating-save').click()
    await expect.poll(() => panel.getByTestId('rating-message').textContent(), WAIT).toBe('已保存')
    // td: 名次, 总分, 村, then the six components; 民主测评 is the last.
    await expect.poll(() => row.locator('td').last().textContent(), WAIT).toBe('13.2')
    await expect.poll(() => panel.getByTestId('assessment-component-rating').textContent(), WAIT).toContain('88 分')
    expect(await row.getByTestId('assessment-row-total').textContent()).toMatch(/^\d{1,3}\.\d$/)

    // A training record without hours is refused; with them it is listed.
    await panel.getByTestId('training-kind').selectOption('岗前培训')
    await panel.getByTestId('training-date').fill(lastMonthDay)
    await panel.getByTestId('training-topic').fill('网格员职责与台账填报')
    await panel.getByTestId('training-submit').click()
    await expect.poll(() => panel.getByTestId('training-error').textContent(), WAIT).toBe('学时应为数字')
    await panel.getByTestId('training-hours').fill('2.5')
    await panel.getByTestId('training-trainer').fill('镇综治办')
    await panel.getByTestId('training-submit').click()
    await expect.poll(() => panel.getByTestId('training-item').filter({ hasText: '网格员职责与台账填报，2.5 学时' }).count(), WAIT).toBe(1)
    // Closing the month keeps its scores; it is listed among the closed periods.
    await page.getByTestId('assessment-close').click()
    await expect.poll(() => page.getByTestId('assessment-status').textContent(), WAIT).toMatch(/^已于 .+ 定稿，校验码 [0-9a-f]{16}$/)
    await expect.poll(() => page.getByTestId('assessment-history-item').count(), WAIT).toBe(1)
    expect(await page.getByTestId('assessment-close').count()).toBe(0)
    // 下载考核表: the closed month's workbook, with the 民主测评 just entered.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('assessment-xlsx').click()])
    expect(download.suggestedFilename()).toMatch(/^网格员“四培五考”考核表（\d{4}年\d{1,2}月）\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await download.path())!)
    const rows: string[][] = []
    workbook.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    const header = rows[2]!
    expect(rows.find((r) => r[1] === WORKER.name)?.[header.indexOf('民主测评原始分')]).toBe('88')
    await page.screenshot({ path: join(SHOTS, 'assessment-admin-1366.png'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: join(SHOTS, 'assessment-admin-390.png'), fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await context.close()
  }, 180_000)

  it('a grid worker sees their own score and what it is made of, also offline', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const page = await context.newPage()
    reportPageErrors(page, 'worker')
    await signIn(page, relay.url, WORKER)
    await lastMonth(page)
    const total = page.getByTestId('my-assessment-total')
    await total.waitFor(WAIT)
    expect(await total.textContent()).toMatch(/^\d{1,3}\.\d 分，全镇第 \d 名$/)
    expect(await page.getByTestId('my-assessment-status').textContent()).toContain('本期已定稿')
    const breakdown = page.getByTestId('assessment-breakdown')
    expect(await breakdown.getByTestId('assessment-component-rating').textContent()).toContain('88 分')
    expect(await breakdown.getByTestId('assessment-component-rating').textContent()).toContain('13.2／15')
    expect(await breakdown.getByTestId('assessment-component-visits').textContent()).toMatch(/应访 \d+ 户次/)
    expect(await page.getByTestId('training-item').first().textContent()).toContain('岗前培训')
    // Only their own: no ranking, no other worker.
    expect(await page.getByTestId('assessment-ranking').count()).toBe(0)
    expect(await page.locator('main').textContent()).not.toContain('刘网格')
    const shown = await breakdown.textContent()
    await page.screenshot({ path: join(SHOTS, 'assessment-worker-390.png'), fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // Offline: the period fetched before shows from this device, saying when it was fetched.
    await context.setOffline(true)
    await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await page.getByTestId('nav-villages').click()
    await lastMonth(page)
    await expect.poll(() => page.getByTestId('my-assessment-error').textContent(), WAIT).toContain('获取的分数')
    expect(await page.getByTestId('assessment-breakdown').textContent()).toBe(shown)
    await page.getByTestId('assessment-period-kind').selectOption('half')
    await expect.poll(() => page.getByTestId('my-assessment-error').textContent(), WAIT).toContain('需要联网查看')
    await context.setOffline(false)
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('assessment-period-kind').selectOption('month')
    await page.getByTestId('assessment-prev').click()
    await page.getByTestId('assessment-breakdown').waitFor(WAIT)
    await page.screenshot({ path: join(SHOTS, 'assessment-worker-1366.png'), fullPage: true })
    await context.close()
  }, 180_000)
})
