/**
 * `npm run ledger:import` as a township rolls it out (issue #12 item 6), as a real child process
 * on a real store: --dry-run --json prints exactly one JSON document of the issue's shape and
 * writes nothing; the writing run stores the ledger; a second run reports everything unchanged;
 * bad arguments, an unknown village and an unreadable file exit 2 with a Chinese message. With a
 * relay running, the command writes through it and a connected client sees the import arrive
 * live; on PostgreSQL + Redis with no relay reachable, it writes to the database and relays that
 * hold the doc get it through the fan-out.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docName } from '../../shared/docNames.js'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import type { ImportReport } from '../../shared/ledger/importReport.js'
import { text } from '../../shared/ledger/kind.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { readBeacon } from '../../server/relayBeacon.js'
import { SKIP_REASON, freshPostgresDatabase, requirePostgres, type FreshDatabase } from '../helpers/postgres.js'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { TEST_REDIS_URL, freePort, redisAvailable } from '../helpers/redis.js'
import { waitFor } from '../helpers/waitFor.js'

const pgUp = await requirePostgres('the ledger:import PostgreSQL test')
const redisUp = await redisAvailable()
if (!redisUp && process.env.CI) throw new Error('ledger:import suite: Redis is unreachable; CI must not skip it')

const id = (first17: string) => first17 + idCheckChar(first17)
const ID_A = id('32058119700312001')
const ID_B = id('32058119721105002')
const ID_C = id('32058120000101003')

const relays: TestRelay[] = []
const clients: TestClient[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const r of relays.splice(0)) await r.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cunwu-import-'))
  dirs.push(dir)
  return dir
}

async function rosterFile(dir: string): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('人口台账')
  sheet.getCell('A1').value = '测试村人口台账'
  sheet.mergeCells('A1:G1')
  sheet.addRow(['户号', '户主', '住址', '姓名', '身份证号', '关系', '类别'])
  sheet.addRow(['H1', '张伟', '一组1号', '张伟', ID_A, '户主', '党员、低保'])
  sheet.addRow(['H1', '张伟', '一组1号', '李娜', ID_B, '妻', ''])
  sheet.addRow(['H1', '张伟', '一组1号', '李娜', ID_B, '妻', ''])
  sheet.addRow(['H1', '张伟', '一组1号', '张小', ID_C.slice(0, 17) + (ID_C[17] === '1' ? '2' : '1'), '子', ''])
  sheet.addRow([])
  sheet.addRow(['制表人：王五'])
  const file = join(dir, '人口台账.xlsx')
  writeFileSync(file, new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer))
  return file
}

type Run = { code: number; stdout: string; stderr: string }
function runImport(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/ledgerImport/main.ts', ...args], { cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: 'warn', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** A relay with one village and one grid in its meta doc. */
async function relayWithGrid(overrides: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay & { gridId: string }> {
  const relay = await startTestRelay(overrides, tempDir())
  relays.push(relay)
  const meta = new Y.Doc()
  const gridId = addGrid(meta, { name: '第一网格', code: '01' })
  await relay.store.docs.append(docName({ kind: 'meta', villageId: relay.villageId }), Y.encodeStateAsUpdate(meta))
  return Object.assign(relay, { gridId })
}

async function storedDoc(relay: TestRelay, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const update of (await relay.store.docs.load(name)).updates) Y.applyUpdate(doc, update)
  return doc
}

const EXPECTED_ROWS = [
  { row: 3, status: 'new', reasons: [], household: { code: 'H1', headName: '张伟', address: '一组1号', grid: '第一网格' }, resident: { name: '张伟', idNumber: ID_A, phone: '', relation: '户主' } },
  { row: 4, status: 'new', reasons: [], household: { code: 'H1', headName: '张伟', address: '一组1号', grid: '第一网格' }, resident: { name: '李娜', idNumber: ID_B, phone: '', relation: '配偶' } },
  { row: 5, status: 'duplicate', reasons: ['与第4行完全相同，只导入一次'] },
  { row: 6, status: 'invalid', reasons: ['身份证号校验位不正确'] },
  { row: 7, status: 'skipped', reasons: ['空行'] },
  { row: 8, status: 'skipped', reasons: ['表尾或说明行'] },
]

describe('npm run ledger:import on SQLite', () => {
  it('with no relay running: --dry-run --json writes nothing, a run writes, a second run reports everything unchanged', async () => {
    const relay = await relayWithGrid()
    await relay.stop()
    relays.splice(relays.indexOf(relay), 1)
    expect(readBeacon(relay.dataDir)).toBeNull()
    const file = await rosterFile(relay.dataDir)
    const env = { DATA_DIR: relay.dataDir, PORT: String(await freePort()) }

    const dry = await runImport(['--village', '测试村', '--file', file, '--dry-run', '--json'], env)
    expect(dry.code, dry.stderr).toBe(0)
    const report = JSON.parse(dry.stdout) as ImportReport
    expect(dry.stdout.trim().split('\n')).toHaveLength(1)
    expect(Object.keys(report)).toEqual(['village', 'rows', 'summary'])
    expect(report.village).toBe(relay.villageId)
    expect(report.rows).toMatchObject(EXPECTED_ROWS)
    expect(report.rows.every((r) => Object.keys(r).join() === 'row,status,reasons,household,resident')).toBe(true)
    expect(report.summary).toEqual({ households: { new: 1, unchanged: 0, changed: 0 }, residents: { new: 2, unchanged: 0, changed: 0 }, invalid: 1, duplicate: 1, skipped: 2 })

    const reopened = await startTestRelay({}, relay.dataDir)
    const ledgerName = docName({ kind: 'ledger', villageId: relay.villageId, gridId: relay.gridId })
    expect((await reopened.store.docs.load(ledgerName)).updates).toEqual([])
    await reopened.stop()

    const write = await runImport(['--village', relay.villageId, '--file', file], env)
    expect(write.code, write.stderr).toBe(0)
    expect(write.stderr).toContain('直接写入数据库')
    expect(write.stdout).toContain('人：新增 2')

    const again = await runImport(['--village', '测试村', '--file', file, '--json'], env)
    expect(again.code, again.stderr).toBe(0)
    expect((JSON.parse(again.stdout) as ImportReport).summary).toEqual({ households: { new: 0, unchanged: 1, changed: 0 }, residents: { new: 0, unchanged: 2, changed: 0 }, invalid: 1, duplicate: 1, skipped: 2 })

    const check = await startTestRelay({}, relay.dataDir)
    relays.push(check)
    const ledger = await storedDoc(check, ledgerName)
    expect(listRecords(ledger, 'resident', relay.gridId).map((r) => text(r.values, 'name')).sort()).toEqual(['张伟', '李娜'].sort())
    expect(listRecords(ledger, 'resident', relay.gridId).find((r) => r.values.name === '张伟')!.values.flags).toEqual(['党员'])
    // The default identity (the township admin) holds the sensitive grant: 低保 became a care record.
    const sensitive = await storedDoc(check, docName({ kind: 'sensitive', villageId: relay.villageId, gridId: relay.gridId }))
    expect(listRecords(sensitive, 'careRecord', relay.gridId).map((c) => c.values.category)).toEqual(['低保'])
  })

  it('with the relay running: writes through it and a connected client sees the import arrive live', async () => {
    const relay = await relayWithGrid()
    expect(readBeacon(relay.dataDir)).toMatchObject({ port: relay.port })
    const ledgerName = docName({ kind: 'ledger', villageId: relay.villageId, gridId: relay.gridId })
    const client = connectClient(relay.wsUrl, ledgerName, relay.token)
    clients.push(client)
    await waitFor(() => client.provider.synced, 'client synced')
    const file = await rosterFile(relay.dataDir)
    // PORT points elsewhere: the beacon in DATA_DIR is how the command finds this relay.
    const run = await runImport(['--village', '测试村', '--file', file], { DATA_DIR: relay.dataDir, PORT: String(await freePort()) })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('经由它写入')
    await waitFor(() => listRecords(client.doc, 'resident', relay.gridId).length === 2, 'the import reaches the connected client')
    expect(listRecords(client.doc, 'household', relay.gridId).map((h) => h.values.headName)).toEqual(['张伟'])
    const again = await runImport(['--village', '测试村', '--file', file, '--json'], { DATA_DIR: relay.dataDir })
    expect((JSON.parse(again.stdout) as ImportReport).summary.residents).toEqual({ new: 0, unchanged: 2, changed: 0 })
  })

  it('in a village of several grids, says on stderr how to name the grid of rows that have none (--grid)', async () => {
    const relay = await startTestRelay({}, tempDir())
    relays.push(relay)
    const meta = new Y.Doc()
    addGrid(meta, { name: '第一网格', code: '01' })
    addGrid(meta, { name: '第二网格', code: '02' })
    await relay.store.docs.append(docName({ kind: 'meta', villageId: relay.villageId }), Y.encodeStateAsUpdate(meta))
    const file = await rosterFile(relay.dataDir)
    const env = { DATA_DIR: relay.dataDir }
    const without = await runImport(['--village', '测试村', '--file', file, '--dry-run', '--json'], env)
    expect(without.code, without.stderr).toBe(0)
    expect(without.stderr).toContain('注意：3 行没有网格：请在表中“网格”一栏填写网格名称或编号，或用 --grid 指定（可写入的网格：第一网格、第二网格）')
    expect((JSON.parse(without.stdout) as ImportReport).rows.filter((r) => r.status === 'invalid')).toHaveLength(3)
    const chosen = await runImport(['--village', '测试村', '--file', file, '--dry-run', '--json', '--grid', '第二网格'], env)
    expect(chosen.stderr).not.toContain('没有网格')
    expect((JSON.parse(chosen.stdout) as ImportReport).rows[0]).toMatchObject({ status: 'new', household: { grid: '第二网格' } })
  })

  it('exits 2 with a Chinese message for a bad argument, an unknown village or an unreadable file', async () => {
    const relay = await relayWithGrid()
    const env = { DATA_DIR: relay.dataDir }
    const xls = join(relay.dataDir, '旧表.xls')
    writeFileSync(xls, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))
    const cases: [string[], string][] = [
      [['--village', '测试村'], '缺少 --file'],
      [['--village', '测试村', '--file', 'x.xlsx', '--bogus'], '不认识的参数 --bogus'],
      [['--village', '没有这个村', '--file', xls], '找不到村“没有这个村”'],
      [['--village', '测试村', '--file', join(relay.dataDir, '不存在.xlsx')], '找不到文件'],
      [['--village', '测试村', '--file', xls], '另存为'],
      [['--village', '测试村', '--file', xls, '--as', '13000000000'], '另存为'],
    ]
    for (const [args, message] of cases) {
      const run = await runImport(args, env)
      expect([run.code, run.stdout]).toEqual([2, ''])
      expect(run.stderr).toContain(message)
    }
  })
})

describe.skipIf(!pgUp || !redisUp)(`npm run ledger:import on PostgreSQL + Redis${pgUp && redisUp ? '' : ` ${SKIP_REASON}`}`, () => {
  let database: FreshDatabase | null = null
  beforeAll(async () => {
    database = await freshPostgresDatabase('cunwu_import')
  })
  afterAll(() => database?.drop())

  it('with no relay reachable writes to the database, and a relay holding the doc gets it through Redis', async () => {
    const relay = await relayWithGrid({ databaseUrl: database!.url, redisUrl: TEST_REDIS_URL })
    const ledgerName = docName({ kind: 'ledger', villageId: relay.villageId, gridId: relay.gridId })
    const client = connectClient(relay.wsUrl, ledgerName, relay.token)
    clients.push(client)
    await waitFor(() => client.provider.synced, 'client synced')
    const file = await rosterFile(relay.dataDir)
    const run = await runImport(['--village', '测试村', '--file', file], { DATABASE_URL: database!.url, REDIS_URL: TEST_REDIS_URL, DATA_DIR: tempDir(), PORT: String(await freePort()) })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('直接写入数据库')
    await waitFor(() => listRecords(client.doc, 'resident', relay.gridId).length === 2, 'the fanned-out import reaches the client')
  })
})
