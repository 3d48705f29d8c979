/**
 * 人居环境检查 (门前三包, 院内三净) as the grid worker and the village office do it: a 390 px phone
 * without signal checks a household from its page, two items fail with a deadline; the ledger
 * home lists it as waiting; back online the office PC has it live, opens it from its own card and
 * records the recheck, while the phone, offline again, adds a note to the same check; both
 * devices end with both edits and the check put right.
 * Then the village keeps its own 人居环境检查项 (村级设置, story 13 「against our village's
 * checklist」): set on the office PC, refused in Chinese when repeated; the phone's form offers
 * the village's items and a check made under the old list keeps its items; offline on the phone
 * it is used, and the relay has the village's words; 恢复为系统默认 gives seed 003's six back.
 * And a public toilet's 管护 (保洁, with its cost) recorded on the phone offline, refused in
 * Chinese when the cost is not an amount, and on the relay as a fact with the cost as a number.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { environmentStatus, failedItems } from '../../shared/ledger/environment.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { thingStatus } from '../../shared/ledger/workflows/hazard.js'
import { ENVIRONMENT_ITEMS } from '../../shared/ledger/kinds/environment.js'
import { WAIT, gotoApp, recordsOnRelay, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }
const GRID_WORKER = { phone: '13900000003', password: DEMO_PASSWORD }
const FOUND = '房后化粪池破损外溢'
const PROBLEM = '院内柴草乱堆（e2e）'
const NOTE = '户主承诺本周内清理（e2e）'

let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageUrl = ''
let village: { id: string; grids: { id: string }[] }

beforeAll(async () => {
  const demo = await startDemoHarness('environment')
  harness = demo
  ;({ relay, browser } = demo)
  village = demo.demo.villages[0]!
  villageUrl = `${relay.url}/v/${village.id}`
}, 240_000)

/** Checks waiting to be put right today, in the village or one grid, counted from the relay's copy. */
async function waitingOnRelay(gridId?: string): Promise<number> {
  const checks = await recordsOnRelay(relay, village, 'environment', gridId)
  return checks.filter((c) => ['待整改', '逾期未整改'].includes(environmentStatus(c.values, shanghaiDate()))).length
}

afterAll(() => harness?.close())

const waitingOn = async (text: string | null) => Number(/待整改 (\d+) 户次/.exec(text ?? '')?.[1] ?? 0)

describe('a household’s 门前三包 and 院内三净, checked on a phone without signal', () => {
  it('is recorded offline, waits on both devices’ ledger homes, and is rechecked on the PC while the phone adds a note', async () => {
    const today = shanghaiDate()
    const deadline = addDays(today, 7)
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const a = await phone.newPage()
    const b = await pc.newPage()
    reportPageErrors(a, 'phone')
    reportPageErrors(b, 'pc')

    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/ledger`, SECRETARY)
    const pcCard = b.getByTestId('environment-card')
    await pcCard.waitFor(WAIT)
    // Read once every grid has synced: the count the relay holds.
    const pcBefore = await waitingOnRelay()
    expect(pcBefore).toBeGreaterThan(0)
    await expect.poll(async () => waitingOn(await pcCard.textContent()), WAIT).toBe(pcBefore)

    // The phone opens a household of its grid, then loses the signal.
    await signIn(a, relay.url, GRID_WORKER)
    await gotoApp(a, `${villageUrl}/ledger`, GRID_WORKER)
    const phoneCard = a.getByTestId('environment-card')
    await phoneCard.waitFor(WAIT)
    // The demo grid worker keeps the first grid.
    const phoneBefore = await waitingOnRelay(village.grids[0]!.id)
    await expect.poll(async () => waitingOn(await phoneCard.textContent()), WAIT).toBe(phoneBefore)
    await gotoApp(a, `${villageUrl}/ledger/household`, GRID_WORKER)
    await a.getByTestId('table-row').nth(3).click()
    await a.getByTestId('form-household').waitFor(WAIT)
    const head = await a.getByTestId('input-headName').inputValue()
    await phone.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')

    // The check, from the household's page: today and the worker's name to start with.
    await a.getByTestId('household-environment-add').click()
    const form = a.getByTestId('form-environment')
    await form.waitFor(WAIT)
    expect(await form.getByTestId('input-date').inputValue()).toBe(today)
    expect(await form.getByTestId('input-inspector').inputValue()).toBe('张网格')
    // A required field emptied, then a chip pressed at once, by mouse and by finger: the field's
    // error shows, and the chip under the press is still pressed (the error waits for the press).
    const chip = (name: string) => form.getByTestId('input-failed').getByRole('button', { name })
    // In the middle of the screen, clear of the sync bar fixed at the bottom of a phone's screen.
    await chip('院落净').evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await form.getByTestId('input-inspector').fill('')
    await chip('院落净').click()
    expect(await chip('院落净').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => form.getByTestId('input-inspector-error').textContent(), WAIT).toBe('请填写检查人')
    await form.getByTestId('input-inspector').fill('张')
    await form.getByTestId('input-inspector').fill('')
    await chip('厕所净').tap()
    expect(await chip('厕所净').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => form.getByTestId('input-inspector-error').textContent(), WAIT).toBe('请填写检查人')
    await form.getByTestId('input-inspector').fill('张网格')
    await form.getByTestId('input-problem').fill(PROBLEM)
    await form.getByTestId('input-rectifyBy').fill(deadline)
    await form.getByTestId('form-submit').click()
    const listed = a.getByTestId('household-environment').getByRole('listitem').filter({ hasText: '院落净、厕所净' })
    await expect.poll(() => listed.textContent(), WAIT).toContain('待整改')
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // What the visit found and cannot be settled at the door goes up from the same page, offline
    // too: 上报事件 with this household in 涉及户, found today on a visit, by this worker.
    await a.getByTestId('household-incidents-add').click()
    const report = a.getByTestId('form-incident')
    await report.waitFor(WAIT)
    expect(await report.getByTestId('input-channel').inputValue()).toBe('走访发现')
    expect(await report.getByTestId('input-occurredAt').inputValue()).toBe(today)
    expect(await report.getByTestId('input-reporter').inputValue()).toBe('张网格')
    expect(await report.getByTestId('input-householdIds').count()).toBe(0)
    await report.getByTestId('input-title').fill(FOUND)
    await report.getByTestId('input-description').fill('入户检查时发现，户主无力自行修复')
    await report.getByTestId('input-workType').selectOption('协调性')
    await report.getByTestId('form-submit').click()
    await expect.poll(() => a.getByTestId('household-incidents').textContent(), WAIT).toContain(FOUND)

    // The phone's ledger home waits on it, with its deadline.
    await a.getByTestId('tab-ledger').click()
    await expect.poll(async () => waitingOn(await phoneCard.textContent()), WAIT).toBe(phoneBefore + 1)
    const mine = phoneCard.getByTestId('environment-waiting').filter({ hasText: `${head}户` })
    expect(await mine.textContent()).toContain(`限 ${deadline.slice(5)}`)
    // …and the incident reported from the household waits under 待受理, nobody having taken it on.
    expect(await a.getByTestId('to-accept-item').filter({ hasText: FOUND }).textContent()).toContain('[事件]')

    // Back online: the PC's card has it without a reload; the office opens it and records the recheck.
    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), { timeout: 30_000 }).toBe('已全部保存')
    await expect.poll(async () => waitingOn(await pcCard.textContent()), { timeout: 30_000 }).toBe(pcBefore + 1)
    await phone.setOffline(true)
    await pcCard.getByTestId('environment-waiting').filter({ hasText: `${head}户` }).filter({ hasText: '院落净、厕所净' }).getByRole('button').click()
    await b.getByTestId('form-environment').waitFor(WAIT)
    expect(await b.getByTestId('environment-result').textContent()).toContain('待整改')
    expect(await b.getByTestId('input-problem').inputValue()).toBe(PROBLEM)
    await b.getByTestId('input-recheckedOn').fill(today)
    await b.getByTestId('input-recheckResult').selectOption('已整改')
    await b.getByTestId('form-submit').click()
    await b.getByTestId('form-saved').waitFor(WAIT)
    await expect.poll(() => b.getByTestId('environment-result').textContent(), WAIT).toContain('已整改')

    // Meanwhile the phone, offline, adds a note to the same check.
    await mine.getByRole('button').click()
    await a.getByTestId('form-environment').waitFor(WAIT)
    await a.getByTestId('input-note').fill(NOTE)
    await a.getByTestId('form-submit').click()
    await a.getByTestId('form-saved').waitFor(WAIT)
    expect(await a.getByTestId('environment-result').textContent()).toContain('待整改')

    // Both back: both edits on both devices, and the check no longer waits.
    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('environment-result').textContent(), { timeout: 30_000 }).toContain('已整改')
    expect(await a.getByTestId('input-recheckResult').inputValue()).toBe('已整改')
    await expect.poll(() => b.getByTestId('input-note').inputValue(), { timeout: 30_000 }).toBe(NOTE)
    await a.getByTestId('tab-ledger').click()
    await expect.poll(async () => waitingOn(await phoneCard.textContent()), WAIT).toBe(phoneBefore)
    await b.getByTestId('tab-ledger').click()
    await expect.poll(async () => waitingOn(await pcCard.textContent()), WAIT).toBe(pcBefore)
    await phone.close()
    await pc.close()
  }, 240_000)

  it('follows the village’s own 检查项: set on the PC, offered on the phone, used offline; an older check keeps its items', async () => {
    const OWN = ['门前无垃圾', '畜禽圈养', '房前屋后无积水', '厕所净']
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const b = await pc.newPage()
    const a = await phone.newPage()
    reportPageErrors(b, 'pc')
    reportPageErrors(a, 'phone')

    // The village office sets the village's list in 村级设置.
    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/settings`, SECRETARY)
    const card = b.getByTestId('settings-checklist-environment')
    await card.waitFor(WAIT)
    expect(await card.getByTestId('checklist-items').locator('li').allTextContents()).toEqual([...ENVIRONMENT_ITEMS])
    expect(await card.getByTestId('origin').textContent()).toBe('系统默认')
    await card.getByTestId('checklist-edit').locator('summary').click()
    await card.getByTestId('checklist-text').fill('门前无垃圾\n厕所净、厕所净')
    await card.getByTestId('checklist-apply').click()
    expect(await card.getByTestId('checklist-error').textContent()).toBe('检查项不能重复')
    expect(await card.getByTestId('origin').textContent()).toBe('系统默认')
    await card.getByTestId('checklist-text').fill(`${OWN[0]}\n${OWN[1]}、${OWN[2]}\n\n${OWN[3]}`)
    await card.getByTestId('checklist-apply').click()
    await expect.poll(() => card.getByTestId('origin').textContent(), WAIT).toBe('本村设置')
    expect(await card.getByTestId('checklist-items').locator('li').allTextContents()).toEqual(OWN)
    await expect.poll(() => b.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')

    // The grid worker's phone: a check made under seed 003's list still shows what failed then.
    const gridId = village.grids[0]!.id
    const older = (await recordsOnRelay(relay, village, 'environment', gridId)).find((c) => failedItems(c.values).some((item) => !OWN.includes(item)))!
    expect(older).toBeDefined()
    const olderItem = failedItems(older.values).find((item) => !OWN.includes(item))!
    await signIn(a, relay.url, GRID_WORKER)
    await gotoApp(a, `${villageUrl}/ledger/environment/${gridId}/${older.id}`, GRID_WORKER)
    const oldForm = a.getByTestId('form-environment')
    await oldForm.waitFor(WAIT)
    const oldChip = oldForm.getByTestId('input-failed').getByRole('button', { name: olderItem, exact: true })
    await expect.poll(() => oldChip.getAttribute('aria-pressed'), WAIT).toBe('true')
    expect(await oldForm.getByTestId('input-failed').getByRole('button', { name: OWN[1]!, exact: true }).getAttribute('aria-pressed')).toBe('false')

    // The ledger home says whose list it is; offline, a new check from a household's page offers the village's items, not seed 003's.
    await gotoApp(a, `${villageUrl}/ledger`, GRID_WORKER)
    await expect.poll(() => a.getByTestId('environment-checklist').textContent(), WAIT).toBe('本村检查项 4 项')
    await gotoApp(a, `${villageUrl}/ledger/household`, GRID_WORKER)
    await a.getByTestId('table-row').nth(5).click()
    await a.getByTestId('form-household').waitFor(WAIT)
    await phone.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await a.getByTestId('household-environment-add').click()
    const form = a.getByTestId('form-environment')
    await form.waitFor(WAIT)
    expect(await form.getByTestId('input-failed').getByRole('button').allTextContents()).toEqual(OWN)
    expect(await form.textContent()).toContain('对照本村适用的人居环境检查项逐项检查')
    await form.getByTestId('input-failed').getByRole('button', { name: OWN[1]!, exact: true }).tap()
    await form.getByTestId('input-problem').fill('鸡鸭散养在门前（e2e）')
    await form.getByTestId('form-submit').click()
    await expect.poll(() => a.getByTestId('household-environment').textContent(), WAIT).toContain(OWN[1]!)
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), { timeout: 30_000 }).toBe('已全部保存')
    await expect.poll(async () => (await recordsOnRelay(relay, village, 'environment', gridId)).filter((c) => failedItems(c.values).join() === OWN[1]).length, WAIT).toBe(1)

    // 恢复为系统默认: seed 003's six again, on the PC and on the phone.
    await card.getByTestId('reset-checklist-environment').click()
    await expect.poll(() => card.getByTestId('origin').textContent(), WAIT).toBe('系统默认')
    expect(await card.getByTestId('checklist-items').locator('li').allTextContents()).toEqual([...ENVIRONMENT_ITEMS])
    await a.getByTestId('household-environment-add').click()
    await expect.poll(() => a.getByTestId('form-environment').getByTestId('input-failed').getByRole('button').allTextContents(), { timeout: 30_000 }).toEqual([...ENVIRONMENT_ITEMS])
    await phone.close()
    await pc.close()
  }, 240_000)

  it('records a public toilet’s 管护 with its cost on a phone offline (§2.10: 管护基金 use on record)', async () => {
    const gridId = village.grids[0]!.id
    const toilet = (await recordsOnRelay(relay, village, 'thing', gridId)).find((t) => String(t.values.name).endsWith('公共厕所'))!
    expect(toilet).toBeDefined()
    const year = shanghaiDate().slice(0, 4)
    const costBefore = toilet.facts.filter((f) => f.action === 'maintain' && typeof f.data?.cost === 'number' && String(f.data.on).startsWith(year)).reduce((sum, f) => sum + Number(f.data!.cost), 0)
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const a = await phone.newPage()
    reportPageErrors(a, 'phone')
    await signIn(a, relay.url, GRID_WORKER)
    await gotoApp(a, `${villageUrl}/ledger/thing/${gridId}/${toilet.id}`, GRID_WORKER)
    const status = a.getByTestId('workflow-status')
    await expect.poll(() => status.textContent(), WAIT).toContain(`费用 ${costBefore} 元`)
    await phone.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')

    await a.getByTestId('workflow-upkeep-work').selectOption('维管')
    await a.getByTestId('workflow-upkeep-cost').fill('１２元')
    await a.getByTestId('act-maintain').click()
    expect(await a.getByTestId('workflow-error').textContent()).toBe('管护费用应为金额（元），如 120 或 85.5')
    // Full-width digits, as a phone's Chinese keyboard types them.
    await a.getByTestId('workflow-upkeep-cost').fill('２６０.５')
    await a.getByTestId('workflow-note').fill('更换水箱浮球阀（e2e）')
    await a.getByTestId('act-maintain').click()
    await expect.poll(() => status.textContent(), WAIT).toContain(`费用 ${costBefore + 260.5} 元`)
    expect(await a.getByTestId('workflow-facts').textContent()).toContain('记录管护（内容：维管，日期：' + shanghaiDate() + '，费用：260.5 元')
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    await phone.setOffline(false)
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), { timeout: 30_000 }).toBe('已全部保存')
    await expect
      .poll(async () => (await recordsOnRelay(relay, village, 'thing', gridId)).find((t) => t.id === toilet.id)!.facts.find((f) => f.note === '更换水箱浮球阀（e2e）')?.data, WAIT)
      .toEqual({ work: '维管', on: shanghaiDate(), cost: 260.5 })

    // 公益设施检查周期 每周, set for the village on 村级设置 (the office PC): the phone's 物 table and
    // the toilet's page say which facilities are not inspected this week, as the facts have it,
    // until an inspection is recorded.
    const pc = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const b = await pc.newPage()
    reportPageErrors(b, 'pc')
    await signIn(b, relay.url, SECRETARY)
    await gotoApp(b, `${villageUrl}/settings`, SECRETARY)
    await b.getByTestId('facility-inspection-period').selectOption('week')
    await expect.poll(() => b.getByTestId('facility-inspection').getByTestId('origin').textContent(), WAIT).toBe('本村设置')
    await pc.close()
    const facilities = (await recordsOnRelay(relay, village, 'thing', gridId)).filter((t) => t.values.category === '公益设施')
    const expectedLabel = (t: LedgerRecord) => thingStatus(t, shanghaiDate(), 'week').label
    // The demo inspected each 3 to 60 days ago: at least one is not inspected this week.
    expect(facilities.map(expectedLabel)).toContain('本周未检查')
    await expect.poll(() => a.getByTestId('workflow').locator('h2').textContent(), WAIT).toContain(expectedLabel(facilities.find((t) => t.id === toilet.id)!))
    await a.getByTestId('workflow-condition').selectOption('良好')
    await a.getByTestId('act-inspect').click()
    await expect.poll(() => a.getByTestId('workflow').locator('h2').textContent(), WAIT).toContain('良好')
    await a.getByTestId('tab-ledger').click()
    await gotoApp(a, `${villageUrl}/ledger/thing`, GRID_WORKER)
    for (const t of facilities) {
      const label = t.id === toilet.id ? '良好' : expectedLabel(t)
      await expect.poll(() => a.getByTestId('table-row').filter({ hasText: String(t.values.name) }).textContent(), WAIT).toContain(label)
    }
    // The ledger home lists what is left to inspect this week (the toilet no longer), each a link to its page.
    await a.getByTestId('ledger-home').click()
    const dashboardGrid = a.getByTestId('dashboard-grid')
    if ((await dashboardGrid.count()) > 0) await dashboardGrid.selectOption(gridId)
    const left = facilities.filter((t) => t.id !== toilet.id && expectedLabel(t) === '本周未检查')
    const due = a.getByTestId('facility-due')
    await expect.poll(() => due.locator('h3').textContent(), WAIT).toBe(`公益设施本周待检查（${left.length} / ${facilities.length} 处）`)
    const items = await due.getByTestId('facility-due-item').locator('button').allTextContents()
    expect(items.sort()).toEqual(left.map((t) => String(t.values.name)).sort())
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await due.screenshot({ path: '/tmp/facility-due-390.png' })
    await due.getByTestId('facility-due-item').first().locator('button').click()
    await expect.poll(() => a.getByTestId('workflow').locator('h2').textContent(), WAIT).toContain('本周未检查')
    await phone.close()
  }, 180_000)
})
