/**
 * Per-doc persistence of Yjs updates in IndexedDB.
 *
 * Rules:
 * - What was loaded from IndexedDB is applied with LOAD_ORIGIN and never written back.
 * - Every other update is appended, batched per microtask into one row and one transaction, so a
 *   burst of edits costs one write; a local change's pending mark goes in the same transaction,
 *   so a stored change is never mistaken for a saved one.
 * - Compaction replaces a doc's rows by one snapshot inside one transaction that first applies
 *   every row it is about to delete, so rows appended meanwhile (by this tab or another) are
 *   either in the snapshot or left in place, never lost.
 * - Rows are sealed with the user's data key (sealed.ts) before their transaction and opened after
 *   reading, so compaction reads and applies first, then deletes exactly the rows it applied.
 */
import * as Y from 'yjs'
import type { UserDb } from './db'
import { loadAcked, unackedMarks, type PendingMark } from './pending'
import { readUpdates, sealUpdate, type DataKey } from './sealed'

/** Origin of updates read back from IndexedDB. */
export const LOAD_ORIGIN: unique symbol = Symbol('cunwu:indexeddb')

export const COMPACT_BYTES = 512 * 1024
export const COMPACT_ROWS = 500

export type LocalStoreOptions = {
  compactBytes?: number
  compactRows?: number
  /** Pending marks of a transaction (empty for remote ones); none are stored if omitted. */
  marksFor?: (origin: unknown, tr: Y.Transaction) => PendingMark[]
  /** The user's data key (dataKey.ts); rows are stored in plaintext without one (tests only). */
  dataKey?: DataKey
  onError?: (error: unknown) => void
}

export class LocalStore {
  private queue: Uint8Array[] = []
  private marks: PendingMark[] = []
  private scheduled = false
  private chain: Promise<void> = Promise.resolve()
  private rows = 0
  private bytes = 0
  private closed = false

  private constructor(
    readonly db: UserDb,
    readonly docName: string,
    readonly doc: Y.Doc,
    private readonly options: LocalStoreOptions,
  ) {}

  /** Loads every stored update of `docName` into `doc`, then starts saving its changes. */
  static async open(db: UserDb, docName: string, doc: Y.Doc, options: LocalStoreOptions = {}): Promise<LocalStore> {
    const store = new LocalStore(db, docName, doc, options)
    const { rows, updates } = await readUpdates(db, docName, options.dataKey ?? null)
    const started = performance.now()
    Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update, LOAD_ORIGIN)), LOAD_ORIGIN)
    performance.measure('cunwu:yjs-apply', { start: started })
    store.rows = rows.length
    store.bytes = rows.reduce((sum, row) => sum + row.size, 0)
    doc.on('update', store.onUpdate)
    if (store.needsCompaction()) store.enqueueTask(() => store.compactNow())
    return store
  }

  /** Stored rows and bytes of this doc as far as this tab knows (others' appends excluded). */
  stats(): { rows: number; bytes: number } {
    return { rows: this.rows, bytes: this.bytes }
  }

  /** Resolves once everything queued before the call is on disk. */
  flush(): Promise<void> {
    if (this.queue.length > 0 || this.marks.length > 0) this.enqueueTask(() => this.writeBatch())
    return this.chain
  }

  compact(): Promise<void> {
    this.enqueueTask(() => this.compactNow())
    return this.chain
  }

  /** Writes what is queued and stops listening; the doc itself is left to its owner. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.doc.off('update', this.onUpdate)
    await this.flush()
  }

  private onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    if (origin === LOAD_ORIGIN) return
    this.queue.push(update)
    if (this.options.marksFor) this.marks.push(...this.options.marksFor(origin, tr))
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      this.enqueueTask(() => this.writeBatch())
    })
  }

  private enqueueTask(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: unknown) => this.reportError(error))
  }

  private reportError(error: unknown): void {
    if (this.options.onError) this.options.onError(error)
    else console.error(`saving ${this.docName} locally failed`, error)
  }

  private async writeBatch(): Promise<void> {
    const updates = this.queue
    const marks = this.marks
    if (updates.length === 0 && marks.length === 0) return
    this.queue = []
    this.marks = []
    const bytes = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates)
    const { db, docName } = this
    try {
      const row = updates.length > 0 ? await sealUpdate(this.options.dataKey ?? null, docName, bytes) : null
      await db.transaction('rw', db.updates, db.pending, db.docSync, async () => {
        if (row) await db.updates.add(row)
        const fresh = unackedMarks(marks, marks.length > 0 ? await loadAcked(db, docName) : new Map())
        if (fresh.length > 0) await db.pending.bulkAdd(fresh.map((m) => ({ docName, clientID: m.clientID, clock: m.clock })))
      })
    } catch (error) {
      // Put the batch back so the next write retries it, then let the chain report the failure.
      this.queue = updates.concat(this.queue)
      this.marks = marks.concat(this.marks)
      throw error
    }
    if (updates.length > 0) {
      this.rows += 1
      this.bytes += bytes.byteLength
    }
    if (this.needsCompaction()) await this.compactNow()
  }

  private needsCompaction(): boolean {
    const maxBytes = this.options.compactBytes ?? COMPACT_BYTES
    const maxRows = this.options.compactRows ?? COMPACT_ROWS
    return this.rows > 1 && (this.rows > maxRows || this.bytes > maxBytes)
  }

  private async compactNow(): Promise<void> {
    const { db, docName, doc } = this
    const key = this.options.dataKey ?? null
    const { rows, updates } = await readUpdates(db, docName, key)
    // Apply before deleting: rows this doc has not seen yet (another tab's) end up in the snapshot.
    const started = performance.now()
    Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update, LOAD_ORIGIN)), LOAD_ORIGIN)
    performance.measure('cunwu:yjs-apply', { start: started })
    const snapshot = await sealUpdate(key, docName, Y.encodeStateAsUpdate(doc))
    // Only the rows applied above are deleted; one appended since stays beside the snapshot.
    await db.transaction('rw', db.updates, async () => {
      await db.updates.bulkDelete(rows.map((row) => row.id))
      await db.updates.add(snapshot)
    })
    this.rows = 1
    this.bytes = snapshot.size
  }
}
