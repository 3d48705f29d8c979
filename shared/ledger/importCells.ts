/**
 * Spreadsheet cells → field input, before validation. Excel stores what people typed in several
 * shapes: numbers for phone numbers and house numbers, dates as dates or as "2026/3/1" or
 * "2026年3月1日", tags joined by 、 or commas. An 18-digit ID number typed into a number cell has
 * already lost its last digits (Excel keeps 15 significant digits), so it is refused with the fix
 * rather than "repaired". Full-width digits and letters are read as ASCII wherever the value has
 * an ASCII format (ID numbers, phones, dates, numbers, 是/否, options); free text keeps what was
 * typed. A leading apostrophe that export added against formula injection
 * (exportRows.ts) is dropped again.
 */
import { toHalfWidth } from '../text/halfWidth.js'
import type { FieldDef } from './fields.js'
import { enumOption, ITEM_SEPARATORS } from './fields.js'

export type SheetCell = string | number | boolean | Date | null
export type SheetRows = readonly (readonly SheetCell[])[]

export function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return ''
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10)
  if (typeof cell === 'boolean') return cell ? '是' : '否'
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell)
  const text = cell.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text
}

const TRUE_WORDS = ['是', '有', '√', '✓', '✔', 'Y', 'YES', 'TRUE', '1', '☑']
const FALSE_WORDS = ['否', '无', '×', '✗', 'N', 'NO', 'FALSE', '0', '不是', '□']

/** 是 → true, 否 → false, anything else → null (blank is handled by callers). */
export function boolOf(text: string): boolean | null {
  const upper = toHalfWidth(text).trim().toUpperCase()
  if (TRUE_WORDS.includes(upper)) return true
  if (FALSE_WORDS.includes(upper)) return false
  return null
}

export function isBoolWord(text: string): boolean {
  return boolOf(text) !== null
}

/** The value to validate for one field, or the reason the cell cannot be read as one. */
export function fieldInput(field: FieldDef, cell: SheetCell | undefined): { value: unknown } | { error: string } {
  const raw = cellText(cell)
  const text = field.type === 'text' ? raw : toHalfWidth(raw).trim()
  switch (field.type) {
    case 'idNumber':
      if (typeof cell === 'number') return { error: `${field.label}被存成了数字，后几位已丢失：请把该列设为“文本”格式后重新填写` }
      if (text.includes('*')) return { error: `${field.label}已打码，不能导入（导出时请勾选“含完整身份证号”）` }
      return { value: text }
    case 'number': {
      if (text === '') return { value: '' }
      const n = Number(text.replace(/,/g, ''))
      return { value: Number.isFinite(n) ? n : text }
    }
    case 'tags':
      return { value: text.split(ITEM_SEPARATORS).filter(Boolean) }
    case 'bool': {
      if (text === '') return { value: '' }
      const bool = boolOf(text)
      return bool === null ? { error: `${field.label}应填“是”或“否”` } : { value: bool }
    }
    case 'enum':
      return { value: enumOption(field, text) }
    case 'date':
      return { value: normaliseDate(text) }
    case 'text':
    case 'phone':
    case 'ref':
    case 'member':
      return { value: text }
  }
}

/** "2026/3/1", "2026.3.1", "2026年3月1日", "20260301" → "2026-03-01"; anything else unchanged. */
export function normaliseDate(input: string): string {
  const text = toHalfWidth(input).trim()
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text)
  return parts ? `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}` : input
}
