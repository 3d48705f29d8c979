/**
 * The sync engine: the one object the UI holds per signed-in session.
 *
 * Rules:
 * - The engine owns no data: docs live in the user's IndexedDB, so replacing or destroying the
 *   engine never loses an unsaved change.
 * - "Unsaved" counts pending rows in IndexedDB, recounted on every write to them, so it includes changes made in
 *   other tabs and in earlier sessions, and drops only when the relay acknowledges a commit.
 * - "Online" means at least one open doc has a live socket; with no doc open it falls back to
 *   navigator.onLine (true where there is no navigator, e.g. Node).
 * - Docs not open are kept current by background sync (syncRunner.ts): once when the engine
 *   starts (sign-in, app opened) and again on every reconnect (the browser's 'online' event, or a
 *   socket connecting after the engine saw the network go), never two runs at once.
 * - Every subscription the engine makes is collected and undone by destroy().
 */
import * as z from 'zod'
import { parseDocName } from '../../shared/docNames'
import { exhaustiveSwitchError } from '../../shared/exhaustive'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { DocIssue } from './connection'
import { openUserDb, type IdbDeps, type UserDb } from './db'
import { DocManager } from './docManager'
import { countByDoc } from './pending'
import { PendingDocs } from './pendingDocs'
import type { Session } from './session'
import { SyncRunner, type SyncOutcome } from './syncRunner'
import { watchTable } from './watchTable'
import { INITIAL_SYNC_STATE, sameState, type SyncState } from './syncState'

export type { DocIssue } from './connection'
export type { SyncSummary } from './syncRunner'
export { INITIAL_SYNC_STATE, type SyncState } from './syncState'

const LAST_SYNCED_KEY = 'lastSyncedAt'
const lastSyncedSchema = z.number().int().positive()

export type DocHandle = {
  name: string
  doc: Y.Doc
  awareness: Awareness
  /** Gives the doc back; the last release closes its socket and Y.Doc. Idempotent. */
  release(): void
}

export type SyncEngineOptions = IdbDeps & {
  baseUrl: string
  session: Session
  /**
   * The user's data key (dataKey.ts), unwrapped by their password. The app always passes it, so
   * every update it stores is sealed; without it (lower-layer tests) rows are plaintext.
   */
  dataKey?: CryptoKey
  WebSocketImpl?: typeof WebSocket
  fetchImpl?: typeof fetch
  /** Share docs with other tabs over BroadcastChannel (default true; tests turn it off). */
  broadcast?: boolean
  compactBytes?: number
  compactRows?: number
  maxBackoffTime?: number
  /** This device's id (deviceId.ts), for the relay's history of who changed what from where. */
  device?: string
  /** Keep docs with unsaved changes open until the relay has them (the app turns this on). */
  syncPending?: boolean
  /** Sync docs that are not open, at start and on reconnect (default true). */
  backgroundSync?: boolean
}

export class SyncEngine {
  readonly db: UserDb
  private readonly docs: DocManager
  private readonly listeners = new Set<() => void>()
  private readonly cleanups: Array<() => void> = []
  private state: SyncState = INITIAL_SYNC_STATE
  private destroyed = false
  private countSeq = 0
  private readonly pendingDocs: PendingDocs | null
  private readonly runner: SyncRunner | null
  /** Set when the network was seen to go; the next socket to connect then asks for a sync. */
  private sawOffline = false
  private wasConnected = false

  constructor(options: SyncEngineOptions) {
    this.db = openUserDb(options.session.user.id, options)
    this.docs = new DocManager({
      ...options,
      db: this.db,
      token: options.session.token,
      onChange: () => this.onDocsChange(),
      onIssue: (name, issue) => this.recordIssue(name, issue),
    })
    this.pendingDocs = options.syncPending ? new PendingDocs((name) => this.openDoc(name)) : null
    if (this.pendingDocs) this.cleanups.push(() => this.pendingDocs?.destroy())
    this.runner =
      options.backgroundSync === false
        ? null
        : new SyncRunner({
            db: this.db,
            baseUrl: options.baseUrl,
            token: options.session.token,
            fetchImpl: options.fetchImpl,
            dataKey: options.dataKey,
            isOpen: (name) => this.docs.isOpen(name),
            onRunning: (syncing) => this.refresh({ syncing }),
            onOutcome: (outcome) => this.recordSync(outcome),
          })
    this.watchPending()
    this.watchNavigator()
    this.refresh({})
    this.loadLastSyncedAt()
    this.startSync()
  }

  async openDoc(name: string): Promise<DocHandle> {
    if (this.destroyed) throw new Error('sync engine is closed')
    if (!parseDocName(name)) throw new Error(`不是有效的文档名：${name}`)
    const open = await this.docs.acquire(name)
    if (this.destroyed) throw new Error('sync engine is closed')
    this.refresh({})
    let released = false
    return {
      name,
      doc: open.doc,
      awareness: open.awareness,
      release: () => {
        if (released) return
        released = true
        this.docs.release(name)
        this.refresh({})
      },
    }
  }

  getState(): SyncState {
    return this.state
  }

  /** getState() under the name every workspace store uses (useSyncExternalStore). */
  getSnapshot = (): SyncState => this.state

  /** Bound, so it can be handed to useSyncExternalStore as it is. */
  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  /**
   * Runs background sync now (立即同步), or after the run in progress; resolves when done. Its
   * outcome is in getState().
   */
  syncNow(): Promise<void> {
    return this.requestSync()
  }

  /** Every doc this device holds for the user: stored content or unsaved changes. */
  async localDocNames(): Promise<string[]> {
    const [stored, pending] = await Promise.all([this.db.updates.orderBy('docName').uniqueKeys(), this.db.pending.orderBy('docName').uniqueKeys()])
    return [...new Set([...stored, ...pending].map(String))].sort()
  }

  /** Resolves once every open doc's queued local writes are in IndexedDB. */
  async flush(): Promise<void> {
    await Promise.all((await this.docs.openDocs()).map((open) => open.store.flush()))
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    for (const cleanup of this.cleanups.splice(0)) cleanup()
    this.listeners.clear()
    await this.runner?.destroy()
    await this.docs.destroy()
    this.db.close()
  }

  /** Recounts pending rows on every write to them, from this tab or another. */
  private watchPending(): void {
    const recount = () => {
      this.countPending().catch((error: unknown) => console.error('counting unsaved changes failed', error))
    }
    this.cleanups.push(watchTable(this.db, 'pending', recount))
    recount()
  }

  private async countPending(): Promise<void> {
    const seq = ++this.countSeq
    const keys = await this.db.pending.orderBy('docName').keys()
    if (seq !== this.countSeq) return // a newer count is on its way
    const perDoc = countByDoc(keys.map(String))
    const unsaved = Object.values(perDoc).reduce((sum, n) => sum + n, 0)
    this.refresh({ perDoc, unsaved })
    this.pendingDocs?.update(perDoc)
  }

  private watchNavigator(): void {
    const target = globalThis.window
    if (!target?.addEventListener) return
    const onOnline = () => {
      this.refresh({})
      this.startSync()
    }
    const onOffline = () => {
      this.sawOffline = true
      this.refresh({})
    }
    target.addEventListener('online', onOnline)
    target.addEventListener('offline', onOffline)
    this.cleanups.push(() => {
      target.removeEventListener('online', onOnline)
      target.removeEventListener('offline', onOffline)
    })
  }

  /**
   * A socket connecting after the network went is a reconnect: sync what is not open too. Every
   * socket dropping while docs stay open is the network going; closing the last doc is not.
   */
  private onDocsChange(): void {
    const connected = this.docs.anyConnected()
    if (this.wasConnected && !connected && this.docs.openCount() > 0) this.sawOffline = true
    if (!this.wasConnected && connected && this.sawOffline) {
      this.sawOffline = false
      this.startSync()
    }
    this.wasConnected = connected
    this.refresh({})
  }

  /** A sync started by a trigger (start, reconnect); its outcome goes to the state. */
  private startSync(): void {
    this.requestSync().catch((error: unknown) => console.error('background sync stopped unexpectedly', error))
  }

  private requestSync(): Promise<void> {
    if (!this.runner || this.state.authLost || this.destroyed) return Promise.resolve()
    return this.runner.request()
  }

  private recordSync(outcome: SyncOutcome): void {
    switch (outcome.kind) {
      case 'done':
        this.refresh({ lastSyncedAt: outcome.at, lastSync: outcome.summary, lastSyncError: null })
        this.db.values.put({ key: LAST_SYNCED_KEY, value: outcome.at }).catch((error: unknown) => console.error('recording the last sync time failed', error))
        return
      case 'failed':
        this.sawOffline = true
        this.refresh({ lastSyncError: outcome.message })
        return
      case 'authLost':
        this.loseAuth()
        return
      default:
        exhaustiveSwitchError(outcome)
    }
  }

  private recordIssue(name: string, issue: DocIssue | null): void {
    const issues = { ...this.state.issues }
    if (issue && issue.kind !== 'authLost') issues[name] = issue
    else delete issues[name]
    this.refresh({ issues })
    if (issue?.kind === 'authLost') this.loseAuth()
  }

  /** The session is gone (a 4401 close, a refused upgrade or a 401 from background sync). */
  private loseAuth(): void {
    if (this.state.authLost) return
    this.refresh({ authLost: true })
    this.docs.stopSockets().catch((error: unknown) => console.error('stopping sockets failed', error))
  }

  /** Applies a change and notifies listeners only when something visible changed. */
  private refresh(change: Partial<SyncState>): void {
    if (this.destroyed) return
    const merged: SyncState = { ...this.state, ...change }
    const next: SyncState = { ...merged, online: this.computeOnline(merged) }
    if (sameState(this.state, next)) return
    this.state = next
    for (const listener of [...this.listeners]) listener()
  }

  /**
   * A doc the relay refused has no socket by design, so it says nothing about the network: only
   * the other open docs count (a refusal shows as 无权访问, not 离线).
   */
  private computeOnline(state: SyncState): boolean {
    if (state.authLost) return false
    const live = this.docs.openNames().filter((name) => state.issues[name]?.kind !== 'forbidden')
    if (live.length > 0) return this.docs.anyConnected()
    return globalThis.navigator?.onLine ?? true
  }

  /** The last completed sync survives a reload (an offline start says when, not 尚未同步). */
  private loadLastSyncedAt(): void {
    this.db.values.get(LAST_SYNCED_KEY).then(
      (row) => {
        const at = lastSyncedSchema.safeParse(row?.value)
        if (at.success && this.state.lastSyncedAt === null) this.refresh({ lastSyncedAt: at.data })
      },
      (error: unknown) => {
        if (!this.destroyed) console.error('reading the last sync time failed', error)
      },
    )
  }
}
