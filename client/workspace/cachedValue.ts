/**
 * A value the relay owns (the villages this user sees, their memberships), cached in the user's
 * IndexedDB so it still shows offline. Start shows the cached copy at once, then asks the relay;
 * a failed request keeps the cached copy and records why. The stored copy is untrusted (an older
 * app wrote it) and goes through the caller's zod schema.
 */
import type * as z from 'zod'
import type { UserDb } from '../sync/db'
import { ValueStore } from './store'

export type CachedState<T> = { value: T | null; error: string | null; loading: boolean }

export type CachedValueOptions<S extends z.ZodType> = {
  db: UserDb
  key: string
  schema: S
  fetch(): Promise<z.infer<S>>
}

export class CachedValue<S extends z.ZodType> extends ValueStore<CachedState<z.infer<S>>> {
  private closed = false

  constructor(private readonly options: CachedValueOptions<S>) {
    super({ value: null, error: null, loading: true })
  }

  /** Reads the cached copy, then reloads from the relay. */
  async start(): Promise<void> {
    const row = await this.options.db.values.get(this.options.key)
    const cached = this.options.schema.safeParse(row?.value)
    if (cached.success && this.getSnapshot().value === null) this.set({ ...this.getSnapshot(), value: cached.data })
    await this.reload()
  }

  async reload(): Promise<void> {
    if (this.closed) return
    this.set({ ...this.getSnapshot(), loading: true })
    try {
      const value = await this.options.fetch()
      if (this.closed) return
      // Kept before it is shown, so what a screen showed is what this device shows offline next time.
      await this.keep(value)
      if (this.closed) return
      this.set({ value, error: null, loading: false })
    } catch (error) {
      if (this.closed) return
      console.warn(`loading ${this.options.key} failed; showing the cached copy`, error)
      this.set({ ...this.getSnapshot(), error: error instanceof Error ? error.message : String(error), loading: false })
    }
  }

  /** A change made here that the relay already accepted (a village just created). */
  async update(change: (value: z.infer<S> | null) => z.infer<S>): Promise<void> {
    const value = change(this.getSnapshot().value)
    this.set({ ...this.getSnapshot(), value })
    await this.options.db.values.put({ key: this.options.key, value })
  }

  private async keep(value: z.infer<S>): Promise<void> {
    try {
      await this.options.db.values.put({ key: this.options.key, value })
    } catch (error) {
      console.warn(`keeping ${this.options.key} on this device failed`, error)
    }
  }

  close(): void {
    this.closed = true
    this.clear()
  }
}
