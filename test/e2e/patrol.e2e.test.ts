/**
 * 巡查 and 日清周结 on a grid worker's 390 px phone with no signal (seed 003: 「每天到所在網格進行
 * 巡查」, 「工作日清周結」): 张网格 records the day's patrol offline from the dashboard card — the
 * form starts with today and his name — turns one finding into an 事件 and the other into a
 * 安全隐患 in a tap each, and reads his 周结; back online, the village secretary's PC has the
 * incident in its ledger without a reload, and the patrol's links. Then a floating resident
 * (流动人口) leaves: the PC's 流动人口 card counts one 迁出 more and one fewer here. And the village
 * makes today a 网格清扫日 (F003§8): the phone, offline, is asked for it and records it. Every
 * wait is on a condition in the page.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { isoWeekday, shanghaiDate } from '../../shared/civilDate.js'
import { floatingNow } from '../../shared/ledger/floating.js'
import { WAIT, gotoApp, recordsOnRelay, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }
const GRID_WORKER = { phone: '13900000003', password: DEMO_PASSWORD }
const ROUTE = '5组—7组沿河路（e2e）'

let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageUrl = ''
let village: { id: string; grids: { id: string }[] }

beforeAll(async () => {
  const demo = await startDemoHarness('patrol')
  harness = demo
  ;({ relay, browser } = demo)
  village = demo.demo.villages[0]!
  villageUrl = `${relay.url}/v/${village.id}`
}, 240_000)

/** Floating residents here today in the whole village, counted from the relay's copy. */
async function floatingHere(): Promise<number> {
  return floatingNow(await recordsOnRelay(relay, village, 'resident'), shanghaiDate()).present
}

afterAll(() => harness?.close())

describe('a day’s patrol on a phone without signal', () => {
  it('is recorded, its findings raised, the week summed up, and the PC has it all once back online', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const a = await phone.newPage()
    const b = await pc.newPage()
    reportPageErrors(a, 'phone')
    reportPageErrors(b, 'pc')

    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/ledger/incident`, SECRETARY)
    await b.getByTestId('table-search').fill('巡查发现：井盖缺失一处')
    await b.getByTestId('table-count').waitFor(WAIT)
    await expect.poll(() => b.getByTestId('table-row').count(), WAIT).toBe(0)

    await signIn(a, relay.url, GRID_WORKER)
    await gotoApp(a, `${villageUrl}/ledger`, GRID_WORKER)
    await a.getByTestId('patrol-today').waitFor(WAIT)
    await phone.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')

    // From the card: the form starts with today and the worker's own name.
    await a.getByTestId('patrol-new').click()
    const form = a.getByTestId('form-patrol')
    await form.waitFor(WAIT)
    expect(await form.getByTestId('input-date').inputValue()).toBe(shanghaiDate())
    expect(await form.getByTestId('input-patroller').inputValue()).toBe('张网格')
    // A patrol with no route is refused in Chinese, nothing written.
    await form.getByTestId('form-submit').click()
    await expect.poll(() => form.getByTestId('input-route-error').textContent(), WAIT).toBe('请填写巡查区域/路线')
    await form.getByTestId('input-time').selectOption('上午')
    await form.getByTestId('input-route').fill(ROUTE)
    await form.getByTestId('input-findings').fill('井盖缺失一处\n桥头护栏松动')
    await form.getByTestId('form-submit').click()

    await a.getByTestId('patrol-findings').waitFor(WAIT)
    expect(await a.getByTestId('patrol-finding').count()).toBe(2)
    const lamp = a.getByTestId('patrol-finding').filter({ hasText: '井盖缺失一处' })
    await lamp.getByTestId('raise-incident').click()
    await expect.poll(() => lamp.getByTestId('patrol-raised').textContent(), WAIT).toContain('[事件] 巡查发现：井盖缺失一处')
    expect(await lamp.getByTestId('raise-incident').count()).toBe(0)
    const rail = a.getByTestId('patrol-finding').filter({ hasText: '桥头护栏松动' })
    await rail.getByTestId('raise-hazard').click()
    await expect.poll(() => rail.getByTestId('patrol-raised').textContent(), WAIT).toContain('[安全隐患] 巡查发现：桥头护栏松动')

    // The raised incident opens, prefilled from the patrol, in the closed loop from its start.
    await lamp.getByTestId('patrol-raised').getByRole('button').click()
    await a.getByTestId('form-incident').waitFor(WAIT)
    expect(await a.getByTestId('input-channel').inputValue()).toBe('网格巡查')
    expect(await a.getByTestId('input-location').inputValue()).toBe(ROUTE)

    // 日清周结: today counts, and the week's summary says what became of the findings.
    await a.getByTestId('tab-ledger').click()
    await expect.poll(() => a.getByTestId('patrol-today-done').textContent(), WAIT).toContain('发现问题 2 个')
    await a.getByTestId('patrol-week-open').click()
    await a.getByTestId('patrol-week').waitFor(WAIT)
    expect(await a.getByTestId('patrol-week-person').inputValue()).toBe('张网格')
    const summary = await a.getByTestId('week-summary').textContent()
    expect(summary).toContain('张网格工作周结')
    expect(summary).toContain('转为事件 1 件、安全隐患 1 处')
    const today = a.getByTestId('patrol-day').filter({ hasText: shanghaiDate().slice(5) })
    expect(await today.textContent()).toContain(ROUTE)
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // Back online: the PC has the incident without a reload, and the patrol with its links.
    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), { timeout: 30_000 }).toBe('已全部保存')
    await expect.poll(() => b.getByTestId('table-row').count(), { timeout: 30_000 }).toBe(1)
    await gotoApp(b, `${villageUrl}/ledger/patrol`, SECRETARY)
    await b.getByTestId('table-search').fill(ROUTE)
    await expect.poll(() => b.getByTestId('table-row').count(), WAIT).toBe(1)
    await b.getByTestId('table-row').first().click()
    await expect.poll(() => b.getByTestId('patrol-raised').count(), WAIT).toBe(2)
    await phone.close()
    await pc.close()
  }, 240_000)
})

describe('网格清扫日 (F003§8 「至少每周一、三、五早上8點前」)', () => {
  it('set on the office PC, asked for on the grid worker’s phone, recorded offline with a patrol and counted in the week', async () => {
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const b = await pc.newPage()
    reportPageErrors(b, 'pc-cleaning')
    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/settings`, SECRETARY)
    // Today's weekday, so the test reads the same whatever day it runs.
    const weekday = isoWeekday(shanghaiDate())
    const row = b.getByTestId('grid-cleaning')
    expect(await row.getByTestId('origin').textContent()).toBe('系统默认')
    await b.getByTestId(`grid-cleaning-${weekday}`).check()
    await expect.poll(() => row.getByTestId('origin').textContent(), WAIT).toBe('本村设置')
    await pc.close()

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const a = await phone.newPage()
    reportPageErrors(a, 'phone-cleaning')
    await signIn(a, relay.url, GRID_WORKER)
    await gotoApp(a, `${villageUrl}/ledger`, GRID_WORKER)
    const asked = a.getByTestId('patrol-today-cleaning')
    await expect.poll(() => asked.textContent(), WAIT).toBe('今天是网格清扫日：还没有清扫记录（记巡查时填「网格清扫」）。')
    await phone.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await a.getByTestId('patrol-new').click()
    const form = a.getByTestId('form-patrol')
    await form.getByTestId('input-route').fill('全网格环境卫生清扫（e2e）')
    await form.getByTestId('input-cleaning').selectOption('8点前清扫完毕')
    await form.getByTestId('form-submit').click()
    await expect.poll(() => new URL(a.url()).pathname, WAIT).toMatch(/\/ledger\/patrol\/[^/]+\/[^/]+$/)
    await a.getByTestId('tab-ledger').click()
    await expect.poll(() => asked.textContent(), WAIT).toBe('今天是网格清扫日：8点前已清扫。')
    await a.getByTestId('patrol-week-open').click()
    const todayRow = a.getByTestId('patrol-day').filter({ hasText: shanghaiDate().slice(5) })
    await expect.poll(() => todayRow.getByTestId('patrol-day-cleaning').textContent(), WAIT).toBe('8点前已清扫')
    expect(await a.getByTestId('week-cleaning').textContent()).toContain('1/1')
    expect(await a.getByTestId('week-summary').textContent()).toContain('应清扫 1 天，已清扫 1 天，其中 8 点前 1 天')
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await a.getByTestId('patrol-days').screenshot({ path: '/tmp/patrol-cleaning-390.png' })

    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), { timeout: 30_000 }).toBe('已全部保存')
    await expect.poll(async () => (await recordsOnRelay(relay, village, 'patrol')).find((p) => p.values.route === '全网格环境卫生清扫（e2e）')?.values.cleaning, WAIT).toBe('8点前清扫完毕')
    await phone.close()
  }, 180_000)
})

describe('a floating resident who leaves, and a tenant who arrives', () => {
  it('shows as 迁出 this month on the 流动人口 card and is no longer counted as here; a tenant registered from a rental shows as 迁入', async () => {
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const b = await pc.newPage()
    reportPageErrors(b, 'pc')
    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/ledger`, SECRETARY)
    const card = b.getByTestId('floating-card')
    await card.waitFor(WAIT)
    const here = async () => Number(/在村 (\d+) 人/.exec((await card.textContent()) ?? '')![1])
    // Every grid of the village synced: the card counts what the relay holds.
    const before = await floatingHere()
    expect(before).toBeGreaterThan(1)
    await expect.poll(here, WAIT).toBe(before)
    const month = (await card.getByTestId('floating-month').textContent())!
    const departures = Number(/迁出 (\d+) 人/.exec(month)![1])

    // A floating resident still here, from the residents' table.
    await gotoApp(b, `${villageUrl}/ledger/resident`, SECRETARY)
    await b.getByTestId('table-search').fill('流动')
    await b.getByTestId('table-count').waitFor(WAIT)
    let opened = false
    for (let i = 0; i < 20 && !opened; i++) {
      await b.getByTestId('table-row').nth(i).click()
      await b.getByTestId('form-resident').waitFor(WAIT)
      if ((await b.getByTestId('input-residenceType').inputValue()) === '流动' && (await b.getByTestId('input-leftAt').inputValue()) === '') opened = true
      else await b.goBack()
    }
    expect(opened).toBe(true)
    await b.getByTestId('input-leftAt').fill(shanghaiDate())
    await b.getByTestId('form-submit').click()
    await b.getByTestId('form-saved').waitFor(WAIT)

    await b.getByTestId('tab-ledger').click()
    await card.waitFor(WAIT)
    await expect.poll(floatingHere, WAIT).toBe(before - 1)
    await expect.poll(here, WAIT).toBe(before - 1)
    expect(await card.getByTestId('floating-month').textContent()).toContain(`迁出 ${departures + 1} 人`)
    const arrivals = Number(/迁入 (\d+) 人/.exec((await card.getByTestId('floating-month').textContent())!)![1])

    // A new tenant registered from a rental's page (出租屋 三位一体): floating, arrived today, living there.
    await gotoApp(b, `${villageUrl}/ledger/place`, SECRETARY)
    await b.getByTestId('table-search').fill('出租屋')
    await b.getByTestId('table-row').first().click()
    const tenants = b.getByTestId('place-tenants')
    await tenants.waitFor(WAIT)
    await b.getByTestId('place-tenants-add').click()
    const form = tenants.getByTestId('form-resident')
    expect(await form.getByTestId('input-residenceType').inputValue()).toBe('流动')
    expect(await form.getByTestId('input-arrivedAt').inputValue()).toBe(shanghaiDate())
    await form.getByTestId('input-name').fill('新租客')
    await form.getByTestId('input-origin').fill('安徽阜阳')
    await form.getByTestId('form-submit').click()
    await expect.poll(() => tenants.getByRole('listitem').filter({ hasText: '新租客' }).textContent(), WAIT).toContain(`${shanghaiDate()} 来本村`)
    await b.getByTestId('tab-ledger').click()
    await card.waitFor(WAIT)
    await expect.poll(here, WAIT).toBe(before)
    expect(await card.getByTestId('floating-month').textContent()).toContain(`迁入 ${arrivals + 1} 人`)
    expect(await card.getByTestId('floating-movement').filter({ hasText: '新租客' }).textContent()).toContain('来自安徽阜阳')
    await pc.close()
  }, 120_000)
})
