/**
 * 联网联户 across two devices (issue #17 item 10): 孙干部, a township cadre who may open only his
 * own linkage doc, records a contact on a 390×844 phone with no network; the village secretary's
 * PC shows the village's figures unchanged until the phone is back online, then shows the new
 * contact without a reload. Every wait is on a condition in the page.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const LINKED_CADRE = { phone: '13900000006', password: DEMO_PASSWORD }
const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }

let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageUrl = ''

beforeAll(async () => {
  const demo = await startDemoHarness('linkage')
  harness = demo
  ;({ relay, browser } = demo)
  villageUrl = `${relay.url}/v/${demo.demo.villages[0]!.id}`
}, 240_000)

afterAll(() => harness?.close())

describe('a contact recorded offline on a phone', () => {
  it('reaches the village’s figures on another device once the phone is back online', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const a = await phone.newPage()
    const b = await pc.newPage()
    reportPageErrors(a, 'phone')
    reportPageErrors(b, 'pc')

    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/linkage`, SECRETARY)
    const contacts = b.getByTestId('coverage-contacts')
    await contacts.waitFor(WAIT)
    // The secretary's device holds every linkage doc of the village (孙干部's among them).
    await expect.poll(() => b.getByTestId('linkage-member').filter({ hasText: '孙干部' }).count(), WAIT).toBe(1)
    const before = Number(await contacts.textContent())

    await signIn(a, relay.url, LINKED_CADRE)
    await gotoApp(a, `${villageUrl}/linkage`, LINKED_CADRE)
    const households = a.getByTestId('linkage-households')
    await households.waitFor(WAIT)
    // A linked cadre sees only 联网联户: no other tab of the village.
    expect(await a.locator('[data-testid^="tab-"]').count()).toBe(1)
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    await phone.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    // Two taps: 记录联系, 保存 (today, 入户走访).
    await households.locator('button[data-testid^="contact-"]').first().click()
    await a.getByTestId('contact-save').click()
    await a.getByTestId('contact-form').waitFor({ state: 'detached', ...WAIT })
    await expect.poll(async () => Number(await a.getByTestId('status-unsaved').getAttribute('data-unsaved')), WAIT).toBeGreaterThan(0)
    // Still offline: the PC has not heard of it.
    expect(Number(await contacts.textContent())).toBe(before)

    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await expect.poll(async () => Number(await contacts.textContent()), WAIT).toBe(before + 1)
    await phone.close()
    await pc.close()
  }, 180_000)

  it('a cadre sets up a 1+1+n linkage by searching households, warned when no hardship household is among them', async () => {
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const b = await pc.newPage()
    reportPageErrors(b, 'pc')
    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/linkage`, SECRETARY)
    await b.getByTestId('linkage-coverage').waitFor(WAIT)
    const members = b.getByTestId('linkage-member')
    // Each member's linkage doc syncs on its own to this fresh device: count once the demo's
    // three are all listed, not when the first has arrived.
    for (const name of ['王书记', '李主任', '孙干部']) await expect.poll(() => members.filter({ hasText: name }).count(), WAIT).toBe(1)
    const before = await members.count()

    await b.getByTestId('linkage-new').click()
    await b.getByTestId('lf-name').fill('周党员')
    await b.getByTestId('lf-type').selectOption('党员')
    await b.getByTestId('lf-post').fill('第四党小组组长')
    // A search box, not a wall of buttons: nothing to pick until something is typed or focused.
    expect(await b.getByTestId('lf-centre-option').count()).toBe(0)
    await b.getByTestId('lf-centre-search').fill('010020')
    await expect.poll(() => b.getByTestId('lf-centre-option').count(), WAIT).toBe(1)
    await b.getByTestId('lf-centre-option').click()
    await b.getByTestId('lf-radiating-search').fill('010021')
    await expect.poll(() => b.getByTestId('lf-radiating-option').count(), WAIT).toBe(1)
    await b.getByTestId('lf-radiating-option').click()
    // One radiating household: too few, and (unless it happens to be one) no hardship household.
    await expect.poll(() => b.getByTestId('lf-warning').allTextContents(), WAIT).toContainEqual(expect.stringContaining('辐射户只有 1 户'))

    await b.getByTestId('lf-save').click()
    await expect.poll(() => members.count(), WAIT).toBe(before + 1)
    expect(await members.filter({ hasText: '周党员' }).textContent()).toContain('第四党小组组长')
    await pc.close()
  }, 120_000)
})
