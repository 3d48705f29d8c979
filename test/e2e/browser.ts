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

export const ROOT = resolve(import.meta.dirname, '../..')
// E2E_DIST lets several checkouts' suites build side by side without racing on one dist/.
const DIST = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(ROOT, 'dist')
const DIST_INDEX = join(DIST, 'index.html')
export const ADMIN = { phone: '13800000000', password: 'admin-pass-123' } as const
export const WAIT = { timeout: 20_000 }
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

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

/** Signs in on the app's login form (opening the app first on a fresh page) and waits for the shell. */
export async function signIn(page: Page, baseUrl: string, who: { phone: string; password: string } = ADMIN): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(baseUrl)
  await page.getByTestId('login-phone').fill(who.phone)
  await page.getByTestId('login-password').fill(who.password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('nav-villages').waitFor(WAIT)
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
