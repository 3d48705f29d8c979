/**
 * 民呼我应 end to end (issue #23): a resident with JavaScript switched off raises a matter from
 * the village's public board; it reaches the grid worker's phone, which is signed in and open on
 * the incident list, without a reload; it stays there offline; the worker's 受理 shows on the
 * resident's tracking page. The resident's phone number is on no page the resident can see.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
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

    // The worker opens it and accepts it (受理).
    await worker.getByText(WHAT).first().click()
    await worker.getByTestId('act-accept').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已受理')

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
})
