/** Percentiles and the printed tables (one per measurement, one column per server). */
import { SERVER_KINDS, SERVER_LABEL, type ServerKind } from './dialect.js'

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] as number
}

export function sortedCopy(values: Float64Array | number[]): Float64Array {
  return Float64Array.from(values).sort()
}

export type Row = {
  label: string
  /** Which way is better; decides nothing numerically, shown next to the label. */
  better: 'lower' | 'higher' | 'info'
  values: Partial<Record<ServerKind, number | null>>
  /** Digits after the decimal point. */
  digits?: number
}

export type Table = { title: string; rows: Row[]; notes: string[] }

const COLUMNS = [...SERVER_KINDS.map((k) => SERVER_LABEL[k]), 'cunwu/yws', 'cunwu/hocus']

export function formatTable(table: Table): string {
  const header = ['', ...COLUMNS]
  const lines: string[][] = [header]
  for (const row of table.rows) {
    const digits = row.digits ?? 1
    const cells = SERVER_KINDS.map((k) => formatNumber(row.values[k], digits))
    const ratio = (other: ServerKind) => {
      const a = row.values.cunwu
      const b = row.values[other]
      return a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '—' : `${(a / b).toFixed(2)}x`
    }
    const arrow = row.better === 'lower' ? ' (↓)' : row.better === 'higher' ? ' (↑)' : ''
    lines.push([`${row.label}${arrow}`, ...cells, ratio('yws'), ratio('hocus')])
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => displayWidth(l[i] ?? ''))))
  const render = (l: string[]) =>
    l.map((cell, i) => (i === 0 ? padEnd(cell, widths[i] ?? 0) : padStart(cell, widths[i] ?? 0))).join(' | ')
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-')
  const out = [`\n## ${table.title}`, render(header), rule, ...lines.slice(1).map(render)]
  for (const note of table.notes) out.push(`  * ${note}`)
  return out.join('\n')
}

export function formatNumber(value: number | null | undefined, digits: number): string {
  if (value == null) return '—'
  if (!Number.isFinite(value)) return 'n/a'
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1
  return w
}
export const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)))
export const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s
