/**
 * Upgrades: a store written by the previous release (fixtures made once at 92d338f, see
 * test/fixtures/previous-release/make.ts) opens with this code, is migrated to the current
 * schema version in one go (through 6, attributed history, and 7, 民呼我应 codes, whose tables
 * it then has), and still serves every account, doc, notice chain and minutes version; a relay
 * on it lists an old doc's content as its first history entry. A store newer than this code is refused with a clear message, on both backends.
 */
import Database from 'better-sqlite3'
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { historyResponseSchema, SYSTEM_USER } from '../../shared/api/history.js'
import { chainRow, verifyChain } from '../../shared/notices/chain.js'
import { buildRelay } from '../../server/app.js'
import { verifyPassword } from '../../server/auth/passwords.js'
import { MIGRATIONS, SCHEMA_VERSION, StoreTooNewError } from '../../server/storage/migrations.js'
import { openPgStore } from '../../server/storage/store.pg.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import type { Store } from '../../server/storage/types.js'
import { FIXTURE } from '../fixtures/previous-release/expected.js'
import { api } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON, type FreshDatabase } from '../helpers/postgres.js'
import { login } from '../helpers/relay.js'
import { loadDoc, storeContents } from '../helpers/storeContents.js'

const pgUp = await requirePostgres('the PostgreSQL half of the migration suite')
const FIXTURES = join(import.meta.dirname, '../fixtures/previous-release')
const cleanups: (() => Promise<unknown> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

function sqliteFixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cunwu-migrate-'))
  copyFileSync(join(FIXTURES, 'cunwu.sqlite'), join(dir, 'cunwu.sqlite'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function pgFixtureDb(): Promise<FreshDatabase> {
  const db = await freshPostgresDatabase('cunwu_migrate')
  cleanups.push(() => db.drop())
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    // pg_dump's psql meta-commands (\restrict …) are for psql; the rest is plain SQL.
    const dump = readFileSync(join(FIXTURES, 'cunwu.pg.sql'), 'utf8').replace(/^\\.*$/gm, '')
    await client.query(dump)
  } finally {
    await client.end()
  }
  return db
}

async function expectFixtureServed(store: Store): Promise<void> {
  const { admin, cadre, villageId } = FIXTURE
  const user = await store.accounts.findUserByPhone(cadre.phone)
  expect(user).toMatchObject({ id: cadre.id, name: cadre.name, role: 'village_cadre', disabledAt: null })
  expect(await verifyPassword(cadre.password, user?.passwordHash ?? '')).toBe(true)
  expect((await store.accounts.findUserById(admin.id))?.role).toBe('township_admin')
  expect(await store.accounts.findVillage(villageId)).toMatchObject({ name: FIXTURE.villageName })
  expect(await store.accounts.membership(cadre.id, villageId)).toEqual({ userId: cadre.id, villageId, role: 'village_cadre', gridIds: [], sensitive: true })
  expect((await store.accounts.listAudit({ limit: 10 })).map((a) => a.action)).toEqual(['village.create'])

  for (const [name, fields] of Object.entries(FIXTURE.docs)) {
    const doc = await loadDoc(store, name)
    expect(doc.getMap('fixture').toJSON(), name).toEqual(fields)
  }
  const contents = await storeContents(store)
  expect(contents.notices[villageId]?.verdict).toEqual({ intact: true, count: 3, head: contents.notices[villageId]?.rows[2]?.hash })
  expect(contents.notices[villageId]?.rows.map((r) => [r.title, r.correctionOf])).toEqual(FIXTURE.notices.map((n) => [n.title, n.correctionOf]))
  const [version] = await store.minutes.listVersions(FIXTURE.minutesDoc)
  expect(version).toMatchObject({ version: 1, kind: 'final', hash: FIXTURE.minutesHash, byName: cadre.name })
  expect((await store.minutes.getVersion(FIXTURE.minutesDoc, 1))?.content).toBe(FIXTURE.minutesContent)
  expect(await store.minutes.confirmations(FIXTURE.minutesDoc, FIXTURE.minutesHash)).toEqual([
    { userId: cadre.id, name: cadre.name, hash: FIXTURE.minutesHash, at: '2026-11-01T02:00:00.000Z' },
  ])

  // Migrations 6 and 7 added the history and 民呼我应 tables: empty, and working.
  for (const name of Object.keys(FIXTURE.docs)) expect(await store.docs.hasHistory(name), name).toBe(false)
  expect(await store.matters.list(villageId)).toEqual([])
  const matter = { code: 'MHUPG1', villageId, gridId: 'g1', recordId: 'r1', createdAt: '2026-12-01T02:00:00.000Z' }
  await store.matters.add(matter)
  expect(await store.matters.find(matter.code)).toEqual(matter)

  // And the migrated store takes new writes: the next notice links to the old chain.
  const appended = await store.notices.append(villageId, 'after-upgrade', (tip) =>
    chainRow(tip, { id: 'after-upgrade', villageId, publishedAt: '2026-12-01T02:00:00.000Z', publisherName: cadre.name, kind: 'finance', title: '升级后', body: '<p>x</p>', periodFrom: '2026-12-01', periodTo: '2026-12-10', correctionOf: null, decisionId: null }),
  )
  expect(appended.row.seq).toBe(4)
  expect(await verifyChain(await store.notices.list(villageId))).toMatchObject({ intact: true, count: 4 })
  const seq = await store.docs.append('fixv/meta', new Uint8Array([0, 0]))
  expect(seq).toBeGreaterThan(6)
}

/**
 * A relay on the migrated store shows each old doc's content as the first history entry (by
 * 系统, as the doc stood at the upgrade) and attributes the next edit to its author.
 */
async function expectOldDocsHistory(config: { dataDir: string; databaseUrl?: string }): Promise<void> {
  const relay = await buildRelay({ ...config, logLevel: 'error' })
  try {
    const token = await login(relay.app, FIXTURE.cadre.phone, FIXTURE.cadre.password)
    const name = 'fixv/ledger/g1'
    const { status, json } = await api(relay.app, `/api/history/${name}`, { token })
    expect(status).toBe(200)
    const { entries } = historyResponseSchema.parse(json)
    expect(entries).toMatchObject([{ userId: SYSTEM_USER.id, userName: SYSTEM_USER.name, offline: false }])
    const [baseline] = await relay.store.docs.history(name)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, baseline?.update ?? new Uint8Array())
    expect(doc.getMap('fixture').toJSON()).toEqual(FIXTURE.docs[name])
  } finally {
    await relay.close()
  }
}

describe('migration from the previous release: sqlite', () => {
  it('adopts user_version 3, applies the rest in one go, and serves everything', async () => {
    const dir = sqliteFixtureDir()
    const store = openSqliteStore(dir)
    try {
      await expectFixtureServed(store)
    } finally {
      await store.close()
    }
    const db = new Database(join(dir, 'cunwu.sqlite'), { readonly: true })
    const rows = db.prepare('select version, name, applied_at from schema_version order by version').all() as { version: number; name: string; applied_at: string }[]
    db.close()
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(rows.slice(0, 3).every((r) => r.applied_at === 'before schema_version')).toBe(true)
    expect(rows[3]?.applied_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    // Opening again applies nothing.
    const again = openSqliteStore(dir)
    await again.close()
    await expectOldDocsHistory({ dataDir: dir })
  })

  it('refuses to start on a store written by a newer release', async () => {
    const dir = sqliteFixtureDir()
    await openSqliteStore(dir).close()
    const db = new Database(join(dir, 'cunwu.sqlite'))
    db.prepare("insert into schema_version (version, name, applied_at) values (?, 'from the future', 'x')").run(SCHEMA_VERSION + 1)
    db.close()
    expect(() => openSqliteStore(dir)).toThrow(StoreTooNewError)
    expect(() => openSqliteStore(dir)).toThrow(`数据库结构版本为 ${SCHEMA_VERSION + 1}，比本程序支持的版本 ${SCHEMA_VERSION} 新`)
    // `npm start` on it: exit 1 with the message as a start.failed log line (README, Reading the logs).
    const started = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, DATA_DIR: dir, PORT: '0' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stderr }),
      )
    })
    expect(started.code).toBe(1)
    const line = started.stderr.split('\n').find((l) => l.includes('"start.failed"'))
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'error', event: 'start.failed', error: expect.stringContaining('比本程序支持的版本') })
  })
  it('applies pending migrations all or nothing: a failing one leaves the store as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunwu-migrate-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    // A release-2 store that (wrongly) already has a notices table: migration 3 must fail.
    const db = new Database(join(dir, 'cunwu.sqlite'))
    for (const m of MIGRATIONS.slice(0, 2)) db.exec(m.sqlite)
    db.exec('create table notices (id text primary key)')
    db.pragma('user_version = 2')
    db.close()
    expect(() => openSqliteStore(dir)).toThrow(/notices already exists/)
    const after = new Database(join(dir, 'cunwu.sqlite'), { readonly: true })
    const tables = (after.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name)
    after.close()
    expect(tables).not.toContain('schema_version')
    expect(tables).not.toContain('minutes_versions')
  })
})

;(pgUp ? describe : describe.skip)(`migration from the previous release: postgres${pgUp ? '' : ` ${SKIP_REASON}`}`, () => {
  it('adopts schema_migrations 2, applies the rest in one go, and serves everything', async () => {
    const db = await pgFixtureDb()
    // Two relays starting together on the old store: the advisory lock makes one migrate.
    const [store, other] = await Promise.all([openPgStore(db.url), openPgStore(db.url)])
    try {
      await expectFixtureServed(store)
    } finally {
      await Promise.all([store.close(), other.close()])
    }
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ version: number; applied_at: string }>('select version, applied_at from schema_version order by version')
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
      expect(rows.slice(0, 3).every((r) => r.applied_at === 'before schema_version')).toBe(true)
      expect((await client.query("select to_regclass('schema_migrations') as t")).rows[0]?.t).toBeNull()
    } finally {
      await client.end()
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'cunwu-migrate-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    await expectOldDocsHistory({ dataDir, databaseUrl: db.url })
  })

  it('refuses to start on a store written by a newer release', async () => {
    const db = await freshPostgresDatabase('cunwu_migrate')
    cleanups.push(() => db.drop())
    await (await openPgStore(db.url)).close()
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    await client.query("insert into schema_version (version, name, applied_at) values ($1, 'from the future', 'x')", [SCHEMA_VERSION + 1])
    await client.end()
    await expect(openPgStore(db.url)).rejects.toThrow(`数据库结构版本为 ${SCHEMA_VERSION + 1}，比本程序支持的版本 ${SCHEMA_VERSION} 新`)
  })
})
