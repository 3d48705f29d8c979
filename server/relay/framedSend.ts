/**
 * Fan-out sends one message to many sockets. Through `ws.send` every socket frames it again
 * (a header buffer, an options object, a Buffer view, a callback) and writes header and payload
 * as two buffers (cork, two writes, uncork: a writev per socket). Here a small message's whole
 * frame is built once and the same bytes are written to each socket: one buffer, one write.
 * Measured with 100 observers (500 paced updates, five alternating A/B pairs), the relay's CPU
 * per update fell by 4–14 %, 9 % on average.
 *
 * It writes beside ws's own sender, so it may only do so when ws would have written at once
 * itself: the socket is open and ws has nothing queued (ws queues only while compressing or
 * reading a Blob; the relay uses neither). Otherwise the send is left to ws, which keeps the
 * order. `bufferedAmount` still counts these bytes: ws reads it from the socket's own buffer.
 * ws's private fields are checked at every send, so a ws release that renames them degrades to
 * `ws.send`, never to a lost or reordered frame.
 */
import * as wsModule from 'ws'
import type { Duplex } from 'node:stream'

type FrameOptions = { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }
/** ws's own framing function (public in ws, untyped in @types/ws): header and payload of one frame. */
const frame = (wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender.frame
const BINARY: FrameOptions = { fin: true, rsv1: false, opcode: 0x02, mask: false, readOnly: true }

/** Larger messages (a doc's first sync) go through ws: copying them into one buffer costs more than a writev. */
export const MAX_FRAMED_BYTES = 64 * 1024

type WsInternals = { _socket?: Duplex | null; _sender?: { _state?: unknown; _queue?: unknown[] } | null }

/** The frame of each message sent lately, dropped with the message's last reference. */
const frames = new WeakMap<Uint8Array, Buffer>()

/** The complete frame (header and payload) of a binary message. */
export function binaryFrame(data: Uint8Array): Buffer {
  let bytes = frames.get(data)
  if (!bytes) {
    bytes = Buffer.concat(frame(Buffer.from(data.buffer, data.byteOffset, data.byteLength), BINARY))
    frames.set(data, bytes)
  }
  return bytes
}

/**
 * Sends `data` as one binary message; a message sent to many sockets is framed once. Its frame
 * is kept with the array, so the caller must not change `data` after sending it (the relay
 * encodes every message into a new array).
 */
export function sendFramed(ws: wsModule.WebSocket, data: Uint8Array): void {
  const { _socket: socket, _sender: sender } = ws as unknown as WsInternals
  const direct =
    data.byteLength <= MAX_FRAMED_BYTES &&
    ws.readyState === ws.OPEN &&
    socket?.writable === true &&
    sender?._state === 0 &&
    sender._queue?.length === 0
  if (direct) socket.write(binaryFrame(data))
  else ws.send(data)
}
