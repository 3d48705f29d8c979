/**
 * The relay as its own process, killed with SIGKILL while clients write: after a restart on the
 * same SQLite file, every update a client was told was saved is there.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { createVillage, login } from '../helpers/relay.js'
import { type RelayProcess, startRelayProcess } from '../helpers/relayProcess.js'
import { waitFor } from '../helpers/waitFor.js'

type Child = RelayProcess

const killHard = (child: Child) =>
  new Promise<void>((resolve) => {
    child.proc.once('exit', () => resolve())
    child.proc.kill('SIGKILL')
  })

let dataDir = ''
const children: Child[] = []
const clients: TestClient[] = []
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  for (const child of children.splice(0)) child.proc.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('relay killed with SIGKILL', () => {
  it('keeps every acknowledged update of writers that were mid-flight', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cunwu-crash-'))
    const first = await startRelayProcess(dataDir)
    children.push(first)
    const token = await login(first.url)
    const villageId = await createVillage(first.url, token, '崩溃测试村')
    const wsUrl = first.url.replace(/^http/, 'ws') + '/ws'
    const writers = [0, 1, 2].map(() => connectClient(wsUrl, `${villageId}/meta`, token, { durable: true }))
    clients.push(...writers)
    await waitFor(() => writers.every((w) => w.provider.synced), 'writers synced')
    // Each writer records the clock after every push, to know which pushes an ack covers.
    const clocks = writers.map(() => [] as number[])
    let writing = true
    const writeLoop = async (w: TestClient, i: number) => {
      let n = 0
      while (writing && n < 5000) {
        w.doc.getArray<string>(`w${i}`).push([`${i}-${n++}`])
        clocks[i]?.push(Y.getState(w.doc.store, w.doc.clientID))
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    const loops = writers.map((w, i) => writeLoop(w, i))
    await waitFor(() => writers.every((w) => (w.acked().get(w.doc.clientID) ?? 0) > 50), 'some writes acknowledged')
    await killHard(first)
    writing = false
    await Promise.all(loops)
    const ackedCounts = writers.map((w, i) => clocks[i]?.filter((clock) => clock <= (w.acked().get(w.doc.clientID) ?? 0)).length ?? 0)
    for (const w of writers) w.provider.disconnect()

    const second = await startRelayProcess(dataDir)
    children.push(second)
    const token2 = await login(second.url)
    const reader = connectClient(second.url.replace(/^http/, 'ws') + '/ws', `${villageId}/meta`, token2)
    clients.push(reader)
    await waitFor(() => reader.provider.synced, 'reader synced')
    ackedCounts.forEach((count, i) => {
      expect(count).toBeGreaterThan(0)
      const stored = reader.doc.getArray<string>(`w${i}`).toArray()
      expect(stored.length).toBeGreaterThanOrEqual(count)
      expect(stored.slice(0, count)).toEqual(Array.from({ length: count }, (_, n) => `${i}-${n}`))
    })
  })
})
