/**
 * Export of ledger records to a table (for .xlsx and CSV), generated from the kind's description:
 * 序号 and 网格 first, for residents their household's 户编号, 住址 and 户主 (issue #12 item 8: what
 * a township's 台账 template has), then the table's columns in order (derived ones computed), every
 * other field, and the derived status of workflow kinds — so an export is complete and the
 * importer reads it back unchanged. Counts and numbers are numbers (a clerk can sum them);
 * ID numbers and phones stay text.
 * Refs show the title of what they point to. Privacy (DESIGN.md "Roles"): masked fields (ID
 * numbers) are masked unless the caller, who checked the viewer may reveal them, asks for them
 * in full.
 */
import { formatValue, type FieldDef } from './fields.js'
import { maskIdNumber } from './idNumber.js'
import { rosterHouseholdHeader } from './importColumns.js'
import { fieldOf, text, type DerivedColumn, type KindDef, type LedgerRecord } from './kind.js'
import { household as householdKind } from './kinds/household.js'
import { resident as residentKind } from './kinds/resident.js'
import { recordStatus } from './status.js'
import { compareZh } from '../collate.js'

export type ExportCell = string | number
/** `title`: the line above the header in a workbook (village, grid, table, date). */
export type ExportTable = { headers: string[]; rows: ExportCell[][]; title?: string }
export type Lookup = (kind: string, id: string) => string
export type ExportOptions = {
  fullIdNumbers: boolean
  lookup?: Lookup
  /** The grid's name for the 网格 column (the importer routes rows by it). */
  gridName?(gridId: string): string
  /** A resident's household, for its 户编号/住址/户主 columns. */
  household?(id: string): LedgerRecord | undefined
  /** Every record of the kind, when the rows are a filtered part of them (a derived column may read the others). */
  all?: readonly LedgerRecord[]
}

export const SERIAL = '序号'
export const GRID = '网格'
/** The household columns a resident export leads with: 户编号, 住址, 户主 (the import reads them back). */
const RESIDENT_HOUSEHOLD_COLUMNS = [
  { header: '户编号', key: 'householdNo' },
  { header: '住址', key: 'address' },
  { header: '户主', key: 'headName' },
] as const

/** The line above a workbook's header: 青石村 第一网格 人 台账 2026-11-30. */
export function exportTitle(parts: { village: string; grid: string; table: string; date: string }): string {
  return [parts.village, parts.grid, parts.table, parts.date].filter(Boolean).join('  ')
}

const STATUS = '_status'

/** Column keys in export order: table columns, remaining fields, remaining derived, status. */
export function exportColumns(kind: KindDef): string[] {
  const keys = [...kind.columns]
  // A member field's id means nothing on paper: its name field (the name at the time) is exported.
  for (const field of kind.fields) if (!keys.includes(field.key) && field.type !== 'member') keys.push(field.key)
  for (const derived of kind.derived ?? []) if (!keys.includes(derived.key)) keys.push(derived.key)
  if (kind.workflow) keys.push(STATUS)
  return keys
}

export function exportRows(kind: KindDef, records: readonly LedgerRecord[], today: string, options: ExportOptions): ExportTable {
  const keys = exportColumns(kind)
  const householdColumns = kind.kind === residentKind.kind ? RESIDENT_HOUSEHOLD_COLUMNS : []
  const cellOptions = options.all ? options : { ...options, all: records }
  return {
    headers: [SERIAL, GRID, ...householdColumns.map((c) => c.header), ...keys.map((key) => (key === STATUS ? '状态' : (kind.derived?.find((d) => d.key === key)?.label ?? fieldOf(kind, key)?.label ?? key)))],
    rows: records.map((record, i) => {
      const home = householdColumns.length ? options.household?.(text(record.values, 'householdId')) : undefined
      return [i + 1, options.gridName?.(record.gridId) ?? '', ...householdColumns.map((c) => (home ? text(home.values, c.key) : '')), ...keys.map((key) => exportCell(kind, record, key, today, cellOptions))]
    }),
  }
}

function exportCell(kind: KindDef, record: LedgerRecord, key: string, today: string, options: ExportOptions): ExportCell {
  if (key === STATUS) return recordStatus(kind, record, today)?.label ?? ''
  const derived = kind.derived?.find((d) => d.key === key)
  if (derived) return numeric(derived, derived.value(record, today, options.all))
  const field = fieldOf(kind, key)
  if (field?.type === 'number' && typeof record.values[key] === 'number') return record.values[key] as number
  return field ? fieldText(field, record.values[key], options) : ''
}

/** Derived counts (年龄) as numbers; everything else as text. */
/** A numeric derived column goes out as a number, so the clerk's sheet can sum it. */
function numeric(derived: DerivedColumn, value: string): ExportCell {
  return derived.numeric === true && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

function fieldText(field: FieldDef, value: unknown, options: ExportOptions): string {
  if (field.type === 'ref') {
    const ids = Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []
    return ids.map((id) => options.lookup?.(field.to, id) ?? id).join('、')
  }
  const shown = formatValue(field, value)
  return field.masked && !options.fullIdNumbers && shown ? maskIdNumber(shown) : shown
}

/**
 * The 户籍 roster: one row per resident with its household's columns repeated (households
 * without members get a row of their own), in the layout the importer reads, so a roster export
 * re-imports to the same households, members and links.
 */
export function exportRoster(households: readonly LedgerRecord[], residents: readonly LedgerRecord[], today: string, options: Pick<ExportOptions, 'fullIdNumbers' | 'gridName'>): ExportTable {
  const residentFields = residentKind.fields.filter((f) => f.type !== 'ref')
  const derived = (residentKind.derived ?? []).filter((d) => d.key !== 'age')
  const headers = [SERIAL, GRID, ...householdKind.fields.map(rosterHouseholdHeader), ...residentFields.map((f) => f.label), ...derived.map((d) => d.label)]
  const householdCells = (record: LedgerRecord | null) => householdKind.fields.map((f) => (record ? fieldText(f, record.values[f.key], options) : ''))
  const residentCells = (record: LedgerRecord) => [...residentFields.map((f) => fieldText(f, record.values[f.key], options)), ...derived.map((d) => d.value(record, today))]
  const members = new Map<string, LedgerRecord[]>()
  for (const r of residents) {
    const key = text(r.values, 'householdId')
    const list = members.get(key)
    if (list) list.push(r)
    else members.set(key, [r])
  }
  const relationOrder = (r: LedgerRecord) => {
    const field = fieldOf(residentKind, 'relation')
    const index = field?.type === 'enum' ? field.options.indexOf(text(r.values, 'relation')) : -1
    return index < 0 ? 99 : index
  }
  const rows: ExportCell[][] = []
  const lead = (record: LedgerRecord) => [rows.length + 1, options.gridName?.(record.gridId) ?? '']
  const sorted = [...households].sort((a, b) => compareZh(text(a.values, 'householdNo'), text(b.values, 'householdNo')))
  for (const h of sorted) {
    const list = (members.get(h.id) ?? []).sort((a, b) => relationOrder(a) - relationOrder(b) || compareZh(text(a.values, 'name'), text(b.values, 'name')))
    members.delete(h.id)
    if (list.length === 0) rows.push([...lead(h), ...householdCells(h), ...residentFields.map(() => ''), ...derived.map(() => '')])
    for (const r of list) rows.push([...lead(r), ...householdCells(h), ...residentCells(r)])
  }
  for (const r of [...members.values()].flat()) rows.push([...lead(r), ...householdCells(null), ...residentCells(r)])
  return { headers, rows }
}
