/**
 * SIGTERM under load, on a real relay process with real sockets: the relay commits and
 * acknowledges what it has, closes every socket with CLOSE.restarting (1012), exits 0 within
 * SHUTDOWN_TIMEOUT_MS, and every update a client was told was saved is in the store.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../shared/protocol/messages.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { createVillage, login } from '../helpers/relay.js'
import { type RelayProcess, startRelayProcess } from '../helpers/relayProcess.js'
import { loadDoc } from '../helpers/storeContents.js'
import { waitFor } from '../helpers/waitFor.js'

const SHUTDOWN_TIMEOUT_MS = 5000
let dataDir = ''
const children: RelayProcess[] = []
const clients: TestClient[] = []
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  for (const child of children.splice(0)) child.proc.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('SIGTERM under load', () => {
  it('acknowledges before closing with 1012, exits 0 in time, and loses no acknowledged update', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cunwu-sigterm-'))
    const relay = await startRelayProcess(dataDir, { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), LOG_LEVEL: 'info' })
    children.push(relay)
    // The relay's log is shown if a wait fails (a CI run once timed out waiting for the closes).
    const withLog = <T>(p: Promise<T>) =>
      p.catch((err: Error) => Promise.reject(new Error(`${err.message}\nclose codes: ${JSON.stringify(closeCodes)}\nrelay log:\n${relay.log()}`)))
    const token = await login(relay.url)
    const villageId = await createVillage(relay.url, token, '重启测试村')
    const docs = [`${villageId}/meta`, `${villageId}/decisions`]
    const writers = [0, 1, 2, 3].map((i) => connectClient(relay.wsUrl, docs[i % 2] as string, token, { durable: true }))
    clients.push(...writers)
    const closeCodes = writers.map(() => [] as number[])
    writers.forEach((w, i) => w.provider.on('connection-close', (event: CloseEvent | null) => event && closeCodes[i]?.push(event.code)))
    await waitFor(() => writers.every((w) => w.provider.synced), 'writers synced')

    let writing = true
    const loops = writers.map(async (w, i) => {
      for (let n = 0; writing && n < 20_000; n++) {
        w.doc.getArray<string>(`w${i}`).push([`${i}-${n}`])
        await new Promise((resolve) => setImmediate(resolve))
      }
    })
    await withLog(waitFor(() => writers.every((w) => (w.acked().get(w.doc.clientID) ?? 0) > 30), 'writes acknowledged under load'))
    relay.proc.kill('SIGTERM')
    // Stop reconnecting before the relay is gone, so nothing reaches a second process. This test
    // process runs the four writers flat out, and under CI's load it can be starved for seconds:
    // twice it read neither the closes nor the relay's log in 10 s (the log ended at
    // shutdown.start, or before it). So it waits longer here, and the time the shutdown took is
    // the relay's own (its shutdown.done line), not this process's clock; exit code 0 already
    // says the relay finished before its own SHUTDOWN_TIMEOUT_MS timer (which exits 1).
    await withLog(waitFor(() => closeCodes.every((codes) => codes.length > 0), 'every socket closed by the relay', 30_000))
    for (const w of writers) w.provider.shouldConnect = false
    const code = await relay.exited
    writing = false
    await Promise.all(loops)

    expect(code).toBe(0)
    // Its stderr may still hold the last lines when the exit is seen.
    await waitFor(() => relay.log().includes('"shutdown.done"') || relay.proc.stderr?.readableEnded === true, 'the relay’s last log line')
    const done = relay
      .log()
      .split('\n')
      .map((line) => (line.includes('"shutdown.done"') ? (JSON.parse(line) as { ms: number }) : null))
      .find((entry) => entry !== null)
    expect(done?.ms, relay.log()).toBeLessThan(SHUTDOWN_TIMEOUT_MS)
    for (const codes of closeCodes) expect(codes[0]).toBe(CLOSE.restarting.code)

    const store = openSqliteStore(dataDir)
    try {
      for (const [i, w] of writers.entries()) {
        const acked = w.acked().get(w.doc.clientID) ?? 0
        expect(acked).toBeGreaterThan(30)
        const stored = await loadDoc(store, docs[i % 2] as string)
        // Every acknowledged change of this writer is stored, in order.
        expect(Y.getState(stored.store, w.doc.clientID)).toBeGreaterThanOrEqual(acked)
        const items = stored.getArray<string>(`w${i}`).toArray()
        expect(items.slice(0, acked)).toEqual(Array.from({ length: acked }, (_, n) => `${i}-${n}`))
      }
    } finally {
      await store.close()
    }
  })
})
