/**
 * Cross-relay fan-out over Redis pub/sub, one channel per doc (`cunwu:doc:<docName>`).
 *
 * Rules (DESIGN.md "Storage", scale-out):
 * - Only real updates travel: the novel part of client content, published after this relay
 *   committed it, and awareness changes. Never a sync-step-2 reply, which on a stale replica
 *   would look like deletions.
 * - A relay ignores its own messages (each frame carries the sender's relay id).
 * - A doc subscribes before it loads from storage, so nothing committed between the load and
 *   the subscription can be missed (applying an update twice is harmless).
 * - Redis down: publishing is skipped with one logged warning, each relay serves its own
 *   clients; when Redis is back, every loaded doc re-reads storage to catch up.
 *
 * Frame: varUint kind (0 update, 1 awareness), varString relayId, varUint8Array payload.
 */
import { Redis } from 'ioredis'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { newId } from '../../shared/ids.js'
import type { Logger } from '../log.js'
import { errorMessage } from '../log.js'

export const FANOUT_KIND = { update: 0, awareness: 1 } as const
export type FanoutKind = keyof typeof FANOUT_KIND

export type FanoutHandler = (kind: FanoutKind, payload: Uint8Array) => void

export interface Fanout {
  /** Subscribes to a doc; resolves once the subscription is live, with its leave function. */
  join(docName: string, onMessage: FanoutHandler): Promise<() => void>
  publish(docName: string, kind: FanoutKind, payload: Uint8Array): void
  /** Called after an outage ends, so docs can catch up from storage. */
  onRecover(callback: () => void): () => void
  close(): Promise<void>
}

export const channelOf = (docName: string) => `cunwu:doc:${docName}`

export function encodeFanout(kind: FanoutKind, relayId: string, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, FANOUT_KIND[kind])
  encoding.writeVarString(encoder, relayId)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

export function decodeFanout(frame: Uint8Array): { kind: FanoutKind; relayId: string; payload: Uint8Array } {
  const decoder = decoding.createDecoder(frame)
  const code = decoding.readVarUint(decoder)
  const kind = code === FANOUT_KIND.update ? 'update' : code === FANOUT_KIND.awareness ? 'awareness' : null
  if (!kind) throw new Error(`unknown fan-out kind ${code}`)
  return { kind, relayId: decoding.readVarString(decoder), payload: decoding.readVarUint8Array(decoder) }
}

export function redisFanout(url: string, log: Logger): Fanout {
  const relayId = newId()
  const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(n * 200, 2000) }
  const pub = new Redis(url, options)
  const sub = new Redis(url, { ...options, enableOfflineQueue: true })
  const handlers = new Map<string, FanoutHandler>()
  const recoverers = new Set<() => void>()
  let degraded = false
  const degrade = (err?: unknown) => {
    if (degraded) return
    degraded = true
    log.warn('Redis unavailable: fan-out paused, this relay serves only its own clients', { error: err ? errorMessage(err) : undefined })
  }
  for (const conn of [pub, sub]) conn.on('error', degrade)
  sub.on('close', () => degrade())
  sub.on('ready', () => {
    if (!degraded) return
    degraded = false
    log.info('Redis is back: fan-out resumed; loaded docs catch up from storage')
    for (const recover of recoverers) recover()
  })
  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const handler = handlers.get(channel.toString())
    if (!handler) return
    try {
      const frame = decodeFanout(new Uint8Array(message.buffer, message.byteOffset, message.byteLength))
      if (frame.relayId !== relayId) handler(frame.kind, frame.payload)
    } catch (err) {
      log.warn('dropped a bad fan-out frame', { channel: channel.toString(), error: errorMessage(err) })
    }
  })
  return {
    async join(docName, onMessage) {
      const channel = channelOf(docName)
      handlers.set(channel, onMessage)
      try {
        await sub.subscribe(channel)
      } catch (err) {
        // Redis down: the doc still works locally; it re-reads storage when Redis returns.
        degrade(err)
      }
      return () => {
        if (handlers.get(channel) !== onMessage) return
        handlers.delete(channel)
        sub.unsubscribe(channel).catch((err: unknown) => log.debug('unsubscribe failed', { channel, error: errorMessage(err) }))
      }
    },
    publish(docName, kind, payload) {
      if (degraded) return
      pub.publish(channelOf(docName), Buffer.from(encodeFanout(kind, relayId, payload))).catch(degrade)
    },
    onRecover(callback) {
      recoverers.add(callback)
      return () => recoverers.delete(callback)
    },
    async close() {
      handlers.clear()
      recoverers.clear()
      pub.disconnect()
      sub.disconnect()
    },
  }
}
