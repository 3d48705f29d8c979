/**
 * The relay on PostgreSQL alone (DATABASE_URL, no Redis): relays starting together migrate once
 * and create one first admin; a stock client's changes are durably acknowledged, stored in
 * PostgreSQL (not in a SQLite file) and served by a relay started later; PostgreSQL dropping the
 * relay's pooled connections (restart, failover) is survived, not fatal to the process.
 * PostgreSQL unreachable: skipped loudly on a developer machine, a failure under CI.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startRelay } from '../../server/app.js'
import { postgresRelays } from '../helpers/lifetimes.js'
import { SKIP_REASON, terminateConnections } from '../helpers/postgres.js'
import { connectClient } from '../helpers/provider.js'
import { ADMIN, createVillage, login } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const pg = await postgresRelays('the relay-on-PostgreSQL suite', 'cunwu_relay')
const databaseUrl = () => pg.database().url

;(pg.up ? describe : describe.skip)(`relay on PostgreSQL${pg.up ? '' : ` ${SKIP_REASON}`}`, () => {
  it('relays starting together on an empty database migrate once and create one admin', async () => {
    const overrides = { databaseUrl: databaseUrl(), adminPhone: ADMIN.phone, adminPassword: ADMIN.password, logLevel: 'error' as const }
    const started = await Promise.all([1, 2, 3].map(() => startRelay({ ...overrides, dataDir: pg.tempDir() })))
    try {
      const users = await started[0]?.store.accounts.listUsers()
      expect(users?.map((u) => u.phone)).toEqual([ADMIN.phone])
      for (const r of started) await login(r.url)
    } finally {
      for (const r of started) await r.close()
    }
  })

  it('acknowledges changes once they are in PostgreSQL and serves them from a relay started later', async () => {
    const first = await pg.onDatabase()
    expect(existsSync(join(first.dataDir, 'cunwu.sqlite'))).toBe(false)
    const doc = `${first.villageId}/meta`
    const writer = pg.client(first, doc, first.token, { durable: true })
    await waitFor(() => writer.provider.synced, 'writer synced')
    writer.doc.getMap('profile').set('name', '测试村')
    writer.doc.getText('notes').insert(0, '村务公开')
    await waitFor(() => writer.allSaved(), 'durable ack')
    const stored = await first.store.docs.load(doc)
    expect(stored.updates.length).toBeGreaterThan(0)
    const expected = writer.doc.getText('notes').toString()
    await first.stop()

    const later = await pg.onDatabase()
    expect(later.villageId).toBe(first.villageId)
    const reader = pg.client(later, doc, later.token, { durable: true })
    await waitFor(() => reader.provider.synced, 'reader synced')
    expect(reader.doc.getText('notes').toString()).toBe(expected)
    expect(reader.doc.getMap('profile').get('name')).toBe('测试村')
  })

  it('survives PostgreSQL dropping its pooled connections: logs it and keeps acknowledging', async () => {
    const warnings: string[] = []
    const silent = () => undefined
    const log = { debug: silent, info: silent, error: silent, warn: (msg: string) => void warnings.push(msg) }
    const dataDir = pg.tempDir()
    const running = await startRelay({ databaseUrl: databaseUrl(), dataDir, adminPhone: ADMIN.phone, adminPassword: ADMIN.password }, log)
    try {
      const token = await login(running.url)
      const villageId = await createVillage(running.url, token, '断线村')
      const wsUrl = running.url.replace(/^http/, 'ws') + '/ws'
      const writer = connectClient(wsUrl, `${villageId}/meta`, token, { durable: true })
      pg.defer(() => writer.destroy())
      await waitFor(() => writer.provider.synced, 'synced')
      writer.doc.getText('notes').insert(0, '断线前')
      await waitFor(() => writer.allSaved(), 'ack before')
      expect(await terminateConnections(pg.database().name)).toBeGreaterThan(0)
      await waitFor(() => warnings.includes('PostgreSQL connection lost'), 'the drop logged as a warning')
      // The pool replaces the dropped clients on demand: HTTP and websocket writes keep working.
      // A request that drew a dropped client before its error event may fail once; the next ones
      // succeed, and nothing unsaved is ever acknowledged meanwhile.
      await waitFor(async () => (await fetch(`${running.url}/api/villages`, { headers: { authorization: `Bearer ${token}` } })).status === 200, 'API answers again')
      writer.doc.getText('notes').insert(0, '断线后')
      await waitFor(() => writer.allSaved(), 'ack after')
    } finally {
      await running.close()
    }
  })
})
