/**
 * A shared office PC in Chromium (issue #14): 这是公用电脑 ticked at sign-in is remembered by the
 * device and makes sign-out wipe the user's data by default; a sign-out made with no network
 * revokes the token at the relay as soon as the PC is back online; and what the browser profile
 * holds of a sensitive doc is sealed, unreadable without the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginResponseSchema } from '../../shared/api/auth.js'
import { api } from '../helpers/api.js'
import { ADMIN, WAIT, findInIndexedDb, reportPageErrors, signIn, startHarness, storedUpdates, unlockAfterReload, type Harness } from './browser.js'

let harness: Harness
beforeAll(async () => {
  harness = await startHarness('sharedpc')
}, 240_000)
afterAll(() => harness?.close())

describe('shared office PC', () => {
  it('wipes by default on a PC marked shared, and revokes an offline sign-out once online', async () => {
    const { browser, relay } = harness
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'pc')
    const userDbs = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('cunwu-user-')))

    const signInShared = async () => {
      await page.getByTestId('login-phone').fill(ADMIN.phone)
      await page.getByTestId('login-password').fill(ADMIN.password)
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'))
      await page.getByTestId('login-submit').click()
      const token = loginResponseSchema.parse(await (await answer).json()).token
      await page.getByTestId('nav-villages').waitFor(WAIT)
      return token
    }

    await page.goto(relay.url)
    await page.getByTestId('login-shared').check()
    await signInShared()
    await page.getByTestId('new-village-name').fill('公用电脑村')
    await page.getByTestId('new-village-submit').click()
    await page.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    await expect.poll(() => page.getByTestId('status-unsaved').textContent(), WAIT).toContain('已全部保存')
    expect((await userDbs()).length).toBeGreaterThan(0)

    // Sign-out: the wipe is already ticked; confirming leaves no user db behind.
    await page.getByTestId('logout').click()
    expect(await page.getByTestId('logout-wipe').isChecked()).toBe(true)
    await page.getByTestId('logout-confirm-ok').click()
    await page.getByTestId('login-form').waitFor(WAIT)
    await expect.poll(userDbs, WAIT).toEqual([])
    // The wrapped data key went with it (app db, table dataKeys).
    expect(await page.evaluate(() => new Promise<number>((resolve, reject) => {
      const req = indexedDB.open('cunwu-app')
      req.onerror = () => reject(req.error ?? new Error('open failed'))
      req.onsuccess = () => {
        const count = req.result.transaction('dataKeys').objectStore('dataKeys').count()
        count.onsuccess = () => resolve(count.result)
        count.onerror = () => reject(count.error ?? new Error('count failed'))
      }
    }))).toBe(0)

    // The PC remembers it is shared. Signed in again, then signed out with no network.
    await page.reload()
    expect(await page.getByTestId('login-shared').isChecked()).toBe(true)
    const token = await signInShared()
    await context.setOffline(true)
    await page.getByTestId('logout').click()
    await page.getByTestId('logout-confirm-ok').click()
    await page.getByTestId('login-form').waitFor(WAIT)
    expect((await api(relay.url, '/api/auth/me', { token })).status).toBe(200)
    await context.setOffline(false)
    await expect.poll(async () => (await api(relay.url, '/api/auth/me', { token })).status, WAIT).toBe(401)
    await context.close()
  })
})

describe('sensitive docs at rest', () => {
  it('leaves nothing readable in the browser profile, and a reload asks for the password', async () => {
    const { browser, relay } = harness
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'profile')
    await signIn(page, relay.url)
    await page.getByTestId('new-village-name').fill('加密村')
    await page.getByTestId('new-village-submit').click()
    await page.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    const villageId = new URL(page.url()).pathname.split('/')[2] ?? ''

    // A grid worker elsewhere records a 低保 household: the resident's name and ID number.
    const sensitive = `${villageId}/sensitive/g1`
    const resident = '李桂兰'
    const idNumber = '330102195807153326'
    await relay.relay.withDoc(sensitive, async (room) => {
      const row = room.doc.getMap('residents')
      row.set('r1', { name: resident, idNumber, care: '低保户，独居' })
      await room.flush()
    })

    // The reload locks the app; the password unlocks it and background sync pulls the doc in.
    await page.reload()
    await page.getByTestId('unlock-form').waitFor(WAIT)
    expect(await page.getByTestId('nav-villages').count()).toBe(0)
    expect(await page.getByTestId('unlock-form').textContent()).toContain('请输入密码解锁')
    await page.getByTestId('unlock-password').fill('not-the-password')
    await page.getByTestId('unlock-submit').click()
    await expect.poll(() => page.getByTestId('unlock-password-error').textContent(), WAIT).toContain('密码不正确')
    await unlockAfterReload(page)
    await expect.poll(async () => (await storedUpdates(page, sensitive)).rows, WAIT).toBeGreaterThan(0)

    // Everything IndexedDB holds, read as devtools or a copied profile would.
    const stored = await storedUpdates(page, sensitive)
    expect(stored.sealed).toBe(stored.rows)
    expect(await findInIndexedDb(page, [resident, idNumber, '低保户', ADMIN.password])).toEqual([])
    // The scan does read plaintext where there is some: the village list cache holds the name.
    expect((await findInIndexedDb(page, ['加密村'])).length).toBeGreaterThan(0)
    await context.close()
  }, 120_000)
})
