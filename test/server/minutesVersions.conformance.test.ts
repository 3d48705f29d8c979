/**
 * The minutes version store on SQLite and PostgreSQL: numbers are per doc and never repeat, even
 * when two finalisations race; rows are immutable; confirmations are append-only facts counted
 * once per user per hash.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { migrateSqlite } from '../../server/storage/migrations.js'
import { sqliteMinutesVersions } from '../../server/storage/minutesVersions.sqlite.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the minutes version store suite')
const HASH = 'a'.repeat(64)
const version = (n: string) => ({ kind: 'final' as const, hash: HASH, content: `{"n":"${n}"}`, at: new Date().toISOString(), by: 'u1', confirmations: [] })

describeEachStore('minutes versions', pgUp, (backend, store) => {
  it('numbers versions per doc, also under concurrent inserts', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((n) => store().minutes.addVersion('v1/minutes/m1', version(n))))
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4])
    expect((await store().minutes.addVersion('v1/minutes/m2', version('x'))).version).toBe(1)
    const list = await store().minutes.listVersions('v1/minutes/m1')
    expect(list.map((v) => v.version)).toEqual([4, 3, 2, 1])
    expect((await store().minutes.getVersion('v1/minutes/m1', 2))?.content).toMatch(/^\{"n":"[abcd]"\}$/)
    expect(await store().minutes.getVersion('v1/minutes/m1', 9)).toBeNull()
  })

  it('counts a confirmation once per user per hash, oldest first', async () => {
    const m = store().minutes
    await m.addConfirmation('v1/minutes/m3', { userId: 'u1', name: '甲', hash: HASH, at: '2026-01-01T00:00:00Z' })
    await m.addConfirmation('v1/minutes/m3', { userId: 'u2', name: '乙', hash: HASH, at: '2026-01-01T00:00:01Z' })
    await m.addConfirmation('v1/minutes/m3', { userId: 'u1', name: '甲', hash: HASH, at: '2026-01-01T00:00:02Z' })
    await m.addConfirmation('v1/minutes/m3', { userId: 'u3', name: '丙', hash: 'b'.repeat(64), at: '2026-01-01T00:00:03Z' })
    expect((await m.confirmations('v1/minutes/m3', HASH)).map((c) => [c.name, c.at])).toEqual([
      ['甲', '2026-01-01T00:00:00Z'],
      ['乙', '2026-01-01T00:00:01Z'],
    ])
  })

  if (backend.name === 'postgres') {
    it('leaves stored versions unchanged when something tries to rewrite them', async () => {
      const client = await backend.otherRelay?.()
      if (!client) throw new Error('no second connection')
      try {
        await client.query("update minutes_versions set content = 'forged'")
        await client.query('delete from minutes_versions')
      } finally {
        await client.end()
      }
      expect((await store().minutes.listVersions('v1/minutes/m1')).length).toBe(4)
      expect((await store().minutes.getVersion('v1/minutes/m1', 1))?.content).not.toBe('forged')
    })
  }
})

it('SQLite refuses to update or delete a stored version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cunwu-minutes-'))
  const db = new Database(join(dir, 'x.sqlite'))
  try {
    migrateSqlite(db)
    await sqliteMinutesVersions(db).addVersion('v/minutes/m', version('a'))
    expect(() => db.exec("update minutes_versions set content = 'forged'")).toThrow(/immutable/)
    expect(() => db.exec('delete from minutes_versions')).toThrow(/immutable/)
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
