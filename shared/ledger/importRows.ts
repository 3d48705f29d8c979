/**
 * Import of households and residents from one spreadsheet (issue #4 "Excel"): a pure preview of
 * what would happen, row by row, before anything is written (applyImport.ts writes it).
 *
 * Rules:
 * - One row per resident; household columns repeated, or merged down over the members (the
 *   reader fills merged cells down). A row with household columns but no resident columns is a
 *   household on its own. A sheet without a 姓名 column is a household list.
 * - Every row is validated with validateRecord (household and resident); blank rows are skipped;
 *   each bad row is listed with its Excel row number and every reason, in Chinese.
 * - Idempotent: a resident is matched by ID number across all given grids (one without an ID
 *   number by grid + household + name), a household by 户编号 within its grid; only fields that
 *   differ are updated, and a blank cell never clears stored data. Importing the same file twice
 *   changes nothing the second time.
 * - Rows of one household must agree on the household columns; a new household is created only
 *   if at least one of its rows is valid.
 */
import type * as Y from 'yjs'
import type { FieldValue } from './fields.js'
import { normaliseIdNumber, parseIdNumber } from './idNumber.js'
import { columnLetter, mapColumns, type IgnoredColumn } from './importColumns.js'
import { cellText, type SheetRows } from './importCells.js'
import { readDrafts, type Draft, type ImportGrid } from './importDrafts.js'
import { indexExisting, type ExistingIndex } from './importIndex.js'
import { sameFieldValue } from './ledgerDoc.js'
import { household as householdKind } from './kinds/household.js'
import { resident as residentKind } from './kinds/resident.js'
import { text, type LedgerRecord } from './kind.js'
import { validateRecord } from './validate.js'

export type { ImportGrid } from './importDrafts.js'
export type ImportOptions = { grids: readonly ImportGrid[]; docs: ReadonlyMap<string, Y.Doc>; defaultGridId: string | null; today: string }

export type WriteAction = 'create' | 'update' | 'unchanged'
export type RowAction = WriteAction | 'error'
export type PreviewRow = { row: number; name: string; householdNo: string; gridId: string | null; action: RowAction; reasons: string[]; changed: string[] }
/** `values`: every field for a create, only the changed ones for an update. */
export type HouseholdOp = { key: string; gridId: string; existingId: string | null; action: WriteAction; values: Record<string, FieldValue>; row: number }
export type ResidentOp = { row: number; gridId: string; existingId: string | null; householdKey: string | null; action: WriteAction; values: Record<string, FieldValue> }
export type ImportTotals = Record<RowAction, number> & { rows: number; households: Record<WriteAction, number> }

export type ImportPreview = {
  headerRow: number
  columns: { column: string; header: string; label: string }[]
  ignored: IgnoredColumn[]
  rows: PreviewRow[]
  households: HouseholdOp[]
  residents: ResidentOp[]
  totals: ImportTotals
}

type Group = { key: string; gridId: string; householdNo: string; first: number; values: Draft['household']; errors: string[]; op: HouseholdOp | null; validRows: number }

export function previewImport(rows: SheetRows, options: ImportOptions): { ok: true; preview: ImportPreview } | { ok: false; error: string } {
  const header = mapColumns(rows.slice(0, 30).map((row) => row.map(cellText)))
  if (!header.ok) return header
  const map = header.map
  const drafts = readDrafts(rows, map, options.grids, options.defaultGridId)
  for (const draft of drafts) if (draft.gridId !== null && !options.docs.has(draft.gridId)) draft.errors.push(`网格“${gridName(options.grids, draft.gridId)}”的台账未打开或无权编辑`)
  const existing = indexExisting(options.docs)
  const groupOf = groupHouseholds(drafts)
  const groups = [...new Set(groupOf.values())]
  for (const group of groups) planHousehold(group, existing, options.today)
  const duplicates = findDuplicates(drafts, groupOf)
  const previewRows: PreviewRow[] = []
  const residents: ResidentOp[] = []
  for (const draft of drafts) {
    const group = groupOf.get(draft) ?? null
    const reasons = [...draft.errors, ...(duplicates.get(draft) ?? [])]
    if (group && group.errors.length) reasons.push(...(draft.row === group.first ? group.errors : [`所在户有误（见第${group.first}行）`]))
    const op = draft.resident.size ? planResident(draft, group, existing, options, reasons) : null
    const householdRow = group?.first === draft.row ? group.op : null
    const action: RowAction = reasons.length ? 'error' : rowAction(op?.action, householdRow?.action)
    if (action !== 'error') {
      if (op) residents.push(op)
      if (group) group.validRows++
    }
    previewRows.push({
      row: draft.row,
      name: String((draft.resident.size ? draft.resident.get('name')?.value : group?.values.get('headName')?.value) ?? ''),
      householdNo: group?.householdNo ?? '',
      gridId: draft.gridId,
      action,
      reasons: [...new Set(reasons)],
      changed: action === 'update' ? changedLabels(op, householdRow) : [],
    })
  }
  const households = groups.flatMap((g) => (g.op && g.validRows > 0 ? [g.op] : []))
  return {
    ok: true,
    preview: {
      headerRow: map.headerRow,
      columns: map.columns.map((c) => ({ column: columnLetter(c.index), header: c.header, label: c.target.to === 'grid' ? '网格' : c.target.to === 'derived' ? c.header : `${c.target.to === 'household' ? '户' : '人'}·${c.target.field.label}` })),
      ignored: map.ignored,
      rows: previewRows,
      households,
      residents,
      totals: totals(previewRows, households),
    },
  }
}

/** A row's action: its resident's, raised to 'update' when the household it defines changed. */
function rowAction(resident: WriteAction | undefined, household: WriteAction | undefined): WriteAction {
  if (!resident) return household ?? 'unchanged'
  return resident === 'unchanged' && household === 'update' ? 'update' : resident
}

function gridName(grids: readonly ImportGrid[], gridId: string): string {
  return grids.find((g) => g.id === gridId)?.name ?? gridId
}

/** Groups rows by grid + 户编号; later rows must agree with the first on every household column. */
function groupHouseholds(drafts: readonly Draft[]): Map<Draft, Group> {
  const byKey = new Map<string, Group>()
  const groupOf = new Map<Draft, Group>()
  for (const draft of drafts) {
    if (draft.household.size === 0 || draft.gridId === null) continue
    const householdNo = String(draft.household.get('householdNo')?.value ?? '').trim()
    if (!householdNo) {
      draft.errors.push('请填写户编号（本行填有户信息）')
      continue
    }
    const key = `${draft.gridId}\u0000${householdNo}`
    let group = byKey.get(key)
    if (!group) {
      group = { key, gridId: draft.gridId, householdNo, first: draft.row, values: new Map(draft.household), errors: [], op: null, validRows: 0 }
      byKey.set(key, group)
    } else {
      for (const [key, input] of draft.household) {
        const earlier = group.values.get(key)
        if (!earlier) group.values.set(key, input)
        else if (!sameFieldValue(earlier.value, input.value)) draft.errors.push(`${input.field.label}与同户第${group.first}行不一致（“${earlier.text}”≠“${input.text}”）`)
      }
    }
    groupOf.set(draft, group)
  }
  // 户主姓名 left out of the sheet: the member whose relation is 户主.
  for (const [draft, group] of groupOf) {
    const relation = draft.resident.get('relation')?.value
    const name = draft.resident.get('name')
    if (!group.values.has('headName') && relation === '户主' && name) group.values.set('headName', { ...name, field: householdKind.fields.find((f) => f.key === 'headName')! })
  }
  return groupOf
}

function planHousehold(group: Group, existing: ExistingIndex, today: string): void {
  const record = existing.householdByNo(group.gridId, group.householdNo)
  const input = Object.fromEntries([...group.values].map(([key, v]) => [key, v.value]))
  const result = validateRecord(householdKind, { ...(record?.values ?? {}), ...input }, today)
  if (!result.ok) {
    group.errors = Object.values(result.errors).map((e) => `户信息：${e}`)
    return
  }
  group.op = writeOp(record, [...group.values.keys()], result.values, (action, values) => ({ key: group.key, gridId: group.gridId, existingId: record?.id ?? null, action, values, row: group.first }))
}

function writeOp<T>(record: LedgerRecord | undefined, keys: readonly string[], validated: Record<string, FieldValue>, make: (action: WriteAction, values: Record<string, FieldValue>) => T): T {
  if (!record) return make('create', validated)
  const patch: Record<string, FieldValue> = {}
  for (const key of keys) if (validated[key] !== undefined && !sameFieldValue(validated[key], record.values[key])) patch[key] = validated[key]
  return make(Object.keys(patch).length ? 'update' : 'unchanged', patch)
}

/** ID numbers used on more than one row, and same-name members without one in one household. */
function findDuplicates(drafts: readonly Draft[], groupOf: Map<Draft, Group>): Map<Draft, string[]> {
  const byKey = new Map<string, Draft[]>()
  for (const draft of drafts) {
    if (!draft.resident.size) continue
    const id = normaliseIdNumber(String(draft.resident.get('idNumber')?.value ?? ''))
    const key = id ? `id:${id}` : `name:${groupOf.get(draft)?.key ?? draft.gridId}\u0000${String(draft.resident.get('name')?.value ?? '')}`
    byKey.set(key, [...(byKey.get(key) ?? []), draft])
  }
  const out = new Map<Draft, string[]>()
  for (const [key, list] of byKey) {
    if (list.length < 2) continue
    for (const draft of list) {
      const others = list.filter((d) => d !== draft).map((d) => d.row)
      out.set(draft, [key.startsWith('id:') ? `身份证号与第${others.join('、')}行重复` : `与第${others.join('、')}行同户同名且都没有身份证号，无法区分`])
    }
  }
  return out
}

function planResident(draft: Draft, group: Group | null, existing: ExistingIndex, options: ImportOptions, reasons: string[]): ResidentOp | null {
  const gridId = draft.gridId
  const input: Record<string, unknown> = Object.fromEntries([...draft.resident].map(([key, v]) => [key, v.value]))
  const idNumber = normaliseIdNumber(text(input, 'idNumber'))
  const householdId = group?.op?.existingId ?? null
  let record = idNumber ? existing.residentById(idNumber) : undefined
  if (record && record.gridId !== gridId) {
    reasons.push(`该身份证号已登记在网格“${gridName(options.grids, record.gridId)}”，请在该网格中修改`)
    record = undefined
  }
  if (!idNumber && gridId !== null && (householdId !== null || !group)) record = existing.residentByName(gridId, householdId ?? '', text(input, 'name').trim())
  const keys = [...draft.resident.keys()]
  if (householdId !== null) {
    input.householdId = householdId
    keys.push('householdId')
  }
  const result = validateRecord(residentKind, { ...(record?.values ?? {}), ...input }, options.today)
  if (!result.ok) reasons.push(...Object.values(result.errors))
  else checkDerived(draft, result.values, options.today, reasons)
  if (!result.ok || gridId === null || reasons.length) return null
  const householdKey = group && !group.op?.existingId ? group.key : null
  return writeOp(record, keys, result.values, (action, values) => ({
    row: draft.row,
    gridId,
    existingId: record?.id ?? null,
    householdKey,
    // A known resident joining a household this import creates: the link itself is the change.
    action: action === 'unchanged' && householdKey ? 'update' : action,
    values,
  }))
}

/** 性别/出生日期 cells, when filled in, must agree with the ID number they are read from. */
function checkDerived(draft: Draft, values: Record<string, FieldValue>, today: string, reasons: string[]): void {
  const id = typeof values.idNumber === 'string' ? values.idNumber : ''
  if (!id) return
  const parsed = parseIdNumber(id, today)
  if (!parsed.ok) return
  if (draft.derived.birthDate && draft.derived.birthDate !== parsed.info.birthDate) reasons.push(`出生日期与身份证号不符（身份证号中为 ${parsed.info.birthDate}）`)
  if (draft.derived.sex && draft.derived.sex !== parsed.info.sex) reasons.push(`性别与身份证号不符（身份证号中为${parsed.info.sex}）`)
}

function changedLabels(op: ResidentOp | null, household: HouseholdOp | null): string[] {
  const labels: string[] = []
  if (household?.action === 'update') for (const key of Object.keys(household.values)) labels.push(`户·${householdKind.fields.find((f) => f.key === key)?.label ?? key}`)
  if (op?.action === 'update') for (const key of Object.keys(op.values)) labels.push(residentKind.fields.find((f) => f.key === key)?.label ?? key)
  return labels
}

function totals(rows: readonly PreviewRow[], households: readonly HouseholdOp[]): ImportTotals {
  const count = <T extends string>(items: readonly { action: T }[], action: T) => items.filter((i) => i.action === action).length
  return {
    rows: rows.length,
    create: count(rows, 'create'),
    update: count(rows, 'update'),
    unchanged: count(rows, 'unchanged'),
    error: count(rows, 'error'),
    households: { create: count(households, 'create'), update: count(households, 'update'), unchanged: count(households, 'unchanged') },
  }
}
