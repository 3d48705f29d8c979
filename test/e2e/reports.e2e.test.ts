/**
 * Reports upward and campaigns in a real browser (issues #16, #18): the township admin defines a
 * campaign on 工作推进 and sees it on the 工作推进台账 with a row per village, edits it and withdraws it; a village cadre
 * opens 统计报表 for their own village, sees last quarter's 季报 as an A4 sheet with the months
 * side by side, and downloads it as Word — a valid .docx with the title and 填报单位. A 平急结合
 * post tied to a grid worker's account: the worker sees it as 我的岗位 and checks in on their own
 * phone during an emergency; the admin's device offers no check-in for it. Screenshots
 * at 1366 and 390 px go to $SCREENS_DIR (default: the system temp dir).
 */
import JSZip from 'jszip'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { shanghaiDate, addDays } from '../../shared/civilDate.js'
import { parseReportPeriod, reportPeriodKey, reportPeriodLabel } from '../../shared/reports/reportPeriod.js'
import { api } from '../helpers/api.js'
import { login } from '../helpers/relay.js'
import { WAIT, createVillage, gotoApp, reportPageErrors, signIn, startHarness, type Harness } from './browser.js'

const SHOTS = process.env.SCREENS_DIR ?? tmpdir()
const CADRE = { phone: '13700000401', password: 'a-long-pass-123', name: '钱主任' }
let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('reports')
  ;({ relay, browser } = harness)
}, 240_000)

afterAll(() => harness?.close())

describe('campaigns and village reports', () => {
  it('the township admin defines a campaign and sees it on the 工作推进台账; a village cadre downloads their village’s 季报 as Word', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    const page = await context.newPage()
    reportPageErrors(page, 'admin')
    await signIn(page, relay.url)
    const villageId = await createVillage(page, '东山村')
    await page.getByTestId('nav-villages').click()
    await createVillage(page, '西山村')

    await page.getByTestId('nav-campaigns').click()
    await page.getByTestId('campaign-card').first().waitFor(WAIT)
    expect(await page.getByTestId('campaign-card').first().textContent()).toContain('“六联机制”建设')
    await page.getByTestId('campaign-new').click()
    await page.getByTestId('campaign-label').fill('冬季森林防火专项行动')
    await page.getByLabel('第1阶段名称').fill('宣传发动')
    await page.getByLabel('第1阶段开始').fill('11-01')
    await page.getByLabel('第1阶段结束').fill('11-30')
    await page.getByLabel('第1项任务', { exact: true }).fill('张贴防火公告')
    // A 时限 outside its phase is refused in Chinese, and nothing is sent.
    await page.getByLabel('第1项任务时限').fill('12-10')
    await page.getByTestId('campaign-save').click()
    await expect.poll(() => page.getByTestId('campaign-form').textContent(), WAIT).toContain('时限应在“宣传发动”阶段内')
    await page.getByLabel('第1项任务时限').fill('11-15')
    await page.getByTestId('campaign-save').click()
    await page.getByTestId('campaign-saved').waitFor(WAIT)
    const card = page.getByTestId('campaign-card').filter({ hasText: '冬季森林防火专项行动' })
    await card.waitFor(WAIT)
    expect(await card.getByTestId('campaign-village-row').count()).toBe(2)
    expect(await card.textContent()).toContain('张贴防火公告')
    // Set today, for villages that started today: a 时限 already past this year is 不计, never 逾期.
    expect(await card.textContent()).not.toContain('逾期')
    await page.screenshot({ path: join(SHOTS, 'campaigns-1366.png'), fullPage: true })


    // A village cadre of 东山村.
    const token = await login(relay.url)
    const created = await api(relay.url, '/api/users', { token, body: { phone: CADRE.phone, name: CADRE.name, password: CADRE.password, role: 'village_cadre' } })
    expect(created.status).toBe(201)
    const userId = (created.json as { id: string }).id
    expect((await api(relay.url, `/api/users/${userId}/memberships/${villageId}`, { token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: false } })).status).toBe(200)
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, acceptDownloads: true })
    const cadre = await phone.newPage()
    reportPageErrors(cadre, 'cadre')
    await signIn(cadre, relay.url, CADRE)
    await gotoApp(cadre, `${relay.url}/v/${villageId}/reports`, CADRE)
    const sheet = cadre.getByTestId('report-sheet')
    await sheet.waitFor(WAIT)
    const quarter = parseReportPeriod(reportPeriodKey('quarter', addDays(parseReportPeriod(reportPeriodKey('quarter', shanghaiDate()))!.start, -1)))!
    const title = `东山村${reportPeriodLabel(quarter)}基层治理工作季报`
    expect(await sheet.locator('.sheet-title').textContent()).toBe(title)
    expect(await sheet.textContent()).toContain('填报单位：东山村')
    expect(await sheet.locator('[data-testid="report-table-parts"] thead th').allTextContents()).toHaveLength(5)
    const download = cadre.waitForEvent('download')
    await cadre.getByTestId('report-docx').click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`${title}.docx`)
    const zip = await JSZip.loadAsync(readFileSync((await file.path())!))
    const xml = await zip.file('word/document.xml')!.async('string')
    expect(xml).toContain(title)
    expect(xml).toContain('填报单位：东山村')
    expect(xml).not.toContain(CADRE.name)
    expect(await cadre.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await cadre.screenshot({ path: join(SHOTS, 'village-report-390.png'), fullPage: true })
    // The campaign reached the village: its 上墙公示 page lists the task to tick.
    await gotoApp(cadre, `${relay.url}/v/${villageId}/liulian/print`, CADRE)
    const defined = cadre.getByTestId('village-campaign').filter({ hasText: '冬季森林防火专项行动' })
    await defined.waitFor(WAIT)
    expect(await defined.textContent()).toContain('张贴防火公告')
    // A 时限 already past when the village and the task started is 不计逾期, and why is said once under the list.
    const today = shanghaiDate()
    if (today.slice(5) > '11-15') {
      expect(await defined.textContent()).toContain(`张贴防火公告 · 时限 ${today.slice(0, 4)}-11-15 · 不计逾期`)
      expect(await defined.getByTestId('uncounted-note').textContent()).toBe(`不计逾期：时限早于本村启用之日（${today}），当年无法按时完成。`)
    } else {
      expect(await defined.textContent()).toContain(`张贴防火公告 · 时限 ${today.slice(0, 4)}-11-15 · 未完成`)
      expect(await defined.getByTestId('uncounted-note').count()).toBe(0)
    }
    expect(await cadre.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await cadre.screenshot({ path: join(SHOTS, 'liulian-print-390.png'), fullPage: true })

    // 修改: the form comes filled in; a renamed task keeps its column, an added one gets its own.
    await card.getByTestId('campaign-edit').click()
    const form = page.getByTestId('campaign-form')
    expect(await form.getByTestId('campaign-label').inputValue()).toBe('冬季森林防火专项行动')
    await form.getByTestId('campaign-label').fill('冬春森林防火专项行动')
    await form.getByRole('button', { name: '添加任务' }).click()
    await form.getByLabel('第2项任务', { exact: true }).fill('组织扑火演练')
    await form.getByLabel('第2项任务时限').fill('11-28')
    await form.getByTestId('campaign-save').click()
    const edited = page.getByTestId('campaign-card').filter({ hasText: '冬春森林防火专项行动' })
    await edited.waitFor(WAIT)
    expect(await edited.textContent()).toContain('组织扑火演练')
    // The edit is confirmed on its own card, and the earlier 已新建 line is gone.
    await expect.poll(() => edited.getByTestId('campaign-saved').textContent(), WAIT).toContain('已修改为第2版')
    expect(await page.getByTestId('campaign-saved').count()).toBe(1)
    expect(await page.getByTestId('campaign-card').filter({ hasText: '冬季森林防火专项行动' }).count()).toBe(0)
    // The cadre's open page follows: the edit arrives through the relay.
    await expect.poll(() => cadre.getByTestId('village-campaign').filter({ hasText: '冬春森林防火专项行动' }).textContent(), WAIT).toContain('组织扑火演练')
    // 撤回 asks first; 取消 leaves it, 确定撤回 takes it off the ledger.
    await edited.getByTestId('campaign-withdraw').click()
    await page.getByTestId('campaign-withdraw-confirm-cancel').click()
    expect(await edited.count()).toBe(1)
    await edited.getByTestId('campaign-withdraw').click()
    await page.getByTestId('campaign-withdraw-confirm-ok').click()
    await expect.poll(() => page.getByTestId('campaign-card').filter({ hasText: '冬春森林防火专项行动' }).count(), WAIT).toBe(0)
    expect(await page.getByTestId('campaign-card').count()).toBe(1)
    await expect.poll(() => cadre.getByTestId('village-campaign').filter({ hasText: '森林防火' }).count(), WAIT).toBe(0)
    await phone.close()
    await context.close()
  }, 180_000)

  it('a post tied to a grid worker: they see 我的岗位 and check in on their own phone; nobody else can', async () => {
    const WORKER = { phone: '13700000402', password: 'a-long-pass-123', name: '周网格' }
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
    const admin = await context.newPage()
    reportPageErrors(admin, 'admin-posts')
    await signIn(admin, relay.url)
    const villageId = await createVillage(admin, '南山村')
    const token = await login(relay.url)
    const created = await api(relay.url, '/api/users', { token, body: { phone: WORKER.phone, name: WORKER.name, password: WORKER.password, role: 'grid_worker' } })
    expect(created.status).toBe(201)
    const workerId = (created.json as { id: string }).id
    expect((await api(relay.url, `/api/users/${workerId}/memberships/${villageId}`, { token, method: 'PUT', body: { role: 'grid_worker', gridIds: [], sensitive: false } })).status).toBe(200)

    await gotoApp(admin, `${relay.url}/v/${villageId}/liulian/emergency`)
    const member = admin.getByTestId('post-member')
    await expect.poll(() => member.locator('option').allTextContents(), WAIT).toContain(`${WORKER.name}（网格员）`)
    await member.selectOption(workerId)
    await admin.getByTestId('post-post').fill('南片人员转移引导')
    await admin.getByTestId('post-save').click()
    await expect.poll(() => admin.getByTestId('liulian-posts').textContent(), WAIT).toContain('南片人员转移引导')
    await admin.getByTestId('emergency-start').click()
    // A village with no grid yet: the emergency starts at once, the first report goes by phone.
    expect(await admin.getByTestId('emergency-no-grid').textContent()).toContain('请立即电话上报镇')
    await admin.getByTestId('emergency-start-confirm').click()
    const call = admin.getByTestId('rollcall-post').filter({ hasText: '南片人员转移引导' })
    await call.waitFor(WAIT)
    expect(await call.textContent()).toContain('由本人在自己的手机上签到')
    expect(await call.getByTestId('rollcall-checkin').count()).toBe(0)

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const worker = await phone.newPage()
    reportPageErrors(worker, 'worker')
    await signIn(worker, relay.url, WORKER)
    await gotoApp(worker, `${relay.url}/v/${villageId}/liulian/emergency`, WORKER)
    const mine = worker.getByTestId('my-posts')
    await mine.waitFor(WAIT)
    expect(await mine.textContent()).toContain('南片人员转移引导')
    const own = worker.getByTestId('rollcall-post').filter({ hasText: '南片人员转移引导' })
    await own.getByTestId('rollcall-checkin').click()
    await expect.poll(() => own.textContent(), WAIT).toContain('已到岗')
    await worker.screenshot({ path: join(SHOTS, 'posts-worker-390.png'), fullPage: true })
    // The check-in reaches the admin's device through the relay.
    await expect.poll(() => call.textContent(), { timeout: 30_000 }).toContain('已到岗')
    await phone.close()
    await context.close()
  }, 180_000)
})
