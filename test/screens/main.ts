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
import { docName } from '../../shared/docNames.js'
import { appendFact } from '../../shared/ledger/ledgerDoc.js'
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
/** `focus`: a card further down a long page, captured from its top instead of the page's. */
type Screen = { name: string; path?: (v: string, grid: string) => string; click?: string; ready: string; roles?: string[]; section?: string; focus?: boolean }
const ADMIN_ONLY = ['township-admin']
const SCREENS: Screen[] = [
  { name: 'villages', path: () => '/', ready: '[data-testid="village-list"], [data-testid="villages-empty"]' },
  { name: 'profile', path: (v) => `/v/${v}`, ready: '[data-testid="profile-form"]' },
  { name: 'village-settings', section: 'settings', path: (v) => `/v/${v}/settings`, ready: '[data-testid="settings-visit-rules"]' },
  // 公益设施检查周期, 网格清扫日, then 人居环境检查项 at the foot of 村级设置, and its editor opened.
  { name: 'village-facility-inspection', section: 'settings', path: (v) => `/v/${v}/settings`, ready: '[data-testid="settings-facility-inspection"]', focus: true },
  { name: 'village-grid-cleaning', section: 'settings', path: (v) => `/v/${v}/settings`, ready: '[data-testid="settings-grid-cleaning"]', focus: true },
  { name: 'village-checklist', section: 'settings', path: (v) => `/v/${v}/settings`, ready: '[data-testid="settings-checklist-environment"]', focus: true },
  { name: 'village-checklist-edit', click: '[data-testid="checklist-edit"] summary', ready: '[data-testid="settings-checklist-environment"]:has(details[open])', focus: true },
  { name: 'ledger', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="ledger-home-page"], [data-testid="ledger-no-grids"]' },
  // 统计期 and 我的案件 sit below the figures: captured from their own top.
  { name: 'period-stats', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="period-stats"]', focus: true },
  { name: 'my-cases', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="my-cases"]', focus: true },
  { name: 'households', section: 'ledger', path: (v) => `/v/${v}/ledger/household`, ready: '[data-testid="table-row"]' },
  { name: 'household', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  // The household's own 修改记录 (opened; it loads from the relay).
  { name: 'household-history', click: '[data-testid="record-history"] summary', ready: '[data-testid="record-history-entry"]', focus: true },
  { name: 'residents', section: 'ledger', path: (v) => `/v/${v}/ledger/resident`, ready: '[data-testid="table-row"]' },
  { name: 'resident', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  // 出租屋 三位一体: a rental with its landlord, property manager and the residents living there.
  { name: 'places', section: 'ledger', path: (v) => `/v/${v}/ledger/place`, ready: '[data-testid="table-row"]' },
  { name: 'place', click: '[data-testid="table-row"]', ready: '[data-testid="place-tenants"]' },
  { name: 'incidents', section: 'ledger', path: (v) => `/v/${v}/ledger/incident`, ready: '[data-testid="table-row"]' },
  { name: 'incident', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  // Hand-over between grids (#15): a village cadre may write both grids' docs.
  { name: 'incident-handover', click: '[data-testid="handover-open"]', ready: '[data-testid="handover-form"]', roles: ['cadre-secretary', 'cadre-director'], focus: true },
  { name: 'incident-new', section: 'ledger', path: (v) => `/v/${v}/ledger/incident/new`, ready: '[data-testid="form-incident"]' },
  { name: 'disputes', section: 'ledger', path: (v) => `/v/${v}/ledger/dispute`, ready: '[data-testid="table-row"]' },
  { name: 'dispute-new', section: 'ledger', path: (v) => `/v/${v}/ledger/dispute/new`, ready: '[data-testid="form-dispute"]' },
  // Members picked from the village roster (#15): 包案领导, 整改责任人 of a hazard.
  { name: 'hazard-new', section: 'ledger', path: (v) => `/v/${v}/ledger/thing/new`, ready: '[data-testid="form-thing"]' },
  // A public toilet's 办理情况: its inspections and 管护 with their costs, and 记录管护.
  { name: 'things', section: 'ledger', path: (v) => `/v/${v}/ledger/thing`, ready: '[data-testid="table-row"]' },
  { name: 'facility', click: '[data-testid="table-row"]:has-text("公共厕所")', ready: '[data-testid="workflow"]:has([data-testid="workflow-upkeep"])', focus: true },
  { name: 'bulletin', section: 'ledger', path: (v) => `/v/${v}/ledger/bulletin`, ready: '[data-testid="matter-bulletin"]' },
  { name: 'bulletin-chosen', click: '[data-testid="bulletin-choose"]', ready: '[data-testid="bulletin-compose"]:not([disabled])' },
  { name: 'bulletin-notice', click: '[data-testid="bulletin-compose"]', ready: '[data-testid="bulletin-notice"]' },
  { name: 'visits', section: 'ledger', path: (v) => `/v/${v}/ledger/visit`, ready: '[data-testid="table-row"]' },
  // 巡查 and 日清周结: the dashboard card, the week, a patrol with its findings, a new one.
  { name: 'patrol-today', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="patrol-today"]', focus: true },
  { name: 'floating', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="floating-card"]', focus: true },
  { name: 'patrol-week', section: 'ledger', path: (v) => `/v/${v}/ledger/week`, ready: '[data-testid="patrol-week"]' },
  { name: 'patrols', section: 'ledger', path: (v) => `/v/${v}/ledger/patrol`, ready: '[data-testid="table-row"]' },
  { name: 'patrol', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  { name: 'patrol-new', section: 'ledger', path: (v) => `/v/${v}/ledger/patrol/new`, ready: '[data-testid="form-patrol"]' },
  // 人居环境 (门前三包, 院内三净): the dashboard card, the table, a check, a new one.
  { name: 'environment-card', section: 'ledger', path: (v) => `/v/${v}/ledger`, ready: '[data-testid="environment-card"]', focus: true },
  { name: 'environments', section: 'ledger', path: (v) => `/v/${v}/ledger/environment`, ready: '[data-testid="table-row"]' },
  { name: 'environment', click: '[data-testid="table-row"]', ready: '[data-testid="record-title"]' },
  { name: 'environment-new', section: 'ledger', path: (v) => `/v/${v}/ledger/environment/new`, ready: '[data-testid="form-environment"]' },
  { name: 'minutes', section: 'minutes', path: (v) => `/v/${v}/minutes`, ready: '[data-testid="minutes-list"]' },
  { name: 'minutes-tasks', section: 'minutes', path: (v) => `/v/${v}/minutes/tasks`, ready: '[data-testid="task-ledger"]' },
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
  // 修改记录 of the first grid's ledger (a supervisor, who may not read it, sees the refusal).
  { name: 'history', path: (v, grid) => `/history/${v}/ledger/${grid}`, ready: '[data-testid="history-entry"], [data-testid="history-screen"] .error' },
  { name: 'sync', path: () => '/sync', ready: '[data-testid="sync-screen"]' },
  { name: 'account', path: () => '/account', ready: '[data-testid="password-form"]' },
  // 六联·平急: groups, the duty work and 平急结合 (a section only some roles have).
  { name: 'liulian', section: 'liulian', path: (v) => `/v/${v}/liulian`, ready: '[data-testid="liulian-groups"]' },
  { name: 'liulian-duty', section: 'liulian', path: (v) => `/v/${v}/liulian/duty`, ready: '[data-testid="liulian-duty-list"]' },
  { name: 'liulian-emergency', section: 'liulian', path: (v) => `/v/${v}/liulian/emergency`, ready: '[data-testid="liulian-phase"]' },
  // 统计报表: the village's 季报 sheet (village cadres and the township admin).
  { name: 'village-reports', section: 'reports', path: (v) => `/v/${v}/reports`, ready: '[data-testid="report-sheet"]' },
  { name: 'township', path: () => '/township', ready: '[data-testid="township-table"]', roles: ADMIN_ONLY },
  // 人居环境检查 and 公益设施检查管护 by village, below the figures.
  { name: 'township-facilities', path: () => '/township', ready: '[data-testid="township-environment-table"]', roles: ADMIN_ONLY, focus: true },
  { name: 'township-settings', path: () => '/settings', ready: '[data-testid="settings-visit-rules"]', roles: ADMIN_ONLY },
  { name: 'township-settings-new-rule', click: '[data-testid="new-rule"] summary', ready: '[data-testid="new-rule-label"]', roles: ADMIN_ONLY, focus: true },
  // 四培五考: the township's ranking and one worker's panel; a grid worker's own score.
  { name: 'assessment', path: () => '/assessment', ready: '[data-testid="assessment-ranking"], [data-testid="my-assessment-total"]', roles: ['township-admin', 'grid-worker'] },
  { name: 'assessment-worker', click: '[data-testid="assessment-worker"]', ready: '[data-testid="assessment-worker-panel"]', roles: ADMIN_ONLY, focus: true },
  { name: 'campaigns', path: () => '/campaigns', ready: '[data-testid="campaign-table"]', roles: ADMIN_ONLY },
  { name: 'campaign-edit', click: '[data-testid="campaign-edit"]', ready: '[data-testid="campaign-form"]', roles: ADMIN_ONLY, focus: true },
  { name: 'inbox', path: () => '/inbox', ready: '[data-testid="inbox-item"], [data-testid="inbox-empty"]', roles: ADMIN_ONLY },
  { name: 'users', path: () => '/users', ready: '[data-testid="user-list"]', roles: ADMIN_ONLY },
  { name: 'audit', path: () => '/audit', ready: '[data-testid="audit-table"]', roles: ADMIN_ONLY },
]

const { values } = parseArgs({ options: { role: { type: 'string' }, screen: { type: 'string' }, out: { type: 'string', default: join(ROOT, 'screens') } } })
const started = Date.now()
const harness = await startDemoHarness('screens')
const { relay, browser } = harness
const villageId = harness.demo.villages[0]!.id
const gridId = harness.demo.villages[0]!.grids[0]!.id
const problems: string[] = []
let shots = 0
try {
  await capturePublic(await raiseClosedMatter())
  for (const role of ROLES.filter((r) => !values.role || r.name === values.role)) await captureRole(role)
} finally {
  await harness.close()
}
process.stdout.write(`${shots} 张截图已写入 ${values.out}（${((Date.now() - started) / 1000).toFixed(0)} 秒）\n`)
if (problems.length > 0) {
  process.stderr.write(`${problems.length} 个页面没有打开：\n${problems.map((p) => `  ${p}`).join('\n')}\n`)
  process.exitCode = 1
}

/** The screens named, each reached by a click with the screens before it back to one opened by its path. */
function wantedScreens(names: readonly string[]): Set<string> {
  const wanted = new Set(names)
  for (const name of names) {
    for (let i = SCREENS.findIndex((s) => s.name === name); i > 0 && SCREENS[i]!.click; i--) wanted.add(SCREENS[i - 1]!.name)
  }
  return wanted
}

async function captureRole(role: Role): Promise<void> {
  const context = await browser.newContext({ viewport: { width: SIZES[0].width, height: SIZES[0].height }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`${role.name}: 页面错误 ${error.message}`))
  await page.goto(relay.url)
  await signIn(page, relay.url, role)
  // 请输入密码解锁: what a reload shows (one role is enough; the screen is the same for all).
  if (role === ROLES[0] && (!values.screen || values.screen.split(',').includes('unlock'))) {
    await page.reload()
    await page.getByTestId('unlock-form').waitFor({ timeout: SETTLE_MS })
    await captureSizes(page, role.name, 'unlock')
    await unlockAfterReload(page, role)
  }
  // A screen reached by a click needs the one before it (a household needs the household list).
  const wanted = values.screen ? wantedScreens(values.screen.split(',')) : null
  let previousShown = false
  for (const screen of SCREENS) {
    if (screen.roles && !screen.roles.includes(role.name)) continue
    if (wanted && !wanted.has(screen.name)) continue
    if (screen.click && !previousShown) continue
    previousShown = false
    try {
      if (screen.path) await navigate(page, screen.path(villageId, gridId))
      // A section this role has no tab for (a grid worker has no 会议记录) is skipped at once.
      // (Any tab shows the village screen is up: a linked cadre has no 村庄概况, only 联网联户.)
      if (screen.section && (await page.locator('[data-testid^="tab-"]').first().waitFor({ timeout: SETTLE_MS }).then(() => page.getByTestId(`tab-${screen.section}`).count())) === 0) {
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
    await captureSizes(page, role.name, screen.name, screen.focus ? screen.ready : undefined)
    previousShown = true
  }
  await context.close()
}

/**
 * Resident pages need no sign-in: the bare /public/ list, the first village's board, its 联网联户
 * list, its 六联 board, its 网格员公示 with the A4 公示牌 and a grid's 联系卡, the 民呼我应 form and a tracking page — of a matter raised and closed here, so its reply
 * and the rating form show, and the 办结公示 screens have a matter to list.
 */
async function capturePublic(tracking: string): Promise<void> {
  if (values.role && values.role !== 'public') return
  const context = await browser.newContext({ viewport: { width: SIZES[0].width, height: SIZES[0].height } })
  const page = await context.newPage()
  for (const [name, path] of [
    ['index', '/public/'],
    ['board', `/public/${villageId}`],
    ['linkage', `/public/${villageId}/linkage`],
    ['liulian', `/public/${villageId}/liulian`],
    ['grids', `/public/${villageId}/grids`],
    ['grids-print', `/public/${villageId}/grids/print`],
    ['grids-cards', `/public/${villageId}/grids/${gridId}/cards`],
    ['matter-form', `/public/${villageId}/matters`],
    ['matter-track', tracking],
    ['rate', `/public/${villageId}/rate`],
  ] as const) {
    if (values.screen && !values.screen.split(',').includes(name)) continue
    const response = await page.goto(relay.url + path)
    if (!response?.ok()) problems.push(`public/${name}: HTTP ${response?.status()}`)
    await captureSizes(page, 'public', name)
  }
  // The page a resident sees right after raising a matter (the closed one above is matter-track).
  if (!values.screen || values.screen === 'matter-raised') {
    await page.goto(`${relay.url}/public/${villageId}/matters`)
    await page.locator('#category').selectOption({ index: 1 })
    await page.locator('#description').fill('村口路灯坏了一个星期，晚上看不清路')
    await page.locator('#place').fill('村口')
    await page.locator('#grid').selectOption({ index: 1 })
    await page.locator('#phone').fill('13712345678')
    await page.getByRole('button', { name: '提交' }).click()
    await page
      .getByTestId('matter-raised')
      .waitFor({ timeout: SETTLE_MS })
      .then(() => captureSizes(page, 'public', 'matter-raised'))
      .catch(() => problems.push('public/matter-raised: 提交后没有出现查询页'))
  }
  await context.close()
}

/** A resident's matter raised on the public form, then a grid worker's steps up to 反馈当事人 written into its ledger doc as the app would; its tracking page. */
async function raiseClosedMatter(): Promise<string> {
  const raised = await fetch(`${relay.url}/public/${villageId}/matters`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ category: '道路设施', description: '三组村道的路灯坏了一个星期，晚上走路看不清', place: '三组村道', grid: 'unsure', phone: '' }).toString(),
  })
  const tracking = raised.headers.get('location') ?? `/public/${villageId}/matters/track`
  const code = /matters\/([0-9A-Z]{10})/.exec(tracking)?.[1]
  const row = code ? await relay.store.matters.find(code) : null
  if (!row) {
    problems.push('public/matter-track: 没能提交反映')
    return tracking
  }
  const steps = ['escalate', 'accept', 'handle', 'resolve', 'verify', 'feedback']
  const start = Date.now()
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId: row.villageId, gridId: row.gridId }), async (room) => {
    steps.forEach((action, i) =>
      appendFact(room.doc, 'incident', row.recordId, {
        action,
        by: 'screens',
        byName: '网格员',
        at: new Date(start + i * 1000).toISOString(),
        ...(action === 'feedback' ? { note: '三组村道的路灯已于今天更换，感谢您的反映。' } : {}),
        // The village takes a 协调性 matter on with its lead unit.
        ...(action === 'accept' ? { data: { leadUnit: '村委会' } } : {}),
      }),
    )
    await room.flush()
  })
  return tracking
}

async function captureSizes(page: Page, role: string, screen: string, focus?: string): Promise<void> {
  const dir = join(values.out!, role)
  mkdirSync(dir, { recursive: true })
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.evaluate((text) => (document.documentElement.dataset.textSize = text), size.text)
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    // The whole page, up to three screens tall: enough to see a long form, not a 7,000 px list.
    const top = focus ? await page.locator(focus).first().evaluate((el) => Math.max(0, el.getBoundingClientRect().top + window.scrollY - 8)) : 0
    const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), top + size.height * 3) - top
    await page.screenshot({ path: join(dir, `${screen}-${size.name}.png`), fullPage: true, clip: { x: 0, y: top, width: size.width, height } })
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
