/**
 * The relay's rules, over in-memory sockets and an in-memory store whose commits the test
 * holds and releases: shared loads, ordering, acks only after commit, bad frames, read-only,
 * awareness cleanup, idle unload and compaction.
 */
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { createLogger } from '../../server/log.js'
import { Relay } from '../../server/relay/relay.js'
import { CLOSE, MESSAGE, SYNC } from '../../shared/protocol/messages.js'
import { drain, FakeSocket, subscribeDurable, syncStep1, syncUpdate } from '../helpers/fakeSocket.js'
import { MemoryDocStore } from '../../server/storage/docs.memory.js'

const DOC = 'v1/meta'
const log = createLogger('silent')
/** Lets queued setImmediate flushes and promise continuations run. */
const settle = async (turns = 5) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve))
}

function makeRelay(store = new MemoryDocStore(), options: Partial<ConstructorParameters<typeof Relay>[1]> = {}) {
  stores.push(store)
  const relay = new Relay(store, { maxMessageBytes: 1024, idleUnloadMs: 10, compactRows: 1000, compactBytes: 1 << 30, ...options }, log)
  return { relay, store }
}

function client(relay: Relay, docName = DOC, readOnly = false) {
  const socket = new FakeSocket()
  const handle = relay.connect(socket, 'user-1', docName, readOnly)
  socket.onClosed = () => handle.onClose()
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'relay') handle.onMessage(syncUpdate(update))
  })
  return { socket, handle, doc, text: doc.getText('t') }
}

let relays: Relay[] = []
let stores: MemoryDocStore[] = []
afterEach(async () => {
  for (const s of stores) s.release()
  for (const r of relays) await r.shutdown()
  stores = []
  relays = []
})

describe('relay', () => {
  it('loads a doc once for concurrent opens and answers queued frames after the load', async () => {
    const store = new MemoryDocStore()
    const seed = new Y.Doc()
    seed.getText('t').insert(0, 'stored')
    await store.append(DOC, Y.encodeStateAsUpdate(seed))
    const { relay } = makeRelay(store)
    relays.push(relay)
    const a = client(relay)
    const b = client(relay)
    a.handle.onMessage(syncStep1(a.doc)) // before the load has finished
    b.handle.onMessage(syncStep1(b.doc))
    expect(a.socket.outbox).toHaveLength(0)
    await settle()
    drain(a.socket, a.doc)
    drain(b.socket, b.doc)
    expect(store.loads).toBe(1)
    expect(a.text.toString()).toBe('stored')
    expect(b.text.toString()).toBe('stored')
  })

  it('acknowledges only after the commit, with a state vector covering the change', async () => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const a = client(relay)
    a.handle.onMessage(subscribeDurable())
    await settle()
    drain(a.socket, a.doc)
    store.hold = true
    a.text.insert(0, 'hello')
    await settle()
    expect(drain(a.socket, a.doc).acked).toBeNull()
    expect(store.rowCount(DOC)).toBe(0)
    store.release()
    await settle()
    const { acked } = drain(a.socket, a.doc)
    expect(acked?.get(a.doc.clientID)).toBe(5)
    expect(store.rowCount(DOC)).toBe(1)
  })

  it('fans an update out to the other connections without waiting for its commit, not back to the writer', async () => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const a = client(relay)
    const b = client(relay)
    await settle()
    drain(a.socket, a.doc)
    drain(b.socket, b.doc)
    store.hold = true
    a.text.insert(0, 'x')
    await settle()
    // The reader has it while the commit is still held; the writer's ack is what waits.
    drain(b.socket, b.doc)
    expect(b.text.toString()).toBe('x')
    expect(store.rowCount(DOC)).toBe(0)
    store.release()
    await settle()
    expect(store.rowCount(DOC)).toBe(1)
    expect(b.socket.outbox).toHaveLength(0)
    expect(a.socket.outbox).toHaveLength(0)
  })

  it('coalesces a burst into one stored row; readers get its first update at once and the rest as one frame', async () => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const a = client(relay)
    const b = client(relay)
    await settle()
    drain(b.socket, b.doc)
    for (let i = 0; i < 100; i++) a.text.insert(i, 'a')
    expect(b.socket.outbox).toHaveLength(1)
    await settle()
    expect(store.rowCount(DOC)).toBe(1)
    expect(b.socket.outbox).toHaveLength(2)
    drain(b.socket, b.doc)
    expect(b.text.toString()).toBe('a'.repeat(100))
  })

  it('sends a quiet doc\'s update to the readers as it arrives; one within QUIET_MS of a send waits for the turn', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    try {
      const { relay, store } = makeRelay()
      relays.push(relay)
      const a = client(relay)
      const b = client(relay)
      a.handle.onMessage(subscribeDurable())
      await settle()
      drain(a.socket, a.doc)
      drain(b.socket, b.doc)
      vi.advanceTimersByTime(1)
      a.text.insert(0, 'x')
      // Before any turn has run: the reader has it, the writer has no ack, nothing is stored.
      expect(b.socket.outbox).toHaveLength(1)
      expect(a.socket.outbox).toHaveLength(0)
      expect(store.rowCount(DOC)).toBe(0)
      drain(b.socket, b.doc)
      await settle()
      // The turn commits and acks it, and does not send it to the reader again.
      expect(drain(a.socket, a.doc).acked?.get(a.doc.clientID)).toBe(1)
      expect(b.socket.outbox).toHaveLength(0)
      expect(store.rowCount(DOC)).toBe(1)
      // Less than QUIET_MS after that send: it waits for the turn.
      a.text.insert(1, 'y')
      expect(b.socket.outbox).toHaveLength(0)
      await settle()
      expect(b.socket.outbox).toHaveLength(1)
      drain(b.socket, b.doc)
      vi.advanceTimersByTime(1)
      a.text.insert(2, 'z')
      expect(b.socket.outbox).toHaveLength(1)
      drain(b.socket, b.doc)
      await settle()
      expect(b.socket.outbox).toHaveLength(0)
      expect(b.text.toString()).toBe('xyz')
      expect(drain(a.socket, a.doc).acked?.get(a.doc.clientID)).toBe(3)
      expect(store.rowCount(DOC)).toBe(3)
    } finally {
      vi.useRealTimers()
    }
  })

  it.each([
    ['garbage', new Uint8Array([0, 1, 200, 200, 200]), CLOSE.malformed.code],
    ['an unknown message type', new Uint8Array([42, 0]), CLOSE.unknownMessage.code],
    ['an unknown sync sub-type', new Uint8Array([0, 9, 0]), CLOSE.malformed.code],
    ['a frame over the limit', new Uint8Array(2048), CLOSE.tooLarge.code],
    ['a truncated update', syncUpdate(new Uint8Array([1, 1, 5, 0, 4])), CLOSE.malformed.code],
  ])('closes only the offending connection on %s and stores nothing from it', async (_what, frame, code) => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const bad = client(relay)
    const good = client(relay)
    await settle()
    bad.handle.onMessage(frame)
    await settle()
    expect(bad.socket.closed?.code).toBe(code)
    expect(store.rowCount(DOC)).toBe(0)
    good.text.insert(0, 'still fine')
    await settle()
    expect(good.socket.closed).toBeNull()
    expect(store.rowCount(DOC)).toBe(1)
  })

  it('drops writes from a read-only connection and tells it so', async () => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const reader = client(relay, DOC, true)
    const durableReader = client(relay, DOC, true)
    durableReader.handle.onMessage(subscribeDurable())
    await settle()
    reader.text.insert(0, 'not allowed')
    durableReader.text.insert(0, 'nor this')
    await settle()
    expect(store.rowCount(DOC)).toBe(0)
    // Stock clients hear it on the y-protocols auth channel; durable subscribers on theirs.
    expect(drain(reader.socket, new Y.Doc()).other).toEqual([MESSAGE.auth])
    expect(drain(durableReader.socket, new Y.Doc()).other).toEqual([MESSAGE.durable])
    expect(reader.socket.closed).toBeNull()
  })

  it('relays awareness and clears it when the socket closes', async () => {
    const { relay } = makeRelay()
    relays.push(relay)
    const a = client(relay)
    const b = client(relay)
    await settle()
    const awareness = new awarenessProtocol.Awareness(a.doc)
    awareness.setLocalState({ user: { name: '张三' } })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE.awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [a.doc.clientID]))
    a.handle.onMessage(encoding.toUint8Array(encoder))
    const bAwareness = new awarenessProtocol.Awareness(b.doc)
    const applyAwareness = () => {
      for (const frame of b.socket.outbox.splice(0)) {
        if (frame[0] === MESSAGE.awareness) awarenessProtocol.applyAwarenessUpdate(bAwareness, frame.subarray(2), 'relay')
      }
    }
    applyAwareness()
    expect(bAwareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: '张三' } })
    a.handle.onClose()
    applyAwareness()
    expect(bAwareness.getStates().has(a.doc.clientID)).toBe(false)
    awareness.destroy()
    bAwareness.destroy()
  })

  it('unloads an idle doc after flushing it, and loads it again on the next open', async () => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const a = client(relay)
    await settle()
    a.text.insert(0, 'kept')
    await settle()
    a.handle.onClose()
    expect(relay.loadedDocs()).toEqual([DOC])
    const deadline = Date.now() + 2000
    while (relay.loadedDocs().length > 0 && Date.now() < deadline) await settle(1)
    expect(relay.loadedDocs()).toEqual([])
    const b = client(relay)
    b.handle.onMessage(syncStep1(b.doc))
    await settle()
    drain(b.socket, b.doc)
    expect(b.text.toString()).toBe('kept')
    expect(store.loads).toBe(2)
  })

  it('compacts by row count and keeps updates committed after the snapshot was cut', async () => {
    const { relay, store } = makeRelay(new MemoryDocStore(), { compactRows: 10 })
    relays.push(relay)
    const a = client(relay)
    await settle()
    for (let i = 0; i < 25; i++) {
      a.text.insert(a.text.length, String(i % 10))
      await settle(1)
    }
    await settle()
    expect(store.rowCount(DOC)).toBeLessThan(10)
    const reloaded = new Y.Doc()
    for (const row of store.rows.get(DOC) ?? []) Y.applyUpdate(reloaded, row.data)
    expect(reloaded.getText('t').toString()).toBe(a.text.toString())
    expect(a.text.length).toBe(25)
  })

  it('never acknowledges a batch whose commit failed, and closes its connections for a resync', async () => {
    const { relay, store } = makeRelay()
    relays.push(relay)
    const a = client(relay)
    a.handle.onMessage(subscribeDurable())
    await settle()
    drain(a.socket, a.doc)
    const b = client(relay)
    await settle()
    drain(b.socket, b.doc)
    store.failAppends = true
    a.text.insert(0, 'lost?')
    await settle()
    expect(drain(a.socket, a.doc).acked).toBeNull()
    expect(a.socket.closed?.code).toBe(CLOSE.serverError.code)
    // The reader saw the batch before its commit failed; it is closed too, and its copy comes
    // back through the write path when it reconnects, so the change is stored after all.
    drain(b.socket, b.doc)
    expect(b.text.toString()).toBe('lost?')
    expect(b.socket.closed?.code).toBe(CLOSE.serverError.code)
    store.failAppends = false
    const again = client(relay)
    again.handle.onMessage(syncUpdate(Y.encodeStateAsUpdate(b.doc), SYNC.step2))
    await settle()
    const stored = new Y.Doc()
    for (const update of (await store.load(DOC)).updates) Y.applyUpdate(stored, update)
    expect(stored.getText('t').toString()).toBe('lost?')
  })
})
