/**
 * The workspace against a real relay on fake IndexedDB: the outbox starts at sign-in (acts an
 * earlier session queued go out with no screen open), the villages and memberships caches live in
 * the user's own db and show offline, what an older app left in localStorage is adopted and
 * removed, and wipe() refuses while a doc change or an act is unsent, naming them, then deletes
 * everything the user had on this device.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { User } from '../../shared/api/auth'
import { hasDataKey, unlockOrCreateDataKey } from '../../client/sync/dataKey'
import { openUserDb } from '../../client/sync/db'
import { Workspace } from '../../client/workspace/workspace'
import { newId } from '../../shared/ids'
import { api } from '../helpers/api'
import { relayEachTest } from '../helpers/lifetimes'
import { waitFor } from '../helpers/waitFor'
import { freshIdb } from './idb'

const USER: User = { id: 'admin', phone: '13800000000', name: '管理员', role: 'township_admin' }
const OFFLINE = 'http://127.0.0.1:9'

const each = relayEachTest()

function workspace(idb: ReturnType<typeof freshIdb>, options: { offline?: boolean; legacyStorage?: Storage; dataKey?: CryptoKey } = {}): Workspace {
  const baseUrl = options.offline ? OFFLINE : each.current.url
  const created = new Workspace({
    baseUrl,
    session: { token: each.current.token, expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: USER, baseUrl },
    api: { baseUrl, token: each.current.token },
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    broadcast: false,
    maxBackoffTime: 100,
    legacyStorage: options.legacyStorage ?? null,
    ...(options.dataKey ? { dataKey: options.dataKey } : {}),
    ...idb,
  })
  each.defer(() => created.destroy())
  return created
}

const notice = () => {
  const id = newId()
  return { id, kind: 'finance' as const, title: '三月财务公开', body: '收入 1 万元', periodFrom: '2026-03-01', periodTo: '2026-03-10' }
}

async function published(): Promise<string[]> {
  const res = await api(each.current.url, `/api/notices/${each.current.villageId}`, { token: each.current.token })
  return (res.json as { notices: Array<{ id: string }> }).notices.map((n) => n.id)
}

async function revealsLogged(): Promise<number> {
  const res = await api(each.current.url, '/api/audit?action=ledger.reveal', { token: each.current.token })
  return (res.json as { entries: unknown[] }).entries.length
}

describe('Workspace', () => {
  it('sends what an earlier session queued as soon as it starts, with no screen open', async () => {
    const idb = freshIdb()
    const earlier = workspace(idb, { offline: true })
    const request = notice()
    await earlier.publishNotice(request, each.current.villageId)
    earlier.reportReveal({ docName: `${each.current.villageId}/ledger/g1`, kind: 'resident', field: 'idNumber', recordIds: ['r1', 'r2'] })
    await waitFor(async () => (await earlier.unsent()).acts.length === 2, 'both acts queued')
    await earlier.destroy()

    const next = workspace(idb)
    await waitFor(async () => (await published()).includes(request.id), 'the queued notice published')
    await waitFor(async () => (await revealsLogged()) === 1, 'the queued reveal reported')
    await waitFor(async () => (await next.unsent()).acts.length === 0, 'outbox empty')
  })

  it("keeps villages and memberships in the user's IndexedDB and shows them offline", async () => {
    const idb = freshIdb()
    const online = workspace(idb)
    await waitFor(() => online.villages.getSnapshot().value?.some((v) => v.id === each.current.villageId) === true, 'villages loaded')
    await waitFor(() => online.memberships.getSnapshot().value !== null, 'memberships loaded')
    await online.destroy()

    const offline = workspace(idb, { offline: true })
    await waitFor(() => offline.villages.getSnapshot().error !== null && offline.memberships.getSnapshot().error !== null, 'offline reloads failed')
    expect(offline.villages.getSnapshot().value?.map((v) => v.id)).toContain(each.current.villageId)
    expect(offline.memberships.getSnapshot().value).toEqual([])
  })

  it('refuses a village name another device has just used, and lists that village', async () => {
    const device = workspace(freshIdb())
    await waitFor(() => device.villages.getSnapshot().value?.length === 1, 'villages loaded')
    const other = await api(each.current.url, '/api/villages', { token: each.current.token, body: { name: '东山村' } })
    expect(other.status).toBe(201)
    await expect(device.createVillage('东山村')).rejects.toMatchObject({ status: 409, message: '已有同名村庄「东山村」，请换一个村名' })
    await waitFor(() => device.villages.getSnapshot().value?.some((v) => v.name === '东山村') === true, 'the other device’s village listed')
  })

  it('moves what an older app kept in localStorage into the outbox and removes it', async () => {
    const store = new Map<string, string>()
    const legacy = { getItem: (k: string) => store.get(k) ?? null, removeItem: (k: string) => void store.delete(k) } as Storage
    const report = { docName: `${each.current.villageId}/ledger/g1`, kind: 'resident', recordIds: ['r1'], count: 1, field: 'idNumber', at: new Date().toISOString() }
    store.set(`cunwu.reveals.${USER.id}`, JSON.stringify([report]))
    store.set(`cunwu.villages.${USER.id}`, JSON.stringify({ villages: [] }))
    store.set(`cunwu.memberships.${USER.id}`, '[]')
    store.set('cunwu.villages.someone-else', '{}')
    workspace(freshIdb(), { legacyStorage: legacy })
    await waitFor(async () => (await revealsLogged()) === 1, 'the old queued reveal reported')
    expect([...store.keys()]).toEqual(['cunwu.villages.someone-else'])
  })

  it('refuses to wipe while a doc change or an act is unsent, naming them, then deletes everything', async () => {
    const idb = freshIdb()
    const offline = workspace(idb, { offline: true })
    const handle = await offline.engine.openDoc(`${each.current.villageId}/meta`)
    handle.doc.getMap('profile').set('name', '离线改的村名')
    await offline.engine.flush()
    offline.reportReveal({ docName: `${each.current.villageId}/ledger/g1`, kind: 'resident', field: 'idNumber', recordIds: ['r1'] })
    await waitFor(async () => (await offline.unsent()).acts.length === 1, 'reveal queued')

    const refused = await offline.wipe()
    expect(refused.wiped).toBe(false)
    if (refused.wiped) return
    expect(Object.keys(refused.unsent.docs)).toEqual([`${each.current.villageId}/meta`])
    expect(refused.unsent.acts.map((a) => a.kind)).toEqual(['audit.reveal'])
    expect(refused.message).toContain('1 份文档还有')
    expect(refused.message).toContain('1 项待上报的查看记录尚未发送')
    handle.release()
    await offline.destroy()

    const online = workspace(idb)
    await waitFor(async () => {
      const unsent = await online.unsent()
      return Object.keys(unsent.docs).length === 0 && unsent.acts.length === 0
    }, 'everything sent')
    await waitFor(() => online.villages.getSnapshot().value !== null, 'villages cached')
    expect(await online.wipe()).toEqual({ wiped: true })

    const db = openUserDb(USER.id, idb)
    expect([await db.updates.count(), await db.docSync.count(), await db.pending.count(), await db.outbox.count(), await db.values.count()]).toEqual([0, 0, 0, 0, 0])
    db.close()
  })

  it('with the data key: seals what an earlier release stored in plaintext at start, still reads it, and a wipe deletes the key', async () => {
    const idb = freshIdb()
    const docName = `${each.current.villageId}/sensitive/g1`
    // An earlier release (no key) kept this doc in plaintext.
    const before = workspace(idb, { offline: true })
    const plain = await before.engine.openDoc(docName)
    plain.doc.getMap('residents').set('r1', '赵桂芬 330102195807153326')
    await before.engine.flush()
    plain.release()
    await before.destroy()

    const dataKey = await unlockOrCreateDataKey(USER.id, 'admin-pass-123', { ...idb, iterations: 1000 })
    const after = workspace(idb, { dataKey })
    const db = openUserDb(USER.id, idb)
    await waitFor(async () => (await db.updates.filter((row) => !row.iv).count()) === 0, 'plaintext rows sealed')
    expect(await db.updates.count()).toBeGreaterThan(0)
    const handle = await after.engine.openDoc(docName)
    expect(handle.doc.getMap('residents').get('r1')).toBe('赵桂芬 330102195807153326')
    handle.release()
    await waitFor(async () => {
      const unsent = await after.unsent()
      return Object.keys(unsent.docs).length === 0 && unsent.acts.length === 0
    }, 'everything sent')
    db.close()
    expect(await after.wipe()).toEqual({ wiped: true })
    expect(await hasDataKey(USER.id, idb)).toBe(false)
  })
})
