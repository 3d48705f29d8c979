/** Display helpers shared by the ledger screens: a ref's title, a cell's text, ref choices. */
import { formatValue } from '../../../shared/ledger/fields'
import { maskIdNumber } from '../../../shared/ledger/idNumber'
import { fieldOf, type KindDef, type LedgerRecord } from '../../../shared/ledger/kind'
import { kindDef } from '../../../shared/ledger/kinds/index'
import { searchText } from '../../../shared/ledger/status'
import type { PickOption } from '../components/RecordPicker'
import type { LedgerIndex } from '../../workspace/ledgerIndex'

export type Lookup = (kind: string, id: string) => string

export function makeLookup(index: LedgerIndex): Lookup {
  return (kind, id) => {
    const record = index.get(kind, id)
    const def = kindDef(kind)
    return record && def ? def.title(record.values) : '（已删除或无权查看）'
  }
}

/** A table cell's text: derived columns computed (`all`: every record of the kind, for those that read others), refs resolved, masked fields masked unless revealed. */
export function cellText(def: KindDef, record: LedgerRecord, column: string, today: string, lookup: Lookup, reveal: boolean, all?: readonly LedgerRecord[]): string {
  const derived = def.derived?.find((d) => d.key === column)
  if (derived) return derived.value(record, today, all)
  const field = fieldOf(def, column)
  if (!field) return ''
  const value = record.values[column]
  if (field.type === 'ref') {
    const ids = Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []
    return ids.map((id) => lookup(field.to, id)).join('、')
  }
  const text = formatValue(field, value)
  return field.masked && !reveal && text ? maskIdNumber(text) : text
}

export function columnLabel(def: KindDef, column: string): string {
  return def.derived?.find((d) => d.key === column)?.label ?? fieldOf(def, column)?.label ?? column
}

/**
 * Choices for a ref field: records of the target kind in the same grid, by title, each with a
 * second line from the kind's table columns (masked as in the table) and every field as search
 * text, so a 户编号 or a few ID digits find the record.
 */
export function refChoices(index: LedgerIndex, kind: string, gridId: string | null): PickOption[] {
  const def = kindDef(kind)
  if (!def) return []
  const lookup = makeLookup(index)
  return index
    .records(kind)
    .filter((record) => gridId === null || record.gridId === gridId)
    .map((record) => {
      const label = def.title(record.values)
      const detail = def.columns
        .filter((column) => !def.derived?.some((d) => d.key === column))
        .map((column) => cellText(def, record, column, '', lookup, false))
        .filter((text) => text !== '' && !label.startsWith(text))
        .slice(0, 3)
        .join(' · ')
      return { id: record.id, label, detail, search: searchText(def, record, lookup), gridId: record.gridId }
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'))
}
