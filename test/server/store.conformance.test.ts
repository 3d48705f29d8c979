/**
 * One conformance suite for every Store: the embedded SQLite file and PostgreSQL. Both must
 * keep the same promises (DESIGN.md "Storage"); the relay is written against the interface only.
 * PostgreSQL unreachable: skipped loudly on a developer machine, a failure under CI.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openPgStore } from '../../server/storage/pg.js'
import { openSqliteStore } from '../../server/storage/sqlite.js'
import type { Store, UserRow } from '../../server/storage/types.js'

const ADMIN_DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const dbName = `cunwu_conf_${process.pid}_${Date.now()}`

async function adminQuery(sql: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query(sql)
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

const pgUp = await adminQuery('select 1')
if (!pgUp && process.env.CI) throw new Error('store conformance: PostgreSQL is unreachable on 127.0.0.1:5432; CI must not skip it')
if (!pgUp) console.warn('\n' + '!'.repeat(78) + '\n!! SKIPPING the PostgreSQL half of the store conformance suite: no PostgreSQL here.\n' + '!'.repeat(78) + '\n')

type Backend = { name: string; open(): Promise<Store>; cleanup(): Promise<void> }
const dirs: string[] = []
const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'cunwu-conf-'))
      dirs.push(dir)
      return openSqliteStore(dir)
    },
    async cleanup() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    },
  },
  ...(pgUp
    ? [
        {
          name: 'postgres',
          async open() {
            await adminQuery(`drop database if exists ${dbName} with (force)`)
            await adminQuery(`create database ${dbName}`)
            return openPgStore(ADMIN_DB_URL.replace(/\/[^/]*$/, `/${dbName}`))
          },
          async cleanup() {
            await adminQuery(`drop database if exists ${dbName} with (force)`)
          },
        },
      ]
    : []),
]

const user = (n: number, overrides: Partial<UserRow> = {}): UserRow => ({
  id: `u${n}`,
  phone: `1390000${String(n).padStart(4, '0')}`,
  name: `用户${n}`,
  role: 'village_cadre',
  passwordHash: 'scrypt$x',
  createdAt: `2026-11-0${(n % 9) + 1}T00:00:00.000Z`,
  disabledAt: null,
  ...overrides,
})

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getText('t').insert(doc.getText('t').length, text)
  return Y.encodeStateAsUpdate(doc, before)
}

describe.each(BACKENDS)('store conformance: $name', (backend) => {
  let store: Store
  beforeAll(async () => {
    store = await backend.open()
  })
  afterAll(async () => {
    await store.close()
    await backend.cleanup()
  })

  it('appends and loads a doc log in order; an unknown doc is empty', async () => {
    const doc = new Y.Doc()
    const seqs = [await store.docs.append('v/a', textUpdate(doc, '甲')), await store.docs.append('v/a', textUpdate(doc, '乙'))]
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? Infinity)
    const loaded = await store.docs.load('v/a')
    expect(loaded.lastSeq).toBe(seqs[1])
    const copy = new Y.Doc()
    for (const u of loaded.updates) Y.applyUpdate(copy, u)
    expect(copy.getText('t').toString()).toBe('甲乙')
    expect(await store.docs.load('v/none')).toEqual({ updates: [], lastSeq: 0, bytes: 0 })
  })

  it('compaction replaces rows up to a seq and keeps rows appended after it', async () => {
    const doc = new Y.Doc()
    for (const ch of '一二三四') await store.docs.append('v/c', textUpdate(doc, ch))
    const { lastSeq } = await store.docs.load('v/c')
    const snapshot = Y.encodeStateAsUpdate(doc) // covers exactly the four rows so far
    const late = await store.docs.append('v/c', textUpdate(doc, '五'))
    await store.docs.compact('v/c', lastSeq, snapshot)
    const after = await store.docs.load('v/c')
    expect(after.updates).toHaveLength(2)
    expect(after.lastSeq).toBe(late)
    const copy = new Y.Doc()
    for (const u of after.updates) Y.applyUpdate(copy, u)
    expect(copy.getText('t').toString()).toBe('一二三四五')
  })

  it('compacts from the log: one snapshot of exactly the rows read, at the highest seq read', async () => {
    const doc = new Y.Doc()
    for (const ch of '春夏秋冬') await store.docs.append('v/log', textUpdate(doc, ch))
    const { lastSeq } = await store.docs.load('v/log')
    let seen = 0
    const size = await store.docs.compactFromLog('v/log', (updates) => {
      seen = updates.length
      const merged = new Y.Doc()
      for (const u of updates) Y.applyUpdate(merged, u)
      return Y.encodeStateAsUpdate(merged)
    })
    expect(seen).toBe(4)
    expect(size).toBeGreaterThan(0)
    const after = await store.docs.load('v/log')
    expect(after.updates).toHaveLength(1)
    expect(after.lastSeq).toBe(lastSeq)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, after.updates[0] as Uint8Array)
    expect(copy.getText('t').toString()).toBe('春夏秋冬')
    expect(await store.docs.compactFromLog('v/log', () => new Uint8Array())).toBeNull() // one row: nothing to do
  })

  it('skips a doc another relay is compacting (PostgreSQL advisory lock; SQLite serialises writers itself)', async () => {
    const doc = new Y.Doc()
    for (const ch of 'ab') await store.docs.append('v/locked', textUpdate(doc, ch))
    const build = (updates: Uint8Array[]) => Y.mergeUpdates(updates)
    if (backend.name === 'sqlite') {
      expect(await store.docs.compactFromLog('v/locked', build)).toBeGreaterThan(0)
      return
    }
    const other = new pg.Client({ connectionString: ADMIN_DB_URL.replace(/\/[^/]*$/, `/${dbName}`) })
    await other.connect()
    await other.query('begin')
    await other.query("select pg_advisory_xact_lock(hashtext('compact:' || $1))", ['v/locked'])
    expect(await store.docs.compactFromLog('v/locked', build)).toBeNull()
    await other.query('commit')
    await other.end()
    expect(await store.docs.compactFromLog('v/locked', build)).toBeGreaterThan(0)
  })

  it('creates the first user exactly once, even when asked five times at once', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => store.accounts.createFirstUser(user(100 + n, { role: 'township_admin' }))))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await store.accounts.countUsers()).toBe(1)
  })

  it('keeps users, sessions, villages and memberships', async () => {
    await store.accounts.createUser(user(1))
    await expect(store.accounts.createUser(user(2, { phone: user(1).phone }))).rejects.toThrow()
    await store.accounts.createUser(user(2))
    expect((await store.accounts.findUserByPhone(user(1).phone))?.id).toBe('u1')
    await store.accounts.updateUser('u1', { name: '改名', disabledAt: '2026-11-20T00:00:00.000Z' })
    await store.accounts.setPasswordHash('u1', 'scrypt$y')
    expect(await store.accounts.findUserById('u1')).toMatchObject({ name: '改名', disabledAt: '2026-11-20T00:00:00.000Z', passwordHash: 'scrypt$y' })
    for (const t of ['s1', 's2', 's3']) await store.accounts.createSession({ tokenHash: t, userId: 'u2', createdAt: 'c', expiresAt: 'e', revokedAt: null })
    expect((await store.accounts.revokeUserSessions('u2', 'now', 's2')).sort()).toEqual(['s1', 's3'])
    expect((await store.accounts.findSession('s2'))?.revokedAt).toBeNull()
    await store.accounts.revokeSession('s2', 'later')
    expect((await store.accounts.findSession('s2'))?.revokedAt).toBe('later')
    await store.accounts.createVillage({ id: 'v1', name: '东村', createdAt: '2026-01-01', createdBy: 'u1' })
    await store.accounts.setMembership({ userId: 'u2', villageId: 'v1', role: 'grid_worker', gridIds: ['g1', 'g2'], sensitive: false })
    await store.accounts.setMembership({ userId: 'u2', villageId: 'v1', role: 'grid_worker', gridIds: ['g2'], sensitive: true })
    expect(await store.accounts.listMemberships('u2')).toEqual([{ userId: 'u2', villageId: 'v1', villageName: '东村', role: 'grid_worker', gridIds: ['g2'], sensitive: true }])
    expect(await store.accounts.removeMembership('u2', 'v1')).toBe(true)
    expect(await store.accounts.removeMembership('u2', 'v1')).toBe(false)
  })

  it('lists the audit log newest first, filtered and paged', async () => {
    for (const action of ['login', 'doc.open', 'login', 'doc.push'] as const) {
      await store.accounts.audit({ at: 'now', actorId: 'u1', action, target: null, detail: null })
    }
    const all = await store.accounts.listAudit({ limit: 10 })
    expect(all.map((e) => e.action).slice(0, 4)).toEqual(['doc.push', 'login', 'doc.open', 'login'])
    expect(all[0]?.actorName).toBe('改名')
    const logins = await store.accounts.listAudit({ limit: 10, action: 'login' })
    expect(logins).toHaveLength(2)
    const page = await store.accounts.listAudit({ limit: 1, before: logins[0]?.id })
    expect(page[0]?.id).toBeLessThan(logins[0]?.id ?? 0)
  })
})
