/**
 * The ledger's first screen from the device's own copy (issue #21, client/workspace/firstScreen.ts):
 * a reopened household table lists the rows it showed last, all of them, before any grid doc is
 * open, says it is the device's copy, and gives way to the live table; the copy is sealed like the
 * docs.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunningRelay } from '../../server/app.js'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { WAIT, findInIndexedDb, gotoApp, recordsOnRelay, reportPageErrors, signIn, startDemoHarness, type Harness } from './browser.js'

const SECRETARY = { phone: '13900000001', password: DEMO_PASSWORD }
let harness: Harness
let relay: RunningRelay
let browser: Browser
let villageId = ''
let grids: { id: string }[] = []

beforeAll(async () => {
  const demo = await startDemoHarness('first-screen')
  harness = demo
  ;({ relay, browser } = demo)
  villageId = demo.demo.villages[0]!.id
  grids = demo.demo.villages[0]!.grids
}, 240_000)

/** The village's households as the relay holds them. */
async function householdsOnRelay(): Promise<number> {
  return (await recordsOnRelay(relay, { id: villageId, grids }, 'household')).length
}

afterAll(() => harness?.close())

type First = { text: string; fromCopy: boolean }

/**
 * Runs in the page before any script: notes the first row's text and whether it came from the
 * copy, and every count the table showed while it was the copy.
 */
function watchFirstRow(): void {
  const w = window as unknown as { __first?: First; __copyCounts: string[] }
  w.__copyCounts = []
  const observer = new MutationObserver(() => {
    const fromCopy = document.querySelector('[data-testid="first-screen-note"]') !== null
    const row = document.querySelector('[data-testid="table-row"]')
    if (w.__first === undefined && row) w.__first = { text: row.textContent ?? '', fromCopy }
    const count = document.querySelector('[data-testid="table-count"]')?.textContent
    if (fromCopy && count && !w.__copyCounts.includes(count)) w.__copyCounts.push(count)
  })
  observer.observe(document, { childList: true, subtree: true, characterData: true })
}

it('a reopened household table lists every row from the device before the docs open, offline too', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  const page = await context.newPage()
  reportPageErrors(page, 'secretary')
  await signIn(page, relay.url, SECRETARY)
  const url = `${relay.url}/v/${villageId}/ledger/household`
  await gotoApp(page, url, SECRETARY)
  await page.getByTestId('table-row').first().waitFor(WAIT)
  // The live table counts what the relay holds once every grid doc has opened and synced; the copy
  // the reload reads is the one written after that, holding every row (a copy written while one
  // grid was still opening held only the other's rows).
  const households = await householdsOnRelay()
  await expect.poll(() => page.getByTestId('table-count').textContent(), WAIT).toMatch(new RegExp(`^共 ${households} 条`))
  await expect
    .poll(() => page.evaluate((n) => performance.getEntriesByName('cunwu:table-copy-saved').some((m) => (m as PerformanceMark).detail?.kind === 'household' && (m as PerformanceMark).detail?.rows === n), households), WAIT)
    .toBe(true)
  expect(await page.evaluate(hasFirstScreen, `firstScreen:${villageId}:household`)).toBe(true)
  const liveFirst = await page.getByTestId('table-row').first().textContent()
  const liveCount = await page.getByTestId('table-count').textContent()
  // A name in the table is nowhere readable in IndexedDB.
  const cells = await page.getByTestId('table-row').first().evaluate((row) => [...row.children].map((c) => c.textContent ?? ''))
  const name = cells.find((c) => /^[\u4e00-\u9fff]{2,4}$/.test(c))
  expect(name).toBeDefined()
  expect(await findInIndexedDb(page, [name as string])).toEqual([])

  await context.setOffline(true)
  await context.addInitScript(watchFirstRow)
  await context.addInitScript(holdDocs)
  await gotoApp(page, url, SECRETARY)
  await expect.poll(() => page.evaluate(() => (window as unknown as { __first?: unknown }).__first), WAIT).toBeDefined()
  const first = await page.evaluate(() => (window as unknown as { __first: First }).__first)
  expect(first.fromCopy).toBe(true)
  expect(first.text).toBe(liveFirst)
  // Its first 50 rows first, then the whole table, before the docs open: the live table's count.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __copyCounts: string[] }).__copyCounts), WAIT).toContain(liveCount)
  // Then the live table takes over, with the same first row and no note.
  await page.getByTestId('first-screen-note').waitFor({ state: 'detached', timeout: 30_000 })
  expect(await page.getByTestId('table-row').first().textContent()).toBe(liveFirst)
  expect(await page.getByTestId('table-count').textContent()).toBe(liveCount)
  await context.close()
}, 180_000)

/**
 * Runs in the page before any script: every doc update read from IndexedDB waits to be decrypted
 * until the page shows the whole copy (at most 20 s), so the grid docs open after it whatever the
 * machine's load (the copy's values are decrypted at once). A fixed 1.5 s hold was too short
 * once, with the full suite running beside it. A copy that never shows lets the docs open after
 * the 20 s, and the checks below fail.
 */
function holdDocs(): void {
  const subtle = crypto.subtle
  const decrypt = subtle.decrypt.bind(subtle)
  const wholeCopyShown = () => document.querySelector('[data-testid="first-screen-note"]')?.textContent?.includes('先显示本机保存的台账') === true
  subtle.decrypt = async (algorithm: AlgorithmIdentifier | AesGcmParams, key: CryptoKey, data: BufferSource) => {
    const params = algorithm as AesGcmParams
    const label = params.additionalData ? new TextDecoder().decode(params.additionalData as ArrayBuffer) : ''
    if (!label.startsWith('cunwu:value:')) {
      const until = Date.now() + 20_000
      while (!wholeCopyShown() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return decrypt(algorithm, key, data)
  }
}

/** Whether some user db on this page holds the value `key` (runs in the page). */
async function hasFirstScreen(key: string): Promise<boolean> {
  for (const info of await indexedDB.databases()) {
    if (!info.name?.startsWith('cunwu-user-')) continue
    const found = await new Promise<boolean>((resolve) => {
      const open = indexedDB.open(info.name as string)
      open.onerror = () => resolve(false)
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('values')) return resolve(false)
        const get = db.transaction('values').objectStore('values').get(key)
        get.onsuccess = () => {
          db.close()
          resolve(get.result !== undefined)
        }
        get.onerror = () => resolve(false)
      }
    })
    if (found) return true
  }
  return false
}
