/**
 * Offline field use in a real browser: the service worker serves the app shell with no network,
 * the cached session and IndexedDB open the village as it was, edits made offline are counted and
 * sync on reconnect; and background sync brings in a doc this device never opened. Every wait is
 * on a condition in the page, never on the clock.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { WAIT, findInIndexedDb, reportPageErrors, signIn, startHarness, storedUpdates, unlockAfterReload, type Harness, gotoApp } from './browser.js'

const OFFLINE_SCREENSHOT = '/tmp/cunwu-offline.png'
const SYNC_SCREENSHOT = '/tmp/cunwu-sync-details.png'

let harness: Harness
let relay: RunningRelay
let browser: Browser

beforeAll(async () => {
  harness = await startHarness('offline')
  ;({ relay, browser } = harness)
}, 180_000)

afterAll(() => harness?.close())

describe('offline field use', () => {
  it('opens from the service worker cache offline, keeps editing, and converges when back online', async () => {
    const contextA = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })
    const contextB = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' })
    const a = await contextA.newPage()
    const b = await contextB.newPage()
    reportPageErrors(a, 'A')
    reportPageErrors(b, 'B')

    await signIn(a, relay.url)
    const villageId = await createVillage(a, '离线村')
    await a.getByTestId('field-address').fill('离线村村委会')
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await waitForServiceWorker(a)

    // No network at all: the reload is answered by the service worker, the password unlocks the
    // data key on the device (offline sign-in), the session and the village come from IndexedDB
    // (and the village list from its local cache).
    await contextA.setOffline(true)
    await a.reload()
    await unlockAfterReload(a)
    await expect.poll(() => a.getByTestId('field-address').inputValue(), WAIT).toBe('离线村村委会')
    expect(await a.getByTestId('login-form').count()).toBe(0)
    expect(await a.getByTestId('status-online').textContent()).toBe('离线')
    expect(await a.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)

    await a.getByTestId('field-note').fill('断网时记录：修缮水渠')
    await expect.poll(async () => Number(await a.getByTestId('status-unsaved').getAttribute('data-unsaved')), WAIT).toBeGreaterThan(0)
    expect(await a.getByTestId('status-unsaved').textContent()).toMatch(/^\d+ 项更改尚未保存到服务器$/)
    await a.screenshot({ path: OFFLINE_SCREENSHOT })

    // Signing out would strand the change: the device copy cannot be wiped now.
    await a.getByTestId('logout').click()
    expect(await a.getByTestId('logout-wipe').isDisabled()).toBe(true)
    await a.getByTestId('logout-confirm-cancel').click()

    // A section this device never opened loads offline too: its lazily loaded code came with
    // the service worker's install.
    await a.getByTestId('tab-ledger').click()
    await a.getByTestId('ledger-no-grids').waitFor(WAIT)
    await a.getByTestId('tab-profile').click()

    await contextA.setOffline(false)
    await expect.poll(() => a.getByTestId('status-online').textContent(), WAIT).toBe('在线')
    await expect.poll(() => a.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await expect.poll(() => a.getByTestId('status-last-sync').textContent(), WAIT).toMatch(/^上次同步 \d\d:\d\d$/)

    await signIn(b, relay.url)
    await gotoApp(b, `${relay.url}/v/${villageId}`)
    await expect.poll(() => b.getByTestId('field-note').inputValue(), WAIT).toBe('断网时记录：修缮水渠')
    await contextA.close()
    await contextB.close()
  }, 120_000)

  it('pulls a doc this device never opened when it reconnects', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'C')
    await signIn(page, relay.url)
    const villageId = await createVillage(page, '同步村')
    await expect.poll(() => page.getByTestId('status-unsaved').textContent(), WAIT).toBe('已全部保存')
    await page.getByTestId('status-details').click()
    await page.getByTestId('sync-screen').waitFor(WAIT)
    await expect.poll(() => page.getByTestId('status-last-sync').getAttribute('data-synced-at'), WAIT).not.toBe('')

    await context.setOffline(true)
    await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('离线')
    // Meanwhile someone else records a meeting this device has never seen.
    const minutes = `${villageId}/minutes/m1`
    await relay.relay.withDoc(minutes, async (room) => {
      room.doc.getText('syncProbe').insert(0, '村民代表会议：讨论修路')
      await room.flush()
    })

    await context.setOffline(false)
    const row = page.locator(`[data-testid="sync-doc"][data-doc="${minutes}"]`)
    await expect.poll(() => row.getAttribute('data-result'), WAIT).toBe('pulled')
    expect(await row.textContent()).toContain('同步村')
    expect(await row.textContent()).toContain('会议记录')
    expect(await page.getByTestId('sync-summary').textContent()).toMatch(/获取 [1-9]\d* 份/)
    // Stored on the device, sealed: the rows are there, their text is not readable (issue #14).
    const stored = await storedUpdates(page, minutes)
    expect(stored.rows).toBeGreaterThan(0)
    expect(stored.sealed).toBe(stored.rows)
    expect(await findInIndexedDb(page, ['村民代表会议：讨论修路'])).toEqual([])

    // Storage: the app asked for persistence; the page says what the browser decided.
    await page.getByTestId('storage-card').waitFor(WAIT)
    expect(['ok', 'warn', 'critical']).toContain(await page.getByTestId('storage-card').getAttribute('data-level'))
    expect(await page.getByTestId('storage-message').textContent()).not.toBe('')
    await page.screenshot({ path: SYNC_SCREENSHOT })

    // Nothing unsaved: signing out may wipe this device's copy of the user's data.
    await page.getByTestId('logout').click()
    await page.getByTestId('logout-wipe').check()
    const userDb = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).find((n) => n?.startsWith('cunwu-user-')))
    expect(userDb).toBeTruthy()
    await page.getByTestId('logout-confirm-ok').click()
    await page.getByTestId('login-form').waitFor(WAIT)
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), WAIT).not.toContain(userDb)
    await context.close()
  }, 120_000)
})


async function createVillage(page: Page, name: string): Promise<string> {
  await page.getByTestId('new-village-name').fill(name)
  await page.getByTestId('new-village-submit').click()
  await page.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
  const villageId = new URL(page.url()).pathname.split('/')[2]
  if (!villageId) throw new Error('no village id in the URL')
  await expect.poll(() => page.getByTestId('field-name').inputValue(), WAIT).toBe(name)
  return villageId
}

/** Waits until the service worker is active, then reloads so it controls the page. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await page.reload()
  await unlockAfterReload(page)
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), WAIT).toBe('activated')
}
