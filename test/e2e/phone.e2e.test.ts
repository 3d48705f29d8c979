/**
 * The demo township on a cheap phone (390×844), as 王书记 uses it: lists are cards with title and
 * status, tabs say they scroll, a household is found by typing (户编号, or the last digits of an
 * ID number) instead of from a wall of buttons, a failed save brings the first error into view
 * and focus, 定稿 asks first and says what cannot be undone, a new page opens at its top, and the
 * 适老化 1.5× text still fits the width; 修改记录 is reached from 同步详情 and its 恢复到此时 asks
 * first. Every wait is on a condition in the page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { connectClient } from '../helpers/provider.js'
import { login } from '../helpers/relay.js'
import { WAIT, reportPageErrors, signIn, startDemoHarness, type Harness, gotoApp } from './browser.js'

const PHONE = { width: 390, height: 844 }
const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }

let harness: Harness
let relay: RunningRelay
let browser: Browser
let context: BrowserContext
let page: Page
let village = ''
let secondVillageId = ''

beforeAll(async () => {
  const demo = await startDemoHarness('phone')
  harness = demo
  ;({ relay, browser } = demo)
  village = `${relay.url}/v/${demo.demo.villages[0]!.id}`
  secondVillageId = demo.demo.villages[1]!.id
  context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })
  page = await context.newPage()
  reportPageErrors(page, 'phone')
  await signIn(page, relay.url, SECRETARY)
}, 240_000)

afterAll(() => harness?.close())

/** Nothing sticks out sideways: the page is no wider than the phone. */
const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth)

describe('on a 390 px phone', () => {
  it('lists incidents as cards with title and status, and the tabs show that they scroll', async () => {
    await gotoApp(page, `${village}/ledger/incident`)
    const cards = page.locator('.record-card')
    await cards.first().waitFor(WAIT)
    expect(await cards.count()).toBeGreaterThan(0)
    const first = cards.first()
    expect((await first.locator('.card-title').textContent())?.length).toBeGreaterThan(0)
    expect(await first.getByTestId('card-status').textContent()).toMatch(/处置中|已归档|已办结|待|核查|反馈|受理|上报/)
    expect(await page.locator('[role="columnheader"]').count()).toBe(0)
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width)

    // 四议两公开 does not fit beside the others: a › says there is more, gone once scrolled.
    const hint = page.getByTestId('scroll-hint')
    await expect.poll(() => hint.getAttribute('data-more-right'), WAIT).toBe('true')
    await hint.locator('nav').evaluate((nav) => nav.scrollTo({ left: nav.scrollWidth }))
    await expect.poll(() => hint.getAttribute('data-more-right'), WAIT).toBe('false')
    // A cadre's menu (村庄 alone) fits: no hint.
    expect(await page.getByTestId('nav-scroll-hint').getAttribute('data-more-right')).toBe('false')
  })

  it('opens a record at its top, not at the list position', async () => {
    await gotoApp(page, `${village}/ledger/household`)
    await page.locator('.record-card').first().waitFor(WAIT)
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await expect.poll(() => page.evaluate(() => window.scrollY), WAIT).toBeGreaterThan(0)
    await page.locator('.record-card').first().click()
    await page.getByTestId('record-title').waitFor(WAIT)
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
  })

  it('picks households by 户编号 and residents by ID digits, never from a wall of buttons', async () => {
    await gotoApp(page, `${village}/ledger/incident/new`)
    const picker = page.getByTestId('input-householdIds')
    await picker.waitFor(WAIT)
    // The form is a few screens tall, not 5,700 px of household buttons.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(PHONE.height * 4)
    expect(await picker.locator('button').count()).toBe(0)
    await picker.getByTestId('input-householdIds-search').fill('010002')
    const options = picker.getByTestId('input-householdIds-option')
    await expect.poll(() => options.count(), WAIT).toBe(1)
    expect(await options.first().textContent()).toContain('010002')
    await options.first().click()
    await expect.poll(() => picker.getByTestId('input-householdIds-picked').count(), WAIT).toBe(1)
    // Picked once, it is offered first next time (recent picks), and not offered twice here.
    await picker.getByTestId('input-householdIds-search').fill('')
    await picker.getByTestId('input-householdIds-search').focus()
    await expect.poll(() => options.count(), WAIT).toBeGreaterThan(0)
    expect(await options.allTextContents()).not.toContain(expect.stringContaining('010002'))

    // A resident by the last four digits of the ID number the resident list shows masked.
    // (From the first grid: a new record's form starts in the first grid and offers its people.)
    await gotoApp(page, `${village}/ledger/resident`)
    await page.locator('.record-card').first().waitFor(WAIT)
    await page.getByTestId('filter-grid').selectOption({ index: 1 })
    const card = page.locator('.record-card').first()
    const name = (await card.locator('.card-title').textContent()) ?? ''
    const digits = /(\d{3}[\dX])\b/.exec((await card.locator('.card-fields').textContent()) ?? '')?.[1] ?? ''
    expect(digits).toMatch(/^\d{3}[\dX]$/)
    await gotoApp(page, `${village}/ledger/dispute/new`)
    const parties = page.getByTestId('input-partyIds')
    await parties.getByTestId('input-partyIds-search').fill(`${name} ${digits}`)
    await expect.poll(() => parties.getByTestId('input-partyIds-option').allTextContents(), WAIT).toContainEqual(expect.stringContaining(name))
  })

  it('a failed save scrolls to the first error and focuses it', async () => {
    await gotoApp(page, `${village}/ledger/incident/new`)
    await page.getByTestId('form-submit').scrollIntoViewIfNeeded()
    await page.getByTestId('form-submit').click()
    await page.getByTestId('form-errors').waitFor(WAIT)
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('input-title')
    const box = await page.getByTestId('input-title').boundingBox()
    expect(box!.y).toBeGreaterThanOrEqual(0)
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height)
  })

  it('定稿 states what cannot be undone and does nothing until confirmed', async () => {
    await gotoApp(page, `${village}/minutes`)
    await page.getByTestId('meeting-item').first().click()
    const panel = page.getByTestId('finalise-panel')
    await expect.poll(() => panel.getAttribute('data-status'), WAIT).toBe('draft')
    await page.getByTestId('finalise-minutes').click()
    const dialog = page.getByTestId('finalise-minutes-confirm')
    await dialog.waitFor(WAIT)
    expect(await dialog.textContent()).toContain('不能撤回，也不能删除')
    const box = await dialog.boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width)
    await dialog.getByTestId('finalise-minutes-confirm-cancel').click()
    await dialog.waitFor({ state: 'hidden', ...WAIT })
    expect(await panel.getAttribute('data-status')).toBe('draft')

    await page.getByTestId('finalise-minutes').click()
    await dialog.getByTestId('finalise-minutes-confirm-ok').click()
    await expect.poll(() => panel.getAttribute('data-status'), WAIT).toBe('final')
    await expect.poll(() => page.getByTestId('final-status').textContent(), WAIT).toContain('已定稿（第 1 版')
  })

  it('a 四议两公开 step offers only meetings of its kind, named once, and takes the numbers from their minutes', async () => {
    await gotoApp(page, `${village}/decisions`)
    await page.getByTestId('decision-link').filter({ hasText: '村卫生室改扩建项目' }).click()
    const form = page.getByTestId('step-form-review')
    await form.waitFor(WAIT)
    const labels = (await form.getByTestId('step-meeting').locator('option').allTextContents()).slice(1)
    expect(labels.length).toBeGreaterThan(3)
    for (const label of labels) {
      expect(label).toContain('党员大会')
      expect(label.split('党员大会').length - 1).toBe(1)
    }
    await form.getByTestId('step-meeting').selectOption({ index: 1 })
    await form.getByTestId('step-from-minutes').waitFor(WAIT)
    await expect.poll(() => form.getByTestId('step-eligible').inputValue(), WAIT).toMatch(/^[1-9]\d*$/)
    expect(Number(await form.getByTestId('step-present').inputValue())).toBeGreaterThan(0)
    expect(Number(await form.getByTestId('step-for').inputValue())).toBeGreaterThan(0)
    await expect.poll(() => form.getByTestId('step-preview').textContent(), WAIT).toContain('通过')
  })

  it('the supervisor can still confirm minutes after 定稿', async () => {
    const supervisor = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })).newPage()
    reportPageErrors(supervisor, 'supervisor')
    await signIn(supervisor, relay.url, { phone: '13900000004', password: DEMO_PASSWORD })
    await gotoApp(supervisor, `${village}/minutes`)
    // A finalised 支委会 record (the demo finalises all but the last two weeks' minutes).
    await supervisor.getByTestId('filter-type').selectOption('party_branch')
    await supervisor.getByTestId('meeting-item').nth(1).click()
    const panel = supervisor.getByTestId('finalise-panel')
    await expect.poll(() => panel.getAttribute('data-status'), WAIT).toBe('final')
    await supervisor.getByTestId('confirm-minutes').click()
    await expect.poll(() => supervisor.getByTestId('confirmed-names').textContent(), WAIT).toContain('赵监督')
    await supervisor.getByTestId('confirm-minutes').waitFor({ state: 'detached', ...WAIT })
    expect(await supervisor.getByTestId('finalise-minutes').count()).toBe(0)
    await supervisor.context().close()
  })

  it('a grid worker sees the village name alone; the profile says it is read-only', async () => {
    const worker = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })).newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, { phone: '13900000003', password: DEMO_PASSWORD })
    await gotoApp(worker, village)
    await worker.getByTestId('read-only').waitFor(WAIT)
    await expect.poll(() => worker.locator('main h1').textContent(), WAIT).toBe('青石村')
    expect(await worker.getByTestId('read-only').textContent()).toContain('村庄概况由村两委维护')
    await worker.context().close()
  })

  it('adding a village to a 村两委成员 starts the membership as 村两委成员, not 网格员', async () => {
    const admin = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })).newPage()
    reportPageErrors(admin, 'admin')
    await signIn(admin, relay.url)
    // The township admin's menu (eight items) does not fit a phone: a › says there is more.
    await expect.poll(() => admin.getByTestId('nav-scroll-hint').getAttribute('data-more-right'), WAIT).toBe('true')
    await admin.getByTestId('nav-users').click()
    const row = admin.locator('[data-testid="user-row"][data-phone="13900000002"]')
    await row.getByTestId('user-toggle').click(WAIT)
    await row.getByTestId('membership-add').selectOption(secondVillageId)
    const membership = row.locator(`[data-testid="membership"][data-village-id="${secondVillageId}"]`)
    await expect.poll(() => membership.getByTestId('membership-role').inputValue(), WAIT).toBe('village_cadre')
    await admin.context().close()
  })

  it('修改记录 is reached from 同步详情, names the doc without ids, and 恢复到此时 states what happens and waits for confirmation', async () => {
    const villageId = village.split('/v/')[1]!
    const name = `${villageId}/decisions`
    // A change made elsewhere (another device of the secretary's), after the doc's first entry.
    const other = connectClient(`${relay.url.replace(/^http/, 'ws')}/ws`, name, await login(relay.url, SECRETARY.phone, SECRETARY.password), { durable: true })
    await expect.poll(() => other.provider.synced, WAIT).toBe(true)
    other.doc.getMap('e2e').set('later', '恢复后应消失')
    await expect.poll(() => other.allSaved(), WAIT).toBe(true)

    await gotoApp(page, `${relay.url}/sync`)
    await page.locator(`[data-testid="sync-doc"][data-doc="${name}"]`).getByTestId('sync-doc-history').click()
    await expect.poll(() => page.evaluate(() => window.location.pathname), WAIT).toBe(`/history/${name}`)
    const title = await page.getByTestId('history-doc').textContent()
    expect(title).toBe('青石村 · 四议两公开')
    const entries = page.getByTestId('history-entry')
    await expect.poll(() => entries.count(), WAIT).toBeGreaterThanOrEqual(2)
    const before = await entries.count()
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width)

    // The newest entry is now; restoring goes back to the one before it.
    await entries.nth(1).getByTestId('history-restore').click()
    const dialog = entries.nth(1).getByTestId('history-restore-confirm')
    await dialog.waitFor(WAIT)
    expect(await dialog.textContent()).toContain('恢复本身作为一条新的修改记入')
    await dialog.getByTestId('history-restore-confirm-cancel').click()
    await dialog.waitFor({ state: 'hidden', ...WAIT })
    expect(other.doc.getMap('e2e').get('later')).toBe('恢复后应消失')

    await entries.nth(1).getByTestId('history-restore').click()
    await dialog.getByTestId('history-restore-confirm-ok').click()
    await expect.poll(() => other.doc.getMap('e2e').has('later'), WAIT).toBe(false)
    await expect.poll(() => entries.count(), WAIT).toBe(before + 1)
    other.destroy()
  })

  it('at 1.5× text the lists and forms still fit 390 px', async () => {
    await gotoApp(page, `${relay.url}/account`)
    await page.getByTestId('text-size-larger').click()
    expect(await page.evaluate(() => document.documentElement.dataset.textSize)).toBe('larger')
    for (const path of ['/ledger/incident', '/ledger/incident/new', '/decisions']) {
      await gotoApp(page, `${village}${path}`)
      await page.getByTestId('tab-ledger').waitFor(WAIT)
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.textSize), WAIT).toBe('larger')
      await expect.poll(pageWidth, WAIT).toBeLessThanOrEqual(PHONE.width)
    }
    const card = page.locator('.record-card')
    await gotoApp(page, `${village}/ledger/incident`)
    await card.first().waitFor(WAIT)
    // Rows grow with the text instead of clipping it. Polled: the card waited for may be one the
    // list replaces before it is laid out (measured 0 px once in CI).
    await expect.poll(() => card.first().evaluate((el) => el.getBoundingClientRect().height), WAIT).toBeGreaterThan(25.5 * 4)
  })
})
