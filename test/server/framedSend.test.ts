/**
 * sendFramed over real sockets: a ws server on an OS-chosen port and ws clients. Every length
 * encoding of the frame header arrives intact, the frame of one message is built once for all
 * its sockets, its order with ws's own sends holds (even while ws is busy compressing), and a
 * closing socket gets nothing after its close frame.
 */
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws'
import { binaryFrame, MAX_FRAMED_BYTES, sendFramed } from '../../server/relay/framedSend.js'
import { waitFor } from '../helpers/waitFor.js'

type Pair = { server: WebSocket; client: WebSocket; received: Buffer[]; closed: Promise<void> }

const servers: WebSocketServer[] = []
afterEach(async () => {
  for (const wss of servers.splice(0)) {
    for (const ws of wss.clients) ws.terminate()
    await new Promise((resolve) => wss.close(resolve))
  }
})

async function connect(count: number, options: ServerOptions = {}): Promise<Pair[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options })
  servers.push(wss)
  await new Promise((resolve) => wss.once('listening', resolve))
  const { port } = wss.address() as AddressInfo
  const pairs: Pair[] = []
  for (let i = 0; i < count; i++) {
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve))
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: options.perMessageDeflate !== undefined })
    const received: Buffer[] = []
    client.on('message', (data: Buffer, isBinary) => {
      expect(isBinary).toBe(true)
      received.push(data)
    })
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    await new Promise((resolve) => client.once('open', resolve))
    pairs.push({ server: await accepted, client, received, closed })
  }
  return pairs
}

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff)

describe('sendFramed', () => {
  it('delivers every header length encoding intact: 7-bit, 16-bit and 64-bit lengths, and past the limit through ws', async () => {
    const [pair] = await connect(1)
    const lengths = [0, 1, 125, 126, 65_535, MAX_FRAMED_BYTES, MAX_FRAMED_BYTES + 1, 300_000]
    const sent = lengths.map((n, i) => bytes(n, i))
    for (const data of sent) sendFramed(pair!.server, data)
    await waitFor(() => pair!.received.length === sent.length, 'every length received')
    expect(pair!.received.map((b) => b.byteLength)).toEqual(lengths)
    pair!.received.forEach((b, i) => expect(Buffer.compare(b, Buffer.from(sent[i]!))).toBe(0))
  })

  it('frames a message once for all its sockets, and sends a view of a larger buffer as just its bytes', async () => {
    const pairs = await connect(3)
    const backing = bytes(64, 7)
    const message = backing.subarray(8, 40)
    // One write per socket, of the one shared frame (if ws renamed the fields this relies on,
    // sendFramed would fall back to ws.send and this would say so).
    const writes = pairs.map((p) => vi.spyOn((p.server as unknown as { _socket: Socket })._socket, 'write'))
    for (const p of pairs) sendFramed(p.server, message)
    for (const w of writes) expect(w.mock.calls).toEqual([[binaryFrame(message)]])
    expect(binaryFrame(message)).toBe(binaryFrame(message))
    expect(binaryFrame(message).byteLength).toBe(2 + 32)
    await waitFor(() => pairs.every((p) => p.received.length === 1), 'every socket received the frame')
    for (const p of pairs) expect([...p.received[0]!]).toEqual([...message])
  })

  it('keeps its order with ws.send on the same socket', async () => {
    const [pair] = await connect(1)
    const order: Uint8Array[] = []
    for (let i = 0; i < 50; i++) {
      const data = bytes(10 + i, i)
      order.push(data)
      if (i % 3 === 0) pair!.server.send(data)
      else sendFramed(pair!.server, data)
    }
    await waitFor(() => pair!.received.length === order.length, 'every message received in order')
    pair!.received.forEach((b, i) => expect([...b]).toEqual([...order[i]!]))
  })

  it('waits behind a message ws is still compressing instead of overtaking it', async () => {
    const [pair] = await connect(1, { perMessageDeflate: { threshold: 0 } })
    const big = new Uint8Array(200_000).fill(1)
    pair!.server.send(big, { compress: true })
    const small = bytes(20, 3)
    sendFramed(pair!.server, small)
    await waitFor(() => pair!.received.length === 2, 'both messages received')
    expect(pair!.received.map((b) => b.byteLength)).toEqual([big.byteLength, small.byteLength])
  })

  it('writes nothing after the close frame of a closing socket', async () => {
    const [pair] = await connect(1)
    pair!.server.close(1000, 'bye')
    expect(pair!.server.readyState).toBe(WebSocket.CLOSING)
    // The net socket under ws (the field sendFramed itself writes to): still writable here.
    const socket = (pair!.server as unknown as { _socket: Socket })._socket
    expect(socket.writable).toBe(true)
    const writes = vi.spyOn(socket, 'write')
    sendFramed(pair!.server, bytes(10, 1))
    await pair!.closed
    expect(writes).not.toHaveBeenCalled()
    expect(pair!.received).toHaveLength(0)
  })
})
