/**
 * Runs background sync (backgroundSync.ts) for the engine, one run at a time.
 *
 * Rules:
 * - Never two runs at once: a request during a run is remembered and served by one more run
 *   after it, so a burst of reconnect signals costs at most one extra run.
 * - A 401 means the session is gone (reported like a 4401 socket close); any other failure is
 *   recorded and retried on the next reconnect signal or 立即同步.
 * - destroy() aborts the request in flight and waits for the run to end, so no run touches the
 *   user's db after the engine has closed it.
 */
import type { UserDb } from './db'
import type { DataKey } from './sealed'
import { SyncHttpError, syncAllDocs, type BackgroundSyncReport } from './backgroundSync'

export type SyncSummary = Pick<BackgroundSyncReport, 'exchanged' | 'pulled' | 'pushed' | 'forbidden' | 'bytesUp' | 'bytesDown'>

export type SyncOutcome = { kind: 'done'; at: number; summary: SyncSummary } | { kind: 'authLost' } | { kind: 'failed'; message: string }

export type SyncRunnerOptions = {
  db: UserDb
  baseUrl: string
  token: string
  fetchImpl?: typeof fetch
  dataKey?: DataKey
  isOpen(docName: string): boolean
  onRunning(running: boolean): void
  onOutcome(outcome: SyncOutcome): void
  now?: () => number
}

export class SyncRunner {
  private running: Promise<void> | null = null
  private again = false
  private destroyed = false
  private readonly abort = new AbortController()

  constructor(private readonly options: SyncRunnerOptions) {}

  /** Resolves when a run that started after this call has finished. */
  request(): Promise<void> {
    if (this.destroyed) return Promise.resolve()
    if (this.running) {
      this.again = true
      return this.running
    }
    this.options.onRunning(true)
    const run = this.loop().finally(() => {
      this.running = null
      if (!this.destroyed) this.options.onRunning(false)
    })
    this.running = run
    return run
  }

  async destroy(): Promise<void> {
    this.destroyed = true
    this.abort.abort()
    await this.running
  }

  private async loop(): Promise<void> {
    do {
      this.again = false
      const outcome = await this.runOnce()
      if (this.destroyed) return
      this.options.onOutcome(outcome)
      if (outcome.kind === 'authLost') return
    } while (this.again)
  }

  private async runOnce(): Promise<SyncOutcome> {
    const { options } = this
    const base = options.fetchImpl ?? globalThis.fetch
    const signal = this.abort.signal
    try {
      const report = await syncAllDocs({
        db: options.db,
        baseUrl: options.baseUrl,
        token: options.token,
        isOpen: options.isOpen,
        dataKey: options.dataKey,
        fetchImpl: (input, init) => base(input, { ...init, signal }),
      })
      const { exchanged, pulled, pushed, forbidden, bytesUp, bytesDown } = report
      return { kind: 'done', at: (options.now ?? Date.now)(), summary: { exchanged, pulled, pushed, forbidden, bytesUp, bytesDown } }
    } catch (error) {
      if (error instanceof SyncHttpError && error.status === 401) return { kind: 'authLost' }
      // Offline is the usual cause; the next reconnect signal retries.
      if (!this.destroyed) console.warn(`background sync failed: ${String(error)}`)
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
    }
  }
}
