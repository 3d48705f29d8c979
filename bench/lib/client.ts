/**
 * A raw protocol client: one `ws` socket speaking y-protocols sync messages, without a Y.Doc
 * of its own unless the caller keeps one. Cheap enough to run hundreds in the bench process:
 * incoming updates are handed to a callback as bytes (observers only parse their metadata),
 * awareness is ignored, and the server's sync step 1 is not answered (nothing to send back).
 *
 * Acks: Cunwu's durable ack ([64, 1, stateVector], after the SQLite commit) and Hocuspocus's
 * SyncStatus (type 8, after the in-memory apply) are both reported through `onAck`.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import type { Dialect } from './dialect.js'

const MSG_SYNC = 0
const MSG_AUTH = 2
const MSG_HOCUS_SYNC_REPLY = 4
const MSG_HOCUS_SYNC_STATUS = 8
const MSG_DURABLE = 64
const SYNC_STEP1 = 0
const SYNC_STEP2 = 1
const SYNC_UPDATE = 2

export type ClientHandlers = {
  /** A sync update (not step 2) arrived at `at` (performance.now()). */
  onUpdate?: (update: Uint8Array, at: number) => void
  /** An ack arrived; Cunwu gives the acked state vector, Hocuspocus nothing. */
  onAck?: (stateVector: Uint8Array | null, at: number) => void
}

export class BenchClient {
  readonly ws: WebSocket
  readonly opened: Promise<void>
  private step2Waiters: Array<(update: Uint8Array) => void> = []
  private closedError: Error | null = null

  constructor(
    private readonly dialect: Dialect,
    readonly docName: string,
    private readonly handlers: ClientHandlers = {},
  ) {
    this.ws = new WebSocket(dialect.url(docName), { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => {
        for (const frame of dialect.hello(docName)) this.ws.send(frame)
        resolve()
      })
      this.ws.once('error', reject)
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)))
    })
    this.opened.catch(() => undefined)
    this.ws.on('error', () => undefined)
    this.ws.on('close', (code, reason) => {
      this.closedError = new Error(`socket closed ${code} ${reason.toString()}`)
      for (const w of this.step2Waiters.splice(0)) w(new Uint8Array(0))
    })
    this.ws.on('message', (data: Buffer) => this.onFrame(data))
  }

  /** Sends sync step 1 with `stateVector` and resolves with the server's step 2 payload. */
  async sync(stateVector: Uint8Array = new Uint8Array([0])): Promise<Uint8Array> {
    await this.opened
    const reply = new Promise<Uint8Array>((resolve) => this.step2Waiters.push(resolve))
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MSG_SYNC)
    encoding.writeVarUint(encoder, SYNC_STEP1)
    encoding.writeVarUint8Array(encoder, stateVector)
    this.send(encoding.toUint8Array(encoder))
    const update = await reply
    if (this.closedError) throw this.closedError
    return update
  }

  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MSG_SYNC)
    encoding.writeVarUint(encoder, SYNC_UPDATE)
    encoding.writeVarUint8Array(encoder, update)
    this.send(encoding.toUint8Array(encoder))
  }

  /** Cunwu only: ask for durable acks (shared/protocol/durable.ts, `[64, 0]`). */
  subscribeDurable(): void {
    this.send(new Uint8Array([MSG_DURABLE, 0]))
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate()
        resolve()
      }, 2000)
      this.ws.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      this.ws.close()
    })
  }

  private send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    this.ws.send(this.dialect.wrap(this.docName, message))
  }

  private onFrame(frame: Buffer): void {
    const at = performance.now()
    const decoder = this.dialect.unwrap(frame)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MSG_SYNC: {
        const sub = decoding.readVarUint(decoder)
        if (sub === SYNC_UPDATE) this.handlers.onUpdate?.(decoding.readVarUint8Array(decoder), at)
        else if (sub === SYNC_STEP2) this.step2Waiters.shift()?.(decoding.readVarUint8Array(decoder))
        else if (sub !== SYNC_STEP1) throw new Error(`unexpected sync sub-type ${sub}`)
        return
      }
      case MSG_DURABLE: {
        const sub = decoding.readVarUint(decoder)
        if (sub === 1) this.handlers.onAck?.(decoding.readVarUint8Array(decoder), at)
        return
      }
      case MSG_HOCUS_SYNC_STATUS:
        this.handlers.onAck?.(null, at)
        return
      case MSG_AUTH: {
        const sub = decoding.readVarUint(decoder)
        if (sub === 1) throw new Error(`permission denied on ${this.docName}`)
        return
      }
      case MSG_HOCUS_SYNC_REPLY:
      default:
        return // awareness, the server's step 1 via SyncReply: nothing to do
    }
  }
}

/** Opens `count` clients `batch` at a time and waits until each has synced once. */
export async function openClients(
  count: number,
  make: (index: number) => BenchClient,
  batch = 50,
): Promise<BenchClient[]> {
  const clients: BenchClient[] = []
  for (let start = 0; start < count; start += batch) {
    const group = Array.from({ length: Math.min(batch, count - start) }, (_, i) => make(start + i))
    clients.push(...group)
    await Promise.all(group.map((c) => c.sync()))
  }
  return clients
}

export async function closeAll(clients: BenchClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close()))
}
