/**
 * A seeded random source for the demo data (mulberry32): the same seed and the same `today`
 * give the same villages, people, ids and Yjs client ids, so demo data and benchmarks are
 * reproducible.
 */
export type Random = {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks by weight: `[[item, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T
  /** A URL-safe 22-character id (128 bits), like shared/ids.ts newId() but reproducible. */
  id(): string
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let roll = next() * total
      for (const [item, weight] of items) {
        roll -= weight
        if (roll < 0) return item
      }
      return items[items.length - 1]![0]
    },
    id: () => {
      const bytes = new Uint8Array(16)
      for (let i = 0; i < 16; i++) bytes[i] = int(0, 255)
      return Buffer.from(bytes).toString('base64url')
    },
  }
}

/** A seed from a text (FNV-1a): a random source of its own for one grid, household or resident. */
export function seedFrom(text: string): number {
  let h = 2166136261
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619)
  return h >>> 0
}
