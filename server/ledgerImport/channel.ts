/**
 * How the command-line import reads and writes docs (README "Command-line import"):
 *
 * - `relayChannel`: a relay on this store is running → pull and push through its `POST /api/sync`,
 *   the same path a device's background sync takes: the relay applies the update to the doc it
 *   holds, commits it, sends it to every open socket and (with REDIS_URL) to every other relay.
 *   Connected devices see the import arrive live, and nothing is written behind a relay's back.
 * - `storeChannel`: no relay is running → read the docs from the store and append one update per
 *   doc. With REDIS_URL the update is also published on the doc's fan-out channel, so relays on
 *   other hosts that hold the doc apply it at once (they re-read storage anyway when they load it).
 */
import { Redis } from 'ioredis'
import * as Y from 'yjs'
import { fromBase64, syncResponseSchema, toBase64 } from '../../shared/api/sync.js'
import { applyUpdates } from '../../shared/loadDoc.js'
import { channelOf, encodeFanout } from '../relay/fanout.js'
import type { DocStore } from '../storage/types.js'

export interface DocChannel {
  readonly kind: 'relay' | 'store'
  /** The docs as stored now (an absent doc is empty). */
  load(names: readonly string[]): Promise<Map<string, Y.Doc>>
  /** Stores one update per doc; resolves once committed (and fanned out). */
  push(updates: ReadonlyMap<string, Uint8Array>): Promise<void>
  close(): Promise<void>
}

const SYNC_BATCH = 50

export function relayChannel(url: string, token: string): DocChannel {
  const post = async (docs: { name: string; stateVector: string; update?: string }[]) => {
    const res = await fetch(`${url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ docs }) })
    if (!res.ok) throw new Error(`同步接口返回 ${res.status}`)
    return syncResponseSchema.parse(await res.json()).docs
  }
  const empty = toBase64(Y.encodeStateVector(new Y.Doc()))
  return {
    kind: 'relay',
    async load(names) {
      const out = new Map<string, Y.Doc>()
      for (let i = 0; i < names.length; i += SYNC_BATCH) {
        for (const result of await post(names.slice(i, i + SYNC_BATCH).map((name) => ({ name, stateVector: empty })))) {
          if ('error' in result) throw new Error(`无法读取文档 ${result.name}：${result.error}`)
          const doc = new Y.Doc()
          Y.applyUpdate(doc, fromBase64(result.update))
          out.set(result.name, doc)
        }
      }
      return out
    },
    async push(updates) {
      for (const [name, update] of updates) {
        const [result] = await post([{ name, stateVector: empty, update: toBase64(update) }])
        if (!result || 'error' in result || result.readOnly) throw new Error(`写入文档 ${name} 被拒绝`)
      }
    },
    async close() {},
  }
}

export function storeChannel(docs: DocStore, redisUrl: string | undefined): DocChannel {
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true }) : null
  return {
    kind: 'store',
    async load(names) {
      const out = new Map<string, Y.Doc>()
      for (const name of names) {
        out.set(name, applyUpdates(new Y.Doc(), (await docs.load(name)).updates))
      }
      return out
    },
    async push(updates) {
      for (const [name, update] of updates) {
        await docs.append(name, update)
        // A relay id no relay has: every relay applies it.
        if (redis) await redis.publish(channelOf(name), Buffer.from(encodeFanout('update', 'ledger-import', update)))
      }
    },
    async close() {
      redis?.disconnect()
    },
  }
}
