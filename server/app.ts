/**
 * Builds and starts the relay: one Hono app (HTTP API, websocket relay, built client) on one
 * port, on the store the configuration selects.
 */
import { removeBeacon, writeBeacon } from './relayBeacon.js'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import { defaultConfig, type RelayConfig } from './config.js'
import { ensureFirstAdmin } from './auth/firstRun.js'
import { LOGIN_THROTTLE, LoginThrottle, type ThrottleOptions } from './auth/throttle.js'
import { parseTrustProxy } from './http/clientAddress.js'
import type { Services } from './http/context.js'
import { onError } from './http/errors.js'
import { handleUpgrades } from './http/websocketUpgrade.js'
import { lazyRoutes } from './http/lazyRoutes.js'
import { createLogger, type Logger } from './log.js'
import { Relay } from './relay/relay.js'
import { authRoutes } from './routes/auth.js'
import { setupRoutes } from './routes/setup.js'
import { syncRoutes } from './routes/sync.js'
import { userRoutes } from './routes/users.js'
import { healthRoutes } from './routes/health.js'
import { villageRoutes } from './routes/villages.js'
import { wsRoutes } from './routes/ws.js'
import { historyRoutes } from './routes/history.js'
import { Lifecycle, readyRoute, refuseWhenStopping, startingApp } from './ops/lifecycle.js'
import { createMetrics, metricsHandler, type Metrics } from './ops/metrics.js'
import { requestLog } from './ops/requestLog.js'
import { startScheduledBackups } from './ops/scheduledBackups.js'
import { startAuditRetention } from './auditRetention.js'
import { startHistoryCoarsening } from './history/coarsenDaily.js'
import { openStore } from './storage/openStore.js'
import type { Store } from './storage/types.js'

const API_BODY_LIMIT = 256 * 1024
const OWN_BODY_LIMIT = /^\/api\/(sync|attachments)(\/|$)/

/** Operations wiring (ops/): readiness, metrics. Tests that only call routes may leave it out. */
export type Ops = { lifecycle: Lifecycle; metrics: Metrics }

export function createApp(services: Services, ops: Ops = { lifecycle: new Lifecycle('serving'), metrics: createMetrics(() => services.relay) }) {
  const app = new Hono()
  const handleError = onError(services.log)
  app.onError(handleError)
  // Routes that only some pages and the township admin use load on their first request (http/lazyRoutes.ts).
  const lazy = (base: string, load: Parameters<typeof lazyRoutes>[1]) => lazyRoutes(base, load, handleError)
  app.use('*', requestLog(services.log), ops.metrics.http, refuseWhenStopping(ops.lifecycle))
  app.get('/api/ready', readyRoute(ops.lifecycle))
  app.get('/metrics', metricsHandler(ops.metrics, services.config.metricsToken))
  const apiBodyLimit = bodyLimit({ maxSize: API_BODY_LIMIT })
  // /api/sync carries doc updates and /api/attachments file chunks: each sets its own, larger limit.
  app.use('/api/*', secureHeaders(), noStore, (c, next) => (OWN_BODY_LIMIT.test(c.req.path) ? next() : apiBodyLimit(c, next)))
  app.route('/api/health', healthRoutes(services))
  app.route('/api/auth', authRoutes(services))
  app.route('/api/setup', setupRoutes(services))
  app.route('/api/villages', villageRoutes(services))
  app.route('/api/users', userRoutes(services))
  app.use('/api/audit/*', lazy('/api/audit', async () => (await import('./routes/audit.js')).auditRoutes(services)))
  app.route('/api/sync', syncRoutes(services))
  app.use('/api/minutes/*', lazy('/api/minutes', async () => (await import('./routes/minutes.js')).minutesRoutes(services)))
  app.use('/api/notices/*', lazy('/api/notices', async () => (await import('./routes/notices.js')).noticeRoutes(services)))
  // Eager: it installs the relay's mass-change audit (relay.onMassChange) when built.
  app.route('/api/history', historyRoutes(services))
  app.use('/api/linkage/*', lazy('/api/linkage', async () => (await import('./routes/linkage.js')).linkageRoutes(services)))
  app.use('/api/reports/*', lazy('/api/reports', async () => (await import('./routes/reports.js')).reportRoutes(services)))
  app.use('/api/settings/*', lazy('/api/settings', async () => (await import('./routes/settings.js')).settingsRoutes(services)))
  app.use('/api/assessment/*', lazy('/api/assessment', async () => (await import('./routes/assessment.js')).assessmentRoutes(services)))
  app.use('/api/attachments/*', lazy('/api/attachments', async () => (await import('./routes/attachments.js')).attachmentRoutes(services)))
  app.all('/api/*', (c) => c.json({ error: '没有这个接口' }, 404))
  app.route('/ws', wsRoutes(services))
  // Resident pages are rendered here, before the client's catch-all below.
  app.use('/public/*', lazy('/public', async () => (await import('./routes/public.js')).publicRoutes(services)))
  // The router is strict about a trailing slash: the bare /public/ goes to the list of boards.
  app.get('/public/', (c) => c.redirect('/public', 301))
  const staticDir = services.config.staticDir
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    app.use('/*', secureHeaders({ crossOriginEmbedderPolicy: false, contentSecurityPolicy: APP_SHELL_CSP }), revalidateShell, serveStatic({ root: staticDir }))
    // Client-side routes: every other GET gets the app shell.
    app.get('/*', serveStatic({ root: staticDir, path: 'index.html' }))
  }
  // ws refuses to buffer a frame past maxPayload (routes/ws.ts maps its 1009 close to 4413).
  const injectWebSocket = (server: EventEmitter) => handleUpgrades(server, app, services.config.maxMessageBytes + 16)
  return { app, injectWebSocket }
}

/**
 * The app shell's Content-Security-Policy. The bearer token sits in IndexedDB, so script is what
 * must never be injected: scripts only from this origin, no inline script, no eval; the socket
 * and API are this same origin ('self' covers ws:/wss: to it). Inline styles stay allowed: the
 * editor's collaboration carets set style attributes, and a style cannot read the token.
 */
const APP_SHELL_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
}

/**
 * The app shell (index.html, also served for client routes), the service workers (the app's and
 * the residents' pages') and the manifest must be revalidated on every load, or a browser would keep running an old version; the files
 * under /assets/ have content hashes in their names and need no such header.
 */
const SHELL_FILES = new Set(['/sw.js', '/manifest.webmanifest', '/index.html', '/zod-jitless.js', '/public-sw.js', '/public-offline.js'])

const revalidateShell: MiddlewareHandler = async (c, next) => {
  await next()
  if (SHELL_FILES.has(c.req.path) || c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Cache-Control', 'no-cache')
}

/**
 * API answers carry residents' records and tokens' users: the browser must not keep them in its
 * disk cache, where a copy of the profile would read them (issue #14, shared office PC).
 */
const noStore: MiddlewareHandler = async (c, next) => {
  await next()
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
}

export type RunningRelay = {
  url: string
  port: number
  relay: Relay
  store: Store
  lifecycle: Lifecycle
  /** Graceful stop: refuse new work, commit and acknowledge what is queued, close sockets with CLOSE.restarting. */
  close(): Promise<void>
}

/**
 * The relay's app on its store, not listening: what startRelay serves, and what API tests call
 * with `app.request` when they need no socket. close() stops the relay and closes the store.
 */
export async function buildRelay(
  overrides: Partial<RelayConfig> & { dataDir: string; throttle?: Partial<ThrottleOptions> },
  logger?: Logger,
  lifecycle: Lifecycle = new Lifecycle(),
) {
  const config = defaultConfig({ port: 0, host: '127.0.0.1', ...overrides })
  const log = logger ?? createLogger(config.logLevel)
  let relay: Relay | null = null
  const metrics = createMetrics(() => relay)
  const store = await openStore(config, log)
  const setupCode = await ensureFirstAdmin(store.accounts, config, log)
  // Loaded only where it runs (ioredis, like pg and the report writers, is loaded when used: a
  // single SQLite relay idles without them, bench:relay).
  const fanout = config.redisUrl ? (await import('./relay/fanout.js')).redisFanout(config.redisUrl, log) : null
  const running = new Relay(store.docs, config, log, fanout, metrics.observer)
  relay = running
  const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, ...overrides.throttle })
  const proxies = parseTrustProxy(config.trustProxy)
  const { app, injectWebSocket } = createApp({ store, relay: running, config, log, setupCode, throttle, proxies }, { lifecycle, metrics })
  const backups = config.backupDir
    ? startScheduledBackups(store, { dir: config.backupDir, everyMs: config.backupEveryMs, keep: config.backupKeep }, log, (o) =>
        o instanceof Error ? metrics.backupFailed() : metrics.backupDone(o.bytes, o.ms / 1000),
      )
    : null
  const retention = config.auditRetentionDays ? startAuditRetention(store.accounts, config.auditRetentionDays, log) : null
  const coarsening = config.historyDetailDays > 0 ? startHistoryCoarsening(store.docs, config.historyDetailDays, log) : null
  lifecycle.state = 'serving'
  return {
    app,
    injectWebSocket,
    config,
    store,
    relay: running,
    lifecycle,
    /** Graceful stop of everything but the listening socket. */
    async close() {
      lifecycle.state = 'stopping'
      await backups?.stop()
      retention?.stop()
      await coarsening?.stop()
      await running.shutdown()
      await fanout?.close()
      await store.close()
    },
  }
}

export async function startRelay(
  overrides: Partial<RelayConfig> & { dataDir: string; throttle?: Partial<ThrottleOptions> },
  logger?: Logger,
): Promise<RunningRelay> {
  const config = defaultConfig({ port: 0, host: '127.0.0.1', ...overrides })
  const lifecycle = new Lifecycle()
  // The port answers from the start (alive, not ready) while the store opens and migrates.
  let fetch: Hono['fetch'] = startingApp(lifecycle).fetch
  const server = await listen((request, env) => fetch(request, env), config)
  let built: Awaited<ReturnType<typeof buildRelay>>
  try {
    built = await buildRelay(overrides, logger, lifecycle)
  } catch (err) {
    await new Promise((resolve) => server.close(resolve))
    throw err
  }
  fetch = built.app.fetch
  // A client may reset its connection while a refused upgrade is being answered; without a
  // listener that socket error would be unhandled and end the process.
  server.on('upgrade', (_request, socket: Duplex) => socket.on('error', () => socket.destroy()))
  built.injectWebSocket(server)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
  if (!config.databaseUrl) writeBeacon(config.dataDir, port, host)
  return {
    url: `http://${host}:${port}`,
    port,
    relay: built.relay,
    store: built.store,
    lifecycle,
    async close() {
      if (!config.databaseUrl) removeBeacon(config.dataDir)
      lifecycle.state = 'stopping'
      await built.relay.shutdown()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await built.close()
    },
  }
}

function listen(fetch: Hono['fetch'], config: RelayConfig): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server))
    server.once('error', reject)
  })
}
