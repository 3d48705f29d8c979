/**
 * Incoming frames of one connection, parsed at the edge. Rules (shared/protocol/messages.ts):
 * a frame over the size limit, a frame that does not decode, or an unknown message type closes
 * the connection with a 4xxx code; an update is fully decoded before it is applied, so a
 * malformed one never reaches the document or the disk. Read-only connections may sync
 * (step 1) but their step 2 and updates are dropped, and they are told so once.
 */
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeDurable, readDurable } from '../../shared/protocol/durable.js'
import { MESSAGE, SYNC } from '../../shared/protocol/messages.js'
import { encodePermissionDenied, encodeSyncStep2 } from '../../shared/protocol/sync.js'
import type { CloseRequest, Conn } from './conn.js'
import type { Room } from './room.js'

/** Returns a close request when the connection must be closed, otherwise null. */
export function handleMessage(room: Room, conn: Conn, data: Uint8Array): CloseRequest | null {
  const decoder = decoding.createDecoder(data)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MESSAGE.sync:
      return handleSync(room, conn, decoder)
    case MESSAGE.awareness: {
      // Only entries for presence this connection owns (awarenessGuard.ts).
      const update = room.ownedAwareness(conn, decoding.readVarUint8Array(decoder))
      if (update) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn)
      return null
    }
    case MESSAGE.queryAwareness:
      room.send(conn, room.encodeAwareness([...room.awareness.getStates().keys()]))
      return null
    case MESSAGE.auth:
      // Clients have nothing to say on the auth channel; the token was checked at upgrade.
      return null
    case MESSAGE.durable:
      return handleDurable(room, conn, decoder)
    default:
      return { kind: 'unknownMessage', detail: `type ${type}` }
  }
}

function handleSync(room: Room, conn: Conn, decoder: decoding.Decoder): CloseRequest | null {
  const sub = decoding.readVarUint(decoder)
  switch (sub) {
    case SYNC.step1: {
      room.send(conn, encodeSyncStep2(room.doc, decoding.readVarUint8Array(decoder)))
      return null
    }
    case SYNC.step2:
    case SYNC.update: {
      const update = decoding.readVarUint8Array(decoder)
      if (conn.readOnly) {
        tellReadOnly(room, conn)
        return null
      }
      Y.decodeUpdate(update) // throws on a malformed update before anything is applied
      // A step 2 carries what the client did while disconnected: attributed as merged later.
      conn.mergingOffline = sub === SYNC.step2
      try {
        Y.applyUpdate(room.doc, update, conn)
      } finally {
        conn.mergingOffline = false
      }
      conn.bytesIn += update.byteLength
      conn.needsAck = true
      if (conn.durable) room.scheduleFlush()
      return null
    }
    default:
      return { kind: 'malformed', detail: `sync sub-type ${sub}` }
  }
}

function handleDurable(room: Room, conn: Conn, decoder: decoding.Decoder): CloseRequest | null {
  const message = readDurable(decoder)
  if (message.kind !== 'subscribe') return { kind: 'malformed', detail: `client sent durable ${message.kind}` }
  conn.durable = true
  if (conn.readOnly) {
    room.send(conn, encodeDurable({ kind: 'readOnly', reason: '只读权限：本设备的修改不会保存到服务器' }))
    conn.toldReadOnly = true
    return null
  }
  // Ack at once with the committed state, after whatever is queued has been committed.
  conn.needsAck = true
  room.scheduleFlush()
  return null
}

function tellReadOnly(room: Room, conn: Conn): void {
  if (conn.toldReadOnly) return
  conn.toldReadOnly = true
  room.send(conn, encodePermissionDenied('read-only: document writes from this connection are dropped'))
}
