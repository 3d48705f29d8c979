/**
 * Opens docs IndexedDB-first, then links them to the relay; one Y.Doc per name, shared by
 * reference count.
 *
 * Rules:
 * - A doc is usable as soon as its local updates are loaded (offline works); the socket comes
 *   after and pushes offline edits itself (y-websocket sync step 2 on connect).
 * - A change is local unless it came from the provider (relay or another tab) or from the
 *   IndexedDB load; only local changes get pending rows, cleared by durable acks.
 * - Reopening a name waits for its previous close, so the new Y.Doc loads everything the old
 *   one wrote.
 */
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { connectDoc, type Connection, type DocIssue } from './connection'
import type { UserDb } from './db'
import { LOAD_ORIGIN, LocalStore } from './localStore'
import { applyAck, pendingMarks } from './pending'
import type { DataKey } from './sealed'

export type OpenDoc = {
  name: string
  doc: Y.Doc
  awareness: Awareness
  store: LocalStore
  connection: Connection
}

export type DocManagerOptions = {
  db: UserDb
  baseUrl: string
  token: string
  /** The user's data key; every stored update is sealed with it (sealed.ts). */
  dataKey?: DataKey
  WebSocketImpl?: typeof WebSocket
  fetchImpl?: typeof fetch
  broadcast?: boolean
  compactBytes?: number
  compactRows?: number
  maxBackoffTime?: number
  /** This device's id, sent with each doc's connection for the relay's history. */
  device?: string
  /** Something shown by the engine's state changed (connection status, issues). */
  onChange(): void
  onIssue(docName: string, issue: DocIssue | null): void
}

type Entry = { refs: number; ready: Promise<OpenDoc> }

export class DocManager {
  private entries = new Map<string, Entry>()
  private closing = new Map<string, Promise<void>>()
  private connected = new Set<string>()
  private socketsStopped = false

  constructor(private readonly options: DocManagerOptions) {}

  /** Opens (or shares) a doc; every call must be matched by one release(name). */
  acquire(name: string): Promise<OpenDoc> {
    let entry = this.entries.get(name)
    if (!entry) {
      const previous = this.closing.get(name) ?? Promise.resolve()
      const created: Entry = { refs: 0, ready: previous.then(() => this.openNow(name)) }
      this.entries.set(name, created)
      // The caller sees the rejection; here we only forget the failed entry so a retry reopens.
      created.ready.catch(() => {
        if (this.entries.get(name) === created) this.entries.delete(name)
      })
      entry = created
    }
    entry.refs++
    return entry.ready
  }

  release(name: string): void {
    const entry = this.entries.get(name)
    if (!entry || --entry.refs > 0) return
    this.entries.delete(name)
    const closed = entry.ready.then((open) => this.closeNow(open))
    this.closing.set(name, closed)
    closed
      .catch((error: unknown) => console.error(`closing ${name} failed`, error))
      .finally(() => {
        if (this.closing.get(name) === closed) this.closing.delete(name)
      })
  }

  isOpen(name: string): boolean {
    return this.entries.has(name)
  }

  openCount(): number {
    return this.entries.size
  }

  openNames(): string[] {
    return [...this.entries.keys()]
  }

  /** Resolved docs only; a doc still loading is not listed. */
  async openDocs(): Promise<OpenDoc[]> {
    const settled = await Promise.allSettled([...this.entries.values()].map((e) => e.ready))
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  }

  /**
   * Stops every socket, and keeps docs opened later off the network too (the session is gone);
   * local editing and tab sharing carry on.
   */
  async stopSockets(): Promise<void> {
    this.socketsStopped = true
    for (const open of await this.openDocs()) open.connection.stopSocket()
  }

  async destroy(): Promise<void> {
    const open = await this.openDocs()
    this.entries.clear()
    await Promise.all([...open.map((o) => this.closeNow(o)), ...this.closing.values()])
  }

  anyConnected(): boolean {
    return this.connected.size > 0
  }

  private async openNow(name: string): Promise<OpenDoc> {
    const { db } = this.options
    const doc = new Y.Doc()
    let connection: Connection | null = null
    const isRemote = (origin: unknown) => origin === LOAD_ORIGIN || (connection !== null && origin === connection.provider)
    const store = await LocalStore.open(db, name, doc, {
      compactBytes: this.options.compactBytes,
      compactRows: this.options.compactRows,
      dataKey: this.options.dataKey,
      marksFor: (origin, tr) => (isRemote(origin) ? [] : pendingMarks(doc, tr)),
    })
    const live = this.connect(name, doc)
    connection = live
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (!isRemote(origin)) live.noteLocalEdit()
    })
    if (this.socketsStopped) connection.stopSocket()
    return { name, doc, awareness: connection.provider.awareness, store, connection }
  }

  private connect(name: string, doc: Y.Doc): Connection {
    const { options } = this
    const connection: Connection = connectDoc({
      baseUrl: options.baseUrl,
      docName: name,
      doc,
      token: options.token,
      WebSocketImpl: options.WebSocketImpl,
      fetchImpl: options.fetchImpl,
      broadcast: options.broadcast,
      maxBackoffTime: options.maxBackoffTime,
      device: options.device,
      onAck: (sv) => {
        applyAck(options.db, name, sv).catch((error: unknown) => console.error(`recording the ack of ${name} failed`, error))
      },
      onIssue: (issue) => {
        // Like a 4403 close, a refused upgrade is final for this doc: stop retrying it.
        if (issue?.kind === 'forbidden') connection.stopSocket()
        options.onIssue(name, issue)
      },
      onStatus: () => {
        if (connection.connected()) this.connected.add(name)
        else this.connected.delete(name)
        options.onChange()
      },
    })
    return connection
  }

  private async closeNow(open: OpenDoc): Promise<void> {
    open.connection.destroy()
    this.connected.delete(open.name)
    this.options.onIssue(open.name, null)
    this.options.onChange()
    await open.store.close()
    open.doc.destroy()
  }
}
