/**
 * Field descriptors: each ledger field is described once — its key, Chinese label, kind,
 * whether it is required, shown in tables, or masked — and the zod schema, the form, the table
 * columns, the spreadsheet headers and the search text are all derived from that description.
 */
import { z } from 'zod'
import { isCivilDate } from '../civilDate.js'
import { normaliseIdNumber, parseIdNumber } from './idNumber.js'
import { normalisePhone } from './phone.js'

type Common = {
  key: string
  label: string
  required?: boolean
  /** A table column by default (kinds also name their columns explicitly). */
  hint?: string
  /** Masked on screen until the viewer asks to see it (and the reveal is audited). */
  masked?: boolean
  /** Other spreadsheet headers that mean this field (e.g. 身份证号码 for 身份证号). */
  aliases?: readonly string[]
}

export type FieldDef =
  | (Common & { type: 'text'; max?: number; multiline?: boolean })
  | (Common & { type: 'phone' })
  | (Common & { type: 'idNumber' })
  | (Common & { type: 'date' })
  | (Common & { type: 'number'; min?: number; max?: number; integer?: boolean })
  /** `synonyms`: other words people write for an option (子、长女 → 子女), read as that option. */
  | (Common & { type: 'enum'; options: readonly string[]; synonyms?: Readonly<Record<string, string>> })
  | (Common & { type: 'tags'; options: readonly string[] })
  | (Common & { type: 'bool' })
  | (Common & { type: 'ref'; to: string; multiple?: boolean })

export type FieldValue = string | number | boolean | string[]

const MAX_TEXT = 2000

/** The zod schema of one field's stored value; `today` bounds dates read from ID numbers. */
export function fieldSchema(field: FieldDef, today: string): z.ZodType<FieldValue | undefined> {
  const base = valueSchema(field, today)
  return field.required ? base : base.optional()
}

function valueSchema(field: FieldDef, today: string): z.ZodType<FieldValue> {
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
      return z.array(z.string().refine((v) => field.options.includes(v), `${label}中有未知选项`)).transform((v) => [...new Set(v)])
    case 'bool':
      return z.boolean()
    case 'ref':
      return field.multiple ? z.array(z.string().min(1)) : z.string().min(1, `请选择${label}`)
  }
}

/** An enum's option for what was written: the option itself, or the option a synonym names. */
export function enumOption(field: Extract<FieldDef, { type: 'enum' }>, written: string): string {
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
