/**
 * The reference y-websocket server (y-websocket@2.1.0 `bin/utils.cjs`, installed as
 * `y-websocket-ref`) on a plain http + `ws` server: no persistence, no auth, the doc name is
 * the URL path. With BENCH_LOAD_DIR set, a doc is seeded on first open from
 * `<dir>/<encodeURIComponent(name)>.bin` through utils' own `setPersistence` hook (used by the
 * cold-load measurement); writes are not persisted either way.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'

type SharedDoc = import('yjs').Doc & { name: string }
type Persistence = {
  bindState(docName: string, doc: SharedDoc): Promise<void>
  writeState(docName: string, doc: SharedDoc): Promise<void>
}
type YwsUtils = {
  setupWSConnection(conn: WebSocket, req: IncomingMessage, options?: { docName?: string; gc?: boolean }): void
  setPersistence(persistence: Persistence | null): void
}

const require = createRequire(import.meta.url)
const utils = require('y-websocket-ref/bin/utils') as YwsUtils
// The CommonJS build of yjs, the same instance utils.cjs uses.
const Y = require('yjs') as typeof import('yjs')

const loadDir = process.env.BENCH_LOAD_DIR
if (loadDir) {
  utils.setPersistence({
    // Synchronous read before the first await, so the doc is complete before utils sends step 1.
    async bindState(docName, doc) {
      const file = join(loadDir, `${encodeURIComponent(docName)}.bin`)
      if (existsSync(file)) Y.applyUpdate(doc, readFileSync(file))
    },
    async writeState() {},
  })
}

const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('y-websocket reference')
})
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', (conn: WebSocket, req: IncomingMessage) => {
  const path = (req.url ?? '/').slice(1).split('?')[0] ?? ''
  utils.setupWSConnection(conn, req, { docName: decodeURIComponent(path) })
})
http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})

const port = Number(process.env.PORT ?? 0)
http.listen(port, '127.0.0.1', () => {
  const address = http.address()
  const actual = typeof address === 'object' && address ? address.port : port
  process.stdout.write(`y-websocket reference listening on http://127.0.0.1:${actual}\n`)
})

const stop = () => process.exit(0)
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
