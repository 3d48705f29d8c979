/**
 * Ledger fields, described through the one record description (shared/record.ts): a kind file
 * writes each field as key, Chinese label and input type (`TypedField`), and `describeField`
 * adds the zod schema that type means. The ledger's extensions to a field: its input type,
 * spreadsheet header aliases and a hint. The form, the table columns, the spreadsheet headers
 * and the search text all read these descriptions.
 */
import * as z from 'zod'
import { isCivilDate } from '../civilDate.js'
import { schemaOf, type Field } from '../record.js'
import { normaliseIdNumber, parseIdNumber } from './idNumber.js'
import { normalisePhone } from './phone.js'

type Common = Pick<Field, 'key' | 'label' | 'required' | 'masked'> & {
  /** A line under the input saying what belongs there. */
  hint?: string
  /** Other spreadsheet headers that mean this field (e.g. 身份证号码 for 身份证号). */
  aliases?: readonly string[]
}

/** A ledger field as a kind file writes it: its input type says what its schema is. */
export type TypedField =
  | (Common & { type: 'text'; max?: number; multiline?: boolean })
  | (Common & { type: 'phone' })
  | (Common & { type: 'idNumber' })
  | (Common & { type: 'date' })
  | (Common & { type: 'number'; min?: number; max?: number; integer?: boolean })
  /** `synonyms`: other words people write for an option (子、长女 → 子女), read as that option. */
  | (Common & { type: 'enum'; options: readonly string[]; synonyms?: Readonly<Record<string, string>> })
  /**
   * `checklist`: the options are the built-in items of a checklist a township or village may
   * replace with its own (shared/settings/checklists.ts, 镇级设置 / 村级设置). The form offers the
   * list in force; any item within the checklist's bounds is accepted, so a record made under an
   * earlier list, or imported from a clerk's sheet, keeps its items.
   */
  | (Common & { type: 'tags'; options: readonly string[]; checklist?: 'environment' })
  | (Common & { type: 'bool' })
  | (Common & { type: 'ref'; to: string; multiple?: boolean })
  /**
   * A village member (user id), picked from the village roster (shared/ledger/members.ts). The
   * name at the time is written beside it, in the text field `nameKey`, which records from before
   * (free text, no id) keep as they were: tables and exports show that name, never the id.
   */
  | (Common & { type: 'member'; nameKey: string })

export type FieldValue = string | number | boolean | string[]

/** A ledger field described: its typed form plus the schema of its stored value (`today` bounds dates read from ID numbers). */
export type FieldDef = TypedField & Field<(today: string) => z.ZodType<FieldValue>>

export function describeField(field: TypedField): FieldDef {
  return { ...field, schema: (today: string) => valueSchema(field, today) }
}

const MAX_TEXT = 2000

/** Characters a spreadsheet cell of several items is split at (importCells.ts), so no item may hold one. */
export const ITEM_SEPARATORS = /[、,，;；/\s\u3000]+/
/** The longest item of a checklist. */
export const MAX_ITEM = 20

/** One item of a checklist (a tags field's value, or an entry in 村级设置), named in errors by `label`. */
export function checklistItemSchema(label: string) {
  return z
    .string()
    .trim()
    .min(1, `${label}不能为空`)
    .max(MAX_ITEM, `${label}每项不能超过 ${MAX_ITEM} 个字`)
    .refine((v) => !ITEM_SEPARATORS.test(v), `${label}每项里不能有顿号、逗号、分号、斜杠或空格`)
}

/** The zod schema of one field's value as input: absent is fine unless the field is required. */
export function fieldSchema(field: FieldDef, today: string): z.ZodType<FieldValue | undefined> {
  const base = schemaOf(field, today)
  return field.required ? base : base.optional()
}

function valueSchema(field: TypedField, today: string): z.ZodType<FieldValue> {
  const label = field.label
  switch (field.type) {
    case 'text':
      return z
        .string()
        .trim()
        .min(field.required ? 1 : 0, `请填写${label}`)
        .max(field.max ?? MAX_TEXT, `${label}不能超过${field.max ?? MAX_TEXT}个字`)
    case 'phone':
      return z.string().transform((v, ctx) => {
        const phone = normalisePhone(v, label)
        if (phone.ok) return phone.value
        ctx.addIssue({ code: 'custom', message: phone.error })
        return z.NEVER
      })
    case 'idNumber':
      return z
        .string()
        .transform(normaliseIdNumber)
        .superRefine((v, ctx) => {
          const parsed = parseIdNumber(v, today)
          if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error })
        })
    case 'date':
      return z
        .string()
        .trim()
        .refine(isCivilDate, `${label}应为日期，如 2026-03-01`)
    case 'number': {
      let schema = z.number({ error: `${label}应为数字` })
      if (field.integer) schema = schema.int(`${label}应为整数`)
      if (field.min !== undefined) schema = schema.min(field.min, `${label}不能小于${field.min}`)
      if (field.max !== undefined) schema = schema.max(field.max, `${label}不能大于${field.max}`)
      return schema
    }
    case 'enum':
      return z
        .string()
        .transform((v) => enumOption(field, v))
        .refine((v) => field.options.includes(v), `${label}应为：${field.options.join('、')}`)
    case 'tags':
      if (field.checklist) return z.array(checklistItemSchema(label)).transform((v) => [...new Set(v)])
      return z.array(z.string().refine((v) => field.options.includes(v), `${label}中有未知选项`)).transform((v) => [...new Set(v)])
    case 'bool':
      return z.boolean()
    case 'ref':
      return field.multiple ? z.array(z.string().min(1)) : z.string().min(1, `请选择${label}`)
    case 'member':
      return z.string().trim().min(1, `请选择${label}`).max(64, `${label}无效`)
  }
}

/** An enum's option for what was written: the option itself, or the option a synonym names. */
export function enumOption(field: Extract<TypedField, { type: 'enum' }>, written: string): string {
  const trimmed = written.trim()
  return field.options.includes(trimmed) ? trimmed : (field.synonyms?.[trimmed] ?? trimmed)
}

/** Empty form input means "not set": '' / [] / undefined all become undefined before validation. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

/** Display text of a stored value (tags joined, booleans as 是/否). */
export function formatValue(field: FieldDef, value: unknown): string {
  if (isBlank(value)) return ''
  if (field.type === 'bool') return value ? '是' : '否'
  if (Array.isArray(value)) return value.join('、')
  return String(value)
}
