/**
 * Builds and starts the relay: one Hono app (HTTP API, websocket relay, built client) on one
 * port, on the store the configuration selects.
 */
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { createNodeWebSocket } from '@hono/node-ws'
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { defaultConfig, type RelayConfig } from './config.js'
import { ensureFirstAdmin } from './auth/firstRun.js'
import { LoginThrottle, type ThrottleOptions } from './auth/throttle.js'
import type { Services } from './http/context.js'
import { onError } from './http/errors.js'
import { createLogger, type Logger } from './log.js'
import { redisFanout } from './relay/fanout.js'
import { Relay } from './relay/relay.js'
import { auditRoutes } from './routes/audit.js'
import { authRoutes } from './routes/auth.js'
import { setupRoutes } from './routes/setup.js'
import { syncRoutes } from './routes/sync.js'
import { userRoutes } from './routes/users.js'
import { healthRoutes } from './routes/health.js'
import { minutesRoutes } from './routes/minutes.js'
import { noticeRoutes } from './routes/notices.js'
import { publicRoutes } from './routes/public.js'
import { villageRoutes } from './routes/villages.js'
import { wsRoutes } from './routes/ws.js'
import { openStore } from './storage/openStore.js'
import type { Store } from './storage/types.js'

const API_BODY_LIMIT = 256 * 1024

export function createApp(services: Services) {
  const app = new Hono()
  const ws = createNodeWebSocket({ app })
  // ws refuses to buffer a frame past maxPayload (routes/ws.ts maps its 1009 close to 4413).
  ;(ws.wss.options as { maxPayload: number }).maxPayload = services.config.maxMessageBytes + 16
  app.onError(onError(services.log))
  const apiBodyLimit = bodyLimit({ maxSize: API_BODY_LIMIT })
  // /api/sync carries doc updates and sets its own, larger limit.
  app.use('/api/*', secureHeaders(), (c, next) => (c.req.path.startsWith('/api/sync') ? next() : apiBodyLimit(c, next)))
  app.route('/api/health', healthRoutes(services))
  app.route('/api/auth', authRoutes(services))
  app.route('/api/setup', setupRoutes(services))
  app.route('/api/villages', villageRoutes(services))
  app.route('/api/users', userRoutes(services))
  app.route('/api/audit', auditRoutes(services))
  app.route('/api/sync', syncRoutes(services))
  app.route('/api/minutes', minutesRoutes(services))
  app.route('/api/notices', noticeRoutes(services))
  app.all('/api/*', (c) => c.json({ error: '没有这个接口' }, 404))
  app.route('/ws', wsRoutes(services, ws.upgradeWebSocket))
  // Resident pages are rendered here, before the client's catch-all below.
  app.route('/public', publicRoutes(services))
  // The router is strict about a trailing slash: the bare /public/ goes to the list of boards.
  app.get('/public/', (c) => c.redirect('/public', 301))
  const staticDir = services.config.staticDir
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    app.use('/*', secureHeaders({ crossOriginEmbedderPolicy: false }), revalidateShell, serveStatic({ root: staticDir }))
    // Client-side routes: every other GET gets the app shell.
    app.get('/*', serveStatic({ root: staticDir, path: 'index.html' }))
  }
  return { app, injectWebSocket: ws.injectWebSocket }
}

/**
 * The app shell (index.html, also served for client routes), the service worker and the manifest
 * must be revalidated on every load, or a browser would keep running an old version; the files
 * under /assets/ have content hashes in their names and need no such header.
 */
const SHELL_FILES = new Set(['/sw.js', '/manifest.webmanifest', '/index.html'])

const revalidateShell: MiddlewareHandler = async (c, next) => {
  await next()
  if (SHELL_FILES.has(c.req.path) || c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Cache-Control', 'no-cache')
}

export type RunningRelay = {
  url: string
  port: number
  relay: Relay
  store: Store
  close(): Promise<void>
}

export async function startRelay(
  overrides: Partial<RelayConfig> & { dataDir: string; throttle?: ThrottleOptions },
  logger?: Logger,
): Promise<RunningRelay> {
  const config = defaultConfig({ port: 0, host: '127.0.0.1', ...overrides })
  const log = logger ?? createLogger(config.logLevel)
  const store = await openStore(config, log)
  const setupCode = await ensureFirstAdmin(store.accounts, config, log)
  const fanout = config.redisUrl ? redisFanout(config.redisUrl, log) : null
  const relay = new Relay(store.docs, config, log, fanout)
  const throttle = new LoginThrottle(overrides.throttle)
  const { app, injectWebSocket } = createApp({ store, relay, config, log, setupCode, throttle })
  const server = await listen(app, config)
  // A client may reset its connection while a refused upgrade is being answered; without a
  // listener that socket error would be unhandled and end the process.
  server.on('upgrade', (_request, socket: Duplex) => socket.on('error', () => socket.destroy()))
  injectWebSocket(server)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
  return {
    url: `http://${host}:${port}`,
    port,
    relay,
    store,
    async close() {
      await relay.shutdown()
      await fanout?.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await store.close()
    },
  }
}

function listen(app: Hono, config: RelayConfig): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(server))
    server.once('error', reject)
  })
}
