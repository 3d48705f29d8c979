/**
 * `npm run screens`: every screen, as each demo role sees it, at 390×844 (a cheap Android phone)
 * and 1366×768 (a village office PC), in standard and 适老化 1.5× text, written to
 * `./screens/<role>/<screen>-<size>.png` for a person to look at.
 *
 * Needs nothing running: it seeds a fresh demo township into a temporary DATA_DIR (the same
 * seedDemo `npm run seed:demo` runs), starts the relay in-process serving the built client
 * (rebuilt when stale, test/e2e/browser.ts) and drives Debian's Chromium with playwright-core.
 * One browser context per role; each screen is opened once (in-app navigation, no reload) and
 * captured at the four sizes by resizing, so a run stays quick on two cores.
 * `--role <name>` and `--screen <name>` narrow a run.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import { DEMO_ACCOUNTS, DEMO_ADMIN, DEMO_PASSWORD } from '../../server/seed/seedDemo.js'
import { ROOT, signIn, startDemoHarness, unlockAfterReload } from '../e2e/browser.js'

const SIZES = [
  { name: '390x844', width: 390, height: 844, text: 'normal' },
  { name: '390x844-1.5x', width: 390, height: 844, text: 'larger' },
  { name: '1366x768', width: 1366, height: 768, text: 'normal' },
  { name: '1366x768-1.5x', width: 1366, height: 768, text: 'larger' },
] as const
const SETTLE_MS = 15_000

type Role = { name: string; phone: string; password: string }
const ROLES: Role[] = [
  { name: 'township-admin', phone: DEMO_ADMIN.phone, password: DEMO_ADMIN.password },
  ...DEMO_ACCOUNTS.filter((a) => a.village === 0).map((a) => ({ name: roleName(a.role, a.sensitive), phone: a.phone, password: DEMO_PASSWORD })),
]

function roleName(role: string, sensitive: boolean): string {
  const base = role.replace('_', '-')
  return role === 'village_cadre' ? (sensitive ? 'cadre-secretary' : 'cadre-director') : base
}

/** One screen: how to reach it (a path, or a click from where the previous screen left off) and what shows it is ready. */
type Screen = { name: string; path?: (v: string) => string; click?: string; ready: string; roles?: string[]; section?: string }
const ADMIN_ONLY = ['township-admin']
const SCREENS: Screen[] = [
  { name: 'villages', path: () => '/', ready: '[data-testid="village-list"], [data-testid="villages-empty"]' },
  { name: 'profile', path: (v) => `/v/${v}`, ready: '[data-testid="profile-form"]' },
  { name: 'ledger', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="ledger-home-page"], [data-testid="ledger-no-grids"]' },
  { name: 'households', section: 'ledger', path: (v) => `/v/${v}/ledger/household`, ready: '[data-testid="table-row"]' },
  { name: 'household', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  { name: 'residents', section: 'ledger', path: (v) => `/v/${v}/ledger/resident`, ready: '[data-testid="table-row"]' },
  { name: 'resident', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  { name: 'incidents', section: 'ledger', path: (v) => `/v/${v}/ledger/incident`, ready: '[data-testid="table-row"]' },
  { name: 'incident', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  { name: 'incident-new', section: 'ledger', path: (v) => `/v/${v}/ledger/incident/new`, ready: '[data-testid="form-incident"]' },
  { name: 'disputes', section: 'ledger', path: (v) => `/v/${v}/ledger/dispute`, ready: '[data-testid="table-row"]' },
  { name: 'dispute-new', section: 'ledger', path: (v) => `/v/${v}/ledger/dispute/new`, ready: '[data-testid="form-dispute"]' },
  { name: 'visits', section: 'ledger', path: (v) => `/v/${v}/ledger/visit`, ready: '[data-testid="table-row"]' },
  { name: 'minutes', section: 'minutes', path: (v) => `/v/${v}/minutes`, ready: '[data-testid="minutes-list"]' },
  { name: 'meeting', click: '[data-testid="meeting-item"]', ready: '[data-testid="meeting-page"]' },
  { name: 'meeting-history', click: '[data-testid="open-history"]', ready: '[data-testid="history-page"]' },
  { name: 'meeting-new', section: 'minutes', path: (v) => `/v/${v}/minutes/new`, ready: '[data-testid="new-meeting-form"]' },
  { name: 'decisions', section: 'decisions', path: (v) => `/v/${v}/decisions`, ready: '[data-testid="decision-list"], [data-testid="disclosure-calendar"]' },
  { name: 'decision', click: '[data-testid="decision-link"]', ready: '[data-testid="decision-page"]' },
  // 联网联户: no `section` (a linked cadre has no 村庄概况 tab to wait for); the village side's view, or a member's own.
  { name: 'linkage', path: (v) => `/v/${v}/linkage`, ready: '[data-testid="linkage-coverage"], [data-testid="linkage-due"], [data-testid="linkage-none"]' },
  { name: 'linkage-member', click: '[data-testid="linkage-member"] button', ready: '[data-testid="member-title"]' },
  { name: 'linkage-new', path: (v) => `/v/${v}/linkage/new`, ready: '[data-testid="linkage-form"]' },
  { name: 'linkage-report', path: (v) => `/v/${v}/linkage/report`, ready: '[data-testid="linkage-report"]' },
  { name: 'sync', path: () => '/sync', ready: '[data-testid="sync-screen"]' },
  { name: 'account', path: () => '/account', ready: '[data-testid="password-form"]' },
  { name: 'users', path: () => '/users', ready: '[data-testid="user-list"]', roles: ADMIN_ONLY },
  { name: 'audit', path: () => '/audit', ready: '[data-testid="audit-table"]', roles: ADMIN_ONLY },
]

const { values } = parseArgs({ options: { role: { type: 'string' }, screen: { type: 'string' }, out: { type: 'string', default: join(ROOT, 'screens') } } })
const started = Date.now()
const harness = await startDemoHarness('screens')
const { relay, browser } = harness
const villageId = harness.demo.villages[0]!.id
const problems: string[] = []
let shots = 0
try {
  await capturePublic()
  for (const role of ROLES.filter((r) => !values.role || r.name === values.role)) await captureRole(role)
} finally {
  await harness.close()
}
process.stdout.write(`${shots} 张截图已写入 ${values.out}（${((Date.now() - started) / 1000).toFixed(0)} 秒）\n`)
if (problems.length > 0) {
  process.stderr.write(`${problems.length} 个页面没有打开：\n${problems.map((p) => `  ${p}`).join('\n')}\n`)
  process.exitCode = 1
}

async function captureRole(role: Role): Promise<void> {
  const context = await browser.newContext({ viewport: { width: SIZES[0].width, height: SIZES[0].height }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`${role.name}: 页面错误 ${error.message}`))
  await page.goto(relay.url)
  await signIn(page, relay.url, role)
  // 请输入密码解锁: what a reload shows (one role is enough; the screen is the same for all).
  if (role === ROLES[0] && (!values.screen || values.screen === 'unlock')) {
    await page.reload()
    await page.getByTestId('unlock-form').waitFor({ timeout: SETTLE_MS })
    await captureSizes(page, role.name, 'unlock')
    await unlockAfterReload(page, role)
  }
  // A screen reached by a click needs the one before it (a household needs the household list).
  let previousShown = false
  for (const screen of SCREENS) {
    if (screen.roles && !screen.roles.includes(role.name)) continue
    if (values.screen && screen.name !== values.screen) continue
    if (screen.click && !previousShown) continue
    previousShown = false
    try {
      if (screen.path) await navigate(page, screen.path(villageId))
      // A section this role has no tab for (a grid worker has no 会议记录) is skipped at once.
      if (screen.section && (await page.getByTestId('tab-profile').waitFor({ timeout: SETTLE_MS }).then(() => page.getByTestId(`tab-${screen.section}`).count())) === 0) {
        process.stdout.write(`  ${role.name} 没有「${screen.section}」，跳过 ${screen.name}\n`)
        continue
      }
      if (!screen.path) await page.locator(screen.click!).first().click({ timeout: SETTLE_MS })
      await page.locator(screen.ready).first().waitFor({ timeout: SETTLE_MS })
    } catch {
      // A screen this role may not open (a grid worker has no 会议记录) is skipped, and named.
      process.stdout.write(`  跳过 ${role.name}/${screen.name}：页面没有出现\n`)
      continue
    }
    await settle(page)
    await captureSizes(page, role.name, screen.name)
    previousShown = true
  }
  await context.close()
}

/** Resident pages need no sign-in: the bare /public/ list and the first village's board. */
async function capturePublic(): Promise<void> {
  if (values.role && values.role !== 'public') return
  const context = await browser.newContext({ viewport: { width: SIZES[0].width, height: SIZES[0].height } })
  const page = await context.newPage()
  for (const [name, path] of [
    ['index', '/public/'],
    ['board', `/public/${villageId}`],
    ['linkage', `/public/${villageId}/linkage`],
    ['rate', `/public/${villageId}/rate`],
  ] as const) {
    if (values.screen && values.screen !== name) continue
    const response = await page.goto(relay.url + path)
    if (!response?.ok()) problems.push(`public/${name}: HTTP ${response?.status()}`)
    await captureSizes(page, 'public', name)
  }
  await context.close()
}

async function captureSizes(page: Page, role: string, screen: string): Promise<void> {
  const dir = join(values.out!, role)
  mkdirSync(dir, { recursive: true })
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.evaluate((text) => (document.documentElement.dataset.textSize = text), size.text)
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    // The whole page, up to three screens tall: enough to see a long form, not a 7,000 px list.
    const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), size.height * 3)
    await page.screenshot({ path: join(dir, `${screen}-${size.name}.png`), fullPage: true, clip: { x: 0, y: 0, width: size.width, height } })
    shots++
  }
  await page.evaluate(() => (document.documentElement.dataset.textSize = 'normal'))
  await page.setViewportSize({ width: SIZES[0].width, height: SIZES[0].height })
}

/** In-app navigation, as a link in the app does it: no reload, the docs stay open. */
async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to)
    window.dispatchEvent(new PopStateEvent('popstate'))
  }, path)
}

/** Waits until nothing on the page says it is still opening (bounded: a stuck screen is captured as it is). */
async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => !document.body.innerText.includes('正在打开'), undefined, { timeout: SETTLE_MS })
    .catch(() => problems.push(`${page.url()}: 还在"正在打开"`))
  await page.evaluate(() => document.fonts.ready)
}
