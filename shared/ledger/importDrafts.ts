/**
 * Reading the data rows of a household/resident sheet into drafts: one per non-blank row, with
 * its sheet row number (as Excel shows it), its grid, the household and resident input it
 * carries and the reasons a cell could not be read. Nothing is validated against the ledger yet
 * (importRows.ts does that).
 */
import type { FieldDef } from './fields.js'
import { isBlank } from './fields.js'
import type { ColumnMap } from './importColumns.js'
import { normaliseHeader } from './importColumns.js'
import { cellText, fieldInput, normaliseDate, type SheetCell, type SheetRows } from './importCells.js'

export type ImportGrid = { id: string; name: string; code: string }

export type Draft = {
  row: number
  gridId: string | null
  /** Non-blank household input by field key, with the cell text for messages. */
  household: Map<string, { field: FieldDef; value: unknown; text: string }>
  resident: Map<string, { field: FieldDef; value: unknown; text: string }>
  derived: { sex?: string; birthDate?: string }
  errors: string[]
}

export function readDrafts(rows: SheetRows, map: ColumnMap, grids: readonly ImportGrid[], defaultGridId: string | null): Draft[] {
  const findGrid = gridFinder(grids)
  const drafts: Draft[] = []
  for (let r = map.headerRow; r < rows.length; r++) {
    const cells = rows[r] ?? []
    if (cells.every((cell) => cellText(cell) === '')) continue
    const draft: Draft = { row: r + 1, gridId: defaultGridId, household: new Map(), resident: new Map(), derived: {}, errors: [] }
    for (const column of map.columns) readCell(draft, column.target, cells[column.index], findGrid)
    // Only ignored columns (a 序号, a stray note) or only the grid: not a record.
    if (draft.household.size === 0 && draft.resident.size === 0 && draft.errors.length === 0) continue
    if (draft.gridId === null && !draft.errors.some((e) => e.startsWith('未找到网格'))) draft.errors.push('请先选择要导入的网格')
    drafts.push(draft)
  }
  return drafts
}

function readCell(draft: Draft, target: ColumnMap['columns'][number]['target'], cell: SheetCell | undefined, findGrid: (text: string) => string | null): void {
  const text = cellText(cell)
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
    case 'household':
    case 'resident': {
      const input = fieldInput(target.field, cell)
      if ('error' in input) draft.errors.push(input.error)
      else if (!isBlank(input.value)) (target.to === 'household' ? draft.household : draft.resident).set(target.field.key, { field: target.field, value: input.value, text })
      return
    }
  }
}

function gridFinder(grids: readonly ImportGrid[]): (text: string) => string | null {
  const byKey = new Map<string, string>()
  for (const grid of grids) for (const key of [grid.name, grid.code]) if (key.trim()) byKey.set(normaliseHeader(key), grid.id)
  return (text) => byKey.get(normaliseHeader(text)) ?? null
}
