/**
 * Reading every row below the header of a household/resident sheet into a draft: its sheet row
 * number (as Excel shows it), its grid, the household and resident input it carries, the
 * categories it names and the reasons a cell could not be read, or why the row is skipped
 * (issue #12 item 3): a blank row, a row holding only cells filled down from merged cells, a
 * footer or note row (制表人, 审核人, 填表说明, 合计 …) or a row of column numbers under the header.
 * Nothing is validated against the ledger yet (importRows.ts does that).
 */
import type { FieldDef } from './fields.js'
import { isBlank } from './fields.js'
import { routeCategory, splitCategories } from './importCategories.js'
import type { ColumnMap, ColumnTarget } from './importColumns.js'
import { isColumnNumberRow, normaliseHeader } from './importColumns.js'
import { household } from './kinds/household.js'
import { resident } from './kinds/resident.js'
import { boolOf, fieldInput, normaliseDate, type SheetCell, type SheetRows } from './importCells.js'

export type ImportGrid = { id: string; name: string; code: string }
export type Input = { field: FieldDef; value: unknown; text: string }

export type Draft = {
  row: number
  /** Why the row is not a record; null for a record row. */
  skip: string | null
  gridId: string | null
  /** Non-blank household input by field key, with the cell text for messages. */
  household: Map<string, Input>
  resident: Map<string, Input>
  derived: { sex?: string; birthDate?: string }
  /** Marked as the household's head by a 户主 是/否 column. */
  isHead: boolean
  /** Category words that belong in the sensitive doc (care categories). */
  care: Set<string>
  errors: string[]
  /** Things the preview must say that do not stop the row (a category not imported …). */
  notes: string[]
  /** The row's mapped cells, for spotting exact repeats. */
  signature: string
}

/** A sheet's cells as text, and which cells hold a value filled down from a merged range. */
export type SheetText = { texts: readonly (readonly string[])[]; filled?: ReadonlySet<string> }

/** The reason of a row with no grid of its own and no default grid chosen. */
export const NO_GRID = '请先选择要导入的网格'

const FOOTER = /^(制表|填表|审核|审批|复核|填报人|统计人|负责人|单位负责人|经办人|联系人[:：]|填表说明|说明[:：]?|注[:：]|备注[:：]|合计|总计|小计|共计|签字|签章|盖章|村委会盖章)/

export function readDrafts(rows: SheetRows, sheet: SheetText, map: ColumnMap, grids: readonly ImportGrid[], defaultGridId: string | null): Draft[] {
  const findGrid = gridFinder(grids)
  const drafts: Draft[] = []
  const firstData = map.headerRows[map.headerRows.length - 1]!
  for (let r = firstData; r < rows.length; r++) {
    const texts = sheet.texts[r] ?? []
    const draft: Draft = { row: r + 1, skip: null, gridId: defaultGridId, household: new Map(), resident: new Map(), derived: {}, isHead: false, care: new Set(), errors: [], notes: [], signature: '' }
    drafts.push(draft)
    draft.skip = skipReason(texts, r, r === firstData, map, sheet.filled)
    if (draft.skip) continue
    for (const column of map.columns) readCell(draft, column.target, rows[r]?.[column.index], texts[column.index] ?? '', findGrid)
    draft.signature = map.columns.map((c) => texts[c.index] ?? '').join('\u0001')
    if (draft.household.size === 0 && draft.resident.size === 0 && draft.errors.length === 0 && draft.care.size === 0) {
      draft.skip = '没有要导入的内容'
      continue
    }
    if (draft.gridId === null && !draft.errors.some((e) => e.startsWith('未找到网格'))) draft.errors.push(NO_GRID)
  }
  return drafts
}

function skipReason(texts: readonly string[], r: number, firstDataRow: boolean, map: ColumnMap, filled: ReadonlySet<string> | undefined): string | null {
  const cells = texts.map((t, c) => ({ t: t.trim(), c })).filter((x) => x.t !== '')
  if (cells.length === 0) return '空行'
  if (FOOTER.test(normaliseHeader(cells[0]!.t)) || cells.some((x) => /^(制表人|填表人|审核人|填报人|负责人)[:：]/.test(normaliseHeader(x.t)))) return '表尾或说明行'
  if (firstDataRow && isColumnNumberRow(texts)) return '列序号行'
  const mapped = new Set(map.columns.map((c) => c.index))
  const data = cells.filter((x) => mapped.has(x.c))
  if (filled && data.length > 0 && data.every((x) => filled.has(`${r},${x.c}`))) return '只有合并单元格带下来的内容'
  return null
}

function readCell(draft: Draft, target: ColumnTarget, cell: SheetCell | undefined, text: string, findGrid: (text: string) => string | null): void {
  if (text === '') return
  switch (target.to) {
    case 'grid': {
      const gridId = findGrid(text)
      if (gridId) draft.gridId = gridId
      else draft.errors.push(`未找到网格“${text}”（应为网格名称或编号）`)
      return
    }
    case 'derived':
      if (target.key === 'sex') draft.derived.sex = text
      else if (target.key === 'birthDate') draft.derived.birthDate = normaliseDate(text)
      return
    case 'isHead': {
      const bool = boolOf(text)
      if (bool === null) draft.errors.push(`户主一栏应填“是”或“否”（填的是“${text}”）`)
      else draft.isHead = bool
      return
    }
    case 'category':
      if (boolOf(text)) addCategory(draft, target.category.value, null, text)
      return
    case 'household':
    case 'resident': {
      if (target.field.type === 'tags' && target.field.key === 'flags') {
        for (const word of splitCategories(text)) addCategory(draft, word, target.to, text)
        return
      }
      const input = fieldInput(target.field, cell)
      if ('error' in input) draft.errors.push(input.error)
      else if (!isBlank(input.value)) (target.to === 'household' ? draft.household : draft.resident).set(target.field.key, { field: target.field, value: input.value, text })
      return
    }
  }
}

/** One category word, routed to the resident's or household's flags or the sensitive doc. */
function addCategory(draft: Draft, word: string, own: 'resident' | 'household' | null, text: string): void {
  const target = routeCategory(word, own)
  if (!target) {
    draft.errors.push(`未知的类别“${word}”`)
    return
  }
  switch (target.to) {
    case 'residentFlag':
    case 'householdFlag': {
      const into = target.to === 'residentFlag' ? draft.resident : draft.household
      const earlier = into.get('flags')
      const values = new Set(Array.isArray(earlier?.value) ? (earlier.value as string[]) : [])
      values.add(target.value)
      const field = flagsField(target.to === 'residentFlag' ? 'resident' : 'household')
      into.set('flags', { field, value: [...values], text: earlier ? `${earlier.text}、${word}` : text })
      return
    }
    case 'care':
      draft.care.add(target.value)
      return
    case 'special':
      draft.notes.push(`“${word}”属于特殊人群，请在特殊人群台账中登记（管控状态、主管单位），本次未导入`)
      return
  }
}

const FLAGS_FIELDS = {
  resident: resident.fields.find((f) => f.key === 'flags')!,
  household: household.fields.find((f) => f.key === 'flags')!,
}
function flagsField(kind: 'resident' | 'household'): FieldDef {
  return FLAGS_FIELDS[kind]
}

function gridFinder(grids: readonly ImportGrid[]): (text: string) => string | null {
  const byKey = new Map<string, string>()
  for (const grid of grids) for (const key of [grid.name, grid.code]) if (key.trim()) byKey.set(normaliseHeader(key), grid.id)
  return (text) => byKey.get(normaliseHeader(text)) ?? null
}
