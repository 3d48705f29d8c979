/**
 * Offline edits survive a lost session: a cadre edits while offline, the session is revoked
 * meanwhile (or expires); on reconnect the engine reports authLost and keeps everything; after
 * signing in again the same device pushes the edits. If access was withdrawn meanwhile, the
 * edits stay on the device and the doc is reported forbidden with its unsaved count.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { SyncEngine } from '../../client/sync/engine'
import { login as loginSession, type Session } from '../../client/sync/session'
import { api } from '../helpers/api'
import { connectClient } from '../helpers/provider'
import { relayEachTest } from '../helpers/lifetimes'
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy'
import { waitFor } from '../helpers/waitFor'
import { freshIdb } from './idb'

const each = relayEachTest()

const PHONE = '13900000100'
const PASSWORD = 'cadre-pass-1'

function engineFor(session: Session, idb: ReturnType<typeof freshIdb>, baseUrl: string): SyncEngine {
  const e = new SyncEngine({
    baseUrl,
    session,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    broadcast: false,
    maxBackoffTime: 100,
    ...idb,
  })
  each.defer(() => e.destroy())
  return e
}

async function cadre(): Promise<{ id: string; session: () => Promise<Session> }> {
  const created = await api(each.current.url, '/api/users', { token: each.current.token, body: { phone: PHONE, name: '村干部', password: PASSWORD, role: 'village_cadre' } })
  const id = (created.json as { id: string }).id
  await api(each.current.url, `/api/users/${id}/memberships/${each.current.villageId}`, { token: each.current.token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: false } })
  return { id, session: () => loginSession(each.current.url, PHONE, PASSWORD) }
}

/** The device's network: a proxy in front of the relay that the test cuts and restores. */
async function network(): Promise<TcpProxy> {
  const proxy = await startTcpProxy(each.current.port)
  each.defer(() => proxy.close())
  return proxy
}

describe('session lost while offline', () => {
  it('keeps offline edits through a revoked session and pushes them after signing in again', async () => {
    const user = await cadre()
    const net = await network()
    const idb = freshIdb()
    const first = engineFor(await user.session(), idb, net.url)
    const name = `${each.current.villageId}/meta`
    const handle = await first.openDoc(name)
    await waitFor(() => first.getState().online, 'online')
    // Offline: the network drops; the cadre keeps working.
    net.cut()
    await waitFor(() => !first.getState().online, 'offline')
    handle.doc.getMap('profile').set('note', '离线时写的备注')
    await waitFor(() => first.getState().unsaved > 0, 'unsaved counted')
    // Meanwhile the session is revoked on the server; then the network returns.
    await api(each.current.url, `/api/users/${user.id}/revoke-sessions`, { token: each.current.token, method: 'POST', body: {} })
    net.restore()
    await waitFor(() => first.getState().authLost, 'auth lost on reconnect', 15_000)
    expect(first.getState().unsaved).toBeGreaterThan(0)
    handle.release()
    await first.destroy()

    // Signing in again on the same device: same user, same local database, the edits go up.
    const second = engineFor(await user.session(), idb, net.url)
    const again = await second.openDoc(name)
    expect(again.doc.getMap('profile').get('note')).toBe('离线时写的备注')
    await waitFor(() => second.getState().unsaved === 0 && second.getState().online, 'pushed and acknowledged', 15_000)
    const reader = connectClient(each.current.wsUrl, name, each.current.token)
    each.defer(() => reader.destroy())
    await waitFor(() => reader.doc.getMap('profile').get('note') === '离线时写的备注', 'others see the offline edit')
    again.release()
  })

  it('keeps the edits on the device and reports the doc forbidden when access was withdrawn', async () => {
    const user = await cadre()
    const net = await network()
    const idb = freshIdb()
    const name = `${each.current.villageId}/minutes/m1`
    const first = engineFor(await user.session(), idb, net.url)
    const handle = await first.openDoc(name)
    await waitFor(() => first.getState().online, 'online')
    net.cut()
    await waitFor(() => !first.getState().online, 'offline')
    handle.doc.getText('body').insert(0, '会议内容')
    await waitFor(() => first.getState().unsaved > 0, 'unsaved counted')
    await api(each.current.url, `/api/users/${user.id}/memberships/${each.current.villageId}`, { token: each.current.token, method: 'DELETE' })
    net.restore()
    await waitFor(() => first.getState().issues[name]?.kind === 'forbidden', 'forbidden reported', 15_000)
    const state = first.getState()
    expect(state.perDoc[name]).toBeGreaterThan(0)
    expect(handle.doc.getText('body').toString()).toBe('会议内容')
    handle.release()
  })
})
