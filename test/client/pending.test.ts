import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openUserDb, type UserDb } from '../../client/sync/db'
import { DocManager } from '../../client/sync/docManager'
import { LOAD_ORIGIN, LocalStore } from '../../client/sync/localStore'
import { applyAck, loadAcked, pendingMarks } from '../../client/sync/pending'
import { freshIdb } from './idb'

const DOC = 'v1/meta'
const REMOTE = Symbol('remote')
const opened: UserDb[] = []

afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

function openDb(): UserDb {
  const db = openUserDb('u1', freshIdb())
  opened.push(db)
  return db
}

async function openTracked(db: UserDb, doc = new Y.Doc()): Promise<{ doc: Y.Doc; store: LocalStore }> {
  const store = await LocalStore.open(db, DOC, doc, {
    marksFor: (origin, tr) => (origin === REMOTE || origin === LOAD_ORIGIN ? [] : pendingMarks(doc, tr)),
  })
  return { doc, store }
}

/** A socket that never opens: the provider stays offline, no timers fire a connection. */
class NeverOpenSocket {
  binaryType = 'arraybuffer'
  readyState = 0
  onopen: unknown = null
  onmessage: unknown = null
  onclose: unknown = null
  onerror: unknown = null
  constructor(readonly url: string) {}
  send(): void {
    throw new Error('offline')
  }
  close(): void {
    this.readyState = 3
  }
}

describe('pending changes', () => {
  it('adds one row per local transaction, none for remote ones', async () => {
    const db = openDb()
    const { doc, store } = await openTracked(db)
    doc.getMap('m').set('a', 1)
    doc.transact(() => {
      doc.getMap('m').set('b', 2)
      doc.getMap('m').set('c', 3)
    })
    const remote = new Y.Doc()
    remote.getMap('m').set('r', 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), REMOTE)
    await store.flush()
    const rows = await db.pending.toArray()
    expect(rows.map((r) => [r.clientID, r.clock])).toEqual([
      [doc.clientID, 1],
      [doc.clientID, 3],
    ])
    await store.close()
  })

  it('counts a delete-only transaction', async () => {
    const db = openDb()
    const { doc, store } = await openTracked(db)
    doc.getMap('m').set('a', 1)
    doc.getMap('m').delete('a')
    await store.flush()
    expect(await db.pending.count()).toBe(2)
    await store.close()
  })

  it('removes rows covered by an ack and keeps the rest', async () => {
    const db = openDb()
    const { doc, store } = await openTracked(db)
    const map = doc.getMap('m')
    map.set('a', 1)
    map.set('b', 2)
    map.set('c', 3)
    await store.flush()
    expect(await db.pending.count()).toBe(3)

    expect(await applyAck(db, DOC, new Map([[doc.clientID, 2]]))).toBe(2)
    expect((await db.pending.toArray()).map((r) => r.clock)).toEqual([3])
    expect(await applyAck(db, DOC, new Map([[doc.clientID, 3]]))).toBe(1)
    expect(await db.pending.count()).toBe(0)
    expect((await loadAcked(db, DOC)).get(doc.clientID)).toBe(3)
    await store.close()
  })

  it('keeps the server version background sync recorded when an ack arrives', async () => {
    const db = openDb()
    await db.docSync.put({ docName: DOC, ackedStateVector: new Uint8Array([0]), lastSyncedAt: 1, serverVersion: 42 })
    await applyAck(db, DOC, new Map([[7, 1]]))
    const row = await db.docSync.get(DOC)
    expect(row?.serverVersion).toBe(42)
    expect((await loadAcked(db, DOC)).get(7)).toBe(1)
  })

  it('does not store a change the ack already covered before the write', async () => {
    const db = openDb()
    const { doc, store } = await openTracked(db)
    doc.getMap('m').set('a', 1)
    // The relay's ack overtakes the batched local write.
    await applyAck(db, DOC, new Map([[doc.clientID, 1]]))
    await store.flush()
    expect(await db.pending.count()).toBe(0)
    await store.close()
  })

  it('never lowers the acknowledged state vector', async () => {
    const db = openDb()
    await applyAck(db, DOC, new Map([[7, 10]]))
    await applyAck(db, DOC, new Map([[7, 4], [8, 1]]))
    expect([...(await loadAcked(db, DOC))]).toEqual([
      [7, 10],
      [8, 1],
    ])
  })

  it('leaves other docs alone', async () => {
    const db = openDb()
    await db.pending.bulkAdd([
      { docName: DOC, clientID: 1, clock: 1 },
      { docName: 'v1/decisions', clientID: 1, clock: 1 },
    ])
    await applyAck(db, DOC, new Map([[1, 5]]))
    expect((await db.pending.toArray()).map((r) => r.docName)).toEqual(['v1/decisions'])
  })

  it('DocManager marks local edits but not the provider\'s nor the IndexedDB load', async () => {
    const db = openDb()
    const options = {
      db,
      baseUrl: 'http://127.0.0.1:9',
      token: 't',
      WebSocketImpl: NeverOpenSocket as unknown as typeof WebSocket,
      broadcast: false,
      onChange: () => undefined,
      onIssue: () => undefined,
    }
    const manager = new DocManager(options)
    const open = await manager.acquire(DOC)
    open.doc.getMap('m').set('local', 1)
    const remote = new Y.Doc()
    remote.getMap('m').set('remote', 1)
    Y.applyUpdate(open.doc, Y.encodeStateAsUpdate(remote), open.connection.provider)
    await open.store.flush()
    expect((await db.pending.toArray()).map((r) => r.clientID)).toEqual([open.doc.clientID])
    manager.release(DOC)
    await manager.destroy()

    // Reopen: what is loaded from IndexedDB adds no pending rows.
    const again = new DocManager(options)
    const reopened = await again.acquire(DOC)
    await reopened.store.flush()
    expect(reopened.doc.getMap('m').toJSON()).toEqual({ local: 1, remote: 1 })
    expect(await db.pending.count()).toBe(1)
    await again.destroy()
  })
})
