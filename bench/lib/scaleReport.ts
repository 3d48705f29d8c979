/** bench:scale tables: one column per relay count, plus ratio rows against the first column. */
import { displayWidth, formatNumber, padEnd, padStart } from './report.js'

export type GridRow = {
  label: string
  better: 'lower' | 'higher' | 'info'
  values: (number | null)[]
  digits?: number
  /** Shown as `1.00x` rather than a plain number. */
  ratio?: boolean
}

export function formatGrid(title: string, columns: string[], rows: GridRow[], notes: string[]): string {
  const header = ['', ...columns]
  const lines: string[][] = [header]
  for (const row of rows) {
    const arrow = row.better === 'lower' ? ' (↓)' : row.better === 'higher' ? ' (↑)' : ''
    const cells = columns.map((_, i) => {
      const v = row.values[i]
      if (row.ratio) return v == null || !Number.isFinite(v) ? '—' : `${v.toFixed(2)}x`
      return formatNumber(v, row.digits ?? 1)
    })
    lines.push([`${row.label}${arrow}`, ...cells])
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => displayWidth(l[i] ?? ''))))
  const render = (l: string[]) =>
    l.map((cell, i) => (i === 0 ? padEnd(cell, widths[i] ?? 0) : padStart(cell, widths[i] ?? 0))).join(' | ')
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-')
  const out = [`\n## ${title}`, render(header), rule, ...lines.slice(1).map(render)]
  for (const note of notes) out.push(`  * ${note}`)
  return out.join('\n')
}

/** values[i] ÷ values[0] (null where either is missing or the base is 0). */
export function ratios(values: (number | null)[]): (number | null)[] {
  const base = values[0]
  return values.map((v) => (v == null || base == null || base === 0 ? null : v / base))
}
