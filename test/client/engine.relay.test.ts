/**
 * The sync engine against a real relay over real sockets (ws as the WebSocket, fake-indexeddb
 * as the browser store). Each engine gets its own IndexedDB (a device) unless a test shares one
 * to stand for two tabs.
 */
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as z from 'zod'
import { userSchema, type User } from '../../shared/api/auth'
import { loadAcked } from '../../client/sync/pending'
import { SyncEngine, type DocHandle } from '../../client/sync/engine'
import type { Session } from '../../client/sync/session'
import { relayEachTest } from '../helpers/lifetimes'
import { waitFor } from '../helpers/waitFor'
import { freshIdb } from './idb'

const ADMIN_USER: User = { id: 'admin', phone: '13800000000', name: '管理员', role: 'township_admin' }
/** A port nothing listens on: an engine pointed at it is offline. */
async function deadUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (!address || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

const each = relayEachTest()

function session(token = each.current.token, baseUrl = each.current.url): Session {
  return { token, expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: ADMIN_USER, baseUrl }
}

function engine(options: { idb?: ReturnType<typeof freshIdb>; baseUrl?: string; token?: string; broadcast?: boolean; device?: string } = {}): SyncEngine {
  const baseUrl = options.baseUrl ?? each.current.url
  const created = new SyncEngine({
    baseUrl,
    session: session(options.token, baseUrl),
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    broadcast: options.broadcast ?? false,
    maxBackoffTime: 100,
    ...(options.device ? { device: options.device } : {}),
    ...(options.idb ?? freshIdb()),
  })
  each.defer(() => created.destroy())
  return created
}

async function open(e: SyncEngine, name: string): Promise<DocHandle> {
  const handle = await e.openDoc(name)
  each.defer(() => handle.release())
  return handle
}

describe('SyncEngine with a relay', () => {
  it('converges two engines and acknowledges every change', async () => {
    const name = `${each.current.villageId}/meta`
    const a = engine()
    const b = engine()
    const docA = (await open(a, name)).doc
    const docB = (await open(b, name)).doc
    await waitFor(() => a.getState().online && b.getState().online, 'both online')

    docA.getMap('profile').set('name', '石桥村')
    docB.getMap('profile').set('address', '石桥镇 1 号')
    await waitFor(() => docA.getMap('profile').size === 2 && docB.getMap('profile').size === 2, 'both edits on both sides')
    expect(docA.getMap('profile').toJSON()).toEqual(docB.getMap('profile').toJSON())
    await waitFor(async () => (await loadAcked(a.db, name)).get(docA.clientID) === Y.getState(docA.store, docA.clientID), 'A acknowledged')
    await waitFor(async () => (await loadAcked(b.db, name)).get(docB.clientID) === Y.getState(docB.store, docB.clientID), 'B acknowledged')
    await a.flush()
    await b.flush()
    await waitFor(() => a.getState().unsaved === 0 && b.getState().unsaved === 0, 'no unsaved changes')
    expect(await a.db.pending.count()).toBe(0)
  })

  it('keeps offline edits as unsaved and pushes them on reconnect', async () => {
    const name = `${each.current.villageId}/decisions`
    const idb = freshIdb()
    const a = engine({ idb, device: 'phone-device-1' })
    const docA = (await open(a, name)).doc
    await waitFor(() => a.getState().online, 'online')

    await each.current.stop()
    await waitFor(() => !a.getState().online, 'offline after the relay stopped')
    const editedFrom = new Date().toISOString()
    const text = docA.getText('notes')
    text.insert(0, '离线记录')
    docA.getMap('facts').set('vote', 'yes')
    const editedUntil = new Date().toISOString()
    await waitFor(() => a.getState().unsaved === 2, 'two unsaved changes')
    expect(a.getState().perDoc).toEqual({ [name]: 2 })

    await each.restart()
    await waitFor(() => a.getState().online, 'back online', 15_000)
    await waitFor(() => a.getState().unsaved === 0, 'offline edits acknowledged', 15_000)
    // The relay's history names the device and keeps the device's own time of the offline edit.
    const merged = (await each.current.store.docs.history(name)).at(-1)
    expect(merged).toMatchObject({ offline: true, device: 'phone-device-1' })
    expect(merged?.deviceAt && merged.deviceAt >= editedFrom && merged.deviceAt <= editedUntil).toBe(true)

    const b = engine()
    const docB = (await open(b, name)).doc
    await waitFor(() => docB.getText('notes').toString() === '离线记录', 'other client sees the offline edit')
    expect(docB.getMap('facts').get('vote')).toBe('yes')
  })

  it('reloads from IndexedDB with no network', async () => {
    const name = `${each.current.villageId}/meta`
    const idb = freshIdb()
    const a = engine({ idb })
    const handle = await open(a, name)
    handle.doc.getMap('profile').set('name', '石桥村')
    await waitFor(() => a.getState().unsaved === 0, 'acknowledged')
    handle.release()
    await a.destroy()

    const offline = engine({ idb, baseUrl: await deadUrl() })
    const reopened = await open(offline, name)
    expect(reopened.doc.getMap('profile').get('name')).toBe('石桥村')
    expect(offline.getState()).toMatchObject({ online: false, unsaved: 0, authLost: false })
  })

  it('shares edits and unsaved counts between tabs while offline', async () => {
    const name = `${each.current.villageId}/meta`
    const idb = freshIdb()
    const baseUrl = await deadUrl()
    const tab1 = engine({ idb, baseUrl, broadcast: true })
    const tab2 = engine({ idb, baseUrl, broadcast: true })
    const doc1 = (await open(tab1, name)).doc
    doc1.getMap('profile').set('name', '石桥村')
    await tab1.flush()
    const doc2 = (await open(tab2, name)).doc
    expect(doc2.getMap('profile').get('name')).toBe('石桥村')

    // Later edits travel over BroadcastChannel, with no socket and before any IndexedDB write.
    doc1.getMap('profile').set('phone', '0571-1234567')
    expect(doc2.getMap('profile').get('phone')).toBe('0571-1234567')
    doc2.getMap('profile').set('note', '第二个标签页')
    expect(doc1.getMap('profile').get('note')).toBe('第二个标签页')
    await waitFor(() => tab1.getState().unsaved === 3 && tab2.getState().unsaved === 3, 'both tabs count all unsaved changes')
  })

  it('surfaces a revoked or bad token as authLost', async () => {
    const a = engine({ token: 'not-a-token' })
    await open(a, `${each.current.villageId}/meta`)
    await waitFor(() => a.getState().authLost, 'authLost')
    expect(a.getState().online).toBe(false)
  })

  it('stops on a 4401 close and reports a 4403 close per doc', async () => {
    const me = await fetch(`${each.current.url}/api/auth/me`, { headers: { authorization: `Bearer ${each.current.token}` } })
    const { user } = z.object({ user: userSchema }).parse(await me.json())
    const meta = `${each.current.villageId}/meta`
    const a = engine()
    await open(a, meta)
    await waitFor(() => a.getState().online, 'online')
    each.current.relay.closeConnections({ userId: user.id }, { kind: 'forbidden' })
    await waitFor(() => a.getState().issues[meta]?.kind === 'forbidden', 'forbidden reported')
    expect(a.getState().authLost).toBe(false)
    // A refusal is not the network going: the only open doc being refused leaves the engine online.
    expect(a.getState().online).toBe(true)

    const b = engine()
    await open(b, `${each.current.villageId}/decisions`)
    await waitFor(() => b.getState().online, 'b online')
    each.current.relay.closeConnections({ userId: user.id }, { kind: 'unauthorised' })
    await waitFor(() => b.getState().authLost, 'authLost')
    expect(b.getState().online).toBe(false)
    // Docs opened after the session was lost stay off the network.
    const later = await open(b, meta)
    later.doc.getMap('profile').set('name', '离线也能改')
    await b.flush()
    expect(b.getState().online).toBe(false)
    expect(each.current.relay.connectionCount()).toBe(0)
  })

  it('notifies subscribers and stops after destroy', async () => {
    const a = engine()
    let calls = 0
    const unsubscribe = a.subscribe(() => calls++)
    await open(a, `${each.current.villageId}/meta`)
    await waitFor(() => a.getState().online, 'online')
    expect(calls).toBeGreaterThan(0)
    unsubscribe()
    await a.destroy()
    await expect(a.openDoc(`${each.current.villageId}/meta`)).rejects.toThrow()
  })
})
