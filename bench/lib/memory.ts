/**
 * Measurement 3: server RSS idle, and RSS per loaded doc. On a fresh server: RSS after start
 * (Cunwu: after login and creating a village), then `docs` docs are loaded, each by one open
 * client that writes a ~1 KB record map and round-trips a sync step 1 (so the server has
 * applied it); RSS is read again after a short settle. Per doc = delta / docs, and so includes
 * one open websocket per doc.
 */
import * as Y from 'yjs'
import { BenchClient, closeAll } from './client.js'
import type { RunningServer } from './servers.js'

export type MemoryResult = { idleMiB: number; loadedMiB: number; perDocKiB: number }

const SETTLE_MS = 1500
const BATCH = 50

export async function memory(server: RunningServer, docName: (i: number) => string, docs: number): Promise<MemoryResult> {
  await sleep(SETTLE_MS)
  const idle = server.rssKiB()
  const clients: BenchClient[] = []
  for (let start = 0; start < docs; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, docs - start) }, (_, i) => new BenchClient(server.dialect, docName(start + i)))
    clients.push(...batch)
    await Promise.all(
      batch.map(async (client, i) => {
        await client.sync()
        client.sendUpdate(recordUpdate(start + i))
        await client.sync()
      }),
    )
  }
  await sleep(SETTLE_MS)
  const loaded = server.rssKiB()
  await closeAll(clients)
  return { idleMiB: idle / 1024, loadedMiB: loaded / 1024, perDocKiB: (loaded - idle) / docs }
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
