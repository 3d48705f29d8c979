/**
 * Desktop tables (issue #22 item 3): every row's cells line up under the header, whatever a cell
 * holds. A resident's 民呼我应 matter becomes an incident named by its whole first sentence; that
 * long name must be cut with an ellipsis in its own column, never push the row's other cells
 * sideways out from under their headers.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''

beforeAll(async () => {
  const demo = await startDemoHarness('table-columns')
  harness = demo
  ;({ relay, browser } = demo)
  villageId = demo.demo.villages[0]!.id
}, 240_000)

afterAll(() => harness?.close())

describe('a desktop table', () => {
  it('keeps every cell under its header when one row holds a long name', async () => {
    const resident = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage()
    await resident.goto(`${relay.url}/public/${villageId}/matters`)
    await resident.locator('#category').selectOption('环境卫生')
    await resident.locator('#description').fill('村口路灯坏了一个星期，晚上看不清路，老人小孩出门很不方便，希望尽快修好')
    await resident.locator('#place').fill('村口')
    await resident.locator('#grid').selectOption({ index: 1 })
    await resident.getByRole('button', { name: '提交' }).click()
    await resident.getByTestId('matter-raised').waitFor(WAIT)

    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage()
    reportPageErrors(page, 'secretary')
    await signIn(page, relay.url, SECRETARY)
    await gotoApp(page, `${relay.url}/v/${villageId}/ledger/incident`, SECRETARY)
    await page.getByText('村口路灯坏了一个星期').first().waitFor(WAIT)
    const lefts = await page.evaluate(() =>
      [...document.querySelectorAll('.table .tr')].map((row) => [...row.children].map((cell) => Math.round(cell.getBoundingClientRect().left))),
    )
    expect(lefts.length).toBeGreaterThan(2)
    for (const row of lefts.slice(1)) expect(row).toEqual(lefts[0])
  })
})
