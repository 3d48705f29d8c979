/**
 * The browser harness the e2e suites share: the built client (rebuilt when stale), a relay
 * in-process serving it, and Debian's Chromium driven by playwright-core. No browser download:
 * /usr/bin/chromium comes from `apt-get install chromium` (.ci/run does it).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startRelay, type RunningRelay } from '../../server/app.js'
import { defaultConfig } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { seedDemo, type SeedSummary } from '../../server/seed/seedDemo.js'
import { openStore } from '../../server/storage/openStore.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'

export const ROOT = resolve(import.meta.dirname, '../..')
// E2E_DIST lets several checkouts' suites build side by side without racing on one dist/.
const DIST = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(ROOT, 'dist')
const DIST_INDEX = join(DIST, 'index.html')
export const ADMIN = { phone: '13800000000', password: 'admin-pass-123' } as const
export const WAIT = { timeout: 20_000 }
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/**
 * The records of `kind` the relay holds in the village's grids (or the one grid given): what a
 * device shows once every grid doc has synced, for a test to wait on instead of a first reading.
 */
export async function recordsOnRelay(relay: RunningRelay, village: { id: string; grids: readonly { id: string }[] }, kind: string, gridId?: string): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = []
  for (const grid of village.grids.filter((g) => !gridId || g.id === gridId))
    records.push(...(await relay.relay.withDoc(docName({ kind: 'ledger', villageId: village.id, gridId: grid.id }), async (room) => listRecords(room.doc, kind, grid.id))))
  return records
}

export type Harness = { relay: RunningRelay; browser: Browser; close(): Promise<void> }

export async function startHarness(name: string, seed?: (dataDir: string) => Promise<void>): Promise<Harness> {
  await buildClientIfStale()
  const dataDir = mkdtempSync(join(tmpdir(), `cunwu-e2e-${name}-`))
  await seed?.(dataDir)
  const relay = await startRelay({ dataDir, port: 0, adminPhone: ADMIN.phone, adminPassword: ADMIN.password, staticDir: DIST, logLevel: 'error' })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  })
  return {
    relay,
    browser,
    async close() {
      await browser.close()
      await relay.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A harness on the demo township (`npm run seed:demo`'s data, seeded fresh for today). */
export async function startDemoHarness(name: string): Promise<Harness & { demo: SeedSummary }> {
  let demo: SeedSummary | null = null
  const harness = await startHarness(name, async (dataDir) => {
    const store = await openStore(defaultConfig({ dataDir }), createLogger('error'))
    try {
      demo = await seedDemo(store, { scale: 'township', seed: 20261123, today: shanghaiDate() })
    } finally {
      await store.close()
    }
  })
  return { ...harness, demo: demo! }
}

/** The password each page signed in with, so a later full page load can unlock (gotoApp). */
const passwords = new WeakMap<Page, string>()

export function rememberPassword(page: Page, password: string): void {
  passwords.set(page, password)
}

/** Signs in on the app's login form (opening the app first on a fresh page) and waits for the shell. */
export async function signIn(page: Page, baseUrl: string, who: { phone: string; password: string } = ADMIN): Promise<void> {
  rememberPassword(page, who.password)
  if (page.url() === 'about:blank') await page.goto(baseUrl)
  await page.getByTestId('login-phone').fill(who.phone)
  await page.getByTestId('login-password').fill(who.password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('nav-villages').waitFor(WAIT)
}

/**
 * After a reload the cached session is locked until the password unwraps the data key again
 * (client/sync/unlock.ts): types it on 请输入密码解锁 and waits for the shell.
 */
/**
 * A full page load of the app with a session cached: it opens locked (请输入密码解锁), so the
 * password the page signed in with unlocks it. Waits until the unlock screen is gone.
 */
export async function gotoApp(page: Page, url: string, who?: { password: string }): Promise<void> {
  await page.goto(url)
  await page.getByTestId('unlock-password').fill(who?.password ?? passwords.get(page) ?? ADMIN.password, WAIT)
  await page.getByTestId('unlock-submit').click()
  await page.getByTestId('unlock-form').waitFor({ state: 'detached', ...WAIT })
}

export async function unlockAfterReload(page: Page, who: { password: string } = ADMIN): Promise<void> {
  await page.getByTestId('unlock-password').fill(who.password, WAIT)
  await page.getByTestId('unlock-submit').click()
  await page.getByTestId('nav-villages').waitFor(WAIT)
}

/**
 * What a copy of this browser profile would show: every value of every object store of every
 * IndexedDB database, read from the page (strings as they are, byte arrays decoded as UTF-8).
 * Returns `db/store` for each needle found, so an empty list means none was readable.
 */
export function findInIndexedDb(page: Page, needles: string[]): Promise<string[]> {
  return page.evaluate(async (wanted) => {
    const found: string[] = []
    const text = (value: unknown): string => {
      if (typeof value === 'string') return value
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) return new TextDecoder().decode(value)
      if (Array.isArray(value)) return value.map(text).join('\n')
      if (value && typeof value === 'object') return Object.values(value).map(text).join('\n')
      return String(value)
    }
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name ?? '')
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error ?? new Error('open failed'))
      })
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll()
          req.onsuccess = () => resolve(req.result as unknown[])
          req.onerror = () => reject(req.error ?? new Error('read failed'))
        })
        const all = values.map(text).join('\n')
        for (const needle of wanted) if (all.includes(needle)) found.push(`${info.name ?? ''}/${store}: ${needle}`)
      }
      db.close()
    }
    return found
  }, needles)
}

/** How many update rows the user's IndexedDB holds for one doc, and how many of them are sealed. */
export function storedUpdates(page: Page, docName: string): Promise<{ rows: number; sealed: number }> {
  return page.evaluate(async (name) => {
    const dbName = (await indexedDB.databases()).map((d) => d.name).find((n) => n?.startsWith('cunwu-user-'))
    if (!dbName) return { rows: 0, sealed: 0 }
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error ?? new Error('open failed'))
    })
    const rows = await new Promise<Array<{ iv?: Uint8Array }>>((resolve, reject) => {
      const req = db.transaction('updates').objectStore('updates').index('docName').getAll(name)
      req.onsuccess = () => resolve(req.result as Array<{ iv?: Uint8Array }>)
      req.onerror = () => reject(req.error ?? new Error('read failed'))
    })
    db.close()
    return { rows: rows.length, sealed: rows.filter((r) => r.iv instanceof Uint8Array).length }
  }, docName)
}

/**
 * A PNG drawn by the page itself (a stand-in for a phone photo): a `width`×`height` background
 * with one coloured box, so different photos hash differently.
 */
export async function drawPhoto(page: Page, photo: { width: number; height: number; background: string; box: [number, number, number, number]; boxColour: string }): Promise<Buffer> {
  const b64 = await page.evaluate(async ({ width, height, background, box, boxColour }) => {
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    ctx.fillStyle = background
    ctx.fillRect(0, 0, width, height)
    ctx.fillStyle = boxColour
    ctx.fillRect(...box)
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  }, photo)
  return Buffer.from(b64, 'base64')
}

/** Creates a village from the signed-in admin's village list and returns its id (the page is then on it). */
export async function createVillage(page: Page, name: string): Promise<string> {
  await page.getByTestId('new-village-name').fill(name)
  await page.getByTestId('new-village-submit').click()
  await page.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
  return new URL(page.url()).pathname.split('/')[2] as string
}

export function reportPageErrors(page: Page, who: string): void {
  page.on('pageerror', (error) => console.error(`[${who}] page error:`, error))
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${who}] console:`, message.text())
  })
}

/** Builds dist/ when it is missing or older than any client or shared source; returns its path. */
export async function buildClientIfStale(): Promise<string> {
  if (existsSync(DIST_INDEX) && newestMtime([join(ROOT, 'client'), join(ROOT, 'shared'), join(ROOT, 'vite.config.ts')]) <= statSync(DIST_INDEX).mtimeMs) return DIST
  await new Promise<void>((done, fail) => {
    // vitest sets NODE_ENV=test; the browser must get the production build users get.
    const env = { ...process.env, NODE_ENV: 'production' }
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('error', fail)
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build exited with ${code}`))))
  })
  return DIST
}

function newestMtime(paths: string[]): number {
  let newest = 0
  for (const path of paths) {
    if (!existsSync(path)) continue
    const stat = statSync(path)
    if (stat.isDirectory()) newest = Math.max(newest, newestMtime(readdirSync(path).map((name) => join(path, name))))
    else newest = Math.max(newest, stat.mtimeMs)
  }
  return newest
}
