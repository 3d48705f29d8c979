/**
 * Moving from SQLite to PostgreSQL: `npm run migrate:pg -- --from <DATA_DIR> --to <url>` (run as
 * its own process) copies a store a relay wrote — docs with compacted logs, accounts, sessions,
 * memberships, audit, every doc's attributed history, a notice chain with a correction, a minutes
 * version, 民呼我应 codes — and PostgreSQL then serves exactly the same content: every doc's
 * state and history, the chain (verified), the versions, the codes. A relay
 * started on PostgreSQL accepts the sessions and continues seqs and the chain. A previous
 * release's SQLite store moves too; a non-empty target is refused.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { openPgStore } from '../../server/storage/store.pg.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import { api } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON } from '../helpers/postgres.js'
import { connectClient } from '../helpers/provider.js'
import { startTestRelay } from '../helpers/relay.js'
import { financeNotice as notice, storeAttachment, storeContents } from '../helpers/storeContents.js'
import { waitFor } from '../helpers/waitFor.js'

const pgUp = await requirePostgres('the SQLite → PostgreSQL copy suite')
const run = promisify(execFile)
const cleanups: (() => Promise<unknown> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

async function migratePg(from: string, to: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/ops/migrateToPg.ts', '--from', from, '--to', to])
    return { code: 0, stdout, stderr }
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string }
  }
}

;(pgUp ? describe : describe.skip)(`npm run migrate:pg${pgUp ? '' : ` ${SKIP_REASON}`}`, () => {
  it('copies a relay-written SQLite store; PostgreSQL serves every doc, the verified chain and the sessions', async () => {
    const relay = await startTestRelay({ compactRows: 5 })
    // Stopped below (its data stays for the copy); only the directory is left to remove.
    cleanups.push(() => rmSync(relay.dataDir, { recursive: true, force: true }))
    const docs = [`${relay.villageId}/meta`, `${relay.villageId}/decisions`, `${relay.villageId}/ledger/g1`, `${relay.villageId}/minutes/m1`]
    for (const [d, name] of docs.entries()) {
      const client = connectClient(relay.wsUrl, name, relay.token, { durable: true })
      await waitFor(() => client.provider.synced, 'synced')
      for (let i = 0; i < 12; i++) client.doc.getMap('m').set(`k${i}`, `${d}-${i}`)
      await waitFor(() => client.allSaved(), 'saved')
      client.destroy()
    }
    for (const n of [notice('n1', '十月财务公开'), notice('n2', '十一月财务公开'), notice('n3', '十月财务公开（更正）', 1)]) {
      expect((await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token, body: n })).status).toBe(201)
    }
    await relay.store.minutes.addVersion(docs[3] as string, { kind: 'final', hash: 'b'.repeat(64), content: '{}', at: '2026-11-30T02:00:00.000Z', by: 'nobody', confirmations: [] })
    for (const code of ['MH7Q2K', 'MH3ZP9']) {
      await relay.store.matters.add({ code, villageId: relay.villageId, gridId: 'g1', recordId: `r-${code}`, createdAt: '2026-11-30T03:00:00.000Z' })
    }
    // Files in chunks (9 of them, more than one insert batch) and a second doc linking one.
    const photo = await storeAttachment(relay.store, relay.villageId, `${relay.villageId}/ledger/g1`, randomBytes(850_000))
    await storeAttachment(relay.store, relay.villageId, `${relay.villageId}/minutes/m1`, randomBytes(3000), 'application/pdf')
    await relay.store.attachments.declare({ villageId: relay.villageId, sha256: photo, size: 850_000, type: 'image/jpeg' }, { docName: `${relay.villageId}/decisions`, at: '2026-11-30T04:00:00.000Z', by: 'u', proof: null }, 2 ** 40)
    const dataDir = relay.dataDir
    await relay.stop()

    const db = await freshPostgresDatabase('cunwu_move')
    cleanups.push(() => db.drop())
    const moved = await migratePg(dataDir, db.url)
    expect(moved.code, moved.stderr).toBe(0)
    expect(moved.stdout).toContain('公告链校验通过')

    const sqlite = openSqliteStore(dataDir)
    const pg = await openPgStore(db.url)
    try {
      const before = await storeContents(sqlite)
      const after = await storeContents(pg)
      expect(Object.keys(after.docs).sort()).toEqual([...docs].sort())
      expect(after.notices[relay.villageId]?.verdict).toMatchObject({ intact: true, count: 3 })
      // Every doc's attributed history came across, row for row (ids, authors, changes).
      for (const name of docs) expect(before.history[name]?.length, name).toBeGreaterThan(0)
      expect(after.matters[relay.villageId]).toHaveLength(2)
      expect(after.attachments[relay.villageId]).toHaveLength(2)
      expect(after.attachments[relay.villageId]).toContainEqual(expect.objectContaining({ sha256: photo, served: photo, docs: [`${relay.villageId}/decisions`, `${relay.villageId}/ledger/g1`] }))
      expect(after).toEqual(before)
      // New rows continue after the copied ones, in the log and in the history.
      const maxSeq = Math.max(...(await sqlite.docs.docVersions(relay.villageId)).values())
      const maxHistoryId = Math.max(...Object.values(before.history).flatMap((rows) => (rows as { id: number }[]).map((r) => r.id)))
      const author = { at: '2026-12-01T02:00:00.000Z', userId: null, sessionKey: null, device: null, offline: false, deviceAt: null, records: 0, removed: 0, update: new Uint8Array([0, 0]) }
      expect(await pg.docs.append(docs[0] as string, new Uint8Array([0, 0]), [author])).toBeGreaterThan(maxSeq)
      expect((await pg.docs.history(docs[0] as string)).at(-1)?.id).toBeGreaterThan(maxHistoryId)
    } finally {
      await Promise.all([sqlite.close(), pg.close()])
    }

    // A relay on PostgreSQL takes the old session and extends the chain.
    const onPg = await startTestRelay({ databaseUrl: db.url })
    cleanups.push(() => onPg.close())
    expect((await api(onPg.url, '/api/villages', { token: relay.token })).status).toBe(200)
    const next = await api(onPg.url, `/api/notices/${relay.villageId}`, { token: relay.token, body: notice('n4', '十二月财务公开') })
    expect(next.json).toMatchObject({ notice: { seq: 4 } })

    const refused = await migratePg(dataDir, db.url)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('已有数据')
  }, 60_000)

  it('moves a previous release’s SQLite store straight to PostgreSQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunwu-move-old-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    copyFileSync(join(import.meta.dirname, '../fixtures/previous-release/cunwu.sqlite'), join(dir, 'cunwu.sqlite'))
    const db = await freshPostgresDatabase('cunwu_move')
    cleanups.push(() => db.drop())
    const moved = await migratePg(dir, db.url)
    expect(moved.code, moved.stderr).toBe(0)
    const sqlite = openSqliteStore(dir)
    const pg = await openPgStore(db.url)
    try {
      const after = await storeContents(pg)
      expect(Object.keys(after.docs)).toHaveLength(3)
      expect(after).toEqual(await storeContents(sqlite))
    } finally {
      await Promise.all([sqlite.close(), pg.close()])
    }
  })
})
