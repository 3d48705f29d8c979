/** Flat records of counts (a grid's 巡查 or 人居环境 figures) added up key by key; `zero` gives the keys of an empty list. */
export function sumCounts<T extends Record<string, number>>(list: readonly T[], zero: T): T {
  const out: Record<string, number> = { ...zero }
  for (const counts of list) for (const [key, n] of Object.entries(counts)) out[key] = (out[key] ?? 0) + n
  return out as T
}
