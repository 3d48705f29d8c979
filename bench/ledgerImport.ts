/**
 * bench:import — importing a whole village's 户籍人口台账 (issue #12): the 5,000-household,
 * ≈16,000-resident village of bench:ledger exported as a roster .xlsx (one row per resident, a
 * 网格 column routing rows to its 10 grids) and imported into a new, empty village with the same
 * grids, both ways a township would:
 *
 * 1. command line: `npm run ledger:import` as a child process (dry run, writing run, second run),
 *    wall clock; and the same steps in-process, timed apart (read, preview, write + store).
 * 2. browser: the import panel in Chromium: file chosen → read → preview shown, 确认导入 → written
 *    to the grid docs → every change acknowledged by the relay.
 *
 * Prints figures; asserts nothing. `node --import tsx bench/ledgerImport.ts`.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import * as Y from 'yjs'
import { writeXlsx } from '../client/app/ledger/xlsx'
import { startRelay } from '../server/app'
import { defaultConfig } from '../server/config'
import { createLogger } from '../server/log'
import { DEMO_ADMIN, seedDemo } from '../server/seed/seedDemo'
import type { GeneratedVillage } from '../server/seed/village'
import { openStore } from '../server/storage/openStore'
import { docName } from '../shared/docNames'
import { applyImport } from '../shared/ledger/applyImport'
import { exportRoster } from '../shared/ledger/exportRows'
import { previewImport } from '../shared/ledger/importRows'
import { listRecords } from '../shared/ledger/ledgerDoc'
import { readSpreadsheet } from '../shared/ledger/spreadsheet'
import { addGrid } from '../shared/metaDoc'
import { buildClientIfStale, CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/browser'

const TODAY = '2026-11-23'
const dirs: string[] = []
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `cunwu-bench-import-${name}-`))
  dirs.push(dir)
  return dir
}
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`

try {
  // ---- the roster file ---------------------------------------------------------------------------
  let village: GeneratedVillage | null = null
  const seedStore = await openStore(defaultConfig({ dataDir: tempDir('seed') }), createLogger('error'))
  await seedDemo(seedStore, { scale: 'village', seed: 7, today: TODAY, onVillage: (v) => (village = v) })
  await seedStore.close()
  if (!village) throw new Error('the seeder produced no village')
  const v: GeneratedVillage = village
  const gridName = (id: string) => v.grids.find((g) => g.id === id)!.name
  const households = v.grids.flatMap((g) => listRecords(g.ledger, 'household', g.id))
  const residents = v.grids.flatMap((g) => listRecords(g.ledger, 'resident', g.id))
  const roster = exportRoster(households, residents, TODAY, { fullIdNumbers: true, gridName })
  const xlsx = new Uint8Array(await writeXlsx({ ...roster, title: `${v.name}  户籍人口台账  ${TODAY}` }, '户籍人口台账'))
  const file = join(tempDir('file'), '户籍人口台账.xlsx')
  writeFileSync(file, xlsx)
  console.log(`Roster: ${roster.rows.length} rows (${households.length} households, ${residents.length} residents, ${v.grids.length} grids), ${(xlsx.byteLength / 1024).toFixed(0)} KB .xlsx\n`)

  /** A store with the admin and one empty village whose meta doc has the same grids. */
  async function emptyVillage(name: string): Promise<{ dataDir: string; villageId: string }> {
    const dataDir = tempDir(name)
    const relay = await startRelay({ dataDir, port: 0, adminPhone: DEMO_ADMIN.phone, adminPassword: DEMO_ADMIN.password, logLevel: 'error' })
    const token = ((await (await fetch(`${relay.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_ADMIN) })).json()) as { token: string }).token
    const res = await fetch(`${relay.url}/api/villages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ name: v.name }) })
    const villageId = ((await res.json()) as { id: string }).id
    const meta = new Y.Doc()
    for (const g of v.grids) addGrid(meta, { name: g.name, code: g.code })
    await relay.store.docs.append(docName({ kind: 'meta', villageId }), Y.encodeStateAsUpdate(meta))
    await relay.close()
    return { dataDir, villageId }
  }

  // ---- 1a. the command, in-process, phases apart ---------------------------------------------------
  {
    const t0 = performance.now()
    const read = await readSpreadsheet(file, xlsx)
    if (!read.ok) throw new Error(read.error)
    const readTime = ms(t0)
    const sheet = read.sheets[0]!
    const grids = v.grids.map((g, i) => ({ id: `g${i}`, name: g.name, code: g.code }))
    const docs = new Map(grids.map((g) => [g.id, new Y.Doc()]))
    const t1 = performance.now()
    const preview = previewImport(sheet.rows, { grids, docs, sensitiveDocs: new Map(), defaultGridId: null, today: TODAY, filled: sheet.filled })
    if (!preview.ok) throw new Error(preview.error)
    const previewTime = ms(t1)
    const store = await openStore(defaultConfig({ dataDir: tempDir('phases') }), createLogger('error'))
    const t2 = performance.now()
    await applyImport(preview.preview, docs, { id: 'bench', name: 'bench' }, new Date().toISOString(), { pause: () => Promise.resolve() })
    const applyTime = ms(t2)
    const t3 = performance.now()
    for (const [id, doc] of docs) await store.docs.append(`bench/ledger/${id}`, Y.encodeStateAsUpdate(doc))
    const storeTime = ms(t3)
    await store.close()
    console.log('Command line, in-process phases (the code the command runs):')
    console.log(`  read .xlsx ${readTime} · preview ${previewTime} (${preview.preview.summary.residents.new} residents new) · write to docs ${applyTime} · store in SQLite ${storeTime}`)
  }

  // ---- 1b. the command as a process ------------------------------------------------------------------
  {
    const { dataDir, villageId } = await emptyVillage('cli')
    const run = (args: string[]) =>
      new Promise<{ ms: number; stdout: string; code: number }>((resolve) => {
        const t = performance.now()
        execFile(process.execPath, ['--import', 'tsx', 'server/ledgerImport/main.ts', '--village', villageId, '--file', file, ...args], { env: { ...process.env, DATA_DIR: dataDir, PORT: '1', LOG_LEVEL: 'error' }, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) =>
          resolve({ ms: performance.now() - t, stdout, code: error ? Number(error.code ?? 1) : 0 }),
        )
      })
    const dry = await run(['--dry-run', '--json'])
    const write = await run([])
    const again = await run(['--json'])
    const summary = (stdout: string) => JSON.stringify((JSON.parse(stdout) as { summary: unknown }).summary)
    console.log('Command line, `npm run ledger:import` wall clock (process start to exit, no relay running):')
    console.log(`  --dry-run --json ${dry.ms.toFixed(0)} ms (exit ${dry.code}, ${(dry.stdout.length / 1024).toFixed(0)} KB of JSON) · writing run ${write.ms.toFixed(0)} ms (exit ${write.code}) · second run ${again.ms.toFixed(0)} ms`)
    console.log(`  second run summary: ${summary(again.stdout)}`)
  }

  // ---- 2. the browser ----------------------------------------------------------------------------------
  {
    const { dataDir, villageId } = await emptyVillage('ui')
    const dist = await buildClientIfStale()
    const relay = await startRelay({ dataDir, port: 0, staticDir: dist, logLevel: 'error' })
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage()
      await page.goto(relay.url)
      await page.getByTestId('login-phone').fill(DEMO_ADMIN.phone)
      await page.getByTestId('login-password').fill(DEMO_ADMIN.password)
      await page.getByTestId('login-submit').click()
      await page.getByTestId('nav-villages').waitFor({ timeout: 60_000 })
      await page.goto(`${relay.url}/v/${villageId}/ledger/household`)
      // A full load opens on 请输入密码解锁 (encryption at rest, #14).
      await page.getByTestId('unlock-password').fill(DEMO_ADMIN.password, { timeout: 60_000 })
      await page.getByTestId('unlock-submit').click()
      await page.getByTestId('record-import').click({ timeout: 60_000 })
      const t0 = await page.evaluate(() => performance.now())
      await page.getByTestId('import-file').setInputFiles({ name: '户籍人口台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsx) })
      await page.getByTestId('import-preview').waitFor({ timeout: 300_000 })
      const shown = await page.evaluate(() => performance.now())
      const read = await page.evaluate(() => performance.getEntriesByName('cunwu:import-read')[0]?.startTime ?? NaN)
      const confirmText = await page.getByTestId('import-confirm').textContent()
      const t1 = await page.evaluate(() => performance.now())
      await page.getByTestId('import-confirm').click()
      await page.getByTestId('import-done').waitFor({ timeout: 300_000 })
      const written = await page.evaluate(() => performance.now())
      await page.waitForFunction(() => document.querySelector('[data-testid="status-bar"]')?.textContent?.includes('已全部保存') === true, undefined, { timeout: 300_000, polling: 250 })
      const saved = await page.evaluate(() => performance.now())
      console.log('Browser (Chromium, 1366×768), import panel:')
      console.log(`  read ${(read - t0).toFixed(0)} ms · preview ${(shown - read).toFixed(0)} ms (file chosen → preview shown ${(shown - t0).toFixed(0)} ms; ${confirmText?.trim()})`)
      console.log(`  write ${(written - t1).toFixed(0)} ms (确认导入 → 导入完成) · relay acknowledged everything ${(saved - t1).toFixed(0)} ms after 确认导入`)
    } finally {
      await browser.close()
      await relay.close()
    }
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}
