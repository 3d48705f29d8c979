/**
 * 四议两公开 end to end in a real browser: a cadre walks a decision through all six steps — the
 * four meetings linked to meeting records, the 决议公开 published while offline (queued in the
 * outbox, sent on reconnect), the 实施结果公开 online — and a resident with JavaScript turned off
 * and no account reads both disclosures on the public board and sees the chain verified.
 * Every wait is on a condition in the page, never on the clock.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { upsertMeetingIndex } from '../../shared/meetingIndex.js'
import { createVillage, login } from '../helpers/relay.js'
import { connectClient } from '../helpers/provider.js'
import { waitFor } from '../helpers/waitFor.js'
import { ADMIN, WAIT, reportPageErrors, startHarness, type Harness, gotoApp } from './browser.js'

const SCREENSHOT = '/tmp/cunwu-decision.png'
const BOARD_SCREENSHOT = '/tmp/cunwu-public-board.png'
const DASHBOARD_SCREENSHOT = '/tmp/cunwu-decisions-dashboard.png'

let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''
const SUPERVISOR = { phone: '13900000009', password: 'supervisor-pass-1', name: '李监督' } as const

const MEETINGS = [
  { id: 'm-branch', type: 'party_branch', title: '党支部会议：村道硬化', date: '2026-03-02' },
  { id: 'm-joint', type: 'joint_committee', title: '两委联席会议：村道硬化', date: '2026-03-04' },
  { id: 'm-members', type: 'party_members', title: '党员大会：村道硬化', date: '2026-03-06' },
  { id: 'm-reps', type: 'representatives', title: '村民代表会议：村道硬化', date: '2026-03-08' },
] as const

beforeAll(async () => {
  harness = await startHarness('decisions')
  ;({ relay, browser } = harness)
  // The village and its meeting records' index (the minutes section writes these in real use).
  const token = await login(relay.url, ADMIN.phone, ADMIN.password)
  villageId = await createVillage(relay.url, token, '和平村')
  const meta = connectClient(`${relay.url.replace(/^http/, 'ws')}/ws`, `${villageId}/meta`, token, { durable: true })
  await waitFor(() => meta.provider.synced, 'meta doc synced')
  for (const m of MEETINGS) upsertMeetingIndex(meta.doc, m)
  await waitFor(() => meta.allSaved(), 'meeting index saved')
  meta.destroy()
}, 180_000)

afterAll(() => harness?.close())

async function recordMeeting(page: Page, step: string, meetingId: string, date: string, counts: [number, number, number, number, number]) {
  const form = page.getByTestId(`step-form-${step}`)
  await form.waitFor(WAIT)
  await form.getByTestId('step-meeting').selectOption(meetingId)
  await form.getByTestId('step-date').fill(date)
  const [eligible, present, yes, no, abstain] = counts
  await form.getByTestId('step-eligible').fill(String(eligible))
  await form.getByTestId('step-present').fill(String(present))
  await form.getByTestId('step-for').fill(String(yes))
  await form.getByTestId('step-against').fill(String(no))
  await form.getByTestId('step-abstain').fill(String(abstain))
  await form.getByTestId('step-submit').click()
  await page.locator(`[data-testid="step-${step}"][data-state="done"]`).waitFor(WAIT)
}

describe('四议两公开', () => {
  it('a cadre walks a decision through six steps; a resident sees both disclosures and a verified chain', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'cadre')
    await page.goto(relay.url)
    await page.getByTestId('login-phone').fill(ADMIN.phone)
    await page.getByTestId('login-password').fill(ADMIN.password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('nav-villages').waitFor(WAIT)
    await gotoApp(page, `${relay.url}/v/${villageId}/decisions`)

    // A new decision: an error in Chinese until the form is complete.
    await page.getByTestId('decision-create').click(WAIT)
    await expect.poll(() => page.getByTestId('decision-title-error').textContent(), WAIT).toBe('请填写事项名称')
    await page.getByTestId('decision-title').fill('村道硬化工程')
    await page.getByTestId('decision-category').selectOption('public_works')
    await page.getByTestId('decision-matter').selectOption('major_other')
    await page.getByTestId('decision-create').click()
    await page.getByTestId('decision-page').waitFor(WAIT)
    expect(await page.getByTestId('step-publish_resolution').getByTestId('step-blocked').textContent()).toBe('决议通过后才能公开')

    await recordMeeting(page, 'propose', 'm-branch', '2026-03-02', [5, 5, 5, 0, 0])
    await recordMeeting(page, 'consult', 'm-joint', '2026-03-04', [9, 8, 8, 0, 0])
    await recordMeeting(page, 'review', 'm-members', '2026-03-06', [45, 30, 25, 3, 2])
    // Step 4, first one representative short of two thirds: the rule says why before saving.
    const form = page.getByTestId('step-form-resolve')
    await form.getByTestId('step-eligible').fill('30')
    await form.getByTestId('step-present').fill('19')
    await form.getByTestId('step-for').fill('19')
    await expect.poll(() => form.getByTestId('step-preview').textContent(), WAIT).toMatch(/三分之二以上代表参加/)
    await recordMeeting(page, 'resolve', 'm-reps', '2026-03-08', [30, 20, 16, 2, 2])

    // 决议公开 while offline: queued in the outbox, published once back online.
    await context.setOffline(true)
    const resolution = page.getByTestId('publish-publish_resolution')
    await resolution.getByTestId('publish-publish_resolution-body').fill('经村民代表会议表决通过：硬化村道 1.2 公里，预算 36 万元。')
    // Dated before the resolution it discloses: refused by the rules, nothing is queued.
    const from = await resolution.getByTestId('publish-publish_resolution-from').inputValue()
    await resolution.getByTestId('publish-publish_resolution-from').fill('2026-03-01')
    await resolution.getByTestId('publish-publish_resolution-submit').click()
    await expect.poll(() => resolution.getByRole('alert').textContent(), WAIT).toBe('日期不能早于上一步骤（2026-03-08）')
    await resolution.getByTestId('publish-publish_resolution-from').fill(from)
    await resolution.getByTestId('publish-publish_resolution-submit').click()
    // Publishing cannot be undone: it is said plainly and confirmed first.
    const confirm = page.getByTestId('publish-publish_resolution-confirm')
    await confirm.waitFor(WAIT)
    expect(await confirm.textContent()).toContain('发布后不能修改，也不能删除')
    await confirm.getByTestId('publish-publish_resolution-confirm-ok').click()
    await page.getByTestId('step-publish_resolution').getByTestId('notice-queued').waitFor(WAIT)
    await context.setOffline(false)
    await page.getByTestId('step-publish_resolution').getByTestId('notice-published').waitFor(WAIT)
    expect(await page.getByTestId('step-publish_resolution').textContent()).toContain('已发布第 1 号公告')

    const result = page.getByTestId('publish-publish_result')
    await result.getByTestId('publish-publish_result-body').fill('村道硬化已完工并验收，实际支出 35.4 万元。')
    await result.getByTestId('publish-publish_result-submit').click()
    await page.getByTestId('publish-publish_result-confirm-ok').click()
    await page.getByTestId('step-publish_result').getByTestId('notice-published').waitFor(WAIT)
    await expect.poll(() => page.getByTestId('decision-status').textContent(), WAIT).toBe('已完成')
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    // The dashboard: the decision is done and its disclosure counts for this quarter's 村务公开.
    await page.getByText('‹ 全部事项').click()
    const calendar = page.getByTestId('disclosure-calendar')
    await calendar.waitFor(WAIT)
    await expect.poll(() => calendar.textContent(), WAIT).toMatch(/决议公开：村道硬化工程：已公开/)
    await expect.poll(() => page.getByTestId('notice-log').locator('li').count(), WAIT).toBe(2)
    // A village created today has no missed period; this quarter's 村务公开 is done.
    await expect.poll(() => calendar.locator('[data-overdue="true"]').count(), WAIT).toBe(0)
    await expect.poll(() => calendar.textContent(), WAIT).toMatch(/村务公开（每季度至少一次）：[\d-]+ 至 [\d-]+：已公开/)
    await page.screenshot({ path: DASHBOARD_SCREENSHOT, fullPage: true })
    await context.close()

    // A resident: no account, no JavaScript.
    const resident = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', javaScriptEnabled: false })
    const phone = await resident.newPage()
    await phone.goto(`${relay.url}/public/${villageId}`)
    const board = (await phone.textContent('body')) ?? ''
    expect(board).toContain('和平村 村务公开栏')
    expect(board).toContain('关于村道硬化工程的决议公开')
    expect(board).toContain('关于村道硬化工程的实施结果公开')
    await phone.screenshot({ path: BOARD_SCREENSHOT, fullPage: true })
    await phone.getByText('关于村道硬化工程的决议公开').click()
    await phone.waitForURL(new RegExp(`/public/${villageId}/1$`), WAIT)
    expect(await phone.textContent('body')).toContain('预算 36 万元')
    await phone.getByText('核验公告记录').click()
    await phone.waitForURL(/\/verify$/, WAIT)
    expect(await phone.locator('[data-verdict]').getAttribute('data-verdict')).toBe('intact')
    expect(await phone.textContent('body')).toContain('共 2 条')
    await resident.close()
  })

  it('a supervisor reads the decision and the notices but can change nothing', async () => {
    const token = await login(relay.url, ADMIN.phone, ADMIN.password)
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
    const created = await fetch(`${relay.url}/api/users`, { method: 'POST', headers, body: JSON.stringify({ ...SUPERVISOR, role: 'supervisor' }) })
    const { id } = (await created.json()) as { id: string }
    const member = await fetch(`${relay.url}/api/users/${id}/memberships/${villageId}`, { method: 'PUT', headers, body: JSON.stringify({ role: 'supervisor', gridIds: [], sensitive: false }) })
    expect(member.status).toBe(200)

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'supervisor')
    await page.goto(relay.url)
    await page.getByTestId('login-phone').fill(SUPERVISOR.phone)
    await page.getByTestId('login-password').fill(SUPERVISOR.password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('nav-villages').waitFor(WAIT)
    await gotoApp(page, `${relay.url}/v/${villageId}/decisions`, SUPERVISOR)
    await page.getByTestId('decisions-read-only').waitFor(WAIT)
    await expect.poll(() => page.getByTestId('notice-log').locator('li').count(), WAIT).toBe(2)
    expect(await page.getByTestId('new-decision').count()).toBe(0)
    expect(await page.getByTestId('general-notice').count()).toBe(0)
    await page.getByTestId('decision-link').first().click()
    await page.getByTestId('decision-page').waitFor(WAIT)
    expect(await page.getByTestId('decision-status').textContent()).toBe('已完成')
    expect(await page.locator('form').count()).toBe(0)
    await context.close()
  })
})
