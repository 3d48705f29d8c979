/**
 * Import of households and residents from one spreadsheet (issues #4, #12): a pure preview of
 * what would happen, row by row, before anything is written (applyImport.ts writes it). The
 * browser and `npm run ledger:import` both call this.
 *
 * Rules:
 * - Every sheet row below the header is in `rows` once, with the sheet's own row number and one
 *   status: new / changed / unchanged / invalid / duplicate / skipped (importDrafts.ts says which
 *   rows are skipped and why).
 * - One row per resident; household columns repeated, or merged down over the members. A row with
 *   household columns but no resident columns is a household on its own. A sheet without a 姓名
 *   column is a household list.
 * - An exact repeat of an earlier row is a duplicate, imported once. Two rows with the same ID
 *   number and different data are both invalid and name each other.
 * - The household's columns come from its head's row (户主 in 与户主关系, or 是 in a 户主 column),
 *   else its first row; another row that contradicts them is invalid, never the household. One
 *   bad person row never blocks the rest of the household.
 * - Every record is validated with validateRecord; each bad row lists every reason, in Chinese.
 * - Care categories (低保 …) become 关爱帮扶 records in the grid's sensitive doc only when the
 *   caller passes that doc (the user may write it); otherwise the row imports without them and
 *   says so.
 * - Idempotent: a resident is matched by ID number across all given grids (one without an ID
 *   number by grid + household + name), a household by 户编号 within its grid, a care record by
 *   resident + category; only fields that differ are updated, a blank cell never clears stored
 *   data, so importing the same file twice changes nothing the second time.
 */
import type * as Y from 'yjs'
import type { FieldValue } from './fields.js'
import { normaliseIdNumber, parseIdNumber } from './idNumber.js'
import { mapColumns, type ColumnTarget, type IgnoredColumn, type SavedMappings, type UnmappedColumn } from './importColumns.js'
import { cellText, type SheetRows } from './importCells.js'
import { readDrafts, type Draft, type ImportGrid, type Input } from './importDrafts.js'
import { indexExisting, type ExistingIndex } from './importIndex.js'
import { sameFieldValue } from './ledgerDoc.js'
import { household as householdKind } from './kinds/household.js'
import { normalisePhone } from './phone.js'
import { resident as residentKind } from './kinds/resident.js'
import { text, type LedgerRecord } from './kind.js'
import { validateRecord } from './validate.js'

export type { ImportGrid } from './importDrafts.js'
export type ImportOptions = {
  grids: readonly ImportGrid[]
  docs: ReadonlyMap<string, Y.Doc>
  /** The grids' sensitive docs the importing user may write; care categories go nowhere else. */
  sensitiveDocs?: ReadonlyMap<string, Y.Doc>
  defaultGridId: string | null
  today: string
  /** The village's remembered choices for headers the rules do not know. */
  saved?: SavedMappings
  /** 0-based indexes of hidden columns, and "row,col" of cells filled down from merged ranges. */
  hidden?: ReadonlySet<number>
  filled?: ReadonlySet<string>
}

export type WriteAction = 'create' | 'update' | 'unchanged'
export type RowStatus = 'new' | 'unchanged' | 'changed' | 'invalid' | 'duplicate' | 'skipped'
export type PreviewRow = {
  row: number
  status: RowStatus
  reasons: string[]
  household: { code: string; headName: string; address: string; grid: string }
  resident: { name: string; idNumber: string; phone: string; relation: string }
  /** Resident and household flags, and care categories (sensitive doc) this row sets. */
  flags: string[]
  care: string[]
  gridId: string | null
  changed: string[]
}
/** `values`: every field for a create, only the changed ones for an update. */
export type HouseholdOp = { key: string; gridId: string; existingId: string | null; action: WriteAction; values: Record<string, FieldValue>; row: number }
export type ResidentOp = { row: number; gridId: string; existingId: string | null; householdKey: string | null; action: WriteAction; values: Record<string, FieldValue>; care: string[] }
export type Counts = { new: number; unchanged: number; changed: number }
export type ImportSummary = { households: Counts; residents: Counts; invalid: number; duplicate: number; skipped: number }

export type ImportPreview = {
  headerRows: number[]
  columns: { column: string; header: string; label: string; hidden: boolean }[]
  ignored: IgnoredColumn[]
  /** Columns the user must map (or set to 不导入) before confirming. */
  unmapped: UnmappedColumn[]
  rows: PreviewRow[]
  households: HouseholdOp[]
  residents: ResidentOp[]
  summary: ImportSummary
}

type Group = { key: string; gridId: string; householdNo: string; first: number; values: Draft['household']; errors: string[]; op: HouseholdOp | null; validRows: number }

export function previewImport(rows: SheetRows, options: ImportOptions): { ok: true; preview: ImportPreview } | { ok: false; error: string } {
  const texts = rows.map((row) => row.map(cellText))
  const header = mapColumns(texts, { saved: options.saved, hidden: options.hidden })
  if (!header.ok) return header
  const map = header.map
  const all = readDrafts(rows, { texts, filled: options.filled }, map, options.grids, options.defaultGridId)
  const duplicateOf = exactRepeats(all)
  const drafts = all.filter((d) => d.skip === null && !duplicateOf.has(d))
  for (const draft of drafts) if (draft.gridId !== null && !options.docs.has(draft.gridId)) draft.errors.push(`网格“${gridName(options.grids, draft.gridId)}”的台账未打开或无权编辑`)
  for (const draft of drafts) markHead(draft)
  const existing = indexExisting(options.docs, options.sensitiveDocs)
  const groupOf = groupHouseholds(drafts)
  const groups = [...new Set(groupOf.values())]
  for (const group of groups) planHousehold(group, existing, options.today)
  const conflicts = findConflicts(drafts, groupOf)
  const residents: ResidentOp[] = []
  const byDraft = new Map<Draft, PreviewRow>()
  for (const draft of drafts) {
    const group = groupOf.get(draft) ?? null
    const reasons = [...draft.errors, ...(conflicts.get(draft) ?? [])]
    if (group && group.errors.length) reasons.push(...(draft.row === group.first ? group.errors : [`所在户有误（见第${group.first}行）`]))
    const notes = [...draft.notes]
    const op = draft.resident.size ? planResident(draft, group, existing, options, reasons, notes) : null
    const householdRow = group?.first === draft.row ? group.op : null
    const invalid = reasons.length > 0
    if (!invalid) {
      if (op) residents.push(op)
      if (group) group.validRows++
    }
    byDraft.set(draft, {
      row: draft.row,
      status: invalid ? 'invalid' : rowStatus(op?.action, householdRow?.action),
      reasons: [...new Set([...reasons, ...notes])],
      household: householdView(group, draft, options.grids),
      resident: residentView(draft, op),
      flags: [...flagsOf(draft.household), ...flagsOf(draft.resident)],
      care: [...draft.care],
      gridId: draft.gridId,
      changed: !invalid && (op?.action === 'update' || householdRow?.action === 'update') ? changedLabels(op, householdRow) : [],
    })
  }
  const previewRows = all.map((draft) => byDraft.get(draft) ?? otherRow(draft, duplicateOf.get(draft), options.grids))
  const households = groups.flatMap((g) => (g.op && g.validRows > 0 ? [g.op] : []))
  return {
    ok: true,
    preview: {
      headerRows: map.headerRows,
      columns: map.columns.map((c) => ({ column: c.column, header: c.header, label: targetLabel(c.target, c.header), hidden: c.hidden })),
      ignored: map.ignored,
      unmapped: map.unmapped,
      rows: previewRows,
      households,
      residents,
      summary: summarise(previewRows, households, residents),
    },
  }
}

function targetLabel(target: ColumnTarget, header: string): string {
  switch (target.to) {
    case 'grid':
      return '网格'
    case 'derived':
      return `${header}（与身份证号核对）`
    case 'isHead':
      return '是否户主'
    case 'category':
      return `类别·${target.category.value}（是/否）`
    case 'household':
    case 'resident':
      return `${target.to === 'household' ? '户' : '人'}·${target.field.label}`
  }
}

/** Rows that repeat an earlier row cell for cell: the earlier row's number. */
function exactRepeats(drafts: readonly Draft[]): Map<Draft, number> {
  const first = new Map<string, number>()
  const out = new Map<Draft, number>()
  for (const draft of drafts) {
    if (draft.skip !== null) continue
    const earlier = first.get(draft.signature)
    if (earlier !== undefined) out.set(draft, earlier)
    else first.set(draft.signature, draft.row)
  }
  return out
}

function otherRow(draft: Draft, duplicateOf: number | undefined, grids: readonly ImportGrid[]): PreviewRow {
  const base = { row: draft.row, flags: [], care: [], gridId: draft.gridId, changed: [], household: householdView(null, draft, grids), resident: residentView(draft, null) }
  if (duplicateOf !== undefined) return { ...base, status: 'duplicate', reasons: [`与第${duplicateOf}行完全相同，只导入一次`] }
  return { ...base, status: 'skipped', reasons: [draft.skip ?? ''], household: { code: '', headName: '', address: '', grid: '' }, resident: { name: '', idNumber: '', phone: '', relation: '' } }
}

function inputText(input: Input | undefined): string {
  if (!input) return ''
  return Array.isArray(input.value) ? input.value.join('、') : String(input.value)
}

/** The household as it will be written (its validated values), else as the row gives it. */
function householdView(group: Group | null, draft: Draft, grids: readonly ImportGrid[]): PreviewRow['household'] {
  const values = group?.op ? { ...group.op.values } : {}
  const inputs = group?.values ?? draft.household
  const from = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : inputText(inputs.get(key)))
  return { code: group?.householdNo ?? from('householdNo'), headName: from('headName'), address: from('address'), grid: draft.gridId ? gridName(grids, draft.gridId) : '' }
}

function residentView(draft: Draft, op: ResidentOp | null): PreviewRow['resident'] {
  // The normalised values that will be written (op), or what the row holds, normalised where it
  // reads (a duplicate or otherwise refused row still shows the number it would have written).
  const value = (key: string) => (op && typeof op.values[key] === 'string' ? (op.values[key] as string) : inputText(draft.resident.get(key)))
  const phone = normalisePhone(value('phone'))
  return { name: value('name'), idNumber: value('idNumber') && normaliseIdNumber(value('idNumber')), phone: phone.ok ? phone.value : value('phone'), relation: value('relation') }
}

function flagsOf(inputs: Draft['household']): string[] {
  const flags = inputs.get('flags')?.value
  return Array.isArray(flags) ? (flags as string[]) : []
}

/** A row's status: its resident's, raised to changed when the household it defines changed. */
function rowStatus(resident: WriteAction | undefined, household: WriteAction | undefined): RowStatus {
  const action = !resident ? (household ?? 'unchanged') : resident === 'unchanged' && household === 'update' ? 'update' : resident
  return action === 'create' ? 'new' : action === 'update' ? 'changed' : 'unchanged'
}

function gridName(grids: readonly ImportGrid[], gridId: string): string {
  return grids.find((g) => g.id === gridId)?.name ?? gridId
}

/** A 户主 是/否 mark and the relation must agree; the mark alone makes the relation 户主. */
function markHead(draft: Draft): void {
  if (!draft.isHead) return
  const relation = draft.resident.get('relation')
  if (!relation) draft.resident.set('relation', { field: residentKind.fields.find((f) => f.key === 'relation')!, value: '户主', text: '是' })
  else if (relation.value !== '户主') draft.errors.push(`标为户主，但与户主关系填的是“${relation.text}”`)
}

const isHeadRow = (draft: Draft) => draft.resident.get('relation')?.value === '户主'

/** Groups rows by grid + 户编号; the head's row (else the first) gives the household's columns. */
function groupHouseholds(drafts: readonly Draft[]): Map<Draft, Group> {
  const members = new Map<string, Draft[]>()
  for (const draft of drafts) {
    if (draft.household.size === 0 || draft.gridId === null) continue
    const householdNo = String(draft.household.get('householdNo')?.value ?? '').trim()
    if (!householdNo) {
      draft.errors.push('请填写户编号（本行填有户信息）')
      continue
    }
    const key = `${draft.gridId}\u0000${householdNo}`
    members.set(key, [...(members.get(key) ?? []), draft])
  }
  const groupOf = new Map<Draft, Group>()
  for (const [key, list] of members) {
    const base = list.find((d) => isHeadRow(d) && d.errors.length === 0) ?? list[0]!
    const group: Group = { key, gridId: base.gridId!, householdNo: String(base.household.get('householdNo')!.value).trim(), first: base.row, values: new Map(base.household), errors: [], op: null, validRows: 0 }
    for (const draft of list) {
      groupOf.set(draft, group)
      if (draft === base) continue
      for (const [field, input] of draft.household) {
        const earlier = group.values.get(field)
        if (!earlier) group.values.set(field, input)
        else if (!sameFieldValue(earlier.value, input.value)) draft.errors.push(`${input.field.label}与同户第${group.first}行不一致（“${earlier.text}”≠“${input.text}”）`)
      }
    }
    // 户主姓名 left out of the sheet: the member marked as head.
    const head = list.find((d) => isHeadRow(d) && d.resident.get('name'))
    if (!group.values.has('headName') && head) group.values.set('headName', { ...head.resident.get('name')!, field: householdKind.fields.find((f) => f.key === 'headName')! })
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

/** One ID number on rows that differ, and same-name members without one in one household. */
function findConflicts(drafts: readonly Draft[], groupOf: Map<Draft, Group>): Map<Draft, string[]> {
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
      out.set(draft, [key.startsWith('id:') ? `与第${others.join('、')}行身份证号相同但内容不同，请核对后只保留一行` : `与第${others.join('、')}行同户同名且都没有身份证号，无法区分`])
    }
  }
  return out
}

function planResident(draft: Draft, group: Group | null, existing: ExistingIndex, options: ImportOptions, reasons: string[], notes: string[]): ResidentOp | null {
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
  // Flags add to what is stored; a cell never removes a flag someone set by hand.
  if (record && Array.isArray(input.flags) && Array.isArray(record.values.flags)) input.flags = [...new Set([...(record.values.flags as string[]), ...(input.flags as string[])])]
  const result = validateRecord(residentKind, { ...(record?.values ?? {}), ...input }, options.today)
  if (!result.ok) reasons.push(...Object.values(result.errors))
  else checkDerived(draft, result.values, options.today, reasons)
  if (!result.ok || gridId === null || reasons.length) return null
  const care = plannedCare(draft, gridId, record?.id ?? null, existing, options, notes)
  const householdKey = group && !group.op?.existingId ? group.key : null
  return writeOp(record, keys, result.values, (action, values) => ({
    row: draft.row,
    gridId,
    existingId: record?.id ?? null,
    householdKey,
    // A known resident joining a household this import creates, or gaining a care record: a change.
    action: action === 'unchanged' && (householdKey || care.length) ? 'update' : action,
    values,
    care,
  }))
}

/** Care categories still to record for this resident, or a note why they cannot be. */
function plannedCare(draft: Draft, gridId: string, residentId: string | null, existing: ExistingIndex, options: ImportOptions, notes: string[]): string[] {
  if (draft.care.size === 0) return []
  if (!options.sensitiveDocs?.has(gridId)) {
    notes.push(`“${[...draft.care].join('、')}”属于敏感信息（关爱帮扶），你没有该网格敏感信息的编辑权限，本次未导入，其余内容照常导入`)
    return []
  }
  return [...draft.care].filter((category) => !residentId || !existing.hasCare(gridId, residentId, category))
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
  for (const category of op?.care ?? []) labels.push(`关爱帮扶·${category}`)
  if (op?.action === 'update' && op.householdKey && labels.length === 0) labels.push('所属户')
  return labels
}

function summarise(rows: readonly PreviewRow[], households: readonly HouseholdOp[], residents: readonly ResidentOp[]): ImportSummary {
  const counts = (ops: readonly { action: WriteAction }[]): Counts => ({
    new: ops.filter((o) => o.action === 'create').length,
    unchanged: ops.filter((o) => o.action === 'unchanged').length,
    changed: ops.filter((o) => o.action === 'update').length,
  })
  const rowCount = (status: RowStatus) => rows.filter((r) => r.status === status).length
  return { households: counts(households), residents: counts(residents), invalid: rowCount('invalid'), duplicate: rowCount('duplicate'), skipped: rowCount('skipped') }
}
