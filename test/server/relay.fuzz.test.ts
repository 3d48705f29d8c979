/**
 * Seeded fuzz: N clients make random edits, drop and regain their connections, and the relay is
 * restarted gracefully or crashes (its unflushed work discarded) at random. Frames move only
 * when the fuzzer says so. After every crash the store must still hold everything any client
 * was told was saved, and in the end every replica converges.
 */
import * as decoding from 'lib0/decoding'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger } from '../../server/log.js'
import { Relay, type ConnectionHandle } from '../../server/relay/relay.js'
import type { DocStore } from '../../server/storage/types.js'
import { readDurable } from '../../shared/protocol/durable.js'
import { MESSAGE, SYNC } from '../../shared/protocol/messages.js'
import { FakeSocket, subscribeDurable, syncStep1, syncUpdate } from '../helpers/fakeSocket.js'
import { MemoryDocStore } from '../../server/storage/docs.memory.js'

const DOC = 'v1/minutes/m1'
const log = createLogger('silent')
const tick = () => new Promise((resolve) => setImmediate(resolve))

/**
 * A store view for one relay lifetime. Appends wait until the fuzzer lets them commit, and the
 * view goes dead when its relay "crashes", so uncommitted writes never land afterwards.
 */
function generation(store: MemoryDocStore): DocStore & { kill(): void; commit(): void } {
  let alive = true
  let held: (() => void)[] = []
  const guard = () => {
    if (!alive) throw new Error('relay crashed')
  }
  return {
    kill: () => void ((alive = false), (held = [])),
    commit: () => held.splice(0).forEach((resolve) => resolve()),
    load: async (name) => (guard(), store.load(name)),
    async append(name, update, attribution) {
      await new Promise<void>((resolve) => held.push(resolve))
      guard()
      return store.append(name, update, attribution)
    },
    appendHistory: async (name, rows) => (guard(), store.appendHistory(name, rows)),
    history: (name, until) => store.history(name, until),
    hasHistory: (name) => store.hasHistory(name),
    historyBytes: (name) => store.historyBytes(name),
    historyDocs: (before) => store.historyDocs(before),
    replaceHistory: async (name, replacements) => (guard(), store.replaceHistory(name, replacements)),
    compact: async (name, upTo, snapshot) => (guard(), store.compact(name, upTo, snapshot)),
    compactFromLog: async (name, build) => (guard(), store.compactFromLog(name, build)),
    docVersions: (villageId) => store.docVersions(villageId),
  }
}

class FuzzClient {
  readonly doc = new Y.Doc()
  socket: FakeSocket | null = null
  handle: ConnectionHandle | null = null
  outgoing: Uint8Array[] = []
  acked = new Map<number, number>()
  readonly acks: Map<number, number>[] = []

  constructor(readonly id: number) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.handle) this.outgoing.push(syncUpdate(update))
    })
  }

  connect(relay: Relay): void {
    this.socket = new FakeSocket()
    this.handle = relay.connect(this.socket, `user-${this.id}`, DOC, false)
    this.socket.onClosed = () => this.disconnect()
    this.outgoing = [subscribeDurable(), syncStep1(this.doc)]
  }

  disconnect(): void {
    this.handle?.onClose()
    this.handle = null
    this.socket = null
    this.outgoing = []
  }

  sendSome(n: number): void {
    for (const frame of this.outgoing.splice(0, n)) this.handle?.onMessage(frame)
  }

  receive(): void {
    for (const frame of this.socket?.outbox.splice(0) ?? []) this.handleFrame(frame)
    if (this.socket?.closed) this.disconnect()
  }

  private handleFrame(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE.sync) {
      const sub = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (sub === SYNC.step1) this.outgoing.push(syncUpdate(Y.encodeStateAsUpdate(this.doc, payload), SYNC.step2))
      else Y.applyUpdate(this.doc, payload, this)
    } else if (type === MESSAGE.durable) {
      const message = readDurable(decoder)
      if (message.kind === 'ack') {
        this.acked = message.stateVector
        this.acks.push(message.stateVector)
      }
    }
  }

  edit(rng: prng.PRNG): void {
    const text = this.doc.getText('body')
    const what = prng.int32(rng, 0, 3)
    if (what === 0 && text.length > 0) text.delete(prng.int32(rng, 0, text.length - 1), 1)
    else if (what === 1) this.doc.getMap('meta').set(`k${prng.int32(rng, 0, 5)}`, `${this.id}:${prng.uint32(rng, 0, 999)}`)
    else if (what === 2) this.doc.getArray('items').push([`${this.id}-${prng.uint32(rng, 0, 1e6)}`])
    else text.insert(prng.int32(rng, 0, text.length), prng.word(rng, 1, 4))
  }
}

async function storedStateVector(store: MemoryDocStore): Promise<Map<number, number>> {
  const doc = new Y.Doc()
  for (const update of (await store.load(DOC)).updates) Y.applyUpdate(doc, update)
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

async function expectAcksStored(store: MemoryDocStore, clients: FuzzClient[]): Promise<void> {
  const stored = await storedStateVector(store)
  for (const c of clients) {
    for (const ack of c.acks) {
      for (const [client, clock] of ack) expect(stored.get(client) ?? 0).toBeGreaterThanOrEqual(clock)
    }
  }
}

async function runFuzz(seed: number, clientCount: number, steps: number): Promise<void> {
  const rng = prng.create(seed)
  const store = new MemoryDocStore()
  const options = { maxMessageBytes: 1 << 20, idleUnloadMs: 5, compactRows: 8, compactBytes: 1 << 20 }
  let gen = generation(store)
  let relay = new Relay(gen, options, log)
  const clients = Array.from({ length: clientCount }, (_, i) => new FuzzClient(i))
  for (const c of clients) c.connect(relay)
  for (let step = 0; step < steps; step++) {
    const c = prng.oneOf(rng, clients)
    const roll = prng.int32(rng, 0, 99)
    if (roll < 40) c.edit(rng)
    else if (roll < 62) c.sendSome(prng.int32(rng, 1, 4))
    else if (roll < 77) c.receive()
    else if (roll < 85) gen.commit()
    else if (roll < 95) {
      // Offline spells are short but frequent, as on a phone in the village.
      if (!c.handle) c.connect(relay)
      else if (prng.bool(rng)) c.disconnect()
    } else if (roll < 98) {
      for (const x of clients) x.disconnect()
      const stopping = relay.shutdown()
      while (!(await Promise.race([stopping.then(() => true), tick().then(() => false)]))) gen.commit()
      relay = new Relay(gen, options, log)
    } else {
      // Crash: whatever the old relay had not committed is gone; acked work must not be.
      gen.kill()
      for (const x of clients) x.disconnect()
      await expectAcksStored(store, clients)
      gen = generation(store)
      relay = new Relay(gen, options, log)
    }
    await tick()
  }
  for (const c of clients) {
    if (!c.handle) c.connect(relay)
  }
  for (let round = 0; round < 50; round++) {
    for (const c of clients) {
      c.sendSome(1_000)
      await tick()
      gen.commit()
      await tick()
      await tick()
      c.receive()
    }
  }
  const first = clients[0] as FuzzClient
  for (const c of clients) {
    expect(c.doc.getText('body').toString()).toBe(first.doc.getText('body').toString())
    expect(c.doc.getArray('items').toJSON()).toEqual(first.doc.getArray('items').toJSON())
    expect(c.doc.getMap('meta').toJSON()).toEqual(first.doc.getMap('meta').toJSON())
    expect(c.outgoing).toEqual([])
    // Everything each client wrote is acknowledged in the end.
    expect(c.acked.get(c.doc.clientID) ?? 0).toBe(Y.getState(c.doc.store, c.doc.clientID))
  }
  const stopping = relay.shutdown()
  while (!(await Promise.race([stopping.then(() => true), tick().then(() => false)]))) gen.commit()
  await expectAcksStored(store, clients)
  const stored = new Y.Doc()
  for (const update of (await store.load(DOC)).updates) Y.applyUpdate(stored, update)
  expect(stored.getText('body').toString()).toBe(first.doc.getText('body').toString())
}

describe('relay fuzz', () => {
  it.each([1, 2, 3, 42, 1234, 99_999])('seed %i: 5 clients converge and nothing acknowledged is lost', async (seed) => {
    await runFuzz(seed, 5, 600)
  })
})
