/**
 * Attributed history on PostgreSQL with several relays (#20 item 1): two relays on one database
 * each store their own clients' changes with attribution; either relay lists the whole history,
 * through compaction and after both restart. PostgreSQL unreachable: skipped loudly (CI fails).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { historyResponseSchema } from '../../shared/api/history.js'
import { api } from '../helpers/api.js'
import { postgresRelays } from '../helpers/lifetimes.js'
import { SKIP_REASON } from '../helpers/postgres.js'
import type { TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const pg = await postgresRelays('the history-on-PostgreSQL suite', 'cunwu_history')

async function edit(relay: TestRelay, docName: string, key: string): Promise<void> {
  const c = pg.client(relay, docName, relay.token, { durable: true })
  await waitFor(() => c.provider.synced, 'synced')
  c.doc.getMap<string>('households').set(key, `户主${key}`)
  await waitFor(() => c.allSaved(), 'saved')
}

describe.skipIf(!pg.up)(`history on PostgreSQL with two relays${pg.up ? '' : SKIP_REASON}`, () => {
  it('keeps every relay’s attributed changes, through compaction and restarts', async () => {
    const first = await pg.onDatabase({ compactRows: 2 })
    const second = await pg.onDatabase({ compactRows: 2 })
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
    for (const r of [first, second]) await r.stop()
    const again = await pg.onDatabase({ compactRows: 2 })
    expect(await list(again)).toEqual(entries)
    const replay = new Y.Doc()
    for (const r of await again.store.docs.history(docName)) Y.applyUpdate(replay, r.update)
    expect(Object.keys(replay.getMap('households').toJSON()).sort()).toEqual(['h1', 'h2', 'h3'])
  })
})
