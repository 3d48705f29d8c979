/**
 * The outbox: server-authoritative actions taken on this device (publishing a notice), kept in
 * the user's IndexedDB until the server has them (DESIGN.md "Client", "Public notices").
 *
 * Rules:
 * - an action keeps the id it was given when the person acted; enqueueing an id already queued
 *   is a no-op, and the server treats a repeated id as the same action, so sending twice — a
 *   lost response, two tabs, a retry — publishes once;
 * - sending runs one at a time, oldest first; network trouble and 5xx are retried with
 *   exponential backoff, and again as soon as the engine or the browser is online;
 * - an act naming others in `after` waits while any of them is still queued (a posting record
 *   goes only once its photos are uploaded; a failed upload holds it until retried or discarded);
 * - a refusal for good (4xx but 401/408/429) is kept as 'failed' with the server's message,
 *   never dropped silently: the person retries or discards it; an act nobody can act on (a
 *   report the server refuses) is 'dropped' by its sender's choice, with a warning;
 * - the rows are a store (subscribe/getSnapshot), kept current from every write to the table,
 *   from this tab or another;
 * - every subscription is undone by destroy().
 */
import type { OutboxRow, UserDb } from './db'
import { watchTable } from './watchTable'

export type SendResult = { kind: 'sent' } | { kind: 'retry'; message: string } | { kind: 'rejected'; message: string } | { kind: 'dropped'; message: string }
export type OutboxSender = (row: OutboxRow) => Promise<SendResult>
export type OutboxItem = Pick<OutboxRow, 'id' | 'kind' | 'villageId' | 'payload' | 'after'>

/** The id of the act that uploads file `sha256` for doc `docName` (one per file and doc). */
export const uploadActId = (docName: string, sha256: string): string => `attachment:${docName}:${sha256}`

/** The acts `row` still waits for (its `after` that are queued), and those of them refused for good. */
export function waitingOn(row: Pick<OutboxRow, 'after'>, rows: readonly OutboxRow[]): { waiting: OutboxRow[]; refused: OutboxRow[] } {
  const waiting = rows.filter((o) => row.after?.includes(o.id))
  return { waiting, refused: waiting.filter((o) => o.state === 'failed') }
}

export type OutboxOptions = {
  db: UserDb
  send: OutboxSender
  now?: () => number
  /** Runs fn after ms; returns a cancel function (tests drive it by hand). */
  schedule?: (fn: () => void, ms: number) => () => void
}

export const OUTBOX_BASE_DELAY_MS = 2_000
export const OUTBOX_MAX_DELAY_MS = 5 * 60_000

export function backoffDelay(attempts: number): number {
  return Math.min(OUTBOX_MAX_DELAY_MS, OUTBOX_BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1))
}

/** What an online signal looks like (the sync engine fits). */
export type OnlineSource = { subscribe(onChange: () => void): () => void; getState(): { online: boolean } }

const defaultSchedule = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms)
  return () => clearTimeout(timer)
}

export class Outbox {
  private readonly db: UserDb
  private readonly send: OutboxSender
  private readonly now: () => number
  private readonly schedule: (fn: () => void, ms: number) => () => void
  private running: Promise<void> | null = null
  private again = false
  private cancelTimer: (() => void) | null = null
  private readonly cleanups: Array<() => void> = []
  private destroyed = false
  private rows: OutboxRow[] = []
  private readonly listeners = new Set<() => void>()
  private watching: (() => void) | null = null
  private readSeq = 0

  constructor(options: OutboxOptions) {
    this.db = options.db
    this.send = options.send
    this.now = options.now ?? Date.now
    this.schedule = options.schedule ?? defaultSchedule
  }

  /** Queues the action unless its id is already queued; true if it was added. Then sends. */
  async enqueue(item: OutboxItem): Promise<boolean> {
    const row: OutboxRow = { ...item, createdAt: this.now(), attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null }
    const added = await this.db.transaction('rw', this.db.outbox, async () => {
      if (await this.db.outbox.get(item.id)) return false
      await this.db.outbox.add(row)
      return true
    })
    this.kick()
    return added
  }

  /** Sends every due pending row; concurrent calls share one run (and one more after it). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.again = false
          await this.sendDue()
        } while (this.again && !this.destroyed)
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  /** A failed or waiting row: try it now. */
  async retry(id: string): Promise<void> {
    await this.db.outbox.update(id, { state: 'pending', nextAttemptAt: 0 })
    await this.flush()
  }

  async discard(id: string): Promise<void> {
    await this.db.outbox.delete(id)
    // An act that waited for this one may go now.
    this.kick()
  }

  list(): Promise<OutboxRow[]> {
    return this.db.outbox.orderBy('createdAt').toArray()
  }

  /** The queue as last read, oldest first (a new array after every change). */
  getSnapshot = (): OutboxRow[] => this.rows

  /** Every change of the queue, from this tab or another; returns an unsubscribe. */
  subscribe = (onChange: () => void): (() => void) => {
    if (!this.watching) {
      this.watching = watchTable(this.db, 'outbox', () => this.reread())
      this.reread()
    }
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  private reread(): void {
    const seq = ++this.readSeq
    this.list().then(
      (rows) => {
        if (seq !== this.readSeq || this.destroyed) return
        this.rows = rows
        for (const listener of [...this.listeners]) listener()
      },
      (error: unknown) => {
        if (!this.destroyed) console.error('reading the outbox failed', error)
      },
    )
  }

  /** Sends whenever `source` goes online, and when the browser says it is online. */
  watchOnline(source: OnlineSource): void {
    let wasOnline = source.getState().online
    this.cleanups.push(
      source.subscribe(() => {
        const online = source.getState().online
        if (online && !wasOnline) this.kick()
        wasOnline = online
      }),
    )
    const target = globalThis.window
    if (target?.addEventListener) {
      const onOnline = () => this.kick()
      target.addEventListener('online', onOnline)
      this.cleanups.push(() => target.removeEventListener('online', onOnline))
    }
  }

  destroy(): void {
    this.destroyed = true
    this.watching?.()
    this.listeners.clear()
    this.cancelTimer?.()
    for (const cleanup of this.cleanups.splice(0)) cleanup()
  }

  private kick(): void {
    if (this.destroyed) return
    this.flush().catch((error: unknown) => {
      // The engine closed its db (sign-out): this outbox is done; the rows wait in IndexedDB.
      if (error instanceof Error && error.name === 'DatabaseClosedError') this.destroy()
      else console.error('outbox flush failed', error)
    })
  }

  private async sendDue(): Promise<void> {
    let retryAt: number | null = null
    const rows = await this.list()
    const queued = new Set(rows.map((r) => r.id))
    for (const row of rows) {
      if (this.destroyed) return
      if (row.state !== 'pending' || row.nextAttemptAt > this.now()) continue
      if (row.after?.some((id) => queued.has(id))) continue
      const result = await this.send(row).catch((error: unknown): SendResult => ({ kind: 'retry', message: error instanceof Error ? error.message : String(error) }))
      if (result.kind === 'sent' || result.kind === 'dropped') {
        if (result.kind === 'dropped') console.warn(`outbox: ${row.kind} ${row.id} dropped: ${result.message}`)
        await this.db.outbox.delete(row.id)
        queued.delete(row.id)
        continue
      }
      const attempts = row.attempts + 1
      if (result.kind === 'rejected') {
        await this.db.outbox.update(row.id, { attempts, state: 'failed', lastError: result.message })
        continue
      }
      retryAt = this.now() + backoffDelay(attempts)
      await this.db.outbox.update(row.id, { attempts, nextAttemptAt: retryAt, lastError: result.message })
      break // the network is likely down for the rest too: they go with that retry
    }
    const later = (await this.list()).filter((r) => r.state === 'pending' && r.nextAttemptAt > this.now()).map((r) => r.nextAttemptAt)
    this.scheduleAt(retryAt ?? (later.length ? Math.min(...later) : null))
  }

  private scheduleAt(at: number | null): void {
    this.cancelTimer?.()
    this.cancelTimer = null
    if (at === null || this.destroyed) return
    this.cancelTimer = this.schedule(() => this.kick(), Math.max(0, at - this.now()))
  }
}
