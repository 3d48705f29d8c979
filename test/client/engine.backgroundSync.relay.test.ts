/**
 * The engine's wiring of background sync against a real relay: a run when the engine starts,
 * its result in the engine state, never two runs at once, open docs left to their socket, and a
 * 401 reported as a lost session.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { User } from '../../shared/api/auth'
import { SyncEngine } from '../../client/sync/engine'
import { relayEachTest } from '../helpers/lifetimes'
import { waitFor } from '../helpers/waitFor'
import { freshIdb } from './idb'

const ADMIN_USER: User = { id: 'admin', phone: '13800000000', name: '管理员', role: 'township_admin' }

const each = relayEachTest()

function engine(options: { token?: string; fetchImpl?: typeof fetch; idb?: ReturnType<typeof freshIdb> } = {}): SyncEngine {
  const created = new SyncEngine({
    baseUrl: each.current.url,
    session: { token: options.token ?? each.current.token, expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: ADMIN_USER, baseUrl: each.current.url },
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    broadcast: false,
    maxBackoffTime: 100,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    ...(options.idb ?? freshIdb()),
  })
  each.defer(() => created.destroy())
  return created
}

async function serverWrite(name: string, text: string): Promise<void> {
  await each.current.relay.withDoc(name, async (room) => {
    room.doc.getText('body').insert(0, text)
    await room.flush()
  })
}

/** Tracks how many manifest requests are in flight at once, and the most ever seen. */
function overlapFetch(seen: { now: number; max: number; runs: number }): typeof fetch {
  return async (input, init) => {
    if (!String(input).endsWith('/api/sync/manifest')) return fetch(input, init)
    seen.now++
    seen.runs++
    seen.max = Math.max(seen.max, seen.now)
    try {
      return await fetch(input, init)
    } finally {
      seen.now--
    }
  }
}

describe('SyncEngine background sync', () => {
  it('syncs every permitted doc when it starts and records what it did', async () => {
    const minutes = `${each.current.villageId}/minutes/m1`
    await serverWrite(minutes, '村民代表会议')
    const e = engine()
    await waitFor(() => e.getState().lastSyncedAt !== null, 'first background sync')
    const state = e.getState()
    expect(state.syncing).toBe(false)
    expect(state.lastSyncError).toBeNull()
    expect(state.lastSync?.pulled).toContain(minutes)
    expect(state.lastSync?.bytesDown).toBeGreaterThan(0)
    expect(await e.localDocNames()).toContain(minutes)
    const handle = await e.openDoc(minutes)
    expect(handle.doc.getText('body').toString()).toBe('村民代表会议')
    handle.release()
  })

  it('remembers when it last synced across a restart with no network', async () => {
    const idb = freshIdb()
    const first = engine({ idb })
    await waitFor(() => first.getState().lastSyncedAt !== null, 'first background sync')
    const at = first.getState().lastSyncedAt
    await first.destroy()
    const offline = engine({ idb, fetchImpl: () => Promise.reject(new TypeError('fetch failed')) })
    await waitFor(() => offline.getState().lastSyncError !== null, 'offline run failed')
    await waitFor(() => offline.getState().lastSyncedAt !== null, 'last sync time read back')
    expect(offline.getState().lastSyncedAt).toBe(at)
  })

  it('runs one sync at a time, however often it is asked', async () => {
    const seen = { now: 0, max: 0, runs: 0 }
    const e = engine({ fetchImpl: overlapFetch(seen) })
    await Promise.all([e.syncNow(), e.syncNow(), e.syncNow(), e.syncNow()])
    expect(seen.max).toBe(1)
    // The start-up run plus at most one more for the burst of requests made during it.
    expect(seen.runs).toBeLessThanOrEqual(2)
    const before = e.getState().lastSyncedAt
    await serverWrite(`${each.current.villageId}/decisions`, '一事一议')
    await e.syncNow()
    expect(e.getState().lastSyncedAt).toBeGreaterThanOrEqual(before ?? 0)
    expect(e.getState().lastSync?.pulled).toEqual([`${each.current.villageId}/decisions`])
  })

  it('leaves open docs to their live connection', async () => {
    const meta = `${each.current.villageId}/meta`
    const e = engine()
    await e.syncNow()
    const handle = await e.openDoc(meta)
    await serverWrite(meta, '新内容')
    await e.syncNow()
    expect(e.getState().lastSync?.exchanged).not.toContain(meta)
    handle.release()
  })

  it('reports a 401 as a lost session', async () => {
    const e = engine({ token: 'not-a-token' })
    await waitFor(() => e.getState().authLost, 'auth lost')
    expect(e.getState().online).toBe(false)
    expect(e.getState().lastSyncedAt).toBeNull()
  })

  it('records a failed run and carries on', async () => {
    let fail = true
    const e = engine({ fetchImpl: (input, init) => (fail ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)) })
    await waitFor(() => e.getState().lastSyncError !== null, 'failed sync recorded')
    expect(e.getState().authLost).toBe(false)
    fail = false
    await e.syncNow()
    expect(e.getState().lastSyncError).toBeNull()
    expect(e.getState().lastSyncedAt).not.toBeNull()
  })
})
