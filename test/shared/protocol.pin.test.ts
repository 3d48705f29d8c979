/**
 * Pins the wire protocol (shared/protocol/) at WIRE_VERSION: the message and close constants and
 * the exact bytes of every frame the relay and the client exchange. A change to any of them fails
 * here; if it is meant, bump WIRE_VERSION, update these fixtures, and make sure older clients
 * (the stock y-websocket provider included) still understand the relay.
 */
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DURABLE, encodeDurable } from '../../shared/protocol/durable'
import { CLOSE, MESSAGE, SYNC, WIRE_VERSION } from '../../shared/protocol/messages'
import { encodeAwarenessFrame, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../../shared/protocol/sync'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** One doc with one known change by client 7: profile.name = 村. */
function fixture(): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc()
  doc.clientID = 7
  let update: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => (update = u))
  doc.getMap('profile').set('name', '村')
  return { doc, update }
}

describe(`wire protocol v${WIRE_VERSION}`, () => {
  it('keeps its version and constants', () => {
    expect(WIRE_VERSION).toBe(1)
    expect(MESSAGE).toEqual({ sync: 0, awareness: 1, auth: 2, queryAwareness: 3, durable: 64 })
    expect(SYNC).toEqual({ step1: 0, step2: 1, update: 2 })
    expect(DURABLE).toEqual({ subscribe: 0, ack: 1, readOnly: 2 })
    expect(Object.fromEntries(Object.entries(CLOSE).map(([kind, c]) => [kind, c.code]))).toEqual({
      malformed: 4400,
      unauthorised: 4401,
      forbidden: 4403,
      tooLarge: 4413,
      unknownMessage: 4415,
      serverError: 4500,
      accessChanged: 4503,
      restarting: 1012,
    })
  })

  it('encodes the y-websocket frames byte for byte', () => {
    const { doc, update } = fixture()
    const content = '1a0101070028010770726f66696c65046e616d65017703e69d9100'
    expect(hex(encodeSyncStep1(doc))).toBe('000003010701')
    expect(hex(encodeSyncStep2(doc, Y.encodeStateVector(new Y.Doc())))).toBe(`0001${content}`)
    expect(hex(encodeSyncUpdate(update))).toBe(`0002${content}`)
    expect(hex(encodePermissionDenied('read-only'))).toBe('020009726561642d6f6e6c79')
    const awareness = new Awareness(doc)
    awareness.setLocalState({ user: { name: '王' } })
    expect(hex(encodeAwarenessFrame(encodeAwarenessUpdate(awareness, [7])))).toBe('011b010701177b2275736572223a7b226e616d65223a22e78e8b227d7d')
    awareness.destroy()
  })

  it('encodes the durable-ack frames byte for byte', () => {
    expect(hex(encodeDurable({ kind: 'subscribe' }))).toBe('4000')
    expect(hex(encodeDurable({ kind: 'ack', stateVector: new Map([[7, 1]]) }))).toBe('400103010701')
    expect(hex(encodeDurable({ kind: 'readOnly', reason: 'read-only' }))).toBe('400209726561642d6f6e6c79')
  })
})
