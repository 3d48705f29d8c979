/**
 * Presence spoofing (issue #14 item 7): a connection may set only the awareness entries it
 * introduced. Another user's connection, read-only or not, cannot overwrite or remove them; the
 * same user's reconnect may take its own id over.
 */
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { createLogger } from '../../server/log.js'
import { Relay } from '../../server/relay/relay.js'
import { MESSAGE } from '../../shared/protocol/messages.js'
import { FakeSocket } from '../helpers/fakeSocket.js'
import { MemoryDocStore } from '../../server/storage/docs.memory.js'

const DOC = 'v1/minutes/m1'
const settle = async (turns = 5) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** An awareness frame claiming `clientId` with the given clock and state. */
function presenceFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, clock)
  encoding.writeVarString(update, JSON.stringify(state))
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, MESSAGE.awareness)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

let relay: Relay
let store: MemoryDocStore
afterEach(async () => {
  store.release()
  await relay.shutdown()
})

function connect(userId: string, readOnly = false) {
  const socket = new FakeSocket()
  const handle = relay.connect(socket, userId, DOC, readOnly)
  socket.onClosed = () => handle.onClose()
  return { socket, handle }
}

/** What a fresh observer sees of everyone's presence. */
async function presence(): Promise<Map<number, unknown>> {
  const observer = connect('observer')
  await settle()
  const seen = new awarenessProtocol.Awareness(new Y.Doc())
  for (const frame of observer.socket.outbox.splice(0)) {
    if (frame[0] === MESSAGE.awareness) awarenessProtocol.applyAwarenessUpdate(seen, frame.subarray(2), 'relay')
  }
  observer.handle.onClose()
  const states = new Map(seen.getStates())
  seen.destroy()
  return states
}

describe('presence ownership', () => {
  it("keeps another user's connection from overwriting or clearing someone's presence", async () => {
    store = new MemoryDocStore()
    relay = new Relay(store, { maxMessageBytes: 1 << 20, idleUnloadMs: 1000, compactRows: 1000, compactBytes: 1 << 30 }, createLogger('silent'))
    const zhang = connect('zhang')
    const spoofer = connect('li', true)
    const other = connect('wang')
    await settle()
    zhang.handle.onMessage(presenceFrame(4242, 1, { user: { name: '张三' } }))
    spoofer.handle.onMessage(presenceFrame(4242, 5, { user: { name: '冒充者' } }))
    other.handle.onMessage(presenceFrame(4242, 9, null))
    // The spoofer's own id is still its own to set.
    spoofer.handle.onMessage(presenceFrame(777, 1, { user: { name: '李四' } }))
    const states = await presence()
    expect(states.get(4242)).toEqual({ user: { name: '张三' } })
    expect(states.get(777)).toEqual({ user: { name: '李四' } })
  })

  it("lets the same user's reconnect take its id over before the old socket has closed", async () => {
    store = new MemoryDocStore()
    relay = new Relay(store, { maxMessageBytes: 1 << 20, idleUnloadMs: 1000, compactRows: 1000, compactBytes: 1 << 30 }, createLogger('silent'))
    const before = connect('zhang')
    await settle()
    before.handle.onMessage(presenceFrame(4242, 1, { user: { name: '张三', at: 'old' } }))
    const after = connect('zhang')
    await settle()
    after.handle.onMessage(presenceFrame(4242, 2, { user: { name: '张三', at: 'new' } }))
    expect((await presence()).get(4242)).toEqual({ user: { name: '张三', at: 'new' } })
  })
})
