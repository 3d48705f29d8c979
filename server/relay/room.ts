/**
 * A loaded document: its Y.Doc, awareness and connections.
 *
 * Write path (rule: nothing is acknowledged before it is on disk): an accepted update is
 * applied to the in-memory doc; the doc's 'update' event yields only the novel part, which is
 * queued. Once per event-loop turn the queue is merged into one update and sent to every other
 * connection as one message, then appended to storage in one transaction, and only then are
 * durable acks sent, carrying the state vector taken when the batch was cut. Coalescing per turn
 * is what keeps bursts cheap: N queued updates cost one insert and one frame per reader instead
 * of N. One exception on the readers' side: a doc that has sent nothing for QUIET_MS sends the
 * first update of a turn to its readers as it arrives (the batch still holds it for the commit
 * and the acks), so a single edit does not wait for the turn.
 *
 * Readers get a batch before its commit, as from y-websocket or Hocuspocus; only the writer's
 * "saved" waits for the disk. Nothing can be lost by that: until the ack, the writer keeps the
 * change and sends it again on reconnect, and a reader that can write sends it back too. If the
 * commit fails, every connection is closed (`fail`), so the clients resync with the reloaded
 * doc and those copies come back through the normal write path. Waiting for the commit would
 * put it (0.1–0.2 ms) on every reader's latency, and a slow disk's stalls on all of them.
 *
 * With several relays (fan-out), updates from other relays arrive already committed by their
 * relay: they are applied and sent to this relay's connections, never stored or published
 * again. This relay publishes only what it committed itself.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { applyUpdates, loadDoc } from '../../shared/loadDoc.js'
import { CLOSE } from '../../shared/protocol/messages.js'
import { encodeDurableAck } from '../../shared/protocol/durable.js'
import { encodeAwarenessFrame, encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/sync.js'
import type { Logger } from '../log.js'
import { errorMessage } from '../log.js'
import type { Attribution, DocStore } from '../storage/types.js'
import { AttributedOrigin, authorKey, SYSTEM_AUTHOR, transactionStats, unionStats, type Author, type RecordSets } from '../history/attribution.js'
import { AwarenessOwners } from './awarenessGuard.js'
import type { Conn } from './conn.js'
import type { FanoutKind } from './fanout.js'
import { onNextFlushTurn } from './flushTurn.js'
import { NO_OBSERVER, type RelayObserver } from './observer.js'

export type RoomOptions = {
  compactRows: number
  compactBytes: number
  /** An update that removes or overwrites more records than this is flagged (history). */
  massChangeRecords?: number
}

/** Hears about a stored update that removed or overwrote many records at once. */
export type MassChangeListener = (docName: string, entry: Attribution) => void

export const DEFAULT_MASS_CHANGE_RECORDS = 50

/** This doc's side of the cross-relay fan-out (relay/fanout.ts). */
export type RoomFanout = { publish(kind: FanoutKind, payload: Uint8Array): void }

/** Origin of changes that came from another relay or were re-read from storage. */
export const REMOTE = Symbol('remote')

/** `sent`: already sent to the other connections when it arrived (a quiet doc's first update). */
type Queued = { update: Uint8Array; origin: unknown; author: Author | null; sets: RecordSets | null; sent: boolean }

/** Don't keep feeding a reader with this much unsent; it resyncs on reconnect. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024

/**
 * A doc that has sent its readers nothing for this long sends the next update to them as it
 * arrives, instead of in the flush turn after it. Typing and form edits come a keystroke or a
 * save at a time, milliseconds apart: each goes out at once, without the hop to the turn and the
 * batch bookkeeping before it (about 0.15 ms before the first reader, measured with 10 readers).
 * A burst (an offline merge, an import, a paste) still leaves as one frame per turn after its
 * first update: updates arriving sooner than this after a send wait for the turn.
 */
const QUIET_MS = 1

export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  private readonly awarenessOwners = new AwarenessOwners<Conn>((a, b) => a.userId === b.userId)
  readonly conns = new Set<Conn>()
  private queue: Queued[] = []
  private flushing: Promise<void> | null = null
  private rowsSinceCompact = 0
  private bytesSinceCompact = 0
  private lastSeq = 0
  private compactScheduled = false
  private failed = false
  /** When the oldest update still queued was queued (performance.now()), for ack latency. */
  private queuedSince = 0
  /** When the readers were last sent an update (performance.now()). */
  private lastSentAt = -Infinity
  idleTimer: NodeJS.Timeout | null = null
  /** Record stats of each transaction, taken before garbage collection (history/attribution.ts). */
  private readonly stats = new WeakMap<Y.Transaction, RecordSets>()
  onMassChange: MassChangeListener | null = null
  /** Non-socket users (HTTP sync) currently working on this doc. */
  holds = 0

  constructor(
    readonly name: string,
    private readonly store: DocStore,
    private readonly options: RoomOptions,
    private readonly log: Logger,
    private readonly fanout: RoomFanout | null = null,
    private readonly observer: RelayObserver = NO_OBSERVER,
  ) {
    this.awareness.setLocalState(null)
  }

  async load(): Promise<void> {
    const stored = await this.store.load(this.name)
    loadDoc(this.doc, stored.updates)
    this.lastSeq = stored.lastSeq
    this.rowsSinceCompact = stored.updates.length
    this.bytesSinceCompact = stored.bytes
    // A doc stored before history existed gets its content as the first, unattributed entry.
    if (stored.updates.length > 0 && !(await this.store.hasHistory(this.name))) {
      const update = Y.encodeStateAsUpdate(this.doc)
      await this.store.appendHistory(this.name, [{ ...SYSTEM_AUTHOR, at: new Date().toISOString(), records: 0, removed: 0, update }])
    }
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin !== REMOTE) this.stats.set(tr, transactionStats(tr))
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      const now = performance.now()
      // Only the first update of a turn, so that readers get updates in the order they came.
      const sendNow = !this.failed && this.queue.length === 0 && now - this.lastSentAt >= QUIET_MS
      if (sendNow) this.broadcastUpdate(update, origin)
      if (this.queue.length === 0) this.queuedSince = now
      const local = origin !== REMOTE
      if (local) this.observer.updateQueued()
      this.queue.push({ update, origin, author: local ? this.authorOf(origin) : null, sets: this.stats.get(tr) ?? null, sent: sendNow })
      this.scheduleFlush()
    })
    this.awareness.on('update', this.onAwarenessUpdate)
    if (stored.updates.length > 1) this.scheduleCompact()
  }

  /** Who made a change with this origin: a connection, an attributed origin, or the server. */
  private authorOf(origin: unknown): Author {
    if (origin instanceof AttributedOrigin) return origin.author
    const conn = origin as Conn
    if (this.conns.has(conn)) {
      return { userId: conn.userId, sessionKey: conn.sessionKey || null, device: conn.device, offline: conn.mergingOffline, deviceAt: conn.mergingOffline ? conn.deviceAt : null }
    }
    return SYSTEM_AUTHOR
  }

  /**
   * One attribution row per author of the batch, in order of first appearance. `merged` is the
   * whole batch merged: with one author (nearly always) it is that author's update too, so a
   * burst is merged once, not twice.
   */
  private attribute(local: Queued[], merged: Uint8Array, at: string): Attribution[] {
    const groups = new Map<string, Queued[]>()
    for (const q of local) {
      const key = authorKey(q.author ?? SYSTEM_AUTHOR)
      const group = groups.get(key)
      if (group) group.push(q)
      else groups.set(key, [q])
    }
    return [...groups.values()].map((group) => {
      const author = (group[0] as Queued).author ?? SYSTEM_AUTHOR
      const { records, removed } = unionStats(group.flatMap((q) => (q.sets ? [q.sets] : [])))
      return { ...author, at, records, removed, update: groups.size === 1 ? merged : mergeQueued(group) }
    })
  }

  /** Each update (one transaction) that removed or overwrote more records than the limit. */
  private flagMassChanges(local: Queued[], attribution: Attribution[]): void {
    const limit = this.options.massChangeRecords ?? DEFAULT_MASS_CHANGE_RECORDS
    for (const q of local) {
      const removed = q.sets?.removed.size ?? 0
      if (removed <= limit) continue
      const entry = attribution.find((a) => authorKey(a) === authorKey(q.author ?? SYSTEM_AUTHOR))
      if (entry) this.onMassChange?.(this.name, { ...entry, removed, update: q.update })
    }
  }

  /** A change from another relay (already committed there). */
  applyRemote(kind: FanoutKind, payload: Uint8Array): void {
    if (this.destroyed) return
    if (kind === 'update') Y.applyUpdate(this.doc, payload, REMOTE)
    else awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, REMOTE)
  }

  /** Catches up with storage (after a fan-out outage): whatever is new goes to the clients. */
  async resync(): Promise<void> {
    const stored = await this.store.load(this.name)
    if (this.destroyed) return
    applyUpdates(this.doc, stored.updates, REMOTE)
  }

  scheduleFlush(): void {
    onNextFlushTurn(this.flushNow)
  }

  private readonly flushNow = (): void => void this.flush()

  /** Commits what is queued; resolves when everything queued before the call is on disk. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing
    const batch = this.queue
    const ackConns = [...this.conns].filter((c) => c.durable && c.needsAck)
    if (batch.length === 0 && ackConns.length === 0) return
    this.queue = []
    for (const c of ackConns) c.needsAck = false
    // Cut the state vector together with the batch: it covers exactly what this commit saves.
    const stateVector = ackConns.length > 0 ? Y.encodeStateVector(this.doc) : null
    this.flushing = this.commit(batch, ackConns, stateVector, batch.length > 0 ? this.queuedSince : performance.now())
    try {
      await this.flushing
    } finally {
      this.flushing = null
    }
  }

  private async commit(batch: Queued[], ackConns: Conn[], stateVector: Uint8Array | null, queuedSince: number): Promise<void> {
    if (this.failed) return
    const local = batch.filter((q) => q.origin !== REMOTE)
    const merged = local.length > 0 ? mergeQueued(local) : null
    const unsent = batch.filter((q) => !q.sent)
    if (unsent.length > 0) {
      const origin = unsent[0]?.origin
      const update = merged && unsent.length === batch.length && local.length === batch.length ? merged : mergeQueued(unsent)
      this.broadcastUpdate(update, unsent.every((q) => q.origin === origin) ? origin : null)
    }
    if (merged) {
      const attribution = this.attribute(local, merged, new Date().toISOString())
      try {
        const started = performance.now()
        this.lastSeq = await this.store.append(this.name, merged, attribution)
        this.observer.committed((performance.now() - started) / 1000)
      } catch (err) {
        this.fail(err)
        return
      }
      this.fanout?.publish('update', merged)
      this.flagMassChanges(local, attribution)
      this.rowsSinceCompact += 1
      this.bytesSinceCompact += merged.byteLength
      if (this.rowsSinceCompact >= this.options.compactRows || this.bytesSinceCompact >= this.options.compactBytes) {
        this.scheduleCompact()
      }
    }
    if (stateVector) {
      const ack = encodeDurableAck(stateVector)
      for (const c of ackConns) this.send(c, ack)
      this.observer.acked((performance.now() - queuedSince) / 1000, ackConns.length)
    }
  }

  /** Storage failed: nothing from this batch may be acknowledged. Drop every connection so
   *  clients resync from what is really stored; the room is discarded and reloaded. */
  private fail(err: unknown): void {
    this.failed = true
    this.log.error('storage append failed; closing document', { doc: this.name, error: errorMessage(err) })
    for (const c of this.conns) c.socket.close(CLOSE.serverError.code, CLOSE.serverError.reason)
  }

  /** Updates waiting for their commit. */
  get queued(): number {
    return this.queue.length
  }

  get isFailed(): boolean {
    return this.failed
  }

  /** Sends an update to every connection but the one it came from (`from`: null for none). */
  private broadcastUpdate(update: Uint8Array, from: unknown): void {
    const message = encodeSyncUpdate(update)
    let frames = 0
    for (const c of this.conns) {
      if (c !== from && !c.closed) {
        this.send(c, message)
        frames++
      }
    }
    this.lastSentAt = performance.now()
    this.observer.fannedOut(frames)
  }

  send(conn: Conn, message: Uint8Array): void {
    if (conn.closed) return
    if (conn.socket.bufferedAmount() > MAX_BUFFERED_BYTES) {
      conn.socket.close(CLOSE.serverError.code, 'reader too slow; reconnect to resync')
      return
    }
    conn.socket.send(message)
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = added.concat(updated, removed)
    const conn = origin as Conn
    if (this.conns.has(conn)) {
      for (const id of added) conn.awarenessIds.add(id)
      for (const id of removed) conn.awarenessIds.delete(id)
    }
    const payload = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
    if (origin !== REMOTE) this.fanout?.publish('awareness', payload)
    const message = this.encodeAwarenessPayload(payload)
    for (const c of this.conns) this.send(c, message)
  }

  /** The entries of an awareness update that `conn` may set (see awarenessGuard.ts). */
  ownedAwareness(conn: Conn, update: Uint8Array): Uint8Array | null {
    return this.awarenessOwners.filter(conn, update, (id) => this.awareness.getStates().has(id))
  }

  encodeAwareness(clients: number[]): Uint8Array {
    return this.encodeAwarenessPayload(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }

  private encodeAwarenessPayload(payload: Uint8Array): Uint8Array {
    return encodeAwarenessFrame(payload)
  }

  /** Joins a connection: like the y-websocket server, ask for what the client has (sync step 1)
   *  and tell it who is present. */
  addConn(conn: Conn): void {
    this.conns.add(conn)
    this.send(conn, encodeSyncStep1(this.doc))
    const present = [...this.awareness.getStates().keys()]
    if (present.length > 0) this.send(conn, this.encodeAwareness(present))
  }

  removeConn(conn: Conn): void {
    conn.closed = true
    this.conns.delete(conn)
    this.awarenessOwners.release(conn)
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
    }
  }

  private scheduleCompact(): void {
    if (this.compactScheduled) return
    this.compactScheduled = true
    setImmediate(() => {
      this.compactScheduled = false
      void this.compact()
    })
  }

  /**
   * Replaces stored rows by one snapshot (rows appended meanwhile have higher seqs and stay).
   * Alone, the in-memory doc holds everything its rows hold, so it is the snapshot. With other
   * relays writing too, it may lag behind their rows, so the snapshot is built from exactly the
   * rows being replaced, under a lock so one relay at a time compacts a doc.
   */
  async compact(): Promise<void> {
    if (this.failed || this.rowsSinceCompact <= 1) return
    try {
      let size: number | null
      if (this.fanout) {
        size = await this.store.compactFromLog(this.name, snapshotOf)
      } else {
        const snapshot = Y.encodeStateAsUpdate(this.doc)
        await this.store.compact(this.name, this.lastSeq, snapshot)
        size = snapshot.byteLength
      }
      if (size === null) return
      this.observer.compacted(size)
      this.rowsSinceCompact = 1
      this.bytesSinceCompact = size
    } catch (err) {
      this.log.warn('compaction failed; will retry later', { doc: this.name, error: errorMessage(err) })
    }
  }


  destroyed = false

  destroy(): void {
    this.destroyed = true
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.awareness.destroy()
    this.doc.destroy()
  }
}

function mergeQueued(queued: Queued[]): Uint8Array {
  return queued.length === 1 ? (queued[0] as Queued).update : Y.mergeUpdates(queued.map((q) => q.update))
}

/** One snapshot holding everything the given updates hold. */
function snapshotOf(updates: Uint8Array[]): Uint8Array {
  const doc = applyUpdates(new Y.Doc(), updates)
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}
