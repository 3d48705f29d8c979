/**
 * The township inbox end to end (issue #15): a grid worker on a 390 px phone reports a 突发性
 * event while offline; once the phone is back online it appears, live, in the township admin's
 * inbox on the office PC; the admin accepts it and assigns it to a member of the village; the
 * reporter's record says 已交办给 …, and after handling it the reporter checks it (谁上报谁核查).
 * Every wait is on a condition in the page.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { setVillageDeadline } from '../../shared/settings/villageLayer.js'
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const WORKER = { phone: '13900000003', password: DEMO_PASSWORD }
const WHAT = '后山突发塌方压住村道'
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''

beforeAll(async () => {
  const demo = await startDemoHarness('inbox')
  harness = demo
  ;({ relay, browser } = demo)
  villageId = demo.demo.villages[0]!.id
}, 240_000)

afterAll(() => harness?.close())

describe('镇级收件箱', () => {
  it('a 突发性 event reported offline reaches the township inbox once online; the township assigns it; the reporter checks it', async () => {
    const workerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const worker = await workerContext.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger/incident/new`, WORKER)
    await worker.getByTestId('input-title').waitFor(WAIT)

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const admin = await adminContext.newPage()
    reportPageErrors(admin, 'admin')
    await signIn(admin, relay.url)
    await admin.getByTestId('nav-inbox').click()
    await admin.getByTestId('township-inbox').waitFor(WAIT)
    const items = admin.getByTestId('inbox-item')
    await expect.poll(() => items.count(), WAIT).toBeGreaterThan(0)
    const mine = items.filter({ hasText: WHAT })
    expect(await mine.count()).toBe(0)

    // Offline on the phone: the event is recorded and sent up (突发性 goes straight to 镇).
    await workerContext.setOffline(true)
    await expect.poll(() => worker.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await worker.getByTestId('input-title').fill(WHAT)
    await worker.getByTestId('input-description').fill('约二十方土石，村道中断，无人员受伤')
    await worker.getByTestId('input-occurredAt').fill(shanghaiDate())
    await worker.getByTestId('input-channel').selectOption('网格巡查')
    await worker.getByTestId('input-workType').selectOption('突发性')
    await worker.getByTestId('input-reporter').fill('张网格')
    await worker.getByTestId('form-submit').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已上报')
    // Nothing but the report to the township is offered for a 突发性 event.
    expect(await worker.locator('[data-testid^="act-"]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')))).toEqual(['act-escalate'])
    await worker.getByTestId('act-escalate').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已上报镇级')
    expect(await worker.getByTestId('township-line').textContent()).toBe('镇级办理：已上报镇')
    await expect.poll(async () => Number(await worker.getByTestId('status-unsaved').getAttribute('data-unsaved')), WAIT).toBeGreaterThan(0)
    expect(await mine.count()).toBe(0)

    // Online again: it reaches the admin's open inbox without a reload.
    await workerContext.setOffline(false)
    await expect.poll(() => worker.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await mine.waitFor(WAIT)
    expect(await mine.getAttribute('data-state')).toBe('waiting')
    expect(await mine.getByTestId('inbox-line').textContent()).toBe('已上报镇')
    // 突发: marked, and — waiting — among the urgent ones before everything else, with their count above the list.
    expect(await mine.getByTestId('inbox-urgent').textContent()).toBe('突发·第一时间处置')
    const order = await admin.getByTestId('inbox-item').evaluateAll((items) => items.map((i) => ({ id: i.getAttribute('data-record-id'), pressing: i.getAttribute('data-state') === 'waiting' && i.querySelector('[data-testid="inbox-urgent"]') !== null })))
    const pressing = order.filter((o) => o.pressing)
    expect(order.slice(0, pressing.length)).toEqual(pressing)
    expect(pressing.map((o) => o.id)).toContain(await mine.getAttribute('data-record-id'))
    expect(await admin.getByTestId('inbox-pressing').textContent()).toMatch(/^有 \d+ 件突发事件或重大纠纷待受理/)

    // 受理, then 交办 to the grid worker tracking it on site; refused until a member is chosen.
    await mine.getByTestId('inbox-accept').click()
    await expect.poll(() => mine.getAttribute('data-state'), WAIT).toBe('accepted')
    await expect.poll(() => worker.getByTestId('township-line').textContent(), WAIT).toBe('镇级办理：镇已受理')
    await mine.getByTestId('inbox-assign').click()
    await mine.getByTestId('inbox-assign-confirm').click()
    expect(await mine.getByTestId('inbox-error').textContent()).toBe('请选择承办人')
    await expect.poll(() => mine.getByTestId('inbox-assignee').locator('option').allTextContents(), WAIT).toContain('张网格')
    await mine.getByTestId('inbox-assignee').selectOption({ label: '张网格' })
    await mine.getByTestId('inbox-deadline').fill(shanghaiDate())
    await mine.getByTestId('inbox-assign-confirm').click()
    await expect.poll(() => mine.getAttribute('data-state'), WAIT).toBe('assigned')
    expect(await mine.getByTestId('inbox-line').textContent()).toBe('已交办给 张网格')
    await admin.screenshot({ path: '/tmp/cunwu-inbox.png', fullPage: true })
    await admin.setViewportSize({ width: 390, height: 844 })
    await admin.screenshot({ path: '/tmp/cunwu-inbox-phone.png', fullPage: true })
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await admin.setViewportSize({ width: 1280, height: 800 })

    // The reporter sees where it is, handles it, and checks it (谁上报谁核查).
    await expect.poll(() => worker.getByTestId('township-line').textContent(), WAIT).toBe('镇级办理：已交办给 张网格')
    await worker.screenshot({ path: '/tmp/cunwu-inbox-reporter.png', fullPage: true })
    await worker.getByTestId('act-handle').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('处置中')
    await worker.getByTestId('act-resolve').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已办结待核查')
    await worker.getByTestId('act-verify').click()
    await expect.poll(() => worker.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('核查通过')
    expect(await worker.getByTestId('workflow-conflicts').count()).toBe(0)
    // Done, it leaves the township's inbox.
    await expect.poll(() => mine.count(), WAIT).toBe(0)
    await workerContext.close()
    await adminContext.close()
  }, 180_000)

  it('a dispute goes up the chain only with each stage’s facts; the township sends it back with a reason the reporter reads', async () => {
    const workerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const worker = await workerContext.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger/dispute/new`, WORKER)
    await worker.getByTestId('input-summary').fill('两户因排水沟堵塞互相指责')
    await worker.getByTestId('input-parties').fill('甲户、乙户')
    await worker.getByTestId('input-category').selectOption('邻里纠纷')
    await worker.getByTestId('input-severity').selectOption('一般')
    await worker.getByTestId('input-discoveredAt').fill(shanghaiDate())
    await worker.getByTestId('form-submit').click()
    const label = () => worker.getByTestId('workflow-status').getAttribute('data-label')
    await expect.poll(label, WAIT).toBe('调处中（驻片调处）')

    // 两委会商 needs 责任人 and 时限: refused (nothing written) until both are given.
    await worker.getByTestId('act-escalate').click()
    expect(await worker.getByTestId('workflow-error').textContent()).toBe('提交两委会商须明确责任人')
    // 责任人 is a member of the village, picked from the roster cached on the phone.
    await expect.poll(() => worker.getByTestId('stage-responsible').locator('option').allTextContents(), WAIT).toContain('张网格')
    await worker.getByTestId('stage-responsible').selectOption({ label: '张网格' })
    await worker.getByTestId('act-escalate').click()
    expect(await worker.getByTestId('workflow-error').textContent()).toBe('提交两委会商须定下化解时限（日期）')
    await worker.getByTestId('stage-deadline').fill(shanghaiDate())
    await worker.getByTestId('act-escalate').click()
    await expect.poll(label, WAIT).toBe('调处中（两委会商）')
    expect(await worker.getByTestId('workflow-facts').textContent()).toContain('责任人：张网格')
    // 书面上报 needs the written opinion.
    await worker.getByTestId('act-escalate').click()
    expect(await worker.getByTestId('workflow-error').textContent()).toBe('书面上报须附村两委书面处理意见')
    await worker.getByTestId('stage-opinion').fill('两委会商未果，请镇综治办协调')
    await worker.getByTestId('act-escalate').click()
    await expect.poll(label, WAIT).toBe('调处中（书面上报）')
    expect(await worker.getByTestId('township-line').textContent()).toBe('镇级办理：已上报镇')
    expect(await worker.getByTestId('workflow-conflicts').count()).toBe(0)

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const admin = await adminContext.newPage()
    reportPageErrors(admin, 'admin')
    await signIn(admin, relay.url)
    await gotoApp(admin, `${relay.url}/inbox`)
    const mine = admin.getByTestId('inbox-item').filter({ hasText: '两户因排水沟堵塞互相指责' })
    await mine.waitFor(WAIT)
    expect(await mine.getAttribute('data-state')).toBe('waiting')
    await mine.getByTestId('inbox-sendback').click()
    await mine.getByTestId('inbox-sendback-confirm').click()
    expect(await mine.getByTestId('inbox-error').textContent()).toBe('请写明退回原因')
    await mine.getByTestId('inbox-reason').fill('请村两委先组织双方当面会商')
    await mine.getByTestId('inbox-sendback-confirm').click()
    await expect.poll(() => mine.count(), WAIT).toBe(0)

    await expect.poll(() => worker.getByTestId('township-line').textContent(), WAIT).toBe('镇级办理：已退回：请村两委先组织双方当面会商')
    expect(await label()).toBe('镇已退回（两委会商）')
    await worker.getByTestId('workflow').screenshot({ path: '/tmp/cunwu-dispute-stages.png' })
    await workerContext.close()
    await adminContext.close()
  }, 180_000)

  it('启动应急 on a phone offline sends its first report up: the township inbox has it among the urgent ones, and the emergency links to it', async () => {
    const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }
    const SUMMARY = '河水漫过二组村道，三户被困'
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const phone = await phoneContext.newPage()
    reportPageErrors(phone, 'secretary')
    await signIn(phone, relay.url, SECRETARY)
    await gotoApp(phone, `${relay.url}/v/${villageId}/liulian/emergency`, SECRETARY)
    await phone.getByTestId('emergency-idle').waitFor(WAIT)
    // The phone has just signed in: the village's grid list reaches it with the signal, and the
    // form offers the grids once it has (until then it waits, or starts without the report).
    await phone.getByTestId('emergency-start').click()
    await phone.getByTestId('emergency-grid').waitFor(WAIT)
    await phoneContext.setOffline(true)
    await expect.poll(() => phone.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    // The report must say where and what; the grid is asked for first.
    await phone.getByTestId('emergency-start-confirm').click()
    expect(await phone.getByTestId('emergency-grid-error').textContent()).toBe('请选择事发网格')
    expect(await phone.getByTestId('emergency-summary-error').textContent()).toContain('请简要说明发生了什么')
    expect(await phone.getByTestId('emergency-active').count()).toBe(0)
    await phone.getByTestId('emergency-start-form').screenshot({ path: '/tmp/emergency-start-390.png' })
    await phone.getByTestId('emergency-grid').selectOption({ index: 1 })
    await phone.getByTestId('emergency-summary').fill(SUMMARY)
    await phone.getByTestId('emergency-location').fill('二组河堤')
    await phone.getByTestId('emergency-start-confirm').click()
    const first = phone.getByTestId('emergency-first-report')
    await first.waitFor(WAIT)
    expect(await first.textContent()).toContain('首报：已作为突发性事件上报镇（镇级 · 已上报上级）')
    // The card's top (its heading and the 首报 line) is in view, not the roll call below it.
    await expect.poll(() => phone.getByTestId('emergency-active').evaluate((card) => Math.round(card.getBoundingClientRect().top)), WAIT).toBeLessThanOrEqual(80)
    expect(await phone.getByTestId('emergency-active').evaluate((card) => card.getBoundingClientRect().top)).toBeGreaterThanOrEqual(-1)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await phone.getByTestId('emergency-active').screenshot({ path: '/tmp/emergency-first-report-390.png' })
    await phoneContext.setOffline(false)

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const admin = await adminContext.newPage()
    reportPageErrors(admin, 'admin-emergency')
    // The village's own default time limit for 突发性 (村级设置): the inbox applies it as the ledger home does.
    await relay.relay.withDoc(`${villageId}/meta`, async (room) => setVillageDeadline(room.doc, 'incident', '突发性', 1))
    await signIn(admin, relay.url)
    await admin.getByTestId('nav-inbox').click()
    const mine = admin.getByTestId('inbox-item').filter({ hasText: `防汛应急：${SUMMARY}` })
    await mine.waitFor({ timeout: 30_000 })
    expect(await mine.getByTestId('inbox-urgent').textContent()).toBe('突发·第一时间处置')
    await expect.poll(() => mine.textContent(), WAIT).toContain(`时限 ${addDays(shanghaiDate(), 1)}`)
    const order = await admin.getByTestId('inbox-item').evaluateAll((items) => items.map((i) => ({ id: i.getAttribute('data-record-id'), pressing: i.getAttribute('data-state') === 'waiting' && i.querySelector('[data-testid="inbox-urgent"]') !== null })))
    const pressing = order.filter((o) => o.pressing)
    expect(order.slice(0, pressing.length)).toEqual(pressing)
    expect(pressing.map((o) => o.id)).toContain(await mine.getAttribute('data-record-id'))

    // From the emergency card to the incident in the grid ledger, without a reload.
    await phone.getByText('查看事件，跟进处置').click()
    await expect.poll(() => new URL(phone.url()).pathname, WAIT).toMatch(new RegExp(`/v/${villageId}/ledger/incident/[^/]+/${await mine.getAttribute('data-record-id')}$`))
    await expect.poll(() => phone.locator('body').textContent(), WAIT).toContain(SUMMARY)
    await phoneContext.close()
    await adminContext.close()
  }, 180_000)

  it('我的案件·各村: the admin’s cases as 包案领导 in every village, by deadline with 责任单位 and 协办单位, each opening in its village', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const admin = await context.newPage()
    reportPageErrors(admin, 'admin')
    await signIn(admin, relay.url)
    await gotoApp(admin, `${relay.url}/inbox`)
    const card = admin.getByTestId('my-cases-across')
    await card.waitFor(WAIT)
    const lines = await card.getByTestId('my-case').allTextContents()
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines) expect(line).toMatch(/^\[矛盾纠纷\] .+ .+村｜包案领导｜.+｜责任单位 镇综治中心（协办：镇司法所、派出所）/)
    // Two villages at least, and by deadline.
    expect(new Set(lines.map((l) => /\] .+? (.+?村)｜/.exec(l)?.[1])).size).toBeGreaterThanOrEqual(2)
    const deadlines = lines.map((l) => /时限 (\d{4}-\d{2}-\d{2})/.exec(l)?.[1] ?? '9999')
    expect(deadlines).toEqual([...deadlines].sort())
    await card.screenshot({ path: '/tmp/cunwu-my-cases-across.png' })
    const village = /\] .+? (.+?村)｜/.exec(lines[0]!)![1]!
    await card.getByTestId('my-case').first().getByRole('button').click()
    await admin.waitForURL(/\/v\/[^/]+\/ledger\/dispute\//, WAIT)
    await expect.poll(() => admin.getByTestId('workflow-facts').textContent(), WAIT).toContain('镇综治中心')
    expect(await admin.locator('body').textContent()).toContain(village)
    await context.close()
  }, 120_000)
})
