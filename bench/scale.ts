/**
 * `npm run bench:scale [-- --quick] [-- --relays=1,2,4] [-- --variants=paced,busy]
 *  [-- --store=auto|postgres|sqlite] [-- --workers=2]`
 *
 * Scale-out of Cunwu's relay: 1, 2 and 4 relay processes on one store (PostgreSQL, or a shared
 * SQLite file until the relay has PostgreSQL) and one Redis, 200 docs × 5 clients spread over
 * the relays round-robin, every client editing. Prints one table per variant with a column per
 * relay count and ratio rows against 1 relay. See bench/README.md, "bench:scale".
 */
import { type ChildProcess, fork } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { BenchClient } from './lib/client.js'
import { percentile, sortedCopy } from './lib/report.js'
import {
  cpuByPid,
  cpuDelta,
  createDatabase,
  machineCpu,
  databaseSummary,
  dropAllDatabases,
  dropDatabase,
  pgUrl,
  pidsByName,
  REDIS_URL,
  relaySupportsPostgres,
} from './lib/scaleInfra.js'
import { formatGrid, type GridRow, ratios } from './lib/scaleReport.js'
import type { Divergence, FromWorker, ToWorker, WorkerJob, WorkerResult } from './lib/scaleWorker.js'
import { withTimeout } from './lib/withTimeout.js'
import { killAllChildren, type RunningServer, startServer } from './lib/servers.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const WORKER = fileURLToPath(new URL('./lib/scaleWorker.ts', import.meta.url))

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const arg = (name: string): string | null => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? null

const VARIANTS = {
  paced: { title: 'realistic: each client edits on average every 2 s (Poisson)', mode: 'poisson', intervalMs: 2000 },
  busy: { title: 'busy: every client edits every 200 ms (throughput ceiling)', mode: 'fixed', intervalMs: 200 },
} as const
type Variant = keyof typeof VARIANTS

const relayCounts = (arg('relays') ?? '1,2,4').split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 8)
const variants = (arg('variants') ?? 'paced,busy').split(',').filter((v): v is Variant => v in VARIANTS)
const workerCount = Math.max(1, Math.min(4, Number(arg('workers') ?? 2)))
const storeArg = arg('store') ?? 'auto'
const pgReady = relaySupportsPostgres(ROOT)
const store: 'postgres' | 'sqlite' = storeArg === 'sqlite' ? 'sqlite' : storeArg === 'postgres' || pgReady ? 'postgres' : 'sqlite'

const P = quick
  ? { docs: 40, perDoc: 5, paced: { warmupMs: 2000, windowMs: 5000 }, busy: { warmupMs: 1500, windowMs: 3000 }, drainMs: 5000 }
  : { docs: 200, perDoc: 5, paced: { warmupMs: 5000, windowMs: 20_000 }, busy: { warmupMs: 3000, windowMs: 10_000 }, drainMs: 8000 }
const RESULT_TIMEOUT_MS = 60_000
const compactRows = arg('compact-rows')

const workDir = mkdtempSync(join(tmpdir(), 'cunwu-scale-'))
const workers = new Set<ChildProcess>()
let runCount = 0

function killEverything(): void {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL')
  workers.clear()
  killAllChildren()
  rmSync(workDir, { recursive: true, force: true })
}
process.on('exit', killEverything)
async function abort(code: number, err?: unknown): Promise<never> {
  if (err) console.error('bench:scale failed:', err)
  killEverything()
  await Promise.race([dropAllDatabases(), sleep(5000)])
  process.exit(code)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abort(130))
process.on('uncaughtException', (err) => void abort(1, err))
process.on('unhandledRejection', (err) => void abort(1, err))

const progress = (message: string) => process.stderr.write(`[bench:scale] ${message}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Measured = {
  relays: number
  connectMs: number
  offeredPerSec: number
  deliveredPerSec: number
  ackedPerSec: number
  p50: number
  p99: number
  ackP50: number
  ackP99: number
  undelivered: number
  unacked: number
  sentTotal: number
  relayCpuMs: number
  /** Busy share of all cores over the window, 0–100. */
  machineBusyPct: number
  relayRssMiB: number
  pgCpuMs: number
  redisCpuMs: number
  loadCpuMs: number
  maxLagMs: number
  divergentDocs: number
  divergences: Divergence[]
  readBackFailures: number
  storeCheck: string
  /** Docs that a relay started afresh on the same store after the run does not hold completely. */
  incompleteInStorage: number
  storageDetails: string[]
}

class WorkerHandle {
  private readonly child: ChildProcess
  private waiters: Array<{ type: FromWorker['type']; resolve: (m: FromWorker) => void; reject: (e: Error) => void }> = []

  constructor(index: number) {
    this.child = fork(WORKER, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    workers.add(this.child)
    this.child.on('message', (m: FromWorker) => {
      if (m.type === 'error') return this.failAll(new Error(`load worker ${index}: ${m.message}`))
      const i = this.waiters.findIndex((w) => w.type === m.type)
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(m)
    })
    this.child.once('exit', (code, signal) => {
      workers.delete(this.child)
      this.failAll(new Error(`load worker ${index} exited (code ${code}, signal ${signal})`))
    })
  }

  private failAll(err: Error): void {
    for (const w of this.waiters.splice(0)) w.reject(err)
  }

  send(message: ToWorker): void {
    if (!this.child.connected) throw new Error('load worker exited before its job was sent')
    this.child.send(message)
  }

  next<T extends FromWorker['type']>(type: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load worker: no ${type} within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer)
          resolve(m as Extract<FromWorker, { type: T }>)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
    })
  }

  stop(): void {
    this.child.disconnect()
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref()
  }
}

async function startRelays(n: number, env: Record<string, string>, dataDir: (i: number) => string): Promise<RunningServer[]> {
  const relays: RunningServer[] = []
  // The first relay creates the admin and the village; the others join the same store.
  const first = await startServer('cunwu', { dataDir: dataDir(0), env })
  relays.push(first)
  for (let i = 1; i < n; i++) relays.push(await startServer('cunwu', { dataDir: dataDir(i), env, villageId: first.villageId }))
  return relays
}

async function measure(variant: Variant, n: number): Promise<Measured> {
  const run = ++runCount
  const v = VARIANTS[variant]
  const timing = P[variant]
  const dbName = `cunwu_bench_${process.pid}_${run}`
  const env: Record<string, string> = { REDIS_URL }
  if (compactRows) env.COMPACT_ROWS = compactRows
  let dataDir: (i: number) => string
  if (store === 'postgres') {
    await createDatabase(dbName)
    env.DATABASE_URL = pgUrl(dbName)
    dataDir = (i) => join(workDir, `run${run}-relay${i}`)
  } else {
    const shared = join(workDir, `run${run}-shared`)
    mkdirSync(shared, { recursive: true })
    dataDir = () => shared
  }
  let relays: RunningServer[] = []
  const handles: WorkerHandle[] = []
  try {
    progress(`${variant}, ${n} relay(s): starting relays`)
    relays = await startRelays(n, env, dataDir)
    const first = relays[0] as RunningServer
    const relayInfo = relays.map((r) => ({ base: `ws://127.0.0.1:${r.port}`, token: r.token ?? '' }))
    const docs = Array.from({ length: P.docs }, (_, d) => d)
    progress(`${variant}, ${n} relay(s): connecting ${P.docs * P.perDoc} clients from ${workerCount} load worker(s)`)
    const connectStart = performance.now()
    for (let w = 0; w < workerCount; w++) {
      const handle = new WorkerHandle(w)
      handles.push(handle)
      const job: WorkerJob = {
        relays: relayInfo,
        villageId: first.villageId,
        docs: docs.filter((d) => d % workerCount === w),
        perDoc: P.perDoc,
        mode: v.mode,
        intervalMs: v.intervalMs,
        warmupMs: timing.warmupMs,
        windowMs: timing.windowMs,
        drainMs: P.drainMs,
      }
      handle.send({ type: 'job', job })
    }
    await Promise.all(handles.map((h) => h.next('ready', 60_000)))
    const connectMs = performance.now() - connectStart

    progress(`${variant}, ${n} relay(s): editing (${timing.warmupMs / 1000} s warm-up + ${timing.windowMs / 1000} s measured)`)
    const results = handles.map((h) => h.next('result', timing.warmupMs + timing.windowMs + P.drainMs + RESULT_TIMEOUT_MS))
    for (const h of handles) h.send({ type: 'go' })
    await sleep(timing.warmupMs)
    const servicePids = { pg: pidsByName(['postgres']), redis: pidsByName(['redis-server']) }
    const relayCpu0 = relays.map((r) => r.cpuMs())
    const pg0 = cpuByPid(servicePids.pg)
    const redis0 = cpuByPid(servicePids.redis)
    const machine0 = machineCpu()
    await sleep(timing.windowMs)
    const machine1 = machineCpu()
    const machineBusyPct = (100 * (machine1.busy - machine0.busy)) / Math.max(1, machine1.total - machine0.total)
    const relayCpuMs = relays.reduce((sum, r, i) => sum + r.cpuMs() - (relayCpu0[i] as number), 0)
    const pgCpuMs = cpuDelta(pg0, cpuByPid(pidsByName(['postgres'])))
    const redisCpuMs = cpuDelta(redis0, cpuByPid(servicePids.redis))
    const relayRssMiB = relays.reduce((sum, r) => sum + r.rssKiB(), 0) / 1024
    progress(`${variant}, ${n} relay(s): draining and reading every doc back from every relay`)
    const parts = (await Promise.all(results)).map((m) => m.result)

    // What was acked must be in storage: stop every relay (graceful: flush + compact), start a
    // fresh one on the same store and read every doc back from it.
    progress(`${variant}, ${n} relay(s): restarting one relay on the same store, reading every doc back from storage`)
    await Promise.all(relays.map((r) => r.stop()))
    relays = [await startServer('cunwu', { dataDir: dataDir(0), env, villageId: first.villageId })]
    const storage = await readBackFromStorage(relays[0] as RunningServer, parts.flatMap((p) => p.expected))

    let storeCheck = `shared SQLite (${n} process${n > 1 ? 'es' : ''}, WAL)`
    if (store === 'postgres') {
      const summary = await databaseSummary(dbName)
      storeCheck = summary.tables > 0 ? `PostgreSQL: ${summary.tables} tables in ${dbName}` : `PostgreSQL database ${dbName} has NO tables: relays did not use it`
    }
    return summarize(n, connectMs, parts, timing.windowMs, { relayCpuMs, machineBusyPct, relayRssMiB, pgCpuMs, redisCpuMs, storeCheck, ...storage })
  } finally {
    for (const h of handles) h.stop()
    await Promise.all(relays.map((r) => r.stop()))
    if (store === 'postgres') await dropDatabase(dbName).catch((err: unknown) => progress(`drop ${dbName} failed: ${String(err)}`))
  }
}

async function readBackFromStorage(
  relay: RunningServer,
  expected: WorkerResult['expected'],
): Promise<Pick<Measured, 'incompleteInStorage' | 'storageDetails'>> {
  let incomplete = 0
  const details: string[] = []
  for (let start = 0; start < expected.length; start += 50) {
    await Promise.all(
      expected.slice(start, start + 50).map(async ({ doc, clocks }) => {
        const reader = new BenchClient(relay.dialect, doc)
        try {
          const to = Y.parseUpdateMeta(await withTimeout(reader.sync(), 10_000)).to
          const short = clocks.filter(([id, clock]) => (to.get(id) ?? 0) < clock)
          if (short.length > 0) {
            incomplete++
            if (details.length < 5) details.push(`${doc}: ${short.map(([id, clock]) => `client ${id} stored ${to.get(id) ?? 0} < ${clock}`).join(', ')}`)
          }
        } catch (err) {
          incomplete++
          if (details.length < 5) details.push(`${doc}: read-back failed: ${err instanceof Error ? err.message : String(err)}`)
        } finally {
          await reader.close()
        }
      }),
    )
  }
  return { incompleteInStorage: incomplete, storageDetails: details }
}

function summarize(
  relays: number,
  connectMs: number,
  parts: WorkerResult[],
  windowMs: number,
  server: Pick<Measured, 'relayCpuMs' | 'machineBusyPct' | 'relayRssMiB' | 'pgCpuMs' | 'redisCpuMs' | 'storeCheck' | 'incompleteInStorage' | 'storageDetails'>,
): Measured {
  const sum = (get: (r: WorkerResult) => number) => parts.reduce((s, r) => s + get(r), 0)
  const concat = (get: (r: WorkerResult) => Float64Array) => {
    const out = new Float64Array(sum((r) => get(r).length))
    let at = 0
    for (const r of parts) {
      out.set(get(r), at)
      at += get(r).length
    }
    return sortedCopy(out)
  }
  const latencies = concat((r) => r.latencies)
  const acks = concat((r) => r.ackLatencies)
  const seconds = windowMs / 1000
  return {
    relays,
    connectMs,
    offeredPerSec: sum((r) => r.sentInWindow) / seconds,
    deliveredPerSec: sum((r) => r.deliveredInWindow) / seconds,
    ackedPerSec: sum((r) => r.ackedInWindow) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    undelivered: sum((r) => r.undelivered),
    unacked: sum((r) => r.unacked),
    sentTotal: sum((r) => r.sentTotal),
    loadCpuMs: sum((r) => r.cpuMs),
    maxLagMs: Math.max(...parts.map((r) => r.maxLagMs)),
    divergentDocs: sum((r) => r.divergentDocs),
    divergences: parts.flatMap((r) => r.divergences),
    readBackFailures: sum((r) => r.readBackFailures),
    ...server,
  }
}

function printVariant(variant: Variant, results: (Measured | null)[]): void {
  const v = VARIANTS[variant]
  const timing = P[variant]
  const windowMs = timing.windowMs
  const columns = relayCounts.map((n) => `${n} relay${n > 1 ? 's' : ''}`)
  const get = (f: (m: Measured) => number) => results.map((m) => (m ? f(m) : null))
  const pctCore = (ms: number) => (ms / windowMs) * 100
  const throughput = get((m) => m.deliveredPerSec)
  const cpuPerUpdate = get((m) => (m.relayCpuMs * 1000) / Math.max(1, m.deliveredPerSec * (windowMs / 1000)))
  const rows: GridRow[] = [
    { label: 'offered edits/s', better: 'info', digits: 0, values: get((m) => m.offeredPerSec) },
    { label: 'delivered updates/s (to all 4 peers)', better: 'higher', digits: 0, values: throughput },
    { label: 'scaling: delivered ÷ 1 relay', better: 'higher', ratio: true, values: ratios(throughput) },
    { label: 'end-to-end p50 ms', better: 'lower', digits: 1, values: get((m) => m.p50) },
    { label: 'end-to-end p99 ms', better: 'lower', digits: 1, values: get((m) => m.p99) },
    { label: 'p99 ÷ 1 relay', better: 'lower', ratio: true, values: ratios(get((m) => m.p99)) },
    { label: 'durably acked updates/s', better: 'higher', digits: 0, values: get((m) => m.ackedPerSec) },
    { label: 'durable ack p50 ms', better: 'lower', digits: 1, values: get((m) => m.ackP50) },
    { label: 'durable ack p99 ms', better: 'lower', digits: 1, values: get((m) => m.ackP99) },
    { label: 'relay CPU, sum, % of one core', better: 'info', digits: 0, values: get((m) => pctCore(m.relayCpuMs)) },
    { label: 'relay CPU µs / delivered update', better: 'lower', digits: 0, values: cpuPerUpdate },
    { label: 'relay CPU per update ÷ 1 relay', better: 'lower', ratio: true, values: ratios(cpuPerUpdate) },
    { label: 'relay RSS, sum, MiB', better: 'lower', digits: 0, values: get((m) => m.relayRssMiB) },
    { label: `${store === 'postgres' ? 'PostgreSQL' : '(PostgreSQL, unused)'} CPU % of one core`, better: 'info', digits: 0, values: get((m) => pctCore(m.pgCpuMs)) },
    { label: 'Redis CPU % of one core', better: 'info', digits: 0, values: get((m) => pctCore(m.redisCpuMs)) },
    { label: 'load generator CPU % of one core', better: 'info', digits: 0, values: get((m) => pctCore(m.loadCpuMs)) },
    { label: `whole machine CPU busy, % of ${cpus().length} cores`, better: 'info', digits: 0, values: get((m) => m.machineBusyPct) },
    { label: 'load generator max schedule lag ms', better: 'info', digits: 0, values: get((m) => m.maxLagMs) },
    { label: `connect ${P.docs * P.perDoc} clients s`, better: 'lower', digits: 1, values: get((m) => m.connectMs / 1000) },
    { label: 'edits sent, whole run', better: 'info', digits: 0, values: get((m) => m.sentTotal) },
    { label: 'not delivered to all peers at end', better: 'lower', digits: 0, values: get((m) => m.undelivered) },
    { label: 'not durably acked at end', better: 'lower', digits: 0, values: get((m) => m.unacked) },
    { label: 'docs diverged on some relay', better: 'lower', digits: 0, values: get((m) => m.divergentDocs) },
    { label: 'docs incomplete in storage after restart', better: 'lower', digits: 0, values: get((m) => m.incompleteInStorage) },
  ]
  const notes = [
    `${P.docs} docs × ${P.perDoc} clients = ${P.docs * P.perDoc} sockets from ${workerCount} load-generator process(es); client k of doc d on relay (5d + k) mod relays`,
    `${timing.warmupMs / 1000} s warm-up, then ${windowMs / 1000} s measured; edits stop at the end of the window, then up to ${P.drainMs / 1000} s drain`,
    'delivered updates/s = edits whose last peer receipt fell inside the window; latency/ack percentiles over edits sent inside the window',
    'end-to-end = writer send → receipt at the last of the other 4 clients of the doc; ack = writer send → durable ack covering the edit',
    `every relay has REDIS_URL (also the single one, so it pays for publishing); store: ${store}${store === 'sqlite' ? ' — relays share one SQLite file (WAL)' : ''}`,
    'CPU = utime+stime from /proc over the measured window; PostgreSQL/Redis = every process named postgres / redis-server on the machine',
    `this machine has ${cpus().length} cores shared by the relays, PostgreSQL, Redis and the load generator: once the sum of the CPU rows nears ${cpus().length * 100}%, more relays cannot add throughput here, so a scaling ratio ≤ 1 is expected for CPU-bound loads; the ratios measure the cost of scale-out (Redis hop, duplicated apply), not its benefit on real hardware`,
    ...results.flatMap((m) => (m ? [`${m.relays} relay(s): ${m.storeCheck}${m.readBackFailures ? `; ${m.readBackFailures} docs could not be read back` : ''}`] : [])),
    'storage check: after the run every relay is stopped (graceful: flush, compact), one relay is started afresh on the same store and every doc is read back from it and compared with the writers\' final clocks',
    ...results.flatMap((m) => (m ? m.storageDetails.map((d) => `${m.relays} relay(s): stored copy short: ${d}`) : [])),
    ...results.flatMap((m) =>
      m ? m.divergences.slice(0, 5).map((d) => `${m.relays} relay(s): ${d.doc} on relay ${d.relay}: writer ${d.writer} clock ${d.actual}, expected ${d.expected}`) : [],
    ),
  ]
  process.stdout.write(`${formatGrid(`bench:scale — ${v.title}`, columns, rows, notes)}\n`)
}

const began = Date.now()
process.stdout.write(
  `Cunwu relay scale-out benchmark${quick ? ' (--quick)' : ''} — relays ${relayCounts.join('/')}, store ${store}, Redis ${REDIS_URL}; ` +
    `node ${process.version}; ${cpus().length} cores; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
)
if (store === 'sqlite' && storeArg !== 'sqlite') progress('the relay has no PostgreSQL store (DATABASE_URL): falling back to one shared SQLite file')
try {
  for (const variant of variants) {
    const results: (Measured | null)[] = []
    for (const n of relayCounts) {
      try {
        results.push(await measure(variant, n))
      } catch (err) {
        progress(`${variant}, ${n} relay(s) failed: ${err instanceof Error ? err.message : String(err)}`)
        results.push(null)
      }
    }
    printVariant(variant, results)
  }
} catch (err) {
  await abort(1, err)
}
process.stdout.write(`\ntotal ${((Date.now() - began) / 1000).toFixed(0)} s; load average now ${loadavg()[0]?.toFixed(2)}\n`)
killEverything()
await Promise.race([dropAllDatabases(), sleep(5000)])
