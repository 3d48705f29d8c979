/**
 * Township settings end to end (issue #16 item 5): the township admin on the office PC raises a
 * visit rule in 镇级设置; a village cadre's phone, already signed in, picks it up when it
 * reconnects, and its due list grows; the cadre overrides the rule for the village in 村级设置
 * (marked 本村设置), which wins on the phone and on the relay's township figures alike; resetting
 * gives the township's value back. Every wait is on a condition in the page.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { townshipDashboardSchema } from '../../shared/api/reports.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { api } from '../helpers/api.js'
import { login } from '../helpers/relay.js'
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const CADRE = { phone: '13900000002', password: DEMO_PASSWORD }
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''

beforeAll(async () => {
  const demo = await startDemoHarness('settings')
  harness = demo
  ;({ relay, browser } = demo)
  villageId = demo.demo.villages[0]!.id
}, 240_000)

afterAll(() => harness?.close())

const dueOn = async (page: Page) => Number(await page.getByTestId('stat-due').locator('.value').textContent())

/** Households (and persons) due this month in the village, as the relay's township dashboard counts them. */
async function dueOnRelay(): Promise<number> {
  const token = await login(relay.url)
  const res = await api(relay.url, `/api/reports/township/dashboard?period=${shanghaiDate().slice(0, 7)}`, { token })
  return townshipDashboardSchema.parse(res.json).villages.find((v) => v.villageId === villageId)!.figures.visits.due
}

/** Waits until the phone (all of the village's grids opened) and the relay count the same, and returns that count. */
async function agreed(page: Page): Promise<number> {
  await expect.poll(async () => `${await dueOn(page)} / ${await dueOnRelay()}`, WAIT).toMatch(/^(\d+) \/ \1$/)
  return dueOn(page)
}

describe('镇级设置 and 村级设置', () => {
  it('a rule the township raises reaches a village phone; the village’s own value wins, on the phone and the relay', async () => {
    const cadreContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const cadre = await cadreContext.newPage()
    reportPageErrors(cadre, 'cadre')
    await signIn(cadre, relay.url, CADRE)
    await gotoApp(cadre, `${relay.url}/v/${villageId}/ledger`, CADRE)
    await cadre.getByTestId('stat-due').waitFor(WAIT)
    const before = await agreed(cadre)

    // The township admin: every household five visits a year.
    const adminContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const admin = await adminContext.newPage()
    reportPageErrors(admin, 'admin')
    await signIn(admin, relay.url)
    await admin.getByTestId('nav-settings').click()
    const ordinary = admin.getByTestId('rule-ordinary')
    await ordinary.waitFor(WAIT)
    expect(await ordinary.getByTestId('origin').textContent()).toBe('系统默认')
    await ordinary.getByTestId('rule-count').fill('5')
    expect(await ordinary.getByTestId('origin').textContent()).toBe('镇级设置')
    await admin.getByTestId('settings-save').click()
    await expect.poll(() => admin.getByTestId('settings-message').textContent(), WAIT).toContain('已保存')

    // The phone fetches the township's settings when it reconnects; its due list grows, as the relay's does.
    await cadreContext.setOffline(true)
    await expect.poll(() => cadre.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await cadreContext.setOffline(false)
    await expect.poll(() => dueOn(cadre), WAIT).toBeGreaterThan(before)
    const raised = await agreed(cadre)

    // The village's own value: one visit a year is enough here.
    await cadre.getByTestId('tab-settings').click()
    const mine = cadre.getByTestId('rule-ordinary')
    await mine.waitFor(WAIT)
    expect(await mine.getByTestId('rule-count').inputValue()).toBe('5')
    expect(await mine.getByTestId('origin').textContent()).toBe('镇级设置')
    await mine.getByTestId('rule-count').fill('1')
    await expect.poll(() => mine.getByTestId('origin').textContent(), WAIT).toBe('本村设置')
    await expect.poll(() => cadre.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await cadre.getByTestId('tab-ledger').click()
    await cadre.getByTestId('stat-due').waitFor(WAIT)
    await expect.poll(() => dueOn(cadre), WAIT).toBeLessThan(raised)
    const overridden = await agreed(cadre)
    expect(overridden).toBeLessThan(raised)
    // The township's own setting is unchanged: the override is the village's alone.
    await gotoApp(admin, `${relay.url}/settings`)
    await admin.getByTestId('rule-ordinary').waitFor(WAIT)
    await expect.poll(() => admin.getByTestId('rule-ordinary').getByTestId('rule-count').inputValue(), WAIT).toBe('5')

    // 恢复为镇级设置 brings the township's value back.
    await cadre.getByTestId('tab-settings').click()
    await mine.getByTestId('reset-rule-ordinary').click()
    await expect.poll(() => mine.getByTestId('origin').textContent(), WAIT).toBe('镇级设置')
    expect(await mine.getByTestId('rule-count').inputValue()).toBe('5')
    await adminContext.close()
    await cadreContext.close()
  }, 180_000)
})
