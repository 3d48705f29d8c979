/**
 * One websocket connection as the relay sees it: a small socket interface (so tests and the
 * Hono adapter plug in the same way), plus what the relay tracks per connection.
 */
import type { CloseKind } from '../../shared/protocol/messages.js'

export interface RelaySocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  /** Drops the connection without waiting for the peer's close frame (shutdown, after the grace period). */
  terminate(): void
  /** Bytes queued but not yet written; used to skip hopelessly slow readers. */
  bufferedAmount(): number
}

export type Conn = {
  id: number
  socket: RelaySocket
  userId: string
  /** Hash of the session token the socket was opened with, so revoking it closes the socket. */
  sessionKey: string
  docName: string
  readOnly: boolean
  /** The client asked for durable acks (MESSAGE.durable subscribe). */
  durable: boolean
  /** The client sent content since its last ack. */
  needsAck: boolean
  /** Awareness client ids this connection controls, cleared when it closes. */
  awarenessIds: Set<number>
  closed: boolean
  /** Told once that its writes are dropped. */
  toldReadOnly: boolean
  bytesIn: number
  /** The HTTP request id of the upgrade, carried into every log line about this connection. */
  requestId: string
  /** The device id the client gave (`?device=`), if any, for attribution. */
  device: string | null
  /** True while this connection's sync step 2 (work done while offline) is being applied. */
  mergingOffline: boolean
  /** The device's own time of its first unacknowledged change, as it said at connect (`?editedAt=`). */
  deviceAt: string | null
}

let nextConnId = 1

export function newConn(socket: RelaySocket, userId: string, docName: string, readOnly: boolean, sessionKey: string, requestId = ''): Conn {
  return {
    id: nextConnId++,
    socket,
    userId,
    sessionKey,
    docName,
    readOnly,
    durable: false,
    needsAck: false,
    awarenessIds: new Set(),
    closed: false,
    toldReadOnly: false,
    bytesIn: 0,
    requestId,
    device: null,
    mergingOffline: false,
    deviceAt: null,
  }
}

export type CloseRequest = { kind: CloseKind; detail?: string }
