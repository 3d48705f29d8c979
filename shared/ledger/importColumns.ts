/**
 * Spreadsheet headers → ledger fields for the household/resident import. A header means a field
 * when, after dropping spaces (half- and full-width) and a trailing “（必填）” or “*”, it equals the
 * field's label or one of its aliases (fields.ts). The header row is the first row that names at
 * least two known columns, one of them 姓名 or 户编号, so title rows above it ("XX村网格台账") are
 * passed over.
 *
 * 联系电话 and 备注 exist on both kinds: on a sheet with a 姓名 column they belong to the resident
 * (one row per resident), on a sheet without one (a household list) to the household.
 */
import type { FieldDef } from './fields.js'
import { household } from './kinds/household.js'
import { resident } from './kinds/resident.js'

export type ColumnTarget =
  | { to: 'resident'; field: FieldDef }
  | { to: 'household'; field: FieldDef }
  /** Read from the ID number; a filled-in cell is checked against it. */
  | { to: 'derived'; key: 'sex' | 'birthDate' | 'age' }
  | { to: 'grid' }

export type MappedColumn = { index: number; header: string; target: ColumnTarget }
export type IgnoredColumn = { column: string; header: string; reason: string }
export type ColumnMap = { headerRow: number; columns: MappedColumn[]; ignored: IgnoredColumn[]; hasResidents: boolean }

/** Headers for household fields that resident fields take when both are on one sheet. */
const HOUSEHOLD_EXTRA_HEADERS: Record<string, readonly string[]> = { phone: ['户联系电话', '家庭电话', '户主电话'], note: ['户备注'] }
const GRID_HEADERS = ['网格', '所属网格', '网格名称', '网格编号']

/** A household field's header on a sheet that also has resident columns (the roster export). */
export function rosterHouseholdHeader(field: FieldDef): string {
  return HOUSEHOLD_EXTRA_HEADERS[field.key]?.[0] ?? field.label
}
const DERIVED_HEADERS: Record<string, 'sex' | 'birthDate' | 'age'> = { 性别: 'sex', 出生日期: 'birthDate', 年龄: 'age' }
/** Columns the import fills itself (the household link comes from 户编号). */
const SKIPPED_HEADERS: Record<string, string> = { 所属户: '由户编号关联，不单独导入', 序号: '序号不导入', 状态: '状态由记录推算，不导入' }
const HEADER_SEARCH_ROWS = 30

export function normaliseHeader(raw: string): string {
  return raw
    .replace(/[\s\u3000]+/g, '')
    .replace(/^[*＊]+/, '')
    .replace(/([（(]必填[）)]|[*＊])+$/, '')
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
const NAME = normaliseHeader(resident.fields[0]!.label)
const HOUSEHOLD_NO = household.fields.filter((f) => f.key === 'householdNo').flatMap((f) => headersOf(f))

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

/** Finds the header row and maps its columns, or says (in Chinese) why the sheet has none. */
export function mapColumns(rows: readonly (readonly string[])[]): { ok: true; map: ColumnMap } | { ok: false; error: string } {
  for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS); r++) {
    const headers = (rows[r] ?? []).map((cell) => normaliseHeader(cell))
    const hasName = headers.includes(NAME)
    const hasHousehold = headers.some((h) => HOUSEHOLD_NO.includes(h))
    if (!hasName && !hasHousehold) continue
    const table = hasName ? RESIDENT_FIRST : HOUSEHOLD_FIRST
    if (headers.filter((h) => table.has(h)).length < 2) continue
    return { ok: true, map: mapHeaderRow(rows[r] ?? [], r + 1, table, hasName) }
  }
  return { ok: false, error: '没有找到表头：表格前几行中应有一行列名，至少包含“姓名”或“户编号”以及其他列，如“身份证号”“住址”' }
}

function mapHeaderRow(raw: readonly string[], headerRow: number, table: Map<string, ColumnTarget>, hasResidents: boolean): ColumnMap {
  const columns: MappedColumn[] = []
  const ignored: IgnoredColumn[] = []
  const seen = new Map<string, string>()
  raw.forEach((cell, index) => {
    const header = cell.trim()
    const key = normaliseHeader(cell)
    if (!key) return
    const target = table.get(key)
    const column = columnLetter(index)
    if (!target) {
      ignored.push({ column, header, reason: SKIPPED_HEADERS[key] ?? '未识别的列，不导入' })
      return
    }
    const id = target.to === 'grid' ? 'grid' : target.to === 'derived' ? target.key : `${target.to}.${target.field.key}`
    const earlier = seen.get(id)
    if (earlier) {
      ignored.push({ column, header, reason: `与${earlier}列重复，只读${earlier}列` })
      return
    }
    seen.set(id, column)
    if (target.to === 'derived' && target.key === 'age') {
      ignored.push({ column, header, reason: '年龄由身份证号推算，不导入' })
      return
    }
    columns.push({ index, header, target })
  })
  return { headerRow, columns, ignored, hasResidents }
}
