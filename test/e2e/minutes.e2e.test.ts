/**
 * Meeting minutes in a real browser, two people in two contexts: a meeting created from its
 * template, the body co-edited with each other's named carets visible, one side going offline
 * (context.setOffline) while both keep typing, convergence when it returns, then finalisation
 * (the other side turns read-only), a late offline edit flagged as "changed after finalisation"
 * with a diff (not lost), and restore. Every wait is on a condition in the page.
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { createRecord } from '../../shared/ledger/ledgerDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { api } from '../helpers/api.js'
import { login } from '../helpers/relay.js'
import { ADMIN, WAIT, reportPageErrors, startHarness, type Harness, gotoApp, rememberPassword } from './browser.js'

const CADRE = { phone: '13900000002', password: 'cadre-pass-123', name: '王文书' } as const
const SCREENSHOT = '/tmp/cunwu-minutes.png'
const CHANGED_SCREENSHOT = '/tmp/cunwu-minutes-changed.png'
const HISTORY_SCREENSHOT = '/tmp/cunwu-minutes-history.png'
const PRINT_SCREENSHOT = '/tmp/cunwu-minutes-print.png'

let harness: Harness

beforeAll(async () => {
  harness = await startHarness('minutes')
}, 240_000)

afterAll(() => harness?.close())

describe('meeting minutes', () => {
  it('two people co-edit with carets, one offline, converge, finalise, and a late edit is flagged then restored', async () => {
    const { browser, relay } = harness
    const contextA = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' })
    const contextB = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const a = await contextA.newPage()
    const b = await contextB.newPage()
    reportPageErrors(a, 'A')
    reportPageErrors(b, 'B')

    await signIn(a, ADMIN.phone, ADMIN.password)
    await a.getByTestId('new-village-name').waitFor(WAIT)
    await a.getByTestId('new-village-name').fill('会议村')
    await a.getByTestId('new-village-submit').click()
    await a.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    const villageId = new URL(a.url()).pathname.split('/')[2] as string
    await addCadre(relay.url, villageId)

    // A creates a 村民代表会议; its template headings are in the body.
    await a.getByTestId('tab-minutes').click()
    await a.getByTestId('new-meeting').click()
    await a.getByTestId('meeting-type').selectOption('representatives')
    await a.getByTestId('meeting-title').fill('一季度村民代表会议')
    await a.getByTestId('meeting-place').fill('村委会会议室')
    await a.getByTestId('meeting-date').fill('2026-03-20x')
    await a.getByTestId('create-meeting').click()
    expect(await a.getByTestId('meeting-date-error').textContent()).toContain('日期')
    await a.getByTestId('meeting-date').fill('2026-03-20')
    await a.getByTestId('create-meeting').click()
    await a.getByTestId('meeting-page').waitFor(WAIT)
    const meetingId = new URL(a.url()).pathname.split('/')[4] as string
    await expect.poll(() => bodyText(a), WAIT).toContain('一、会议议程')

    // B, another cadre, opens the same meeting.
    await signIn(b, CADRE.phone, CADRE.password)
    await gotoApp(b, `${relay.url}/v/${villageId}/minutes/${meetingId}`)
    await expect.poll(() => bodyText(b), WAIT).toContain('一、会议议程')

    await typeInParagraph(a, 0, '甲：会议由王书记主持。')
    await expect.poll(() => bodyText(b), WAIT).toContain('甲：会议由王书记主持。')
    await typeInParagraph(b, 1, '乙：张代表提出修路建议。')
    await expect.poll(() => bodyText(a), WAIT).toContain('乙：张代表提出修路建议。')

    // Carets: each sees the other's name on a coloured caret.
    await expect.poll(() => caretNames(a), WAIT).toContain(CADRE.name)
    await expect.poll(() => caretNames(b), WAIT).toContain('镇管理员')
    await a.screenshot({ path: SCREENSHOT })

    // B goes offline; both keep typing into the same paragraph.
    await goOffline(b, contextB)
    await typeInParagraph(a, 0, 'A在线补充。')
    await typeInParagraph(b, 0, 'B离线补充。')
    expect(await bodyText(a)).not.toContain('B离线补充。')
    await goOnline(b, contextB)
    for (const page of [a, b]) {
      await expect.poll(() => bodyText(page), WAIT).toContain('B离线补充。')
      await expect.poll(() => bodyText(page), WAIT).toContain('A在线补充。')
    }
    await expect.poll(async () => (await bodyText(a)) === (await bodyText(b)), WAIT).toBe(true)

    // B confirms, A finalises; B's editor turns read-only.
    await b.getByTestId('confirm-minutes').click()
    await expect.poll(() => b.getByTestId('finalise-message').textContent(), WAIT).toBe('已确认当前内容')
    await expect.poll(() => a.getByTestId('confirmed-names').textContent(), WAIT).toContain(CADRE.name)
    // B offline again before the finalisation reaches it: it will keep writing.
    await goOffline(b, contextB)
    await a.getByTestId('finalise-minutes').click()
    await a.getByTestId('finalise-minutes-confirm-ok').click()
    await expect.poll(() => a.getByTestId('final-status').textContent(), WAIT).toContain('已定稿（第 1 版')
    expect(await a.getByTestId('minutes-body').getAttribute('contenteditable')).toBe('false')
    await typeInParagraph(b, 2, '会后补记：李代表请假。')
    await goOnline(b, contextB)

    // The late edit arrives, is kept, and both sides show "changed after finalisation" with the diff.
    for (const page of [a, b]) {
      await expect.poll(() => page.getByTestId('finalise-panel').getAttribute('data-status'), WAIT).toBe('changed')
      await expect.poll(() => bodyText(page), WAIT).toContain('会后补记：李代表请假。')
      await expect.poll(() => page.getByTestId('diff-added').allTextContents(), WAIT).toContain('会后补记：李代表请假。')
    }

    await b.screenshot({ path: CHANGED_SCREENSHOT, fullPage: true })

    // A restores the finalised content: both are finalised again, the editor locked.
    await a.getByTestId('restore-final').click()
    await a.getByTestId('restore-final-confirm-ok').click()
    for (const page of [a, b]) {
      await expect.poll(() => page.getByTestId('finalise-panel').getAttribute('data-status'), WAIT).toBe('final')
      expect(await bodyText(page)).not.toContain('会后补记')
    }
    await expect.poll(() => b.getByTestId('minutes-body').getAttribute('contenteditable'), WAIT).toBe('false')

    // History holds the finalised version; the print view has the header block.
    await a.getByTestId('open-history').click()
    await expect.poll(() => a.getByTestId('version-item').allTextContents(), WAIT).toEqual(expect.arrayContaining([expect.stringContaining('第 1 版 · 定稿')]))
    await a.getByTestId('version-item').filter({ hasText: '第 1 版 · 定稿' }).getByTestId('view-version').click()
    await a.getByTestId('version-compare').waitFor(WAIT)
    expect(await a.getByTestId('version-compare').textContent()).toContain('第一个版本')
    expect(await a.getByTestId('version-compare').getByTestId('diff-added').allTextContents()).toContain('乙：张代表提出修路建议。')
    // 各段执笔人: who wrote the text of each paragraph, from the relay's attributed history.
    await a.getByTestId('paragraph-writers-load').click()
    await expect.poll(() => a.getByTestId('paragraph-writer').filter({ hasText: '乙：张代表提出修路建议。' }).first().textContent(), WAIT).toContain(CADRE.name)
    expect(await a.getByTestId('paragraph-writer').filter({ hasText: '甲：会议由王书记主持。' }).first().textContent()).toContain('镇管理员')
    await a.screenshot({ path: HISTORY_SCREENSHOT, fullPage: true })

    // The meetings list shows it from the meta doc's index, and filters by type.
    await gotoApp(a, `${relay.url}/v/${villageId}/minutes`)
    await expect.poll(() => a.getByTestId('meeting-item').allTextContents(), WAIT).toEqual([expect.stringContaining('一季度村民代表会议')])
    await a.getByTestId('filter-type').selectOption('dispute_review')
    await expect.poll(() => a.getByTestId('meeting-item').count(), WAIT).toBe(0)

    // Print: the A4 sheet alone (app chrome hidden by the print CSS), and the .docx export.
    await gotoApp(a, `${relay.url}/v/${villageId}/minutes/${meetingId}/print`)
    await expect.poll(() => a.getByTestId('minutes-sheet').textContent(), WAIT).toContain('村委会会议室')
    expect(await a.getByTestId('minutes-sheet').textContent()).toContain('记录人签字')
    const [download] = await Promise.all([a.waitForEvent('download', WAIT), a.getByTestId('export-docx').click()])
    expect(download.suggestedFilename()).toBe('2026-03-20-一季度村民代表会议.docx')
    const file = await download.path()
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK')
    await a.emulateMedia({ media: 'print' })
    expect(await a.locator('.top-bar').isVisible()).toBe(false)
    expect(await a.getByTestId('export-docx').isVisible()).toBe(false)
    expect(await a.getByTestId('minutes-sheet').isVisible()).toBe(true)
    await a.screenshot({ path: PRINT_SCREENSHOT, fullPage: true })
    await contextA.close()
    await contextB.close()
  }, 180_000)

  it('a 矛排例会 pulls the village dispute list from the ledger into the body as a snapshot', async () => {
    const { browser, relay } = harness
    const token = await login(relay.url)
    const created = await api(relay.url, '/api/villages', { token, body: { name: '矛排村' } })
    expect(created.status).toBe(201)
    const villageId = (created.json as { id: string }).id
    let gridId = ''
    await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
      gridId = addGrid(room.doc, { name: '第一网格', code: '01' })
      await room.flush()
    })
    await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => {
      const values = { summary: '王某与李某宅基地边界纠纷', parties: '王某、李某', category: '邻里纠纷', severity: '一般', discoveredAt: '2026-03-01', caseLeader: '赵书记', deadline: '2026-03-10' }
      createRecord(room.doc, dispute, values, { id: 'seed', name: '种子' }, '2026-03-01T08:00:00Z')
      await room.flush()
    })

    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'C')
    await signIn(page, ADMIN.phone, ADMIN.password)
    // Background sync brings the ledger onto this device before the snapshot reads it.
    await expect.poll(() => page.getByTestId('status-last-sync').getAttribute('data-synced-at'), WAIT).not.toBe('')
    await gotoApp(page, `${relay.url}/v/${villageId}/minutes/new`)
    await page.getByTestId('meeting-type').selectOption('dispute_review')
    await page.getByTestId('create-meeting').click()
    await page.getByTestId('meeting-page').waitFor(WAIT)
    await expect.poll(() => bodyText(page), WAIT).toContain('一、包片领导汇报')
    await page.getByTestId('minutes-body').locator('p').nth(1).click()
    await page.getByTestId('insert-disputes').click()
    await expect.poll(() => bodyText(page), WAIT).toContain('王某与李某宅基地边界纠纷')
    const text = await bodyText(page)
    expect(text).toContain('包案领导：赵书记')
    expect(text).toContain('未调结 1 件')
    expect(text).toMatch(/时限：2026-03-10（已超期）/)
    await context.close()
  }, 120_000)

  it('a task set in the minutes is on the 工作任务台账, overdue first; done offline on a phone, it is done on the PC', async () => {
    const { browser, relay } = harness
    const token = await login(relay.url)
    const created = await api(relay.url, '/api/villages', { token, body: { name: '任务村' } })
    const villageId = (created.json as { id: string }).id
    const worker = { phone: '13900000009', password: 'clerk-pass-123' }
    const user = await api(relay.url, '/api/users', { token, body: { ...worker, name: '刘委员', role: 'village_cadre' } })
    await api(relay.url, `/api/users/${(user.json as { id: string }).id}/memberships/${villageId}`, { token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: false } })
    const due = addDays(shanghaiDate(), -3)
    let gridId = ''
    await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
      gridId = addGrid(room.doc, { name: '第一网格', code: '01' })
      await room.flush()
    })
    // A grid worker shares the task: they read the meeting index (not the minutes, not the progress).
    const gridWorker = { phone: '13900000010', password: 'grid-pass-1234' }
    const gridUser = await api(relay.url, '/api/users', { token, body: { ...gridWorker, name: '周网格', role: 'grid_worker' } })
    await api(relay.url, `/api/users/${(gridUser.json as { id: string }).id}/memberships/${villageId}`, { token, method: 'PUT', body: { role: 'grid_worker', gridIds: [gridId], sensitive: false } })

    const pcContext = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' })
    const pc = await pcContext.newPage()
    reportPageErrors(pc, 'pc')
    await signIn(pc, ADMIN.phone, ADMIN.password)
    await gotoApp(pc, `${relay.url}/v/${villageId}/minutes/new`)
    await pc.getByTestId('meeting-type').selectOption('grid_work')
    await pc.getByTestId('meeting-title').fill('网格工作例会')
    await pc.getByTestId('create-meeting').click()
    await pc.getByTestId('meeting-page').waitFor(WAIT)
    await pc.getByTestId('add-actions').click()
    await pc.getByTestId('actions-task').fill('排查二组危房')
    await pc.getByTestId('actions-owner').fill('刘委员、周网格')
    await pc.getByTestId('actions-due').fill(due)
    await pc.getByTestId('action-overdue').waitFor(WAIT)

    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const phone = await phoneContext.newPage()
    reportPageErrors(phone, 'phone')
    await signIn(phone, worker.phone, worker.password)
    // The member's ledger home lists it as theirs, overdue.
    await gotoApp(phone, `${relay.url}/v/${villageId}/ledger`, worker)
    await expect.poll(() => phone.getByTestId('my-task').allTextContents(), WAIT).toEqual([expect.stringContaining('排查二组危房')])
    expect(await phone.getByTestId('my-tasks').textContent()).toContain('逾期 3 天')
    const gridContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const gridPhone = await gridContext.newPage()
    reportPageErrors(gridPhone, 'grid worker')
    await signIn(gridPhone, gridWorker.phone, gridWorker.password)
    await gotoApp(gridPhone, `${relay.url}/v/${villageId}/ledger`, gridWorker)
    await expect.poll(() => gridPhone.getByTestId('my-task').allTextContents(), WAIT).toEqual([expect.stringContaining('排查二组危房')])
    expect(await gridPhone.getByTestId('my-tasks').textContent()).toContain('完成后请告知村干部')
    expect(await gridPhone.getByText('到工作任务台账记录进展').count()).toBe(0)
    await gridContext.close()
    await phone.getByText('到工作任务台账记录进展').click()
    await phone.getByTestId('task-ledger').waitFor(WAIT)
    await phone.getByText('‹ 会议记录').click()
    await expect.poll(() => phone.getByTestId('task-summary').textContent(), WAIT).toBe('工作任务台账：未完成 1 项（逾期 1 项），已完成 0 项')
    await phone.getByTestId('task-summary').getByRole('button').click()
    const item = phone.getByTestId('task-item').filter({ hasText: '排查二组危房' })
    await item.waitFor(WAIT)
    expect(await item.getByTestId('task-state').textContent()).toBe('逾期 3 天')
    expect(await item.textContent()).toContain('责任人：刘委员')

    // Offline: a note needs words; then 完成, with a line of how.
    await phoneContext.setOffline(true)
    await item.getByTestId('task-note').click()
    await item.getByTestId('task-save').click()
    expect(await item.getByTestId('task-text-error').textContent()).toBe('请填写进展情况')
    await item.getByTestId('task-text').fill('已排查 5 户，2 户需加固')
    await item.getByTestId('task-save').click()
    // 分工 (§2.15): the units, set here without unlocking the minutes.
    await item.getByTestId('task-units-edit').click()
    await item.getByTestId('task-unit-lead').fill('村两委')
    await item.getByTestId('task-unit-responsible').fill('第二村民小组')
    await item.getByTestId('task-unit-co').fill('镇规建办')
    await item.getByTestId('task-save').click()
    expect(await item.getByTestId('task-units').textContent()).toBe('牵头单位：村两委 · 责任单位：第二村民小组 · 配合单位：镇规建办')
    await item.getByTestId('task-done').click()
    await item.getByTestId('task-text').fill('加固完成')
    await item.getByTestId('task-save').click()
    // Done ones leave the 未完成 list; 全部 shows it with its notes.
    await expect.poll(() => phone.getByTestId('task-item').count(), WAIT).toBe(0)
    await phone.getByTestId('task-filter').selectOption('all')
    expect(await item.getByTestId('task-state').textContent()).toBe(`已完成 ${shanghaiDate()}`)
    expect(await item.getByTestId('task-notes').textContent()).toContain('刘委员：已排查 5 户，2 户需加固')
    // 导出 Excel, still offline: the list as shown, for the report upward.
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByTestId('task-export').click()])
    expect(download.suggestedFilename()).toMatch(/-工作任务台账-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await download.path())!)
    const sheetRows: string[][] = []
    workbook.worksheets[0]!.eachRow((r) => sheetRows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(sheetRows[0]![0]).toContain('工作任务台账（全部）')
    expect(sheetRows[1]).toEqual(['序号', '工作任务', '牵头单位', '责任单位', '配合单位', '责任人', '完成时限', '完成情况', '进展情况', '布置会议', '会议日期'])
    const exported = sheetRows.find((r) => r[1] === '排查二组危房')!
    expect(exported.slice(2, 8)).toEqual(['村两委', '第二村民小组', '镇规建办', '刘委员、周网格', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), `已完成（${shanghaiDate()}）`])
    expect(exported[8]).toContain('已排查 5 户，2 户需加固（刘委员）')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await phone.screenshot({ path: '/tmp/task-ledger-390.png', fullPage: true })
    await phoneContext.setOffline(false)

    // The PC's list shows it done once the phone is back online; the phone's ledger home no longer lists it.
    await phone.getByText('‹ 会议记录').click()
    await phone.getByTestId('tab-ledger').click()
    await phone.getByTestId('ledger-home-page').waitFor(WAIT)
    expect(await phone.getByTestId('my-tasks').count()).toBe(0)
    await gotoApp(pc, `${relay.url}/v/${villageId}/minutes`)
    await expect.poll(() => pc.getByTestId('task-summary').textContent(), { timeout: 30_000 }).toBe('工作任务台账：未完成 0 项，已完成 1 项')
    await pcContext.close()
    await phoneContext.close()
  }, 180_000)
})

async function signIn(page: Page, phone: string, password: string): Promise<void> {
  rememberPassword(page, password)
  await page.goto(harness.relay.url)
  await page.getByTestId('login-phone').fill(phone)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('login-form').waitFor({ state: 'detached', ...WAIT })
}

async function addCadre(url: string, villageId: string): Promise<void> {
  const token = await login(url)
  const created = await api(url, '/api/users', { token, body: { phone: CADRE.phone, name: CADRE.name, password: CADRE.password, role: 'village_cadre' } })
  expect(created.status).toBe(201)
  const id = (created.json as { id: string }).id
  const set = await api(url, `/api/users/${id}/memberships/${villageId}`, { token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: false } })
  expect(set.status).toBe(200)
}

/** Appends text at the end of the n-th body paragraph (the template's empty paragraphs). */
async function typeInParagraph(page: Page, n: number, text: string): Promise<void> {
  const paragraph = page.getByTestId('minutes-body').locator('p').nth(n)
  await paragraph.click()
  await page.keyboard.press('End')
  await page.keyboard.insertText(text)
}

/** The body's text without the caret labels other people's carets add to the DOM. */
function bodyText(page: Page): Promise<string> {
  return page.getByTestId('minutes-body').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
    return copy.textContent ?? ''
  })
}

function caretNames(page: Page): Promise<string[]> {
  return page.locator('.collaboration-carets__label').allTextContents()
}

async function goOffline(page: Page, context: BrowserContext): Promise<void> {
  await context.setOffline(true)
  await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('离线')
}

async function goOnline(page: Page, context: BrowserContext): Promise<void> {
  await context.setOffline(false)
  await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('在线')
}
