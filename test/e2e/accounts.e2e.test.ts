/**
 * Accounts end to end in a real browser: the township admin creates a village, a grid and a
 * grid worker with a membership; the worker (second browser context) sees the village read-only;
 * removing the membership and 强制下线 reach the worker's open page; the audit log lists it all.
 * Every wait is on a condition in the page, never on the clock.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { ADMIN, WAIT, reportPageErrors, signIn, startHarness, type Harness } from './browser.js'

const WORKER = { phone: '13900000001', password: 'worker-pass-1', name: '王网格' } as const
const USERS_SCREENSHOT = '/tmp/cunwu-users.png'
const AUDIT_SCREENSHOT = '/tmp/cunwu-audit.png'
const READ_ONLY_SCREENSHOT = '/tmp/cunwu-read-only.png'
const FORBIDDEN_SCREENSHOT = '/tmp/cunwu-forbidden-workspace.png'

let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('accounts')
  ;({ relay, browser } = harness)
}, 180_000)

afterAll(() => harness?.close())

describe('accounts', () => {
  it('admin grants a grid worker read access to a village, then removes it and signs them out', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' })
    const workerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })
    const admin = await adminContext.newPage()
    const worker = await workerContext.newPage()
    reportPageErrors(admin, 'admin')
    reportPageErrors(worker, 'worker')

    // The admin creates a village.
    await signIn(admin, relay.url, ADMIN)
    await admin.getByTestId('new-village-name').fill('和平村')
    await admin.getByTestId('new-village-submit').click()
    await admin.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    const villageId = new URL(admin.url()).pathname.split('/')[2] ?? ''
    expect(villageId).toBeTruthy()

    // 用户管理: a bad phone is answered inline before anything is sent, then the user is created.
    await admin.getByTestId('nav-users').click()
    await admin.getByTestId('new-user-name').fill(WORKER.name)
    await admin.getByTestId('new-user-phone').fill('12345')
    await admin.getByTestId('new-user-password').fill(WORKER.password)
    await admin.getByTestId('new-user-role').selectOption('grid_worker')
    await admin.getByTestId('new-user-submit').click()
    await expect.poll(() => admin.getByTestId('new-user-phone-error').textContent(), WAIT).toBe('手机号应为 11 位数字')
    await admin.getByTestId('new-user-phone').fill(WORKER.phone)
    await admin.getByTestId('new-user-submit').click()
    const row = admin.locator(`[data-testid="user-row"][data-phone="${WORKER.phone}"]`)
    await row.waitFor(WAIT)
    expect(await row.getByTestId('user-phone').textContent()).toBe('139****0001')
    expect(await row.textContent()).toContain('网格员')

    // Membership in the village, with a new grid assigned.
    await row.getByTestId('user-toggle').click()
    await row.getByTestId('membership-add').selectOption(villageId)
    const membership = row.locator(`[data-testid="membership"][data-village-id="${villageId}"]`)
    await membership.getByTestId('new-grid-code').fill('01')
    await membership.getByTestId('new-grid-name').fill('第一网格')
    await membership.getByTestId('new-grid-submit').click()
    await membership.locator('[data-testid="grid-check"][data-grid-code="01"]').check(WAIT)
    await membership.getByTestId('membership-save').click()
    // Saved: the row now offers 移除 (a draft offers 取消) and keeps the grid ticked.
    await expect.poll(() => membership.getByTestId('membership-remove').textContent(), WAIT).toBe('移除')
    await expect.poll(() => membership.locator('[data-testid="grid-check"][data-grid-code="01"]').isChecked(), WAIT).toBe(true)
    await admin.screenshot({ path: USERS_SCREENSHOT, fullPage: true })

    // The worker signs in, sees the village with their role, and its profile is read-only.
    await signIn(worker, relay.url, WORKER)
    const item = worker.locator(`[data-testid="village-item"][data-village-id="${villageId}"]`)
    await item.waitFor(WAIT)
    await expect.poll(() => item.getByTestId('village-role').textContent(), WAIT).toBe('网格员')
    expect(await worker.getByTestId('nav-users').count()).toBe(0)
    await item.click()
    await expect.poll(() => worker.getByTestId('field-name').inputValue(), WAIT).toBe('和平村')
    await worker.getByTestId('read-only').waitFor(WAIT)
    await expect.poll(() => worker.getByTestId('field-name').isDisabled(), WAIT).toBe(true)
    await worker.screenshot({ path: READ_ONLY_SCREENSHOT })

    // Removing the membership reaches the worker's open page.
    await membership.getByTestId('membership-remove').click()
    await membership.waitFor({ state: 'detached', ...WAIT })
    await expect.poll(() => worker.getByTestId('doc-issue').getAttribute('data-kind'), WAIT).toBe('forbidden')
    expect(await worker.getByTestId('doc-issue').textContent()).toBe('没有权限打开这个文档')
    // A refusal is not the network going: the bar says 无权访问, not 离线 (#22).
    await expect.poll(() => worker.getByTestId('status-forbidden').textContent(), WAIT).toBe('无权访问')
    expect(await worker.getByTestId('status-online').textContent()).toBe('在线')
    await worker.screenshot({ path: FORBIDDEN_SCREENSHOT })

    // 强制下线: the worker's next call to the relay finds the session gone.
    await row.getByTestId('user-revoke').click()
    await expect.poll(() => row.getByTestId('user-message').textContent(), WAIT).toBe('已强制下线')
    await worker.getByTestId('nav-villages').click()
    await worker.getByTestId('auth-lost').waitFor(WAIT)
    expect(await worker.getByTestId('auth-lost').textContent()).toContain('登录已过期')

    // The audit log lists the user's creation, in Chinese.
    await admin.getByTestId('nav-audit').click()
    const created = admin.locator('[data-testid="audit-row"][data-action="user.create"]')
    await created.first().waitFor(WAIT)
    expect(await created.first().textContent()).toContain('新建用户')
    expect(await admin.locator('[data-testid="audit-row"][data-action="membership.remove"]').count()).toBeGreaterThan(0)
    // People by name, not by id; a filter by person; the chain checks out; the export downloads.
    const createdRow = (await created.first().textContent()) ?? ''
    expect(createdRow).not.toMatch(/[A-Za-z0-9_-]{16,}/)
    const workerId = await admin.getByTestId('audit-filter-actor').locator('option', { hasText: WORKER.name }).getAttribute('value')
    await admin.getByTestId('audit-filter-actor').selectOption(workerId ?? '')
    await expect.poll(async () => new Set(await admin.locator('[data-testid="audit-row"] td:nth-child(2)').allTextContents()), WAIT).toEqual(new Set([WORKER.name]))
    await admin.getByTestId('audit-verify').click()
    await expect.poll(() => admin.getByTestId('audit-status').textContent(), WAIT).toContain('审计日志完整')
    const download = admin.waitForEvent('download')
    await admin.getByTestId('audit-export').click()
    expect((await download).suggestedFilename()).toMatch(/^审计日志.*\.xlsx$/)
    await admin.screenshot({ path: AUDIT_SCREENSHOT, fullPage: true })

    await adminContext.close()
    await workerContext.close()
  }, 120_000)
})




