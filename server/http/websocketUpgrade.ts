/**
 * WebSocket upgrades decided by the Hono app. An upgrade request goes through the app as an
 * ordinary GET (request log, metrics, authentication, doc access, audit); a route that lets it
 * through calls `acceptUpgrade(c, open)`, and only then is the socket upgraded (ws) and handed
 * to `open`. Any other answer goes back as a plain HTTP status line and no socket is opened.
 *
 * Why not @hono/node-ws: it keeps each upgrade's Hono context (request, headers, response, URL)
 * and through it Node's request alive for as long as the socket is open, 8.5 KB of heap a
 * connection (heap snapshots at 0 and 500 sockets, issue #21), and copies every frame into a
 * new ArrayBuffer inside a MessageEvent. Here `open` receives the `ws` socket itself and keeps
 * only what the route gave it.
 */
import type { Context, Hono } from 'hono'
import type { EventEmitter } from 'node:events'
import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'

/** What an accepted upgrade does with its socket. */
export type OpenSocket = (ws: WebSocket) => void

const SLOT = Symbol('cunwu.upgrade')
type Slot = { open: OpenSocket | null }
type UpgradeEnv = { incoming: IncomingMessage; outgoing: undefined; [SLOT]: Slot }

/**
 * Lets this upgrade through: the socket is opened once the app's answer is complete (after
 * every middleware has run), then given to `open`. Not an upgrade request (a plain GET): 426.
 */
export function acceptUpgrade(c: Context, open: OpenSocket): Response {
  const slot = (c.env as Partial<UpgradeEnv> | undefined)?.[SLOT]
  if (!slot || c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.json({ error: '这个地址只接受 WebSocket 连接' }, 426)
  slot.open = open
  // requestLog reports an accepted upgrade as 101; a Response cannot carry that status itself.
  return c.body(null, 200)
}

/** Answers upgrade requests on `server` (the HTTP server's 'upgrade' event) through `app`; frames over `maxPayload` bytes close the socket (1009). */
export function handleUpgrades(server: EventEmitter, app: Hono, maxPayload: number): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(app, wss, request, socket, head).catch(() => socket.destroy())
  })
  return wss
}

async function upgrade(app: Hono, wss: WebSocketServer, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const headers = new Headers()
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.append(key, Array.isArray(value) ? (value[0] ?? '') : value)
  }
  const slot: Slot = { open: null }
  const env: UpgradeEnv = { incoming: request, outgoing: undefined, [SLOT]: slot }
  const response = await app.request(new URL(request.url ?? '/', 'http://localhost'), { headers }, env)
  const open = slot.open
  if (!open || response.status !== 200) {
    socket.end(`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    return
  }
  wss.handleUpgrade(request, socket, head, open)
}
