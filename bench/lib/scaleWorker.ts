/**
 * bench:scale load generator, run as a child process (`fork`, IPC with advanced serialization)
 * so that 1,000 sockets are driven by more than one event loop.
 *
 * A worker owns whole docs: all `perDoc` clients of each of its docs live here, so "delivered to
 * every other client of the doc" and the writer's send time are both read from this process's
 * performance.now(). Client k of global doc d connects to relay (d·perDoc + k) mod relays, so a
 * doc's clients sit on different relays as soon as there is more than one.
 *
 * Every client is a writer with its own small Y.Doc. Clients 1…4 of a doc hold only their own
 * edits (they never apply what they receive: they only read the writer clocks out of each update
 * with Y.parseUpdateMeta). Client 0 of each doc is a full replica: it applies everything it
 * receives and edits on top of it (overwrites the others' map keys, inserts next to their text),
 * so its updates depend causally on items written through other relays. An edit is a Y.Map set or a Y.Text insert of 3–6 characters; after it the
 * writer's clock is read with Y.getState, so edit i is delivered to peer p once p has seen that
 * writer's clock ≥ end[i] — exact also when the relay merges several updates into one frame.
 * Every client subscribes to durable acks; edit i is acked once the ack's state vector covers
 * end[i].
 *
 * After the edits stop and what is in flight has drained, every doc is read back through one
 * fresh socket per relay (sync step 2) and its state vector is compared with the writers' final
 * clocks: a relay whose copy lacks something is reported as divergent.
 */
import * as decoding from 'lib0/decoding'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { BenchClient, closeAll } from './client.js'
import { plainDialect, type Dialect } from './dialect.js'
import { withTimeout } from './withTimeout.js'

export type WorkerJob = {
  /** ws base (ws://127.0.0.1:port) and bearer token per relay. */
  relays: { base: string; token: string }[]
  villageId: string
  /** Global doc indexes this worker owns. */
  docs: number[]
  perDoc: number
  /** 'poisson': exponential gaps with this mean; 'fixed': this period, random phase. */
  mode: 'poisson' | 'fixed'
  intervalMs: number
  warmupMs: number
  windowMs: number
  drainMs: number
}

export type Divergence = { doc: string; relay: number; writer: number; expected: number; actual: number }

export type WorkerResult = {
  /** Edits sent inside the window. */
  sentInWindow: number
  /** Edits whose delivery to all peers happened inside the window (whenever sent). */
  deliveredInWindow: number
  ackedInWindow: number
  /** Writer send → last peer receipt, for edits sent inside the window. */
  latencies: Float64Array
  /** Writer send → durable ack, for edits sent inside the window. */
  ackLatencies: Float64Array
  /** Edits (any time) not delivered to every peer when the drain ended. */
  undelivered: number
  /** Edits (any time) not durably acked when the drain ended. */
  unacked: number
  sentTotal: number
  receipts: number
  /** Load-generator CPU during the window, ms. */
  cpuMs: number
  /** Largest lag of the edit scheduler behind its plan, ms (load generator saturated if large). */
  maxLagMs: number
  divergentDocs: number
  divergences: Divergence[]
  /** Docs whose read-back failed (socket error) — not counted as divergent. */
  readBackFailures: number
  /** Per doc, every writer's final [clientID, clock]: what storage must hold. */
  expected: { doc: string; clocks: [number, number][] }[]
}

export type ToWorker = { type: 'job'; job: WorkerJob } | { type: 'go' }
export type FromWorker =
  | { type: 'ready'; connectMs: number }
  | { type: 'result'; result: WorkerResult }
  | { type: 'error'; message: string }

type Writer = {
  doc: Y.Doc
  map: Y.Map<string>
  text: Y.Text
  id: number
  client: BenchClient
  /** end[i] = the writer's clock after edit i; sent[i] its send time. */
  end: number[]
  sent: number[]
  /** seen[p] = this writer's clock as seen by peer p (index in the doc). */
  seen: Float64Array
  delivered: number
  acked: number
  nextAt: number
  /** Applies what it receives (client 0 of each doc). */
  full: boolean
}

const RECEIVED = Symbol('received')

const CONNECT_BATCH = 50
const READ_BACK_TIMEOUT_MS = 10_000
const TICK_MS = 2
const ALPHABET = '村务协同议事公开网格台账abcdefghijklmnopqrstuvwxyz0123456789'

const send = (message: FromWorker) => process.send?.(message)

let job: WorkerJob | null = null
const groups: Writer[][] = []
let dialects: Dialect[] = []

process.on('message', (message: ToWorker) => {
  const run = message.type === 'job' ? setup(message.job) : go()
  run.catch((err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  })
})
process.on('disconnect', () => process.exit(0))
process.on('uncaughtException', (err) => {
  send({ type: 'error', message: `uncaught: ${err.stack ?? err.message}` })
  setTimeout(() => process.exit(1), 100)
})

const docName = (j: WorkerJob, d: number) => `${j.villageId}/minutes/scale${d}`

async function setup(j: WorkerJob): Promise<void> {
  job = j
  dialects = j.relays.map((r) => plainDialect('cunwu', r.base, r.token))
  const began = performance.now()
  for (let start = 0; start < j.docs.length; start += CONNECT_BATCH / j.perDoc) {
    const batch = j.docs.slice(start, start + CONNECT_BATCH / j.perDoc)
    const opened: Writer[][] = batch.map((d) => openDoc(j, d))
    groups.push(...opened)
    await withTimeout(Promise.all(opened.flat().map((w) => w.client.sync())), 30_000)
  }
  for (const w of groups.flat()) w.client.subscribeDurable()
  send({ type: 'ready', connectMs: performance.now() - began })
}

function openDoc(j: WorkerJob, d: number): Writer[] {
  const group: Writer[] = []
  for (let p = 0; p < j.perDoc; p++) {
    const doc = new Y.Doc()
    const relay = (d * j.perDoc + p) % j.relays.length
    const w: Writer = {
      doc,
      map: doc.getMap<string>('m'),
      text: doc.getText('t'),
      id: doc.clientID,
      client: new BenchClient(dialects[relay] as Dialect, docName(j, d), {
        onUpdate: (update, at) => onPeerUpdate(group, p, update, at),
        onAck: (sv, at) => sv && onAck(w, sv, at),
      }),
      end: [],
      sent: [],
      seen: new Float64Array(j.perDoc),
      delivered: 0,
      acked: 0,
      nextAt: 0,
      full: p === 0,
    }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== RECEIVED) w.client.sendUpdate(update)
    })
    group.push(w)
  }
  return group
}

// Window bounds (performance.now()); edits stop at windowEnd.
let windowStart = Number.POSITIVE_INFINITY
let windowEnd = Number.POSITIVE_INFINITY
const latencies: number[] = []
const ackLatencies: number[] = []
let deliveredInWindow = 0
let ackedInWindow = 0
let receipts = 0

const inWindow = (t: number) => t >= windowStart && t < windowEnd

function onPeerUpdate(group: Writer[], peer: number, update: Uint8Array, at: number): void {
  receipts++
  const self = group[peer] as Writer
  if (self.full) Y.applyUpdate(self.doc, update, RECEIVED)
  const to = Y.parseUpdateMeta(update).to
  for (const w of group) {
    const clock = to.get(w.id)
    if (clock === undefined || clock <= (w.seen[peer] as number)) continue
    w.seen[peer] = clock
    let min = Number.POSITIVE_INFINITY
    for (let p = 0; p < group.length; p++) if (group[p] !== w) min = Math.min(min, w.seen[p] as number)
    while (w.delivered < w.end.length && (w.end[w.delivered] as number) <= min) {
      const sentAt = w.sent[w.delivered] as number
      w.delivered++
      if (inWindow(at)) deliveredInWindow++
      if (inWindow(sentAt)) latencies.push(at - sentAt)
    }
  }
}

function onAck(w: Writer, stateVector: Uint8Array, at: number): void {
  const clock = clockOf(stateVector, w.id)
  while (w.acked < w.end.length && (w.end[w.acked] as number) <= clock) {
    const sentAt = w.sent[w.acked] as number
    w.acked++
    if (inWindow(at)) ackedInWindow++
    if (inWindow(sentAt)) ackLatencies.push(at - sentAt)
  }
}

function clockOf(stateVector: Uint8Array, client: number): number {
  const decoder = decoding.createDecoder(stateVector)
  const count = decoding.readVarUint(decoder)
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    if (id === client) return clock
  }
  return 0
}

function randomText(length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)]
  return s
}

function edit(w: Writer): void {
  const at = performance.now()
  w.sent.push(at)
  if (Math.random() < 0.5) {
    w.map.set(`k${Math.floor(Math.random() * 8)}`, randomText(4))
  } else {
    w.text.insert(Math.floor(Math.random() * (w.text.length + 1)), randomText(3 + Math.floor(Math.random() * 4)))
  }
  w.end.push(Y.getState(w.doc.store, w.id))
}

const gap = (j: WorkerJob) => (j.mode === 'poisson' ? -Math.log(1 - Math.random()) * j.intervalMs : j.intervalMs)

async function go(): Promise<void> {
  const j = job
  if (!j) throw new Error('go before job')
  const all = groups.flat()
  const t0 = performance.now()
  windowStart = t0 + j.warmupMs
  windowEnd = windowStart + j.windowMs
  for (const w of all) w.nextAt = t0 + (j.mode === 'poisson' ? gap(j) : Math.random() * j.intervalMs)
  let maxLagMs = 0
  let cpuStart: NodeJS.CpuUsage | null = null
  let cpuMs = 0
  let sentInWindow = 0
  // One scheduler for all clients: cheaper than a timer each.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      if (cpuStart === null && now >= windowStart) cpuStart = process.cpuUsage()
      if (now >= windowEnd) {
        const used = process.cpuUsage(cpuStart ?? undefined)
        cpuMs = (used.user + used.system) / 1000
        resolve()
        return
      }
      for (const w of all) {
        if (w.nextAt > now) continue
        maxLagMs = Math.max(maxLagMs, now - w.nextAt)
        if (inWindow(now)) sentInWindow++
        edit(w)
        // Fixed period keeps its rate when late, but never bursts more than one period behind.
        w.nextAt = Math.max(w.nextAt + gap(j), j.mode === 'fixed' ? now - j.intervalMs : now)
      }
      setTimeout(tick, TICK_MS)
    }
    tick()
  })
  const drainUntil = performance.now() + j.drainMs
  const pending = () => all.some((w) => w.delivered < w.end.length || w.acked < w.end.length)
  while (pending() && performance.now() < drainUntil) await sleep(50)
  let undelivered = 0
  let unacked = 0
  let sentTotal = 0
  for (const w of all) {
    undelivered += w.end.length - w.delivered
    unacked += w.end.length - w.acked
    sentTotal += w.end.length
  }
  const check = await readBack(j)
  const expected = groups.map((group, i) => ({
    doc: docName(j, j.docs[i] as number),
    clocks: group.map((w): [number, number] => [w.id, Y.getState(w.doc.store, w.id)]),
  }))
  await closeAll(all.map((w) => w.client))
  for (const w of all) w.doc.destroy()
  const result: WorkerResult = {
    sentInWindow,
    deliveredInWindow,
    ackedInWindow,
    latencies: Float64Array.from(latencies),
    ackLatencies: Float64Array.from(ackLatencies),
    undelivered,
    unacked,
    sentTotal,
    receipts,
    cpuMs,
    maxLagMs,
    ...check,
    expected,
  }
  send({ type: 'result', result })
}

/** Reads every doc back from every relay and compares its state vector with the writers' clocks. */
async function readBack(j: WorkerJob): Promise<Pick<WorkerResult, 'divergentDocs' | 'divergences' | 'readBackFailures'>> {
  const divergences: Divergence[] = []
  const divergent = new Set<string>()
  const failed = new Set<string>()
  const perBatch = Math.max(1, Math.floor(CONNECT_BATCH / j.relays.length))
  for (let start = 0; start < groups.length; start += perBatch) {
    const batch = groups.slice(start, start + perBatch).map((group, i) => ({ group, d: j.docs[start + i] as number }))
    await Promise.all(
      batch.flatMap(({ group, d }) =>
        dialects.map(async (dialect, r) => {
          const name = docName(j, d)
          const reader = new BenchClient(dialect, name)
          try {
            const state = await withTimeout(reader.sync(), READ_BACK_TIMEOUT_MS)
            const to = Y.parseUpdateMeta(state).to
            for (const [k, w] of group.entries()) {
              const expected = Y.getState(w.doc.store, w.id)
              const actual = to.get(w.id) ?? 0
              if (actual !== expected) {
                divergent.add(name)
                if (divergences.length < 20) divergences.push({ doc: name, relay: r, writer: k, expected, actual })
              }
            }
          } catch {
            failed.add(name)
          } finally {
            await reader.close()
          }
        }),
      ),
    )
  }
  return { divergentDocs: divergent.size, divergences, readBackFailures: failed.size }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
