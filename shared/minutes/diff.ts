/**
 * Line diff by longest common subsequence: what changed between a finalised version and the
 * current record, paragraph by paragraph (canonical.ts minutesLines). Minutes are short (a few
 * hundred lines), so the O(n·m) table is fine.
 */
export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string }

export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length
  const m = after.length
  // lcs[i][j] = length of the LCS of before[i..] and after[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array
    const next = lcs[i + 1] as Uint32Array
    for (let j = m - 1; j >= 0; j--) row[j] = before[i] === after[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number)
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ op: 'same', text: before[i] as string })
      i++
      j++
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) out.push({ op: 'removed', text: before[i++] as string })
    else out.push({ op: 'added', text: after[j++] as string })
  }
  while (i < n) out.push({ op: 'removed', text: before[i++] as string })
  while (j < m) out.push({ op: 'added', text: after[j++] as string })
  return out
}

export const hasChanges = (diff: readonly DiffLine[]): boolean => diff.some((d) => d.op !== 'same')
