/**
 * The relay: documents by name, each loaded once and shared by all its connections.
 *
 * Rules (DESIGN.md "Relay"): a doc is loaded completely before any of its messages is answered
 * (frames that arrive earlier wait in order); concurrent opens share one load; a doc with no
 * connections is unloaded after an idle period (flushed and compacted first) and its memory
 * returned; a bad frame closes only its own connection.
 */
import { CLOSE } from '../../shared/protocol/messages.js'
import type { Logger } from '../log.js'
import { errorMessage } from '../log.js'
import type { DocStore } from '../storage/types.js'
import { type CloseRequest, type Conn, newConn, type RelaySocket } from './conn.js'
import { handleMessage } from './handleMessage.js'
import type { Fanout, FanoutKind } from './fanout.js'
import { NO_OBSERVER, type RelayObserver } from './observer.js'
import { Room, type MassChangeListener, type RoomOptions } from './room.js'

const SHUTDOWN_GRACE_MS = 2000
const SHUTDOWN_MIN_GRACE_MS = 200
const MAX_TIMER_MS = 2 ** 31 - 1

/** `shutdownTimeoutMs`: the whole graceful stop's budget (SHUTDOWN_TIMEOUT_MS); the close handshakes wait at most half of it. */
export type RelayOptions = RoomOptions & { maxMessageBytes: number; idleUnloadMs: number; shutdownTimeoutMs?: number }

export type ConnectionHandle = {
  conn: Conn
  onMessage(data: Uint8Array): void
  onClose(code?: number): void
}

export class Relay {
  private readonly rooms = new Map<string, Promise<Room>>()
  private readonly loaded = new Map<string, Room>()
  private readonly connections = new Set<Conn>()
  private readonly expiryTimers = new Map<Conn, ReturnType<typeof setTimeout>>()

  private readonly leaves = new Map<Room, () => void>()
  /** Hears about every stored update that removed or overwrote many records (history routes). */
  onMassChange: MassChangeListener | null = null
  private readonly stopRecover: () => void

  constructor(
    private readonly store: DocStore,
    private readonly options: RelayOptions,
    private readonly log: Logger,
    private readonly fanout: Fanout | null = null,
    private readonly observer: RelayObserver = NO_OBSERVER,
  ) {
    this.stopRecover = fanout?.onRecover(() => this.resyncAll()) ?? (() => undefined)
  }

  private resyncAll(): void {
    for (const room of this.loaded.values()) {
      room.resync().catch((err: unknown) => this.log.warn('resync from storage failed', { doc: room.name, error: errorMessage(err) }))
    }
  }

  /**
   * Opens a connection to a doc; frames received before the doc is loaded are queued. A socket
   * opened with a session that expires at `sessionExpiresAt` (ms) is closed with 4401 then.
   */
  connect(
    socket: RelaySocket,
    userId: string,
    docName: string,
    readOnly: boolean,
    sessionKey = '',
    requestId = '',
    sessionExpiresAt?: number,
  ): ConnectionHandle {
    const conn = newConn(socket, userId, docName, readOnly, sessionKey, requestId)
    this.connections.add(conn)
    this.log.info('ws.open', { rid: requestId, conn: conn.id, doc: docName, user: userId, readOnly })
    if (this.stopping) this.close(conn, { kind: 'restarting' })
    else if (sessionExpiresAt !== undefined) this.closeAtExpiry(conn, sessionExpiresAt)
    let room: Room | null = null
    const waiting: Uint8Array[] = []
    const process = (data: Uint8Array) => {
      if (room && !conn.closed) this.dispatch(room, conn, data)
    }
    this.acquire(docName, conn).then(
      (r) => {
        room = r
        for (const data of waiting.splice(0)) process(data)
      },
      (err: unknown) => {
        this.log.error('loading document failed', { rid: requestId, doc: docName, error: errorMessage(err) })
        this.close(conn, { kind: 'serverError' })
      },
    )
    return {
      conn,
      onMessage: (data) => (room ? process(data) : void waiting.push(data)),
      onClose: (code?: number) => {
        this.log.info('ws.close', { rid: conn.requestId, conn: conn.id, doc: docName, code, bytesIn: conn.bytesIn })
        this.disconnect(conn, room)
      },
    }
  }

  private dispatch(room: Room, conn: Conn, data: Uint8Array): void {
    if (data.byteLength > this.options.maxMessageBytes) {
      this.close(conn, { kind: 'tooLarge', detail: `${data.byteLength} > ${this.options.maxMessageBytes} bytes` })
      return
    }
    let request: CloseRequest | null
    try {
      request = handleMessage(room, conn, data)
    } catch (err) {
      request = { kind: 'malformed', detail: errorMessage(err) }
    }
    if (request) this.close(conn, request)
  }

  /** Session expiry is checked at upgrade; this closes a socket that outlives its session. */
  private closeAtExpiry(conn: Conn, at: number): void {
    const wait = at - Date.now()
    if (wait <= 0) return this.close(conn, { kind: 'unauthorised', detail: 'session expired' })
    // setTimeout holds at most ~24.8 days; a 30-day session waits in steps.
    const timer = setTimeout(() => (conn.closed ? undefined : this.closeAtExpiry(conn, at)), Math.min(wait, MAX_TIMER_MS))
    timer.unref()
    this.expiryTimers.set(conn, timer)
  }

  close(conn: Conn, request: CloseRequest): void {
    if (conn.closed) return
    const { code, reason } = CLOSE[request.kind]
    const fields = { rid: conn.requestId, conn: conn.id, doc: conn.docName, code, reason, detail: request.detail }
    if (request.kind === 'restarting') this.log.info('ws.closing', fields)
    else this.log.warn('ws.closing', fields)
    conn.socket.close(code, reason)
  }

  /** The loaded room of a doc, loading it once for all concurrent callers. */
  private async room(docName: string): Promise<Room> {
    let loading = this.rooms.get(docName)
    if (!loading) {
      loading = this.loadRoom(docName)
      this.rooms.set(docName, loading)
      loading.catch(() => this.rooms.delete(docName))
    }
    const room = await loading
    // The doc may have been unloaded between its load and this continuation: load it again.
    if (room.destroyed) return this.room(docName)
    if (room.idleTimer) {
      clearTimeout(room.idleTimer)
      room.idleTimer = null
    }
    return room
  }

  private async acquire(docName: string, conn: Conn): Promise<Room> {
    const room = await this.room(docName)
    if (conn.closed) {
      this.idleIfUnused(room)
      return room
    }
    room.addConn(conn)
    return room
  }

  /** Runs fn on a loaded doc without a socket (HTTP sync), keeping it loaded meanwhile. */
  async withDoc<T>(docName: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.room(docName)
    room.holds++
    try {
      return await fn(room)
    } finally {
      room.holds--
      this.idleIfUnused(room)
    }
  }

  private idleIfUnused(room: Room): void {
    if (room.conns.size > 0 || room.holds > 0 || room.idleTimer || room.destroyed) return
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null
      void this.unload(room)
    }, this.options.idleUnloadMs)
  }


  /** With fan-out, the doc subscribes first and loads second, so nothing falls in between. */
  private async loadRoom(docName: string): Promise<Room> {
    const fanout = this.fanout
    const room = new Room(docName, this.store, this.options, this.log, fanout && { publish: (kind, payload) => fanout.publish(docName, kind, payload) }, this.observer)
    room.onMassChange = (name, entry) => this.onMassChange?.(name, entry)
    if (fanout) {
      const early: [FanoutKind, Uint8Array][] = []
      let loaded = false
      this.leaves.set(room, await fanout.join(docName, (kind, payload) => (loaded ? room.applyRemote(kind, payload) : early.push([kind, payload]))))
      await room.load().catch((err: unknown) => {
        this.dropRoom(room)
        throw err
      })
      loaded = true
      for (const [kind, payload] of early) room.applyRemote(kind, payload)
    } else {
      await room.load()
    }
    this.loaded.set(docName, room)
    return room
  }

  private dropRoom(room: Room): void {
    this.leaves.get(room)?.()
    this.leaves.delete(room)
    room.destroy()
  }

  private disconnect(conn: Conn, room: Room | null): void {
    conn.closed = true
    this.connections.delete(conn)
    const expiry = this.expiryTimers.get(conn)
    if (expiry) clearTimeout(expiry)
    this.expiryTimers.delete(conn)
    if (!room) return
    room.removeConn(conn)
    if (room.isFailed) {
      if (room.conns.size === 0) void this.unload(room)
      return
    }
    this.idleIfUnused(room)
  }

  /** Flushes, compacts and drops an idle doc, unless someone reconnected meanwhile. */
  async unload(room: Room): Promise<void> {
    await room.flush()
    if (!room.isFailed) await room.compact()
    if (room.conns.size > 0 || room.holds > 0 || room.idleTimer) return
    if (this.loaded.get(room.name) === room) {
      this.rooms.delete(room.name)
      this.loaded.delete(room.name)
    }
    this.dropRoom(room)
  }

  loadedDocs(): string[] {
    return [...this.loaded.keys()]
  }

  connectionCount(): number {
    return this.connections.size
  }

  /** Queue depths for /metrics: updates waiting for their commit, bytes waiting in socket buffers. */
  queueDepths(): { commit: number; sendBytes: number } {
    let commit = 0
    for (const room of this.loaded.values()) commit += room.queued
    let sendBytes = 0
    for (const conn of this.connections) sendBytes += conn.socket.bufferedAmount()
    return { commit, sendBytes }
  }

  connectionsOf(userId: string): Conn[] {
    return [...this.connections].filter((c) => c.userId === userId && !c.closed)
  }

  /** Closes every connection matching `which` (a user's, or one revoked session's). */
  closeConnections(which: { userId?: string; sessionKey?: string }, request: CloseRequest): number {
    let n = 0
    for (const conn of this.connections) {
      if ((which.userId && conn.userId === which.userId) || (which.sessionKey && conn.sessionKey === which.sessionKey)) {
        this.close(conn, request)
        n++
      }
    }
    return n
  }

  private stopping = false

  /**
   * Graceful stop (SIGTERM): from now on a new connection is closed at once; everything received
   * so far is committed and acknowledged; then every socket is closed with CLOSE.restarting (a
   * client reconnects, to the next process), waiting up to `graceMs` for the close handshakes,
   * and never past half of the stop's budget: under load the flush can take seconds (a CI run
   * spent 3 of its 5 there), and compaction and the store's close still need their time before
   * SHUTDOWN_TIMEOUT_MS ends the process with exit code 1.
   * What arrives meanwhile is committed too, but not acknowledged (its socket is closing; the
   * client keeps it as unsaved and sends it again). Last, every doc is compacted and freed.
   */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    const started = Date.now()
    this.stopping = true
    await this.flushAll()
    for (const conn of this.connections) this.close(conn, { kind: 'restarting' })
    // At least a moment, so the close frames just written go out before a socket is cut.
    const now = Date.now()
    const deadline = Math.max(now + SHUTDOWN_MIN_GRACE_MS, Math.min(now + graceMs, started + (this.options.shutdownTimeoutMs ?? Infinity) / 2))
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
    // A peer too busy to answer the close frame in time is cut off: an upgraded socket still
    // open would hold the HTTP server's close() until ws's own 30 s close timeout.
    for (const conn of this.connections) {
      this.log.warn('ws.terminated', { rid: conn.requestId, conn: conn.id, doc: conn.docName })
      conn.socket.terminate()
    }
    const rooms = await Promise.allSettled([...this.rooms.values()])
    for (const r of rooms) {
      if (r.status !== 'fulfilled') continue
      await r.value.flush()
      if (!r.value.isFailed) await r.value.compact()
      this.dropRoom(r.value)
    }
    this.stopRecover()
    this.rooms.clear()
    this.loaded.clear()
  }

  /** Commits (and acknowledges) what every loaded doc has queued. */
  private async flushAll(): Promise<void> {
    const rooms = await Promise.allSettled([...this.rooms.values()])
    await Promise.all(rooms.map((r) => (r.status === 'fulfilled' ? r.value.flush() : undefined)))
  }
}
