/**
 * Durable acknowledgements (message type MESSAGE.durable = 64), opt-in.
 *
 *   client → server  [64, 0]                 subscribe: "tell me what you have saved"
 *   server → client  [64, 1, stateVector]    ack: everything covered by this Yjs state vector
 *                                            is committed to storage
 *   server → client  [64, 2, reasonString]   read-only: writes from this connection are dropped
 *
 * Acks are state vectors rather than message counters so they stay correct across reconnects,
 * tabs and the sync-step-2 a client sends on connect: a local change (clientID, clock) is saved
 * once ack[clientID] >= clock. The server sends an ack right after subscribing, and after every
 * storage commit that followed content from the subscribed connection. It is only ever sent
 * after the commit that it describes, so an ack can never get ahead of the disk.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { exhaustiveSwitchError } from '../exhaustive.js'
import { MESSAGE } from './messages.js'

export const DURABLE = {
  subscribe: 0,
  ack: 1,
  readOnly: 2,
} as const

export type DurableMessage =
  | { kind: 'subscribe' }
  | { kind: 'ack'; stateVector: Map<number, number> }
  | { kind: 'readOnly'; reason: string }

export function encodeDurable(message: DurableMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.durable)
  switch (message.kind) {
    case 'subscribe':
      encoding.writeVarUint(encoder, DURABLE.subscribe)
      break
    case 'ack':
      return encodeDurableAck(encodeStateVectorMap(message.stateVector))
    case 'readOnly':
      encoding.writeVarUint(encoder, DURABLE.readOnly)
      encoding.writeVarString(encoder, message.reason)
      break
    default:
      exhaustiveSwitchError(message)
  }
  return encoding.toUint8Array(encoder)
}

/** The ack frame straight from an encoded state vector (Y.encodeStateVector), as the relay has it. */
export function encodeDurableAck(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.durable)
  encoding.writeVarUint(encoder, DURABLE.ack)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** Reads the body of a durable message; the caller has already read the message type. */
export function readDurable(decoder: decoding.Decoder): DurableMessage {
  const sub = decoding.readVarUint(decoder)
  switch (sub) {
    case DURABLE.subscribe:
      return { kind: 'subscribe' }
    case DURABLE.ack:
      return { kind: 'ack', stateVector: decodeStateVectorMap(decoding.readVarUint8Array(decoder)) }
    case DURABLE.readOnly:
      return { kind: 'readOnly', reason: decoding.readVarString(decoder) }
    default:
      throw new Error(`unknown durable sub-type ${sub}`)
  }
}

/** Same layout as Y.encodeStateVector: count, then (clientID, clock) pairs. */
export function encodeStateVectorMap(sv: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, sv.size)
  for (const [client, clock] of sv) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock)
  }
  return encoding.toUint8Array(encoder)
}

export function decodeStateVectorMap(bytes: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(bytes)
  const count = decoding.readVarUint(decoder)
  const sv = new Map<number, number>()
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder)
    sv.set(client, decoding.readVarUint(decoder))
  }
  return sv
}

/** True when every (client, clock) of `local` is covered by `acked`. */
export function isCovered(acked: Map<number, number>, client: number, clock: number): boolean {
  return (acked.get(client) ?? 0) >= clock
}

