/**
 * A record's stored changes (shared/api/history.ts FieldChange) as lines a cadre reads: the field's
 * Chinese label, the old and the new value as the form shows them, masked where the field is
 * masked (an ID number or a resident's phone is never shown whole in a history list), workflow
 * facts as "who did what", and the record's own bookkeeping as 录入/删除.
 */
import type { FieldChange } from '../../../shared/api/history'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { formatValue, type FieldDef } from '../../../shared/ledger/fields'
import { maskIdNumber } from '../../../shared/ledger/idNumber'
import { actionLabel } from '../../../shared/ledger/actionLabel'
import { FACTS, factSchema, fieldOf, type KindDef } from '../../../shared/ledger/kind'
import { maskPhone } from '../labels'

export type ChangeLine = { label: string; old: string; new: string }

const BOOKKEEPING: Record<string, string | null> = {
  _createdBy: '录入人',
  _createdById: null,
  _createdAt: '录入时间',
  _removedAt: '删除时间',
  _removedBy: '删除人',
}

/** `<field>[<index>]`: one element of an array field (server/history/recordHistory.ts). */
const ELEMENT = /^(.+)\[(\d+)\]$/

/** A field's value as the form shows it, masked where the field is masked. */
export function shownValue(field: FieldDef, value: unknown): string {
  const text = formatValue(field, value)
  if (!field.masked || text === '') return text
  return field.type === 'idNumber' ? maskIdNumber(text) : field.type === 'phone' ? maskPhone(text) : '***'
}

function factText(def: KindDef, value: unknown): string {
  const fact = factSchema.safeParse(value)
  if (!fact.success) return value === null ? '' : '无法识别的处理记录'
  return `${fact.data.byName} ${actionLabel(def, fact.data.action)}${fact.data.note ? `：${fact.data.note}` : ''}`
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T\d\d:/.test(value)) return formatShanghaiTime(value)
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** The lines of one stored change, in the kind's field order; bookkeeping the user never sees is left out. */
export function changeLines(def: KindDef, changes: readonly FieldChange[]): ChangeLine[] {
  const lines: Array<ChangeLine & { order: number }> = []
  for (const change of changes) {
    const field = fieldOf(def, change.field)
    const element = ELEMENT.exec(change.field)
    const listField = element && element[1] !== FACTS ? fieldOf(def, element[1] as string) : undefined
    if (field) {
      lines.push({ label: field.label, old: shownValue(field, change.old), new: shownValue(field, change.new), order: def.fields.indexOf(field) })
    } else if (listField && element) {
      // The relay lists an array field by element (户类别 ['低保户'] → ['低保户', '脱贫户'] is
      // `flags[1]`: 空 → 脱贫户), so each line names the element it is about.
      lines.push({ label: `${listField.label}（第 ${Number(element[2]) + 1} 项）`, old: shownValue(listField, change.old), new: shownValue(listField, change.new), order: def.fields.indexOf(listField) })
    } else if (change.field.startsWith(`${FACTS}[`)) {
      lines.push({ label: '处理记录', old: factText(def, change.old), new: factText(def, change.new), order: 1000 })
    } else if (change.field in BOOKKEEPING) {
      const label = BOOKKEEPING[change.field]
      if (label) lines.push({ label, old: plain(change.old), new: plain(change.new), order: 2000 })
    } else {
      lines.push({ label: change.field, old: plain(change.old), new: plain(change.new), order: 3000 })
    }
  }
  return lines.sort((a, b) => a.order - b.order).map(({ order: _order, ...line }) => line)
}
