/**
 * Sign-in throttling (OWASP Authentication Cheat Sheet: account lockout without denial of service).
 *
 * Every attempt takes its place in the counters *before* the password is checked, so a burst of
 * parallel guesses is counted in full; a success gives back only its own place. Failures are
 * counted over a sliding window in four buckets:
 *
 * | bucket                 | limit (default)  | stops                                         |
 * |------------------------|------------------|-----------------------------------------------|
 * | phone + address        | 5 per 15 min     | guessing one account from one place           |
 * | phone, any address     | 20 per 15 min    | guessing one account from many places: a lock-out a township admin can lift |
 * | phone + known device   | 5 per 15 min     | replaces the two above for a device that signed in to this phone before, so a stranger's lock-out does not lock the owner out |
 * | address, any phone     | 100 per 15 min   | spraying many phones from one address, while an office behind one NAT still gets in |
 *
 * Password changes have their own bucket per user. In memory: one relay's view, reset on restart
 * (known devices too, so a restart never leaves a device trusted while its count is gone).
 */
import { isRefusal, SlidingWindow, type WindowBucket } from '../http/slidingWindow.js'

export type ThrottleOptions = {
  maxPerPhoneAddress: number
  maxPerPhone: number
  maxPerIp: number
  maxPasswordChanges: number
  windowMs: number
  now?: () => number
}

export const LOGIN_THROTTLE: ThrottleOptions = {
  maxPerPhoneAddress: 5,
  maxPerPhone: 20,
  maxPerIp: 100,
  maxPasswordChanges: 5,
  windowMs: 15 * 60_000,
}

/** Which limit refused an attempt; the route turns it into a message. */
export type ThrottleRefusal = { retryAfter: number; scope: 'account' | 'address' | 'locked' }

/** One attempt in flight: it already counts as a failure until it says it succeeded. */
export type ThrottleTicket = { succeed(): void; fail(): void }

type Bucket = WindowBucket<ThrottleRefusal['scope']>

export class LoginThrottle {
  private readonly window: SlidingWindow
  private readonly knownDevices = new Map<string, Set<string>>()

  constructor(private readonly options: ThrottleOptions = LOGIN_THROTTLE) {
    this.window = new SlidingWindow(options.windowMs, options.now)
  }

  /**
   * Takes a place for one sign-in attempt, or says how long to wait. Call synchronously before
   * any await; then `succeed()` or `fail()` once the password was checked.
   */
  beginLogin(phone: string, ip: string, device?: string): ThrottleTicket | ThrottleRefusal {
    const known = device !== undefined && this.knownDevices.get(phone)?.has(device) === true
    const o = this.options
    const buckets: Bucket[] = known
      ? [{ key: `pd:${phone}|${device}`, max: o.maxPerPhoneAddress, scope: 'account' }]
      : [
          { key: `pa:${phone}|${ip}`, max: o.maxPerPhoneAddress, scope: 'account' },
          { key: `p:${phone}`, max: o.maxPerPhone, scope: 'locked' },
        ]
    buckets.push({ key: `a:${ip}`, max: o.maxPerIp, scope: 'address' })
    const ticket = this.window.take(buckets)
    if (isRefusal(ticket)) return ticket
    return {
      succeed: () => {
        ticket.release()
        if (device !== undefined) this.rememberDevice(phone, device)
      },
      fail: () => undefined,
    }
  }

  /** Takes a place for one password change by a signed-in user. */
  beginPasswordChange(userId: string): ThrottleTicket | ThrottleRefusal {
    const ticket = this.window.take<ThrottleRefusal['scope']>([{ key: `pw:${userId}`, max: this.options.maxPasswordChanges, scope: 'account' }])
    if (isRefusal(ticket)) return ticket
    return { succeed: () => ticket.release(), fail: () => undefined }
  }

  /** True while the phone is locked out for strangers (the township admin sees and lifts it). */
  isLocked(phone: string): boolean {
    return this.window.count(`p:${phone}`) >= this.options.maxPerPhone
  }

  /** Lifts every limit on a phone: the township admin's unlock. */
  unlock(phone: string): void {
    this.window.forget((key) => key === `p:${phone}` || key.startsWith(`pa:${phone}|`) || key.startsWith(`pd:${phone}|`))
  }

  private rememberDevice(phone: string, device: string): void {
    const set = this.knownDevices.get(phone) ?? new Set<string>()
    set.add(device)
    this.knownDevices.set(phone, set)
  }
}
