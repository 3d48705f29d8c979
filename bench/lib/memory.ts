/**
 * Measurement 3: server RSS idle, and RSS per loaded doc. On a fresh server: RSS after start
 * (Cunwu: after login and creating a village), then `docs` docs are loaded, each by one open
 * client that writes a ~1 KB record map and round-trips a sync step 1 (so the server has
 * applied it); RSS is read again after a short settle. Per doc = delta / docs, and so includes
 * one open websocket per doc.
 *
 * That first figure also holds what a server grows once, whatever the number of docs: V8's
 * young generation doubles under the load of the first connections (16 → 32 MiB for Cunwu, 8 →
 * 16 for Hocuspocus 4), which is most of Cunwu's figure at 200 docs. So `docs × (EXTRA − 1)` more
 * are loaded and the step between the two readings is reported too: the marginal RSS of a doc.
 *
 * Idle is read twice. 1.5 s after start is not idle for V8: its memory reducer shrinks the young
 * generation once allocation has been quiet for several seconds (Cunwu 93 → 74 MiB, y-websocket
 * 58 → 55, Hocuspocus 4 72 → 66 between 1.5 and 11 s). So RSS is read again after SETTLED_MS
 * of quiet, the same for every server: what a relay holds while nobody is using it. (Cunwu
 * checkpoints a WAL past 4 MiB on its own connection when writes pause, and starts a worker only
 * for a WAL past 32 MiB that never paused: the loads here pause between steps, so none starts.)
 */
import * as Y from 'yjs'
import { BenchClient, closeAll } from './client.js'
import type { RunningServer } from './servers.js'

export type MemoryResult = { idleMiB: number; settledMiB: number; loadedMiB: number; perDocKiB: number; moreMiB: number; marginalKiB: number; mostMiB: number; lastStepKiB: number }

const SETTLE_MS = 1500
/** Quiet time before the settled idle reading. */
export const SETTLED_MS = 20_000
const BATCH = 50
/** The second and third readings hold this many times the first one's docs. */
export const EXTRA = 3
export const MOST = 5

export async function memory(server: RunningServer, docName: (i: number) => string, docs: number): Promise<MemoryResult> {
  await sleep(SETTLE_MS)
  const idle = server.rssKiB()
  await sleep(SETTLED_MS - SETTLE_MS)
  const settled = server.rssKiB()
  const clients: BenchClient[] = []
  await load(server, docName, clients, 0, docs)
  await sleep(SETTLE_MS)
  const loaded = server.rssKiB()
  await load(server, docName, clients, docs, docs * EXTRA)
  await sleep(SETTLE_MS)
  const more = server.rssKiB()
  await load(server, docName, clients, docs * EXTRA, docs * MOST)
  await sleep(SETTLE_MS)
  const most = server.rssKiB()
  await closeAll(clients)
  return {
    idleMiB: idle / 1024,
    settledMiB: settled / 1024,
    loadedMiB: loaded / 1024,
    perDocKiB: (loaded - idle) / docs,
    moreMiB: more / 1024,
    marginalKiB: (more - loaded) / (docs * (EXTRA - 1)),
    mostMiB: most / 1024,
    lastStepKiB: (most - more) / (docs * (MOST - EXTRA)),
  }
}

/** Docs `from` to `to` (exclusive), each loaded by one client that stays connected. */
async function load(server: RunningServer, docName: (i: number) => string, clients: BenchClient[], from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, to - start) }, (_, i) => new BenchClient(server.dialect, docName(start + i)))
    clients.push(...batch)
    await Promise.all(
      batch.map(async (client, i) => {
        await client.sync()
        client.sendUpdate(recordUpdate(start + i))
        await client.sync()
      }),
    )
  }
}

/** ~1 KB: 20 fields of 50 characters in a Y.Map, as one update. */
function recordUpdate(seed: number): Uint8Array {
  const doc = new Y.Doc()
  const map = doc.getMap<string>('record')
  for (let i = 0; i < 20; i++) map.set(`field${i}`, `${seed}-${i}-`.padEnd(50, 'x'))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
