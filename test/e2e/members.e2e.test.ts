/**
 * People are members, not text (issue #15), end to end on the demo village: a grid worker on a
 * phone reports and closes a matter on site; a village cadre on the office PC may not check it
 * (谁上报谁核查, refused with the reporter's name, nothing written); the reporter checks it. Then
 * the cadre, offline, records a hazard naming its 整改责任人 and 包案领导 from the village roster
 * the PC cached earlier; once online, it is in the grid worker's 我的案件 by their user id.
 * Hand-over: the cadre hands an incident entered in the wrong grid to the village's other grid;
 * it opens there with its facts and where it came from, and the source grid's worker sees
 * 「已移交至 …」 on their phone.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { WAIT, gotoApp, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const WORKER = { phone: '13900000003', password: DEMO_PASSWORD, name: '张网格' }
const CADRE = { phone: '13900000002', password: DEMO_PASSWORD }
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''

beforeAll(async () => {
  const demo = await startDemoHarness('members')
  harness = demo
  ;({ relay, browser } = demo)
  villageId = demo.demo.villages[0]!.id
}, 240_000)

afterAll(() => harness?.close())

describe('members, not text', () => {
  it('refuses a check by anyone but the reporter; the reporter checks; a hazard names members picked offline from the cached roster', async () => {
    const workerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const worker = await workerContext.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger/incident/new`, WORKER)
    await worker.getByTestId('input-title').fill('三组路口井盖松动')
    await worker.getByTestId('input-description').fill('井盖一侧翘起，已设警示')
    await worker.getByTestId('input-occurredAt').fill(shanghaiDate())
    await worker.getByTestId('input-channel').selectOption('网格巡查')
    await worker.getByTestId('input-workType').selectOption('一般性')
    await worker.getByTestId('input-reporter').fill('张网格')
    await worker.getByTestId('form-submit').click()
    const workerLabel = () => worker.getByTestId('workflow-status').getAttribute('data-label')
    await expect.poll(workerLabel, WAIT).toBe('已上报')
    await worker.getByTestId('act-onsite').click()
    await expect.poll(workerLabel, WAIT).toBe('已办结待核查')
    const recordUrl = new URL(worker.url()).pathname

    // Another member of the village may not check it: refused before anything is written.
    const cadreContext = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' })
    const cadre = await cadreContext.newPage()
    reportPageErrors(cadre, 'cadre')
    await signIn(cadre, relay.url, CADRE)
    await gotoApp(cadre, `${relay.url}${recordUrl}`, CADRE)
    const cadreLabel = () => cadre.getByTestId('workflow-status').getAttribute('data-label')
    await expect.poll(cadreLabel, WAIT).toBe('已办结待核查')
    const factsBefore = await cadre.getByTestId('workflow-facts').locator('li').count()
    await cadre.getByTestId('act-verify').click()
    expect(await cadre.getByTestId('workflow-error').textContent()).toBe('谁上报谁核查：只有上报人 张网格 可以核查')
    expect(await cadre.getByTestId('workflow-facts').locator('li').count()).toBe(factsBefore)
    expect(await cadreLabel()).toBe('已办结待核查')
    await cadre.getByTestId('workflow').screenshot({ path: '/tmp/cunwu-verify-refused.png' })

    // The reporter checks it; the cadre sees it applied, with no conflict.
    await worker.getByTestId('act-verify').click()
    await expect.poll(workerLabel, WAIT).toBe('核查通过')
    await expect.poll(cadreLabel, WAIT).toBe('核查通过')
    expect(await cadre.getByTestId('workflow-conflicts').count()).toBe(0)

    // Offline, with the ledger reopened (the roster comes from IndexedDB): a hazard names members.
    await cadre.getByTestId('tab-profile').click()
    await cadreContext.setOffline(true)
    await expect.poll(() => cadre.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await cadre.getByTestId('tab-ledger').click()
    await cadre.getByTestId('kind-thing').click()
    await cadre.getByTestId('record-new').click()
    const fixer = cadre.getByTestId('input-planResponsibleId')
    await expect.poll(() => fixer.locator('option').allTextContents(), WAIT).toEqual(expect.arrayContaining(['张网格', '王书记', '李主任']))
    // The roster carries names and roles only.
    expect((await fixer.locator('option').allTextContents()).join('')).not.toMatch(/\d{11}/)
    await cadre.getByTestId('input-name').fill('三组危桥栏杆断裂')
    await cadre.getByTestId('input-category').selectOption('安全隐患')
    await cadre.getByTestId('input-location').fill('三组小河桥')
    await fixer.selectOption({ label: '张网格' })
    await cadre.getByTestId('input-caseLeaderId').selectOption({ label: '王书记' })
    await cadre.getByTestId('input-planDeadline').fill(shanghaiDate())
    await cadre.getByTestId('form-submit').click()
    await cadre.getByTestId('workflow').waitFor(WAIT)
    expect(await cadre.getByTestId('input-planResponsibleId').locator('option:checked').textContent()).toBe('张网格')
    await cadre.screenshot({ path: '/tmp/cunwu-hazard-members.png', fullPage: true })
    await cadreContext.setOffline(false)
    await expect.poll(() => cadre.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')

    // The grid worker carries it, matched by user id.
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger`, WORKER)
    const mine = worker.getByTestId('my-case').filter({ hasText: '三组危桥栏杆断裂' })
    await mine.waitFor(WAIT)
    expect(await mine.textContent()).toContain('整改责任人')
    await workerContext.close()
    await cadreContext.close()
  }, 180_000)

  it('hands an incident over to the other grid: the copy says where it came from, the source grid keeps 已移交', async () => {
    const cadreContext = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' })
    const cadre = await cadreContext.newPage()
    reportPageErrors(cadre, 'cadre')
    await signIn(cadre, relay.url, CADRE)
    await gotoApp(cadre, `${relay.url}/v/${villageId}/ledger/incident/new`, CADRE)
    const title = '二组水渠堵塞（登记错网格）'
    await cadre.getByTestId('input-title').fill(title)
    await cadre.getByTestId('input-description').fill('水渠被杂草堵塞')
    await cadre.getByTestId('input-occurredAt').fill(shanghaiDate())
    await cadre.getByTestId('input-channel').selectOption('网格巡查')
    await cadre.getByTestId('input-workType').selectOption('一般性')
    await cadre.getByTestId('input-reporter').fill('李主任')
    await cadre.getByTestId('form-submit').click()
    await expect.poll(() => cadre.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已上报')
    const sourceGrid = new URL(cadre.url()).pathname.split('/').at(-2)!

    await cadre.getByTestId('handover-open').click()
    await cadre.getByTestId('handover-confirm').click()
    expect(await cadre.getByTestId('handover-error').textContent()).toBe('请选择接收的网格')
    await cadre.getByTestId('handover-target').selectOption({ index: 1 })
    await cadre.getByTestId('handover-confirm').click()
    expect(await cadre.getByTestId('handover-error').textContent()).toBe('请写明移交原因')
    await cadre.getByTestId('handover-reason').fill('登记时选错了网格')
    await cadre.getByTestId('handover-confirm').click()
    await cadre.getByTestId('handed-from').waitFor(WAIT)
    expect(new URL(cadre.url()).pathname.split('/').at(-2)).not.toBe(sourceGrid)
    expect(await cadre.getByTestId('handed-from').textContent()).toMatch(/^由.+移交而来：李主任，.+原因：登记时选错了网格$/)
    expect(await cadre.getByTestId('workflow-status').getAttribute('data-label')).toBe('已上报')
    expect(await cadre.getByTestId('record-title').textContent()).toContain(title)
    await cadre.screenshot({ path: '/tmp/cunwu-handover-copy.png', fullPage: true })
    await expect.poll(() => cadre.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')

    // The source grid's worker (who cannot open the other grid) sees the tombstone.
    const workerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const worker = await workerContext.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger`, WORKER)
    const row = worker.getByTestId('moved-row').filter({ hasText: title })
    await row.waitFor(WAIT)
    expect(await row.textContent()).toContain('已移交至')
    await row.getByRole('button').click()
    await worker.getByTestId('moved-notice').waitFor(WAIT)
    expect(await worker.getByTestId('moved-notice').textContent()).toContain('原因：登记时选错了网格')
    expect(await worker.getByTestId('moved-open').count()).toBe(0)
    await worker.screenshot({ path: '/tmp/cunwu-handover-tombstone.png', fullPage: true })
    expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await workerContext.close()
    await cadreContext.close()
  }, 180_000)

  it('a grid worker asks for a hand-over; the cadre declines with a note, then hands it over when asked again', async () => {
    const workerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
    const worker = await workerContext.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/ledger/incident/new`, WORKER)
    const title = '村东路灯不亮（应属邻网格）'
    await worker.getByTestId('input-title').fill(title)
    await worker.getByTestId('input-description').fill('三盏路灯不亮')
    await worker.getByTestId('input-occurredAt').fill(shanghaiDate())
    await worker.getByTestId('input-channel').selectOption('网格巡查')
    await worker.getByTestId('input-workType').selectOption('一般性')
    await worker.getByTestId('input-reporter').fill(WORKER.name)
    await worker.getByTestId('form-submit').click()
    await worker.getByTestId('record-title').waitFor(WAIT)
    // The worker cannot hand over (they write only their own grid), so asks; a reason is required.
    expect(await worker.getByTestId('handover-open').count()).toBe(0)
    await worker.getByTestId('handover-ask-open').click()
    await worker.getByTestId('handover-target').selectOption({ index: 1 })
    await worker.getByTestId('handover-ask-submit').click()
    expect(await worker.getByTestId('handover-error').textContent()).toBe('请写明移交原因')
    await worker.getByTestId('handover-reason').fill('路灯在邻网格的路段')
    await worker.getByTestId('handover-ask-submit').click()
    await expect.poll(() => worker.getByTestId('handover-ask').textContent(), WAIT).toContain('等待村干部办理')
    await expect.poll(() => worker.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    const recordUrl = worker.url()

    // The cadre finds it among the village's asks and declines, saying why.
    const cadreContext = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' })
    const cadre = await cadreContext.newPage()
    reportPageErrors(cadre, 'cadre')
    await signIn(cadre, relay.url, CADRE)
    await gotoApp(cadre, `${relay.url}/v/${villageId}/ledger`, CADRE)
    const ask = cadre.getByTestId('ask-row').filter({ hasText: title })
    await ask.waitFor(WAIT)
    expect(await ask.textContent()).toContain(WORKER.name)
    await ask.getByRole('button').click()
    await cadre.getByTestId('handover-ask-decline').click()
    await cadre.getByTestId('handover-decline-confirm').click()
    expect(await cadre.getByTestId('handover-error').textContent()).toBe('请写明不移交的原因')
    await cadre.getByTestId('handover-decline-note').fill('先核实路段归属')
    await cadre.getByTestId('handover-decline-confirm').click()
    await expect.poll(() => cadre.getByTestId('handover-ask-actions').count(), WAIT).toBe(0)
    // The worker's open page reads the answer.
    await expect.poll(() => worker.getByTestId('handover-ask').first().textContent(), WAIT).toContain('不同意移交')
    expect(await worker.getByTestId('handover-ask').first().textContent()).toContain('先核实路段归属')
    await worker.screenshot({ path: '/tmp/cunwu-handover-declined.png', fullPage: true })

    // Asked again, the cadre hands it over as asked: the form comes filled in.
    await worker.getByTestId('handover-ask-open').click()
    await worker.getByTestId('handover-target').selectOption({ index: 1 })
    await worker.getByTestId('handover-reason').fill('已核实，路段属邻网格')
    await worker.getByTestId('handover-ask-submit').click()
    await expect.poll(() => cadre.getByTestId('handover-ask-accept').count(), WAIT).toBe(1)
    await cadre.getByTestId('handover-ask-accept').click()
    expect(await cadre.getByTestId('handover-reason').inputValue()).toBe('已核实，路段属邻网格')
    await cadre.getByTestId('handover-confirm').click()
    await cadre.getByTestId('handed-from').waitFor(WAIT)
    expect(await cadre.getByTestId('handed-from').textContent()).toContain('原因：已核实，路段属邻网格')
    expect(await cadre.getByTestId('handover-ask').count()).toBe(0)
    await cadre.screenshot({ path: '/tmp/cunwu-handover-asked.png', fullPage: true })
    await gotoApp(worker, recordUrl, WORKER)
    await worker.getByTestId('moved-notice').waitFor(WAIT)
    await worker.screenshot({ path: '/tmp/cunwu-handover-ask-worker.png', fullPage: true })
    expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await workerContext.close()
    await cadreContext.close()
  }, 180_000)
})
