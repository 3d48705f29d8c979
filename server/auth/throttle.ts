/**
 * Login throttling: failed sign-ins are counted per phone number and per client address over a
 * sliding window; past the limit, attempts are refused (HTTP 429) until the oldest failure ages
 * out. A success clears the phone's count. In memory: one relay's view, reset on restart.
 */
export type ThrottleOptions = { maxPerPhone: number; maxPerIp: number; windowMs: number; now?: () => number }

export const LOGIN_THROTTLE: ThrottleOptions = { maxPerPhone: 5, maxPerIp: 30, windowMs: 15 * 60_000 }

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  private readonly now: () => number

  constructor(private readonly options: ThrottleOptions = LOGIN_THROTTLE) {
    this.now = options.now ?? Date.now
  }

  /** Seconds to wait before another attempt, or 0 if one is allowed now. */
  retryAfter(phone: string, ip: string): number {
    const t = this.now()
    const wait = (key: string, max: number) => {
      const recent = this.recent(key, t)
      const oldest = recent[0]
      return recent.length >= max && oldest !== undefined ? Math.ceil((oldest + this.options.windowMs - t) / 1000) : 0
    }
    return Math.max(wait(`phone:${phone}`, this.options.maxPerPhone), wait(`ip:${ip}`, this.options.maxPerIp))
  }

  fail(phone: string, ip: string): void {
    const t = this.now()
    for (const key of [`phone:${phone}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key, t), t])
  }

  succeed(phone: string): void {
    this.failures.delete(`phone:${phone}`)
  }

  private recent(key: string, t: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > t - this.options.windowMs)
    if (list.length === 0) this.failures.delete(key)
    else this.failures.set(key, list)
    return list
  }
}
