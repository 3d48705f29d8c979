/**
 * Rate limits on residents' matters (issue #23 item 5): the public form needs no account, so
 * the relay limits how many matters it takes, over a sliding window, per client address and per
 * village. A refusal says how long to wait; nothing is written. In memory: one relay's view.
 *
 * | bucket            | limit (default) | stops                                              |
 * |-------------------|-----------------|----------------------------------------------------|
 * | address + village | 5 per hour      | one phone flooding a village's inbox               |
 * | village           | 60 per hour     | many addresses flooding one village's grid workers |
 * | address + ratings | 20 per hour     | guessing tracking codes through the rating form    |
 */
import { isRefusal, SlidingWindow, type WindowBucket } from '../http/slidingWindow.js'

export type MatterLimits = { perAddress: number; perVillage: number; lookupsPerAddress: number; windowMs: number; now?: () => number }

export const MATTER_LIMITS: MatterLimits = { perAddress: 5, perVillage: 60, lookupsPerAddress: 20, windowMs: 60 * 60_000 }

export type MatterRefusal = { retryAfter: number; scope: 'address' | 'village' }

export class MatterThrottle {
  private readonly window: SlidingWindow

  constructor(private readonly limits: MatterLimits = MATTER_LIMITS) {
    this.window = new SlidingWindow(limits.windowMs, limits.now)
  }

  /** Takes a place for one matter, or says why not. */
  takeMatter(villageId: string, address: string): MatterRefusal | null {
    return this.take([
      { key: `a:${villageId}|${address}`, max: this.limits.perAddress, scope: 'address' },
      { key: `v:${villageId}`, max: this.limits.perVillage, scope: 'village' },
    ])
  }

  /** Takes a place for one rating or failed code lookup from an address. */
  takeLookup(address: string): MatterRefusal | null {
    return this.take([{ key: `l:${address}`, max: this.limits.lookupsPerAddress, scope: 'address' }])
  }

  private take(buckets: WindowBucket<MatterRefusal['scope']>[]): MatterRefusal | null {
    const outcome = this.window.take(buckets)
    return isRefusal(outcome) ? outcome : null
  }
}

export function refusalMessage(refusal: MatterRefusal): string {
  const minutes = Math.max(1, Math.ceil(refusal.retryAfter / 60))
  return refusal.scope === 'address'
    ? `提交太频繁了，请 ${minutes} 分钟后再试。急事请直接拨打村委会电话。`
    : `本村这一小时收到的反映太多，请 ${minutes} 分钟后再试。急事请直接拨打村委会电话。`
}
