/**
 * Measurement 1: one writer, N observers on one doc.
 *
 * The writer's Y.Doc pushes one number per update to a Y.Array, so after k updates its clock
 * is exactly k; an observer reads the writer's clock from each update it receives
 * (Y.parseUpdateMeta, ~1 µs, no Y.Doc needed) and so knows every sequence number it covers,
 * even when a server merges several updates into one frame (Cunwu does, per event-loop turn).
 * Delivery latency of update k at an observer = receipt time − the writer's send time of k,
 * both performance.now() in this process.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { BenchClient, closeAll, openClients } from './client.js'
import { percentile, sortedCopy } from './report.js'
import type { RunningServer } from './servers.js'

/** `firstP50`: median over updates of the first observer's latency (the server's own delay, before its fan-out spread). */
export type PacedResult = { p50: number; p99: number; max: number; firstP50: number; missing: number; serverCpuMs: number }
export type BurstResult = {
  receiptsPerSec: number
  seconds: number
  missing: number
  serverCpuMs: number
  clientCpuMs: number
}

const DONE_GRACE_MS = 30_000

/** A writer and its observers on one doc, reusable for a paced run followed by a burst. */
export class FanoutSession {
  private readonly doc = new Y.Doc()
  private readonly array = this.doc.getArray<number>('seq')
  private sendTimes: number[] = [0]
  private lastSeen: Int32Array = new Int32Array(0)
  private onReceipt: ((observer: number, from: number, to: number, at: number) => void) | null = null

  private constructor(
    readonly writer: BenchClient,
    private observers: BenchClient[],
  ) {}

  /** `durable`: the writer subscribes to Cunwu's durable acks (on by default: the product's promise). */
  static async open(
    server: RunningServer,
    docName: string,
    observerCount: number,
    durable = server.kind === 'cunwu',
  ): Promise<FanoutSession> {
    const writer = new BenchClient(server.dialect, docName)
    await writer.sync()
    if (durable) writer.subscribeDurable()
    const session = new FanoutSession(writer, [])
    session.lastSeen = new Int32Array(observerCount)
    session.observers = await openClients(observerCount, (i) =>
      new BenchClient(server.dialect, docName, { onUpdate: (update, at) => session.receive(i, update, at) }),
    )
    session.doc.on('update', (update: Uint8Array) => writer.sendUpdate(update))
    return session
  }

  private receive(observer: number, update: Uint8Array, at: number): void {
    const to = Y.parseUpdateMeta(update).to.get(this.doc.clientID)
    const from = this.lastSeen[observer] as number
    if (to === undefined || to <= from) return
    this.lastSeen[observer] = to
    this.onReceipt?.(observer, from, to, at)
  }

  private get sent(): number {
    return this.sendTimes.length - 1
  }

  private push(): void {
    this.sendTimes.push(performance.now())
    this.array.push([this.sent])
  }

  /** Waits until every observer has seen update `target`, or gives up after `limitMs`. */
  private waitAll(target: number, limitMs: number): Promise<number> {
    return new Promise((resolve) => {
      let lastAt = performance.now()
      const check = () => this.lastSeen.every((s) => s >= target)
      const finish = () => {
        clearTimeout(timer)
        this.onReceipt = null
        resolve(lastAt)
      }
      const timer = setTimeout(finish, limitMs)
      const previous = this.onReceipt
      this.onReceipt = (o, from, to, at) => {
        previous?.(o, from, to, at)
        lastAt = at
        if (to >= target && check()) finish()
      }
      if (check()) finish()
    })
  }

  private missing(target: number): number {
    let n = 0
    for (const s of this.lastSeen) n += Math.max(0, target - s)
    return n
  }

  /** `count` updates, one per `intervalMs`; the first `warmup` are not counted. */
  async paced(server: RunningServer, count: number, intervalMs: number, warmup: number): Promise<PacedResult> {
    const base = this.sent
    const latencies: number[] = []
    const first = new Float64Array(count).fill(Infinity)
    this.onReceipt = (_o, from, to, at) => {
      for (let k = Math.max(from, base + warmup) + 1; k <= to; k++) {
        const latency = at - (this.sendTimes[k] as number)
        latencies.push(latency)
        if (latency < (first[k - base - 1] as number)) first[k - base - 1] = latency
      }
    }
    const cpu0 = server.cpuMs()
    const start = performance.now()
    for (let i = 0; i < count; i++) {
      const due = start + i * intervalMs
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      this.push()
    }
    await this.waitAll(base + count, DONE_GRACE_MS)
    const serverCpuMs = server.cpuMs() - cpu0
    this.onReceipt = null
    const sorted = sortedCopy(latencies)
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
      firstP50: percentile(sortedCopy(first.subarray(warmup).filter(Number.isFinite)), 50),
      missing: this.missing(base + count),
      serverCpuMs,
    }
  }

  /** `count` updates sent back to back in one synchronous loop. */
  async burst(server: RunningServer, count: number): Promise<BurstResult> {
    const base = this.sent
    const cpu0 = server.cpuMs()
    const clientCpu0 = process.cpuUsage()
    const start = performance.now()
    for (let i = 0; i < count; i++) this.push()
    const limit = DONE_GRACE_MS + count * 20
    const lastAt = await this.waitAll(base + count, limit)
    const seconds = (lastAt - start) / 1000
    const missing = this.missing(base + count)
    const clientCpu = process.cpuUsage(clientCpu0)
    return {
      receiptsPerSec: (count * this.observers.length - missing) / seconds,
      seconds,
      missing,
      serverCpuMs: server.cpuMs() - cpu0,
      clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
    }
  }

  async close(): Promise<void> {
    await closeAll([this.writer, ...this.observers])
    this.doc.destroy()
  }
}
