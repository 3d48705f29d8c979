/**
 * A relay socket held in memory, paired with a tiny y-protocol client (a Y.Doc that answers the
 * relay like the stock provider would). Frames are delivered only when the test flushes, so
 * ordering is under the test's control.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { decodeStateVectorMap, encodeDurable, readDurable } from '../../shared/protocol/durable.js'
import { MESSAGE, SYNC } from '../../shared/protocol/messages.js'
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/sync.js'
import type { RelaySocket } from '../../server/relay/conn.js'

export class FakeSocket implements RelaySocket {
  readonly outbox: Uint8Array[] = []
  closed: { code: number; reason: string } | null = null
  /** Called on close, as a real socket's close event would. */
  onClosed: (() => void) | null = null
  send(data: Uint8Array): void {
    if (!this.closed) this.outbox.push(data)
  }
  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = { code, reason }
    this.onClosed?.()
  }
  terminate(): void {
    this.close(1006, '')
  }
  bufferedAmount(): number {
    return 0
  }
}

export const syncStep1 = encodeSyncStep1

/** An update as a live update (the default) or as a sync step 2 — the same bytes but the sub-type. */
export function syncUpdate(update: Uint8Array, sub: number = SYNC.update): Uint8Array {
  if (sub === SYNC.update) return encodeSyncUpdate(update)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  encoding.writeVarUint(encoder, sub)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

export const subscribeDurable = () => encodeDurable({ kind: 'subscribe' })

/** Applies what the relay sent to `doc`; returns the last durable ack seen, if any. */
export function drain(socket: FakeSocket, doc: Y.Doc): { acked: Map<number, number> | null; other: number[] } {
  let acked: Map<number, number> | null = null
  const other: number[] = []
  for (const frame of socket.outbox.splice(0)) {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE.sync) {
      const sub = decoding.readVarUint(decoder)
      if (sub === SYNC.step2 || sub === SYNC.update) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'relay')
    } else if (type === MESSAGE.durable) {
      const message = readDurable(decoder)
      if (message.kind === 'ack') acked = message.stateVector
      else other.push(type)
    } else {
      other.push(type)
    }
  }
  return { acked, other }
}

export { decodeStateVectorMap }
