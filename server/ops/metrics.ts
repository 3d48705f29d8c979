/**
 * GET /metrics in Prometheus text format (prom-client, one Registry per relay so relays in one
 * process don't share counters). Rule: labels carry only fixed vocabularies (route family, HTTP
 * status, queue name), never a user, a doc name, a village or anything typed by a user.
 *
 * Access: with METRICS_TOKEN set, `Authorization: Bearer <token>` is required; without it only
 * loopback clients (a Prometheus or node_exporter on the same machine) are answered.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { timingSafeEqual } from 'node:crypto'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Relay } from '../relay/relay.js'
import type { RelayObserver } from '../relay/observer.js'
import { answeredStatus } from './requestLog.js'

/** Seconds: commits are sub-millisecond on SQLite, tens of ms on a busy PostgreSQL. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

/** The first path segment under /api (every sub-app app.ts mounts), or a few fixed names: never an id. */
const API_FAMILIES: ReadonlySet<string> = new Set(['health', 'ready', 'auth', 'setup', 'villages', 'users', 'audit', 'sync', 'minutes', 'notices', 'history', 'linkage', 'reports', 'attachments', 'settings', 'assessment'])

export function routeFamily(path: string): string {
  if (path.startsWith('/api/')) {
    const family = path.split('/')[2] ?? ''
    return API_FAMILIES.has(family) ? family : 'api_other'
  }
  if (path.startsWith('/ws/')) return 'ws'
  if (path.startsWith('/public/')) return 'public'
  if (path === '/metrics') return 'metrics'
  return 'static'
}

export type Metrics = {
  registry: Registry
  observer: RelayObserver
  /** Counts every HTTP answer by route family and status, sign-in failures and throttles. */
  http: MiddlewareHandler
  backupDone(bytes: number, seconds: number): void
  backupFailed(): void
}

export function createMetrics(relay: () => Relay | null): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const r = { registers: [registry] }
  new Gauge({
    ...r,
    name: 'cunwu_docs_loaded',
    help: 'Documents loaded in memory',
    collect() {
      this.set(relay()?.loadedDocs().length ?? 0)
    },
  })
  new Gauge({
    ...r,
    name: 'cunwu_connections',
    help: 'Open websocket connections',
    collect() {
      this.set(relay()?.connectionCount() ?? 0)
    },
  })
  new Gauge({
    ...r,
    name: 'cunwu_queue_depth',
    help: 'Work waiting: updates queued for their commit (commit), bytes queued in socket send buffers (send_bytes)',
    labelNames: ['queue'] as const,
    collect() {
      const depths = relay()?.queueDepths() ?? { commit: 0, sendBytes: 0 }
      this.set({ queue: 'commit' }, depths.commit)
      this.set({ queue: 'send_bytes' }, depths.sendBytes)
    },
  })
  const updates = new Counter({ ...r, name: 'cunwu_updates_total', help: 'Updates from clients applied and queued for commit (rate() = updates/s)' })
  const frames = new Counter({ ...r, name: 'cunwu_fanout_frames_total', help: 'Update frames sent to other connections (rate() = fan-out frames/s)' })
  const commit = new Histogram({ ...r, name: 'cunwu_commit_seconds', help: 'Time of one append to storage', buckets: LATENCY_BUCKETS })
  const ack = new Histogram({ ...r, name: 'cunwu_durable_ack_seconds', help: 'From an update queued to its durable ack sent', buckets: LATENCY_BUCKETS })
  const compactions = new Counter({ ...r, name: 'cunwu_compactions_total', help: 'Compaction runs that replaced rows by a snapshot' })
  const compactedBytes = new Counter({ ...r, name: 'cunwu_compaction_bytes_total', help: 'Bytes of the snapshots compaction wrote' })
  const httpAnswers = new Counter({ ...r, name: 'cunwu_http_requests_total', help: 'HTTP answers by route family and status', labelNames: ['family', 'status'] as const })
  const signInFailures = new Counter({ ...r, name: 'cunwu_signin_failures_total', help: 'Sign-ins refused for a wrong phone number or password' })
  const signInThrottled = new Counter({ ...r, name: 'cunwu_signin_throttled_total', help: 'Sign-ins refused by the throttle (too many failures)' })
  const backups = new Counter({ ...r, name: 'cunwu_backups_total', help: 'Scheduled backups by outcome', labelNames: ['outcome'] as const })
  const backupBytes = new Gauge({ ...r, name: 'cunwu_last_backup_bytes', help: 'Size of the last scheduled backup' })
  const backupSeconds = new Gauge({ ...r, name: 'cunwu_last_backup_seconds', help: 'Duration of the last scheduled backup' })
  const backupTime = new Gauge({ ...r, name: 'cunwu_last_backup_timestamp_seconds', help: 'When the last scheduled backup finished (unix time)' })

  return {
    registry,
    observer: {
      updateQueued: () => updates.inc(),
      committed: (s) => commit.observe(s),
      acked: (s) => ack.observe(s),
      fannedOut: (n) => n > 0 && frames.inc(n),
      compacted: (bytes) => {
        compactions.inc()
        compactedBytes.inc(bytes)
      },
    },
    async http(c, next) {
      await next()
      const family = routeFamily(c.req.path)
      httpAnswers.inc({ family, status: String(answeredStatus(c)) })
      if (family === 'auth' && c.req.path === '/api/auth/login' && c.req.method === 'POST') {
        if (c.res.status === 401) signInFailures.inc()
        if (c.res.status === 429) signInThrottled.inc()
      }
    },
    backupDone(bytes, seconds) {
      backups.inc({ outcome: 'ok' })
      backupBytes.set(bytes)
      backupSeconds.set(seconds)
      backupTime.set(Date.now() / 1000)
    },
    backupFailed: () => backups.inc({ outcome: 'failed' }),
  }
}

function isLoopback(c: Context): boolean {
  try {
    const address = getConnInfo(c).remote.address ?? ''
    return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
  } catch {
    // No socket (app.request in tests): not a loopback client.
    return false
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '')
  const wanted = Buffer.from(token)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

export function metricsHandler(metrics: Metrics, token: string | undefined) {
  return async (c: Context) => {
    const allowed = token ? tokenMatches(c.req.header('authorization'), token) : isLoopback(c)
    if (!allowed) return c.text(token ? 'metrics need the METRICS_TOKEN bearer token\n' : 'metrics are answered on localhost only (or set METRICS_TOKEN)\n', token ? 401 : 403)
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType })
  }
}
