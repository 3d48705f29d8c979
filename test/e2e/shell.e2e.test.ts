/**
 * End to end in a real browser: the built client served by an in-process relay, two people
 * (two browser contexts) editing one village profile live, then one of them offline and back.
 * Every wait is on a condition in the page, never on the clock.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { ADMIN, WAIT, reportPageErrors, signIn, startHarness, unlockAfterReload, type Harness } from './browser.js'

const SCREENSHOT = '/tmp/cunwu-shell.png'
const LOGIN_SCREENSHOT = '/tmp/cunwu-login.png'
const LOGOUT_SCREENSHOT = '/tmp/cunwu-logout-confirm.png'
const AUTH_LOST_SCREENSHOT = '/tmp/cunwu-auth-lost.png'

let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('shell')
  ;({ relay, browser } = harness)
}, 180_000)

afterAll(() => harness?.close())

describe('shell', () => {
  it('signs in, edits a village profile live between two people, and syncs after going offline', async () => {
    const contextA = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' })
    const contextB = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', hasTouch: true })
    const a = await contextA.newPage()
    const b = await contextB.newPage()
    reportPageErrors(a, 'A')
    reportPageErrors(b, 'B')

    // A wrong password is answered inline, in Chinese, and the form stays usable.
    await a.goto(relay.url)
    await a.getByTestId('login-phone').fill(ADMIN.phone)
    await a.getByTestId('login-password').fill('wrong-password')
    await a.getByTestId('login-submit').click()
    await expect.poll(() => a.getByTestId('login-error').textContent(), WAIT).toBe('手机号或密码错误')
    await expect.poll(() => a.getByTestId('login-submit').isEnabled(), WAIT).toBe(true)

    await signIn(a, relay.url)
    await b.goto(relay.url)
    await b.getByTestId('login-submit').click()
    await b.getByTestId('login-phone-error').waitFor(WAIT)
    await b.screenshot({ path: LOGIN_SCREENSHOT })
    await signIn(b, relay.url)

    // A (township admin) creates a village and lands on its profile.
    await a.getByTestId('new-village-name').fill('测试村')
    await a.getByTestId('new-village-submit').click()
    await a.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    const villageId = new URL(a.url()).pathname.split('/')[2]
    expect(villageId).toBeTruthy()
    await expect.poll(() => a.getByTestId('field-name').inputValue(), WAIT).toBe('测试村')

    // B reloads: the cached session opens the app once the password unlocks it, and the new village is listed.
    await b.reload()
    await unlockAfterReload(b)
    await b.locator(`[data-testid="village-item"][data-village-id="${villageId}"]`).click(WAIT)
    await expect.poll(() => b.getByTestId('field-name').inputValue(), WAIT).toBe('测试村')
    expect(await b.getByTestId('login-form').count()).toBe(0)

    // Live both ways, field by field.
    await a.getByTestId('field-name').fill('幸福村')
    await expect.poll(() => b.getByTestId('field-name').inputValue(), WAIT).toBe('幸福村')
    await b.getByTestId('field-note').fill('村口道路年底前硬化')
    await expect.poll(() => a.getByTestId('field-note').inputValue(), WAIT).toBe('村口道路年底前硬化')
    // A peer's edit elsewhere in the field leaves B's caret where B left it, and B keeps typing there.
    await b.getByTestId('field-note').evaluate((el: HTMLTextAreaElement) => {
      el.focus()
      el.setSelectionRange(2, 2)
    })
    await a.getByTestId('field-note').fill('村口道路年底前硬化（已立项）')
    await expect.poll(() => b.getByTestId('field-note').inputValue(), WAIT).toBe('村口道路年底前硬化（已立项）')
    expect(await b.getByTestId('field-note').evaluate((el: HTMLTextAreaElement) => [document.activeElement === el, el.selectionStart])).toEqual([true, 2])
    await b.keyboard.insertText('东')
    await expect.poll(() => a.getByTestId('field-note').inputValue(), WAIT).toBe('村口东道路年底前硬化（已立项）')

    for (const page of [a, b]) {
      await expect.poll(() => page.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
      await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('在线')
    }

    // A goes offline and keeps working; the bar says so and counts what the server lacks.
    await contextA.setOffline(true)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    await a.getByTestId('field-address').fill('幸福村村委会大院1号')
    await expect.poll(async () => Number(await a.getByTestId('status-unsaved').getAttribute('data-unsaved')), WAIT).toBeGreaterThan(0)
    expect(await a.getByTestId('status-unsaved').textContent()).toMatch(/^\d+ 项更改尚未保存到服务器$/)
    expect(await b.getByTestId('field-address').inputValue()).toBe('')

    // Signing out now would strand those changes on this device until the next sign-in: ask first.
    await a.getByTestId('logout').click()
    await a.getByTestId('logout-confirm').waitFor(WAIT)
    await a.screenshot({ path: LOGOUT_SCREENSHOT })
    expect(await a.getByTestId('logout-confirm').textContent()).toContain('尚未保存到服务器')
    await a.getByTestId('logout-confirm-cancel').click()
    await a.getByTestId('logout-confirm').waitFor({ state: 'detached', ...WAIT })

    // Back online: everything is acknowledged and B has the edit.
    await contextA.setOffline(false)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('在线')
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await expect.poll(() => b.getByTestId('field-address').inputValue(), WAIT).toBe('幸福村村委会大院1号')

    // What a phone user sees: the viewport, with the fixed status bar at the bottom.
    await b.getByTestId('field-name').focus()
    await b.screenshot({ path: SCREENSHOT })
    await contextA.close()
    await contextB.close()
  }, 120_000)

  it('keeps local data and asks to sign in again when the session is revoked', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'C')
    await signIn(page, relay.url)
    await page.getByTestId('new-village-name').fill('复兴村')
    await page.getByTestId('new-village-submit').click()
    await page.getByTestId('field-phone').fill('0571-12345678')
    await expect.poll(() => page.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')

    // The session is revoked elsewhere (e.g. signed out on another device); the next connection is refused.
    const token = await cachedToken(page)
    const res = await fetch(`${relay.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    await page.reload()
    // The data key is unwrapped on the device, so unlocking works with the token revoked.
    await unlockAfterReload(page)
    await page.getByTestId('auth-lost').waitFor(WAIT)
    expect(await page.getByTestId('auth-lost').textContent()).toContain('登录已过期，请重新登录')
    expect(await page.getByTestId('status-online').textContent()).toBe('离线')
    await expect.poll(() => page.getByTestId('field-phone').inputValue(), WAIT).toBe('0571-12345678')
    await page.screenshot({ path: AUTH_LOST_SCREENSHOT })

    // Signing in again in place resumes syncing with the same local data.
    await page.getByTestId('login-password').fill(ADMIN.password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('auth-lost').waitFor({ state: 'detached', ...WAIT })
    await page.getByTestId('field-phone').fill('0571-87654321')
    await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('在线')
    await expect.poll(() => page.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await context.close()
  }, 60_000)
})

/** The token the app cached in IndexedDB (client/sync/db.ts: app db, table `session`, key 'session'). */
function cachedToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((done, fail) => {
        const open = indexedDB.open('cunwu-app')
        open.onerror = () => fail(open.error)
        open.onsuccess = () => {
          const get = open.result.transaction('session').objectStore('session').get('session')
          get.onerror = () => fail(get.error)
          get.onsuccess = () => {
            open.result.close()
            done((get.result as { token: string }).token)
          }
        }
      }),
  )
}





