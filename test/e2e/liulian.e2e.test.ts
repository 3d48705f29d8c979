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
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

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
})
