/**
 * Measurement 2: many docs, every client writing. `docs` docs × `perDoc` clients; each client
 * keeps at most `window` of its own updates in flight, where an update is done once every
 * other client of its doc has received it (closed loop, the same definition for all three
 * servers). Throughput = updates done per second; each done update is `perDoc − 1` receipts.
 * Acks are counted separately: Cunwu's durable ack (after the SQLite commit) and Hocuspocus's
 * SyncStatus (after the in-memory apply); the y-websocket reference has none.
 */
import { performance } from 'node:perf_hooks'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { BenchClient, closeAll } from './client.js'
import { percentile, sortedCopy } from './report.js'
import type { RunningServer } from './servers.js'

export type SustainedResult = {
  updatesPerSec: number
  receiptsPerSec: number
  doneP50: number
  doneP99: number
  ackedPerSec: number | null
  ackP50: number | null
  ackP99: number | null
  serverCpuMs: number
  clientCpuMs: number
}

type Writer = {
  doc: Y.Doc
  array: Y.Array<number>
  client: BenchClient
  sendTimes: number[]
  /** seen[p] = how many of this writer's updates peer p (index in the doc) has received. */
  seen: Int32Array
  done: number
  acked: number
}

const DRAIN_MS = 10_000

export async function sustained(
  server: RunningServer,
  docName: (i: number) => string,
  docs: number,
  perDoc: number,
  durationMs: number,
  window: number,
  durable = server.kind === 'cunwu',
): Promise<SustainedResult> {
  const groups: Writer[][] = []
  const doneLatencies: number[] = []
  const ackLatencies: number[] = []
  let measuring = false
  let endAt = Number.POSITIVE_INFINITY
  let doneInWindow = 0
  let ackedInWindow = 0

  const pump = (w: Writer) => {
    while (w.sendTimes.length - 1 - w.done < window && performance.now() < endAt) {
      w.sendTimes.push(performance.now())
      w.array.push([w.sendTimes.length - 1])
    }
  }

  const onPeerUpdate = (group: Writer[], peer: number, update: Uint8Array, at: number) => {
    const to = Y.parseUpdateMeta(update).to
    for (const w of group) {
      const clock = to.get(w.doc.clientID)
      if (clock === undefined || clock <= (w.seen[peer] as number)) continue
      w.seen[peer] = clock
      let min = Number.POSITIVE_INFINITY
      for (let p = 0; p < group.length; p++) if (group[p] !== w) min = Math.min(min, w.seen[p] as number)
      while (w.done < min) {
        w.done++
        if (measuring && at <= endAt) {
          doneInWindow++
          doneLatencies.push(at - (w.sendTimes[w.done] as number))
        }
      }
      pump(w)
    }
  }

  const onAck = (w: Writer, stateVector: Uint8Array | null, at: number) => {
    const acked = stateVector ? ackedClock(stateVector, w.doc.clientID) : w.acked + 1
    while (w.acked < Math.min(acked, w.sendTimes.length - 1)) {
      w.acked++
      if (measuring && at <= endAt) {
        ackedInWindow++
        ackLatencies.push(at - (w.sendTimes[w.acked] as number))
      }
    }
  }

  for (let d = 0; d < docs; d++) {
    const group: Writer[] = []
    for (let p = 0; p < perDoc; p++) {
      const doc = new Y.Doc()
      const w: Writer = {
        doc,
        array: doc.getArray<number>('seq'),
        client: new BenchClient(server.dialect, docName(d), {
          onUpdate: (update, at) => onPeerUpdate(group, p, update, at),
          onAck: (sv, at) => onAck(w, sv, at),
        }),
        sendTimes: [0],
        seen: new Int32Array(perDoc),
        done: 0,
        acked: 0,
      }
      doc.on('update', (update: Uint8Array) => w.client.sendUpdate(update))
      group.push(w)
    }
    groups.push(group)
    await Promise.all(group.map((w) => w.client.sync()))
  }
  const all = groups.flat()
  if (durable) for (const w of all) w.client.subscribeDurable()

  const cpu0 = server.cpuMs()
  const clientCpu0 = process.cpuUsage()
  measuring = true
  const start = performance.now()
  endAt = start + durationMs
  for (const w of all) pump(w)
  await new Promise((resolve) => setTimeout(resolve, durationMs))
  const serverCpuMs = server.cpuMs() - cpu0
  const clientCpu = process.cpuUsage(clientCpu0)
  // Let what is in flight arrive, so the next measurement starts from a quiet server.
  const drainUntil = performance.now() + DRAIN_MS
  while (performance.now() < drainUntil && all.some((w) => w.done < w.sendTimes.length - 1)) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await closeAll(all.map((w) => w.client))
  for (const w of all) w.doc.destroy()

  const seconds = durationMs / 1000
  const doneSorted = sortedCopy(doneLatencies)
  const ackSorted = sortedCopy(ackLatencies)
  const hasAcks = durable || server.kind === 'hocus' || server.kind === 'hocus4'
  return {
    updatesPerSec: doneInWindow / seconds,
    receiptsPerSec: (doneInWindow * (perDoc - 1)) / seconds,
    doneP50: percentile(doneSorted, 50),
    doneP99: percentile(doneSorted, 99),
    ackedPerSec: hasAcks ? ackedInWindow / seconds : null,
    ackP50: hasAcks ? percentile(ackSorted, 50) : null,
    ackP99: hasAcks ? percentile(ackSorted, 99) : null,
    serverCpuMs,
    clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
  }
}

/** The clock of `client` in an encoded state vector (Cunwu's durable ack). */
function ackedClock(stateVector: Uint8Array, client: number): number {
  const decoder = decoding.createDecoder(stateVector)
  const count = decoding.readVarUint(decoder)
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    if (id === client) return clock
  }
  return 0
}
