/**
 * Attributed history on PostgreSQL with several relays (#20 item 1): two relays on one database
 * each store their own clients' changes with attribution; either relay lists the whole history,
 * through compaction and after both restart. PostgreSQL unreachable: skipped loudly (CI fails).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { historyResponseSchema } from '../../shared/api/history.js'
import { api } from '../helpers/api.js'
import { type FreshDatabase, SKIP_REASON, freshPostgresDatabase, requirePostgres } from '../helpers/postgres.js'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const pgUp = await requirePostgres('the history-on-PostgreSQL suite')

let db: FreshDatabase | null = null
const relays: TestRelay[] = []
const clients: TestClient[] = []
const dirs: string[] = []
beforeAll(async () => {
  if (pgUp) db = await freshPostgresDatabase('cunwu_history')
})
afterAll(async () => {
  await db?.drop()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const r of relays.splice(0)) await r.stop()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function relayOnPostgres(): Promise<TestRelay> {
  if (!db) throw new Error('no test database')
  const dir = mkdtempSync(join(tmpdir(), 'cunwu-pg-history-'))
  dirs.push(dir)
  const relay = await startTestRelay({ databaseUrl: db.url, compactRows: 2 }, dir)
  relays.push(relay)
  return relay
}

async function edit(relay: TestRelay, docName: string, key: string): Promise<void> {
  const c = connectClient(relay.wsUrl, docName, relay.token, { durable: true })
  clients.push(c)
  await waitFor(() => c.provider.synced, 'synced')
  c.doc.getMap<string>('households').set(key, `户主${key}`)
  await waitFor(() => c.allSaved(), 'saved')
}

describe.skipIf(!pgUp)(`history on PostgreSQL with two relays${pgUp ? '' : SKIP_REASON}`, () => {
  it('keeps every relay’s attributed changes, through compaction and restarts', async () => {
    const first = await relayOnPostgres()
    const second = await relayOnPostgres()
    expect(second.villageId).toBe(first.villageId)
    const docName = `${first.villageId}/ledger/g1`
    await edit(first, docName, 'h1')
    await edit(first, docName, 'h2')
    await edit(second, docName, 'h3')
    const list = async (relay: TestRelay) => {
      const res = await api(relay.url, `/api/history/${docName}`, { token: relay.token })
      expect(res.status).toBe(200)
      return historyResponseSchema.parse(res.json).entries
    }
    const entries = await list(second)
    expect(entries.map((e) => e.records)).toEqual([1, 1, 1])
    expect(await list(first)).toEqual(entries)
    for (const c of clients.splice(0)) c.destroy()
    for (const r of relays.splice(0)) await r.stop()
    const again = await relayOnPostgres()
    expect(await list(again)).toEqual(entries)
    const replay = new Y.Doc()
    for (const r of await again.store.docs.history(docName)) Y.applyUpdate(replay, r.update)
    expect(Object.keys(replay.getMap('households').toJSON()).sort()).toEqual(['h1', 'h2', 'h3'])
  })
})
