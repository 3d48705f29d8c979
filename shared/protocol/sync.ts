/**
 * The standard y-websocket frames the relay sends (message types 0–2 of messages.ts), built once
 * with y-protocols' own encoders so they are byte-for-byte what the stock client expects:
 *
 *   [0, 0, stateVector]      sync step 1: "send me what I lack"
 *   [0, 1, update]           sync step 2: the answer to a step 1
 *   [0, 2, update]           a live update
 *   [1, awarenessUpdate]     awareness (y-protocols/awareness encodeAwarenessUpdate)
 *   [2, 0, reason]           auth: permission denied (a read-only connection's writes are dropped)
 *
 * Incoming sync frames are read by y-protocols' readSyncMessage in the relay (handleMessage.ts).
 */
import * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as syncProtocol from 'y-protocols/sync'
import type * as Y from 'yjs'
import { MESSAGE } from './messages.js'

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame(MESSAGE.sync, (e) => syncProtocol.writeSyncStep1(e, doc))
}

/** What `doc` has beyond `stateVector` (an encoded Yjs state vector). */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return frame(MESSAGE.sync, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector))
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return frame(MESSAGE.sync, (e) => syncProtocol.writeUpdate(e, update))
}

/** An awareness frame around an already encoded awareness update. */
export function encodeAwarenessFrame(awarenessUpdate: Uint8Array): Uint8Array {
  return frame(MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, awarenessUpdate))
}

export function encodePermissionDenied(reason: string): Uint8Array {
  return frame(MESSAGE.auth, (e) => authProtocol.writePermissionDenied(e, reason))
}
