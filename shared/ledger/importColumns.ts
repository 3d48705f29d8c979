/**
 * Spreadsheet headers → ledger fields for the household/resident import (issue #12 item 1).
 *
 * - A header means a field when, after dropping spaces (half- and full-width), line breaks, a
 *   leading “*” and a trailing “（必填）”/“*”/note in brackets, it equals the field's label or one of
 *   its aliases (the kinds in kinds/ carry them, fields.ts).
 * - The header row is found below any title, 填报单位 and date rows: of the first rows, the one
 *   (or the pair, for two-row headers such as 户主信息 over 姓名/身份证号) naming the most known
 *   columns, one of them 姓名 or 户编号. In a pair, each column's header is the lower cell, or
 *   upper+lower when that names a field (户主 over 姓名 → 户主姓名), or the upper cell when the
 *   lower is empty.
 * - A column whose header is 户主 or a category (党员, 是否低保 …) and whose cells hold (almost)
 *   only 是/否/√/× is a flag column, not a name: 户主 marks the household's head, a category column
 *   gives that category to the rows marked 是.
 * - A column the rules do not know, and that holds data, is `unmapped`: the user maps it to a field
 *   or to 不导入 before the import can be confirmed, and the choice is kept for the village
 *   (`importMappings`, key = the normalised header).
 *
 * 联系电话 and 备注 exist on both kinds: on a sheet with a 姓名 column they belong to the resident
 * (one row per resident), on a sheet without one (a household list) to the household.
 */
import { toHalfWidth } from '../text/halfWidth.js'
import type { FieldDef } from './fields.js'
import { categoryOfHeader, type CategoryTarget } from './importCategories.js'
import { isBoolWord } from './importCells.js'
import { household } from './kinds/household.js'
import { resident } from './kinds/resident.js'

export type ColumnTarget =
  | { to: 'resident'; field: FieldDef }
  | { to: 'household'; field: FieldDef }
  /** Read from the ID number; a filled-in cell is checked against it. */
  | { to: 'derived'; key: 'sex' | 'birthDate' | 'age' }
  | { to: 'grid' }
  /** A 户主 是/否 column: the row marked 是 is the household's head. */
  | { to: 'isHead' }
  /** A 是/否 column named after one category (党员, 低保 …). */
  | { to: 'category'; category: CategoryTarget }

export type MappedColumn = { index: number; column: string; header: string; target: ColumnTarget; hidden: boolean; saved: boolean }
export type IgnoredColumn = { column: string; header: string; reason: string }
export type UnmappedColumn = { column: string; header: string; key: string; samples: string[] }
export type ColumnMap = {
  /** Sheet row numbers (1-based) of the header: one, or two for a two-row header. */
  headerRows: number[]
  columns: MappedColumn[]
  ignored: IgnoredColumn[]
  unmapped: UnmappedColumn[]
  hasResidents: boolean
}
/** A saved choice for a header the rules do not know: a target id (targetId) or SKIP. */
export type SavedMappings = Readonly<Record<string, string>>
export const SKIP = 'skip'

/** Headers for household fields that resident fields take when both are on one sheet. */
const HOUSEHOLD_EXTRA_HEADERS: Record<string, readonly string[]> = { phone: ['户联系电话', '家庭电话', '户主电话', '户主联系电话'], note: ['户备注'] }
const GRID_HEADERS = ['网格', '所属网格', '网格名称', '网格编号', '网格名']
const HEAD_HEADERS = ['户主', '是否户主']

/** A household field's header on a sheet that also has resident columns (the roster export). */
export function rosterHouseholdHeader(field: FieldDef): string {
  return HOUSEHOLD_EXTRA_HEADERS[field.key]?.[0] ?? field.label
}
const DERIVED_HEADERS: Record<string, 'sex' | 'birthDate' | 'age'> = { 性别: 'sex', 出生日期: 'birthDate', 出生年月: 'birthDate', 出生年月日: 'birthDate', 年龄: 'age' }
/** Columns the import fills itself, or that never hold ledger data. */
const SKIPPED_HEADERS: Record<string, string> = { 所属户: '由户编号关联，不单独导入', 序号: '序号不导入', 编码: '序号不导入', 状态: '状态由记录推算，不导入', 年龄: '年龄由身份证号推算，不导入' }
const HEADER_SEARCH_ROWS = 30

export function normaliseHeader(raw: string): string {
  return toHalfWidth(raw)
    .replace(/\s+/g, '')
    .replace(/^\*+/, '')
    .replace(/([(（]必填[)）]|\*)+$/, '')
}

/** The header without a trailing note in brackets: 联系电话（手机） → 联系电话. */
function withoutNote(key: string): string {
  return key.replace(/[(（][^()（）]*[)）]$/, '')
}

function headersOf(field: FieldDef, extra: readonly string[] = []): string[] {
  return [field.label, ...(field.aliases ?? []), ...extra].map(normaliseHeader)
}

function buildTable(residentFirst: boolean): Map<string, ColumnTarget> {
  const table = new Map<string, ColumnTarget>()
  const add = (header: string, target: ColumnTarget) => {
    if (!table.has(header)) table.set(header, target)
  }
  const residents = () => {
    for (const field of resident.fields) if (field.type !== 'ref') for (const h of headersOf(field)) add(h, { to: 'resident', field })
  }
  const households = () => {
    for (const field of household.fields) for (const h of headersOf(field, HOUSEHOLD_EXTRA_HEADERS[field.key])) add(h, { to: 'household', field })
  }
  if (residentFirst) {
    residents()
    households()
  } else {
    households()
    residents()
  }
  for (const h of GRID_HEADERS) add(h, { to: 'grid' })
  for (const [h, key] of Object.entries(DERIVED_HEADERS)) add(h, { to: 'derived', key })
  return table
}

const RESIDENT_FIRST = buildTable(true)
const HOUSEHOLD_FIRST = buildTable(false)
const NAME_HEADERS = new Set(headersOf(resident.fields[0]!))
const HOUSEHOLD_NO = new Set(household.fields.filter((f) => f.key === 'householdNo').flatMap((f) => headersOf(f)))

/** Excel's column letters for a 0-based index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(65 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

/** A stable id for a target, kept in the village's saved mappings and used by the mapping picker. */
export function targetId(target: ColumnTarget): string {
  switch (target.to) {
    case 'resident':
    case 'household':
      return `${target.to}.${target.field.key}`
    case 'derived':
      return target.key
    case 'grid':
    case 'isHead':
      return target.to
    case 'category':
      return `category:${target.category.value}`
  }
}

/** What a user may map an unknown column to (besides 不导入). */
export const MAPPING_CHOICES: readonly { id: string; label: string; target: ColumnTarget }[] = [
  ...resident.fields.filter((f) => f.type !== 'ref').map((field) => ({ id: `resident.${field.key}`, label: `人·${field.label}`, target: { to: 'resident', field } as ColumnTarget })),
  ...household.fields.map((field) => ({ id: `household.${field.key}`, label: `户·${field.label}`, target: { to: 'household', field } as ColumnTarget })),
  { id: 'grid', label: '所属网格', target: { to: 'grid' } },
  { id: 'isHead', label: '是否户主（是/否）', target: { to: 'isHead' } },
]

function savedTarget(id: string): ColumnTarget | undefined {
  return MAPPING_CHOICES.find((c) => c.id === id)?.target
}

type Candidate = { headerRows: number[]; headers: string[]; score: number }

/** Finds the header row(s) and maps the columns, or says (in Chinese) why the sheet has none. */
export function mapColumns(rows: readonly (readonly string[])[], options: { saved?: SavedMappings; hidden?: ReadonlySet<number> } = {}): { ok: true; map: ColumnMap } | { ok: false; error: string } {
  let best: Candidate | null = null
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS)
  for (let r = 0; r < limit; r++) {
    const single = rows[r] ?? []
    const candidates: Candidate[] = [scored([r + 1], single.map((c) => c))]
    // A title merged across the sheet is one value repeated: not the upper half of a header. A
    // pair must name more than its lower row alone, or a 填报单位/date row above the header
    // would be taken for its upper half.
    if (r + 1 < rows.length && new Set(single.map((c) => c.trim()).filter(Boolean)).size >= 2) {
      const pair = scored([r + 1, r + 2], combineHeaders(single, rows[r + 1] ?? []))
      if (pair.score > scored([r + 2], [...(rows[r + 1] ?? [])]).score) candidates.push(pair)
    }
    for (const candidate of candidates) if (candidate.score >= 2 && (!best || candidate.score > best.score)) best = candidate
  }
  if (!best) return { ok: false, error: '没有找到表头：表格前几行中应有一行列名，至少包含“姓名”或“户编号”以及其他列，如“身份证号”“住址”' }
  return { ok: true, map: mapHeaderRow(best, rows, options.saved ?? {}, options.hidden ?? new Set()) }
}

function combineHeaders(upper: readonly string[], lower: readonly string[]): string[] {
  const width = Math.max(upper.length, lower.length)
  const out: string[] = []
  for (let i = 0; i < width; i++) {
    const top = (upper[i] ?? '').trim()
    const sub = (lower[i] ?? '').trim()
    const joined = normaliseHeader(top + sub)
    out.push(top && sub && top !== sub && (RESIDENT_FIRST.has(joined) || HOUSEHOLD_FIRST.has(joined)) ? top + sub : sub || top)
  }
  return out
}

/** How many known columns a header row names; zero unless one is 姓名 or 户编号. */
function scored(headerRows: number[], headers: string[]): Candidate {
  const keys = headers.map((h) => normaliseHeader(h))
  if (!keys.some((k) => NAME_HEADERS.has(k) || HOUSEHOLD_NO.has(k))) return { headerRows, headers, score: 0 }
  const known = new Set(keys.filter((k) => k && (RESIDENT_FIRST.has(k) || RESIDENT_FIRST.has(withoutNote(k)) || k in SKIPPED_HEADERS)))
  return { headerRows, headers, score: known.size }
}

function mapHeaderRow(candidate: Candidate, rows: readonly (readonly string[])[], saved: SavedMappings, hidden: ReadonlySet<number>): ColumnMap {
  const keys = candidate.headers.map((h) => normaliseHeader(h))
  const hasResidents = keys.some((k) => NAME_HEADERS.has(k))
  const table = hasResidents ? RESIDENT_FIRST : HOUSEHOLD_FIRST
  const firstData = candidate.headerRows[candidate.headerRows.length - 1]!
  const data = rows.slice(isColumnNumberRow(rows[firstData] ?? []) ? firstData + 1 : firstData)
  const columns: MappedColumn[] = []
  const ignored: IgnoredColumn[] = []
  const unmapped: UnmappedColumn[] = []
  const seen = new Map<string, string>()
  candidate.headers.forEach((cell, index) => {
    const header = cell.trim()
    const key = keys[index]!
    if (!key) return
    const column = columnLetter(index)
    const values = data.map((row) => (row[index] ?? '').trim()).filter(Boolean)
    const target = resolveTarget(key, values, table, hasResidents, saved)
    if (target === SKIP) {
      ignored.push({ column, header, reason: key in SKIPPED_HEADERS ? SKIPPED_HEADERS[key]! : '已设为不导入' })
      return
    }
    if (!target) {
      if (values.length === 0) ignored.push({ column, header, reason: '未识别的列，且没有内容，不导入' })
      else unmapped.push({ column, header, key, samples: [...new Set(values)].slice(0, 3) })
      return
    }
    const id = targetId(target)
    const earlier = seen.get(id)
    if (earlier) {
      ignored.push({ column, header, reason: `与${earlier}列重复，只读${earlier}列` })
      return
    }
    seen.set(id, column)
    columns.push({ index, column, header, target, hidden: hidden.has(index), saved: saved[key] !== undefined })
  })
  return { headerRows: candidate.headerRows, columns, ignored, unmapped, hasResidents }
}

/** A row of column numbers under a header (1, 2, 3 … or (1), (2) …), as government forms have. */
export function isColumnNumberRow(texts: readonly string[]): boolean {
  const cells = texts.map((t) => t.trim()).filter(Boolean)
  return cells.length >= 3 && cells.every((t, i) => t === String(i + 1) || t === `(${i + 1})` || t === `（${i + 1}）`)
}

function resolveTarget(key: string, values: readonly string[], table: Map<string, ColumnTarget>, hasResidents: boolean, saved: SavedMappings): ColumnTarget | typeof SKIP | null {
  // Mostly 是/否 (a row of column numbers or a footer may add a stray value): a flag column.
  const flagColumn = values.length > 0 && values.filter(isBoolWord).length >= 0.8 * values.length
  if (flagColumn && hasResidents && HEAD_HEADERS.includes(key)) return { to: 'isHead' }
  if (flagColumn) {
    const category = categoryOfHeader(key)
    if (category) return { to: 'category', category }
  }
  if (key in SKIPPED_HEADERS) return SKIP
  const known = table.get(key) ?? table.get(withoutNote(key))
  if (known) return known
  const choice = saved[key]
  if (choice === SKIP) return SKIP
  return choice ? (savedTarget(choice) ?? null) : null
}
