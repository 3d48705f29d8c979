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

/** Ratio columns: Cunwu ÷ each reference, and ÷ the better of y-websocket and current Hocuspocus (issue #21's yardstick). */
const RATIOS = [
  { header: 'cunwu/yws', of: ['yws'] },
  { header: 'cunwu/hocus4', of: ['hocus4'] },
  { header: 'cunwu/best', of: ['yws', 'hocus4'] },
  { header: 'cunwu/hocus3', of: ['hocus'] },
] as const satisfies ReadonlyArray<{ header: string; of: readonly ServerKind[] }>

export function formatTable(table: Table): string {
  const header = ['', ...SERVER_KINDS.map((k) => SERVER_LABEL[k]), ...RATIOS.map((r) => r.header)]
  const lines: string[][] = [header]
  for (const row of table.rows) {
    const digits = row.digits ?? 1
    const cells = SERVER_KINDS.map((k) => formatNumber(row.values[k], digits))
    const arrow = row.better === 'lower' ? ' (↓)' : row.better === 'higher' ? ' (↑)' : ''
    lines.push([`${row.label}${arrow}`, ...cells, ...RATIOS.map((r) => formatRatio(row, r.of))])
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => displayWidth(l[i] ?? ''))))
  const render = (l: string[]) =>
    l.map((cell, i) => (i === 0 ? padEnd(cell, widths[i] ?? 0) : padStart(cell, widths[i] ?? 0))).join(' | ')
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-')
  const out = [`\n## ${table.title}`, render(header), rule, ...lines.slice(1).map(render)]
  for (const note of table.notes) out.push(`  * ${note}`)
  return out.join('\n')
}

/** Cunwu ÷ the best of `others` that has a value (by the row's direction); '—' when there is none. */
function formatRatio(row: Row, others: readonly ServerKind[]): string {
  const a = row.values.cunwu
  const candidates = others
    .map((k) => row.values[k])
    .filter((v): v is number => v != null && Number.isFinite(v) && v !== 0)
  if (a == null || !Number.isFinite(a) || candidates.length === 0) return '—'
  if (candidates.length > 1 && row.better === 'info') return '—'
  const b = row.better === 'higher' ? Math.max(...candidates) : Math.min(...candidates)
  return `${(a / b).toFixed(2)}x`
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
