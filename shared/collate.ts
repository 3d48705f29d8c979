/**
 * The one order for Chinese text across the app: names, addresses, household and grid numbers
 * (`numeric`, so 2组 sorts before 10组). The collator is made on its first comparison and kept:
 * ICU's zh collation data is about 2 MiB of a relay's RSS (measured), and a relay that only
 * syncs never sorts (issue #21).
 */
let collator: Intl.Collator | null = null

export function compareZh(a: string, b: string): number {
  return (collator ??= new Intl.Collator('zh-CN', { numeric: true })).compare(a, b)
}
