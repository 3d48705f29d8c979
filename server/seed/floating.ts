/**
 * When the demo's floating households (流动) came, whether each of their members holds a
 * 居住证, and a few households that left in the last two months (seed 003: 「流動人員遷入遷出
 * 必報」), so the 流动人口 card and the visit lists have every case. Each drawn from a random
 * source of its own, seeded by the household's or resident's id, so the rest of the demo stays
 * as it was, and written with the record when it is made (one compact item, as an import would).
 */
import { addDays } from '../../shared/civilDate.js'
import { createRandom, seedFrom } from './random.js'

/** When a floating household came, and left if it has. */
export function floatingStay(householdId: string, today: string): { arrivedAt: string; leftAt?: string } {
  const random = createRandom(seedFrom(`stay:${householdId}`))
  const arrivedAt = addDays(today, -(random.chance(0.15) ? random.int(0, 60) : random.int(61, 1100)))
  const leftAt = random.chance(0.08) ? addDays(today, -random.int(0, 55)) : null
  return leftAt && leftAt > arrivedAt ? { arrivedAt, leftAt } : { arrivedAt }
}

/** A floating resident's 居住证. */
export function floatingPermit(residentId: string): string {
  return createRandom(seedFrom(`permit:${residentId}`)).weighted([['已办理', 70], ['办理中', 15], ['未办理', 15]] as const)
}
