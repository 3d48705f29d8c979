/**
 * One doc's link to the relay: the stock y-websocket provider plus Cunwu's opt-in durable acks.
 *
 * Rules:
 * - Acks are asked for on every (re)connect, because the relay forgets the subscription with the
 *   socket; the provider reports 'connected' before it sends sync step 1, so the subscribe frame
 *   always precedes the client's sync step 2 on that socket.
 * - Close codes 4400–4499 are final (the provider stops reconnecting): 4401 means the session is
 *   gone for every doc, 4403 this doc only, the rest are protocol errors.
 * - A dropped network is not seen by a socket until its 30 s message timeout, so the browser's
 *   offline/online events drop and restore the socket at once (a cadre losing signal sees 离线
 *   immediately). A socket stopped for good (session lost) stays stopped.
 * - The relay refuses an upgrade with a plain HTTP 401/403, which a browser WebSocket cannot
 *   see; after a socket that never opened, the same URL is probed over HTTP (throttled).
 */
import type * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { encodeDurable, readDurable } from '../../shared/protocol/durable'
import { CLOSE, MESSAGE } from '../../shared/protocol/messages'

export type DocIssue =
  | { kind: 'authLost'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'protocol'; message: string }
  | { kind: 'readOnly'; message: string }

export type ConnectionOptions = {
  baseUrl: string
  docName: string
  doc: Y.Doc
  token: string
  WebSocketImpl?: typeof WebSocket
  fetchImpl?: typeof fetch
  /** Share updates with other tabs over BroadcastChannel (default true). */
  broadcast?: boolean
  maxBackoffTime?: number
  /** This device's id (deviceId.ts), sent so the relay's history names the device. */
  device?: string
  onAck(stateVector: Map<number, number>): void
  /** A problem with this doc, or null when an earlier one no longer holds (access changed). */
  onIssue(issue: DocIssue | null): void
  onStatus(): void
}

export type Connection = {
  provider: WebsocketProvider
  connected(): boolean
  /**
   * A change made on this device: until the relay acknowledges it, the time of the first one
   * travels with every (re)connect as `editedAt`, so work merged after an offline spell is
   * attributed with the device's own time of the edit (the relay's history, #20).
   */
  noteLocalEdit(): void
  /** Stops the socket for good but keeps sharing with other tabs. */
  stopSocket(): void
  destroy(): void
}

export const PROBE_INTERVAL_MS = 10_000

export function connectDoc(options: ConnectionOptions): Connection {
  const params: Record<string, string> = { token: options.token, ...(options.device ? { device: options.device } : {}) }
  const provider = new WebsocketProvider(wsBaseUrl(options.baseUrl), options.docName, options.doc, {
    params,
    disableBc: options.broadcast === false,
    maxBackoffTime: options.maxBackoffTime ?? 2500,
    ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
  })
  // provider.url is built from provider.params at every connect, so these reach the next one.
  const onAck = (stateVector: Map<number, number>) => {
    if ((stateVector.get(options.doc.clientID) ?? 0) >= Y.getState(options.doc.store, options.doc.clientID)) delete provider.params.editedAt
    options.onAck(stateVector)
  }
  provider.messageHandlers[MESSAGE.durable] = (_encoder: unknown, decoder: decoding.Decoder) => handleDurable(decoder, { ...options, onAck })
  const unsubscribe = watchProvider(provider, options)
  let stopped = false
  const unwatchNetwork = watchNetwork({
    offline: () => {
      provider.disconnect()
      provider.connectBc()
    },
    online: () => {
      if (stopped) return
      provider.connect()
    },
  })
  return {
    provider,
    connected: () => provider.wsconnected,
    noteLocalEdit() {
      provider.params.editedAt ??= new Date().toISOString()
    },
    stopSocket() {
      stopped = true
      provider.disconnect()
      provider.connectBc()
    },
    destroy() {
      unwatchNetwork()
      unsubscribe()
      provider.destroy()
    },
  }
}

/** The browser's network events; a no-op where there is no window (Node tests). */
function watchNetwork(on: { offline(): void; online(): void }): () => void {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => undefined
  const offline = () => on.offline()
  const online = () => on.online()
  window.addEventListener('offline', offline)
  window.addEventListener('online', online)
  return () => {
    window.removeEventListener('offline', offline)
    window.removeEventListener('online', online)
  }
}

export function wsBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '') + '/ws'
}

function handleDurable(decoder: decoding.Decoder, options: ConnectionOptions): void {
  let message
  try {
    message = readDurable(decoder)
  } catch (error) {
    // Recoverable: a later ack carries the whole state vector again.
    console.warn(`bad durable message on ${options.docName}`, error)
    return
  }
  if (message.kind === 'ack') options.onAck(message.stateVector)
  else if (message.kind === 'readOnly') options.onIssue({ kind: 'readOnly', message: message.reason })
}

function watchProvider(provider: WebsocketProvider, options: ConnectionOptions): () => void {
  let openedSinceClose = false
  let lastProbe = 0
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') {
      openedSinceClose = true
      provider.ws?.send(encodeDurable({ kind: 'subscribe' }))
    }
    options.onStatus()
  }
  const onClosed = ({ code, reason }: { code: number; reason: string }) => options.onIssue(issueForClose(code, reason))
  const onConnectionClose = (event: CloseEvent | null) => {
    // 4503: the relay re-judged access and the provider reconnects; an earlier read-only issue
    // is forgotten, and the new connection says again if it still holds.
    if (event?.code === CLOSE.accessChanged.code) options.onIssue(null)
    const neverOpened = !openedSinceClose
    openedSinceClose = false
    if (!neverOpened || Date.now() - lastProbe < PROBE_INTERVAL_MS) return
    lastProbe = Date.now()
    probeUpgrade(options).then(
      (issue) => {
        if (issue) options.onIssue(issue)
      },
      // Expected while offline: the socket's own retries carry on.
      (error: unknown) => console.debug(`probing ${options.docName} failed: ${String(error)}`),
    )
  }
  provider.on('status', onStatus)
  provider.on('closed', onClosed)
  provider.on('connection-close', onConnectionClose)
  return () => {
    provider.off('status', onStatus)
    provider.off('closed', onClosed)
    provider.off('connection-close', onConnectionClose)
  }
}

export function issueForClose(code: number, reason: string): DocIssue {
  if (code === CLOSE.unauthorised.code) return { kind: 'authLost', message: '登录已失效，请重新登录' }
  if (code === CLOSE.forbidden.code) return { kind: 'forbidden', message: '没有权限打开这个文档' }
  return { kind: 'protocol', message: `同步出错（${code}${reason ? `：${reason}` : ''}）` }
}

/** Asks the upgrade URL over plain HTTP why the socket was refused; null if it was not. */
async function probeUpgrade(options: ConnectionOptions): Promise<DocIssue | null> {
  const fetchImpl = options.fetchImpl ?? globalThis.fetch
  const base = options.baseUrl.replace(/\/+$/, '')
  const res = await fetchImpl(`${base}/ws/${options.docName}?token=${encodeURIComponent(options.token)}`)
  await res.text()
  if (res.status === 401) return issueForClose(CLOSE.unauthorised.code, CLOSE.unauthorised.reason)
  if (res.status === 403) return issueForClose(CLOSE.forbidden.code, CLOSE.forbidden.reason)
  return null
}
