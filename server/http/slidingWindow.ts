/**
 * One sliding-window counter for every rate limit of the relay (sign-in, residents' matters).
 * A take names several buckets (keys with their own maximum); it is refused when any of them is
 * full, and then none of them counts it, so a refused request never eats into another limit. The
 * refusal is the longest wait of the full buckets, in whole seconds (at least one). In memory:
 * one relay's view, reset on restart.
 */
export type WindowBucket<Scope extends string> = { key: string; max: number; scope: Scope }

export type WindowRefusal<Scope extends string> = { retryAfter: number; scope: Scope }

/** A place taken in every bucket of one take; `release()` gives it back (a sign-in that succeeded). */
export type WindowTicket = { release(): void }

export class SlidingWindow {
  private readonly stamps = new Map<string, number[]>()

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take<Scope extends string>(buckets: readonly WindowBucket<Scope>[]): WindowTicket | WindowRefusal<Scope> {
    const t = this.now()
    let refusal: WindowRefusal<Scope> | null = null
    for (const b of buckets) {
      const recent = this.recent(b.key, t)
      const oldest = recent[0]
      if (recent.length >= b.max && oldest !== undefined) {
        const retryAfter = Math.max(1, Math.ceil((oldest + this.windowMs - t) / 1000))
        if (!refusal || retryAfter > refusal.retryAfter) refusal = { retryAfter, scope: b.scope }
      }
    }
    if (refusal) return refusal
    for (const b of buckets) this.stamps.set(b.key, [...this.recent(b.key, t), t])
    return {
      release: () => {
        for (const b of buckets) {
          const list = this.stamps.get(b.key)
          const at = list?.lastIndexOf(t) ?? -1
          if (list && at >= 0) list.splice(at, 1)
          if (list?.length === 0) this.stamps.delete(b.key)
        }
      },
    }
  }

  /** How many places the bucket holds within the window now. */
  count(key: string): number {
    return this.recent(key, this.now()).length
  }

  /** Empties every bucket whose key matches (an administrator lifting a lock-out). */
  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.stamps.keys()]) if (matches(key)) this.stamps.delete(key)
  }

  private recent(key: string, t: number): number[] {
    const list = (this.stamps.get(key) ?? []).filter((at) => at > t - this.windowMs)
    if (list.length === 0) this.stamps.delete(key)
    else this.stamps.set(key, list)
    return list
  }
}

export function isRefusal<Scope extends string>(outcome: WindowTicket | WindowRefusal<Scope>): outcome is WindowRefusal<Scope> {
  return 'retryAfter' in outcome
}
