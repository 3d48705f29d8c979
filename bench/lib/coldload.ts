/**
 * Measurement 4: cold load of a ~5 MB doc. The doc (a Y.Text built from many small inserts at
 * random positions, so it has many items, not one big string) is made once and cached in the
 * OS temp dir.
 *
 * "Cold" = a freshly started server process whose storage holds the doc and whose memory does
 * not. Timed: from creating a client socket to receiving the server's sync step 2 with the full
 * state (connect + upgrade/auth + load from storage + encode), not the client's own apply.
 *   - Cunwu: the doc is written once through a client (durable ack awaited), the server is
 *     stopped gracefully (it compacts), then every repetition starts it again on that SQLite.
 *   - y-websocket reference / Hocuspocus: no persistence of their own; the same encoded state
 *     sits in a file and is applied on first open (utils `setPersistence` bindState /
 *     `onLoadDocument`), i.e. a store with zero read cost beyond readFileSync.
 * "Warm" = a second client while the first is still connected (doc in memory).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { BenchClient } from './client.js'
import type { ServerKind } from './dialect.js'
import { percentile, sortedCopy } from './report.js'
import type { RunningServer, StartOptions } from './servers.js'

const INSERTS = 55_000
const CHUNK = 'abcdefghijklm'.repeat(5) // 65 characters

export type ColdResult = { coldMs: number; warmMs: number; stateBytes: number; serverStartMs: number }

/** The big doc's state as one update, built deterministically and cached across runs. */
export function bigDocUpdate(): Uint8Array {
  const file = join(tmpdir(), `cunwu-bench-bigdoc-${INSERTS}x${CHUNK.length}.bin`)
  if (existsSync(file)) return new Uint8Array(readFileSync(file))
  const doc = new Y.Doc()
  const text = doc.getText('body')
  let seed = 42
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  for (let i = 0; i < INSERTS; i++) text.insert(Math.floor(random() * text.length), CHUNK)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  writeFileSync(file, update)
  return update
}

export async function coldLoad(
  kind: ServerKind,
  start: (options: StartOptions) => Promise<RunningServer>,
  workDir: string,
  reps: number,
  update: Uint8Array,
): Promise<ColdResult> {
  const dataDir = join(workDir, `${kind}-cold`)
  const loadDir = join(workDir, `${kind}-cold-files`)
  mkdirSync(loadDir, { recursive: true })
  let villageId: string | undefined
  let docName = 'v0/minutes/big'
  if (kind === 'cunwu') {
    const seeding = await start({ dataDir })
    villageId = seeding.villageId
    docName = `${villageId}/minutes/big`
    await writeThroughCunwu(seeding, docName, update)
    await seeding.stop()
  } else {
    writeFileSync(join(loadDir, `${encodeURIComponent(docName)}.bin`), update)
  }

  const cold: number[] = []
  const warm: number[] = []
  const starts: number[] = []
  let stateBytes = 0
  for (let r = 0; r < reps; r++) {
    const server = await start(kind === 'cunwu' ? { dataDir, villageId } : { dataDir, loadDir })
    starts.push(server.startMs)
    try {
      const first = await timedSync(server, docName)
      cold.push(first.ms)
      stateBytes = first.bytes
      const second = await timedSync(server, docName)
      warm.push(second.ms)
      await Promise.all([first.client.close(), second.client.close()])
    } finally {
      await server.stop()
    }
  }
  return {
    coldMs: percentile(sortedCopy(cold), 50),
    warmMs: percentile(sortedCopy(warm), 50),
    stateBytes,
    serverStartMs: percentile(sortedCopy(starts), 50),
  }
}

async function timedSync(server: RunningServer, docName: string): Promise<{ ms: number; bytes: number; client: BenchClient }> {
  const t0 = performance.now()
  const client = new BenchClient(server.dialect, docName)
  const state = await client.sync()
  return { ms: performance.now() - t0, bytes: state.byteLength, client }
}

/** Writes the doc through a Cunwu client and waits for the durable ack that covers it. */
async function writeThroughCunwu(server: RunningServer, docName: string, update: Uint8Array): Promise<void> {
  let acks = 0
  let wake: (() => void) | null = null
  const client = new BenchClient(server.dialect, docName, {
    onAck: () => {
      acks++
      wake?.()
    },
  })
  const nextAck = (after: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no durable ack within 60 s')), 60_000)
      wake = () => {
        if (acks > after) {
          clearTimeout(timer)
          resolve()
        }
      }
      wake()
    })
  await client.sync()
  client.subscribeDurable()
  await nextAck(0) // the ack sent right after subscribing
  client.sendUpdate(update)
  await nextAck(1)
  await client.close()
}

/** Client-side cost of applying the state, the same for every server (printed as a note). */
export function clientApplyMs(update: Uint8Array): number {
  const t0 = performance.now()
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  const ms = performance.now() - t0
  doc.destroy()
  return ms
}
