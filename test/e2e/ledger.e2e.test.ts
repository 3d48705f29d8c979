/**
 * The grid ledger end to end in a real browser: a cadre on the office PC adds a grid and a
 * household; the same household appears on a phone (a second browser context, its own IndexedDB)
 * without reloading. A bad ID number is refused inline and nothing is saved until it is right;
 * the household page gathers its member; an incident's closed loop moves on both devices.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import ExcelJS from 'exceljs'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import { ADMIN, WAIT, reportPageErrors, signIn, startHarness, type Harness, gotoApp } from './browser.js'

const SCREENSHOT = '/tmp/cunwu-ledger.png'
const SYNC_SCREENSHOT = '/tmp/cunwu-sync-names.png'
const HISTORY_SCREENSHOT = '/tmp/cunwu-record-history.png'
const AS_OF_SCREENSHOT = '/tmp/cunwu-doc-as-of.png'
let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('ledger')
  ;({ relay, browser } = harness)
}, 180_000)

afterAll(() => harness?.close())

describe('grid ledger', () => {
  it('adds a household in one browser and it appears in another', async () => {
    const pc = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage()
    const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true })).newPage()
    reportPageErrors(pc, 'pc')
    reportPageErrors(phone, 'phone')

    await signIn(pc, relay.url)
    await pc.getByTestId('new-village-name').fill('和平村')
    await pc.getByTestId('new-village-submit').click()
    await pc.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    const villageUrl = pc.url()

    // No grid yet: the ledger offers to add one.
    await pc.getByTestId('tab-ledger').click()
    await pc.getByTestId('ledger-no-grids').waitFor(WAIT)
    await pc.getByTestId('new-grid-code').fill('01')
    await pc.getByTestId('new-grid-name').fill('第一网格')
    await pc.getByTestId('new-grid-submit').click()
    await pc.getByTestId('dashboard').waitFor(WAIT)

    // The phone opens the same village's household table, empty for now.
    await signIn(phone, relay.url)
    await gotoApp(phone, `${villageUrl}/ledger/household`)
    await phone.getByTestId('table-household').waitFor(WAIT)
    await expect.poll(() => phone.getByTestId('table-count').textContent(), WAIT).toBe('共 0 条')

    // The PC adds a household: a missing required field is refused inline first.
    await pc.getByTestId('kind-household').click()
    await pc.getByTestId('record-new').click()
    await pc.getByTestId('input-householdNo').fill('H-001')
    await pc.getByTestId('input-headName').fill('张建国')
    await pc.getByTestId('form-submit').click()
    await expect.poll(() => pc.getByTestId('input-address-error').textContent(), WAIT).toBe('请填写住址')
    await pc.getByTestId('input-address').fill('一组12号')
    await pc.getByTestId('form-submit').click()
    await expect.poll(() => pc.getByTestId('record-title').textContent(), WAIT).toContain('张建国户')

    // It appears on the phone without a reload.
    await expect.poll(() => phone.getByTestId('table-count').textContent(), WAIT).toBe('共 1 条')
    await expect.poll(() => phone.getByTestId('table-row').first().textContent(), WAIT).toContain('张建国')

    // The household's 修改记录 shows the address change, old → new, who and how; restoring the
    // record to before it is a new change that reaches the phone too.
    await pc.getByTestId('input-address').fill('二组8号')
    await pc.getByTestId('form-submit').click()
    await expect.poll(() => phone.getByTestId('table-row').first().textContent(), WAIT).toContain('二组8号')
    await pc.getByTestId('record-history').locator('summary').click()
    await expect.poll(() => pc.getByTestId('record-history-entry').first().textContent(), WAIT).toContain('住址：一组12号 → 二组8号')
    expect(await pc.getByTestId('record-history-entry').first().textContent()).toContain('实时')
    await pc.getByTestId('record-history-restore').first().click()
    await pc.locator('[data-testid="record-history-restore-confirm-ok"]:visible').click()
    await expect.poll(() => pc.getByTestId('record-history').getByRole('status').textContent(), WAIT).toContain('已恢复')
    await expect.poll(() => phone.getByTestId('table-row').first().textContent(), WAIT).toContain('一组12号')
    await expect.poll(() => pc.getByTestId('record-history-entry').first().textContent(), WAIT).toContain('住址：二组8号 → 一组12号')
    await pc.getByTestId('record-history').screenshot({ path: HISTORY_SCREENSHOT })

    // A member with a wrong check digit is refused; corrected, it is saved and listed.
    const base = '33010619800101001'
    const good = base + idCheckChar(base)
    const bad = base + (idCheckChar(base) === '0' ? '1' : '0')
    await pc.getByTestId('household-members-add').click()
    const member = pc.getByTestId('form-resident')
    await member.getByTestId('input-name').fill('张小明')
    await member.getByTestId('input-idNumber').fill(bad)
    await member.getByTestId('form-submit').click()
    await expect.poll(() => member.getByTestId('input-idNumber-error').textContent(), WAIT).toBe('身份证号校验位不正确')
    await member.getByTestId('input-idNumber').fill(good)
    await member.getByTestId('form-submit').click()
    await expect.poll(() => pc.getByTestId('household-members').textContent(), WAIT).toContain('张小明')

    // The phone finds the member in the residents table by ID digits; the number is masked.
    await gotoApp(phone, `${villageUrl}/ledger/resident`)
    await phone.getByTestId('table-search').fill(good.slice(-6))
    await expect.poll(() => phone.getByTestId('table-row').first().textContent(), WAIT).toContain('张小明')
    const row = (await phone.getByTestId('table-row').first().textContent()) ?? ''
    expect(row).not.toContain(good)
    expect(row).toContain(`${good.slice(0, 3)}***********${good.slice(-4)}`)
    expect(row).toContain('男')
    // Shown in full on request, and the reveal is in the audit log (ids only).
    await phone.getByTestId('reveal-ids').check()
    await expect.poll(() => phone.getByTestId('table-row').first().textContent(), WAIT).toContain(good)
    await expect.poll(async () => JSON.stringify(await auditEntries('ledger.reveal')), WAIT).toContain('人·身份证号 ×1')
    expect(JSON.stringify(await auditEntries('ledger.reveal'))).not.toContain(good)
    // On the record page the number stays masked until asked for.
    await phone.getByTestId('table-row').first().click()
    await expect.poll(() => phone.getByTestId('input-idNumber').inputValue(), WAIT).toBe(`${good.slice(0, 3)}***********${good.slice(-4)}`)
    await phone.getByTestId('reveal-idNumber').click()
    await expect.poll(() => phone.getByTestId('input-idNumber').inputValue(), WAIT).toBe(good)

    // An incident is reported on the PC and accepted on the phone; both show the derived status.
    await gotoApp(pc, `${villageUrl}/ledger/incident/new`)
    await pc.getByTestId('input-title').fill('路灯损坏')
    await pc.getByTestId('input-description').fill('三组路口路灯不亮')
    await pc.getByTestId('input-occurredAt').fill('2026-11-20')
    await pc.getByTestId('input-channel').selectOption('网格巡查')
    await pc.getByTestId('input-workType').selectOption('一般性')
    await pc.getByTestId('input-reporter').fill('王网格')
    await pc.getByTestId('form-submit').click()
    await expect.poll(() => pc.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已上报')
    const incidentPath = new URL(pc.url()).pathname
    await gotoApp(phone, `${relay.url}${incidentPath}`)
    await phone.getByTestId('act-accept').click(WAIT)
    await expect.poll(() => pc.getByTestId('workflow-status').getAttribute('data-label'), WAIT).toBe('已受理')
    await pc.screenshot({ path: SCREENSHOT, fullPage: true })

    // 同步详情 names the grid's docs by the grid, not its raw id (#22).
    await pc.getByTestId('status-details').click()
    const ledgerRow = pc.locator('[data-testid="sync-doc"][data-doc*="/ledger/"]')
    await expect.poll(() => ledgerRow.first().textContent(), WAIT).toContain('网格台账（01 第一网格）')
    await pc.screenshot({ path: SYNC_SCREENSHOT, fullPage: true })

    // From there, the grid ledger's 修改记录: the doc as it was after its first change, read-only
    // (the household before the address was changed and restored), masked like the form.
    await ledgerRow.first().getByTestId('sync-doc-history').click()
    await pc.getByTestId('history-screen').waitFor(WAIT)
    await expect.poll(() => pc.getByTestId('history-entry').count(), WAIT).toBeGreaterThanOrEqual(3)
    await pc.getByTestId('history-as-of').last().click()
    await expect.poll(() => pc.getByTestId('as-of-household').textContent(), WAIT).toContain('住址：一组12号')
    expect(await pc.getByTestId('doc-as-of').textContent()).not.toContain('incident')
    await pc.screenshot({ path: AS_OF_SCREENSHOT, fullPage: true })

    // Import from Excel: a preview lists the bad row, nothing is written until confirmed, then
    // the new household is on both devices.
    const id = (b: string) => b + idCheckChar(b)
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('花名册')
    sheet.addRow(['户编号', '户主姓名', '住址', '姓名', '身份证号码', '与户主关系'])
    sheet.addRow(['H-002', '李四', '二组3号', '李四', id('33010619750303001'), '户主'])
    sheet.addRow(['H-002', '李四', '二组3号', '王芳', id('33010619780404002'), '配偶'])
    sheet.addRow(['H-003', '赵六', '三组5号', '赵六', bad, '户主'])
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
    await gotoApp(pc, `${villageUrl}/ledger/household`)
    await pc.getByTestId('record-import').click()
    await pc.getByTestId('import-file').setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
    await expect.poll(() => pc.getByTestId('import-preview').textContent(), WAIT).toContain('有错误 1')
    expect(await pc.getByTestId('import-preview').textContent()).toContain('身份证号校验位不正确')
    await gotoApp(phone, `${villageUrl}/ledger/household`)
    await expect.poll(() => phone.getByTestId('table-count').textContent(), WAIT).toBe('共 1 条')
    await pc.getByTestId('import-confirm').click()
    await expect.poll(() => pc.getByTestId('import-done').textContent(), WAIT).toContain('新增 1 户、2 人')
    await expect.poll(() => phone.getByTestId('table-count').textContent(), WAIT).toBe('共 2 条')
  }, 120_000)
})

describe('importing a clerk’s own spreadsheet', () => {
  it('maps an unrecognised column before confirming, remembers the mapping for the village, and previews what will be written', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const pc = await context.newPage()
    reportPageErrors(pc, 'pc')
    await signIn(pc, relay.url)
    await pc.getByTestId('new-village-name').fill('柳树村')
    await pc.getByTestId('new-village-submit').click()
    await pc.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    const villageUrl = pc.url()
    await pc.getByTestId('tab-ledger').click()
    await pc.getByTestId('new-grid-code').fill('01')
    await pc.getByTestId('new-grid-name').fill('第一网格')
    await pc.getByTestId('new-grid-submit').click()
    await pc.getByTestId('dashboard').waitFor(WAIT)

    const id = (b: string) => b + idCheckChar(b)
    const head = id('33010619700312001')
    const wife = id('33010619721105002')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('人口台账')
    sheet.getCell('A1').value = '柳树村人口台账'
    sheet.mergeCells('A1:I1')
    sheet.getCell('A2').value = '填报单位：柳树村村委会'
    sheet.addRow(['序号', '户号', '户主', '门牌', '姓名', '公民身份号码', '关系', '手机', '民族'])
    sheet.addRow([1, 'L-01', '是', '东街3号', '陈大山', head, '', '139 1234 5678', '汉'])
    sheet.addRow([2, 'L-01', '', '东街3号', '林秀英', wife.toLowerCase(), '妻', '1381234', '汉'])
    sheet.addRow([3, 'L-01', '', '东街3号', '林秀英', wife.toLowerCase(), '妻', '1381234', '汉'])
    sheet.addRow([])
    sheet.addRow(['制表人：陈会计', '', '', '', '审核人：李书记'])
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
    const upload = async () => {
      await gotoApp(pc, `${villageUrl}/ledger/household`)
      await pc.getByTestId('record-import').click()
      await pc.getByTestId('import-file').setInputFiles({ name: '柳树村人口台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
      await pc.getByTestId('import-preview').waitFor(WAIT)
    }
    await upload()

    // Two columns the rules do not know: confirming waits until each is mapped or set to 不导入.
    await expect.poll(() => pc.getByTestId('import-mapping').textContent(), WAIT).toContain('有 2 列没有识别出来')
    expect(await pc.getByTestId('import-confirm').textContent()).toContain('请先处理 2 个未识别的列')
    expect(await pc.getByTestId('import-confirm').isDisabled()).toBe(true)
    await pc.setViewportSize({ width: 390, height: 844 })
    await pc.screenshot({ path: '/tmp/cunwu-import-mapping-390.png', fullPage: true })
    await pc.setViewportSize({ width: 1366, height: 768 })
    await pc.getByTestId('map-D').selectOption('household.address')
    await pc.getByTestId('map-I').selectOption('skip')
    await expect.poll(() => pc.getByTestId('import-confirm').textContent(), WAIT).toContain('确认导入（2 项）')

    // The preview shows what will be written: the head from the 户主 是/否 column (nobody named 是),
    // the address from the mapped column, normalised phone, the 7-digit number refused, the repeat.
    const row = (n: number) => pc.getByTestId(`preview-row-${n}`).textContent()
    await expect.poll(() => row(4), WAIT).toContain('新增')
    expect(await row(4)).toContain('陈大山')
    expect(await row(4)).toContain('东街3号')
    expect(await row(4)).toContain('13912345678')
    // ID numbers masked, shown in full on request to check the column was read right.
    expect(await row(4)).not.toContain(head)
    await pc.getByTestId('import-full-ids').check()
    await expect.poll(() => row(4), WAIT).toContain(head)
    expect(await row(5)).toContain(wife)
    expect(await row(5)).toContain('联系电话格式不正确')
    expect(await row(6)).toContain('与第5行完全相同')
    expect(await row(8)).toContain('表尾或说明行')
    expect(await pc.getByTestId('import-preview').textContent()).not.toContain('户主 是')
    await pc.screenshot({ path: '/tmp/cunwu-import-1366.png', fullPage: true })
    await pc.setViewportSize({ width: 390, height: 844 })
    await pc.screenshot({ path: '/tmp/cunwu-import-390.png', fullPage: true })
    await pc.setViewportSize({ width: 1366, height: 768 })

    await pc.getByTestId('import-confirm').click()
    await expect.poll(() => pc.getByTestId('import-done').textContent(), WAIT).toContain('新增 1 户、1 人')

    // The same file again: the mapping is remembered for the village, and nothing changes.
    await pc.getByRole('button', { name: '关闭' }).click()
    await upload()
    await expect.poll(() => pc.getByTestId('import-preview').textContent(), WAIT).toContain('人 新增 0、更新 0、无变化 1')
    expect(await pc.getByTestId('import-mapping').count()).toBe(0)
    expect(await pc.getByTestId('import-columns').textContent()).toContain('D“门牌”→户·住址')
    expect(await pc.getByTestId('import-confirm').textContent()).toContain('确认导入（0 项）')
    await context.close()
  }, 120_000)
})

async function auditEntries(action: string): Promise<unknown[]> {
  const token = await (await fetch(`${relay.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()
  const res = await fetch(`${relay.url}/api/audit?action=${action}`, { headers: { authorization: `Bearer ${(token as { token: string }).token}` } })
  return ((await res.json()) as { entries: unknown[] }).entries
}

