/**
 * Validation of record input against its kind's fields (the edge: forms, imports, HTTP). Blank
 * input means "not set". Errors come back per field, in Chinese, ready to show inline.
 */
import type * as z from 'zod'
import { recordSchema } from '../record.js'
import { fieldSchema, isBlank, type FieldValue } from './fields.js'
import type { KindDef } from './kind.js'

export type Validated = { ok: true; values: Record<string, FieldValue> } | { ok: false; errors: Record<string, string> }

const schemas = new Map<string, z.ZodType<Record<string, FieldValue | undefined>>>()

function schemaOf(kind: KindDef, today: string) {
  const key = `${kind.kind}@${today}`
  let schema = schemas.get(key)
  if (!schema) {
    schema = recordSchema(kind.fields, today) as z.ZodType<Record<string, FieldValue | undefined>>
    if (schemas.size > 64) schemas.clear()
    schemas.set(key, schema)
  }
  return schema
}

/** A whole record (creating, importing): every required field must be present. */
export function validateRecord(kind: KindDef, input: Record<string, unknown>, today: string): Validated {
  const cleaned: Record<string, unknown> = {}
  const missing: Record<string, string> = {}
  for (const field of kind.fields) {
    if (!isBlank(input[field.key])) cleaned[field.key] = input[field.key]
    else if (field.required) missing[field.key] = `请填写${field.label}`
  }
  const result = toValidated(schemaOf(kind, today).safeParse(cleaned))
  if (Object.keys(missing).length === 0) return result
  return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...missing } }
}

/**
 * Some fields of an existing record (editing): only the keys given are checked; a blank value
 * clears the field unless it is required. Values come back with blanks as null (= delete).
 */
export function validatePatch(kind: KindDef, patch: Record<string, unknown>, today: string): { ok: true; values: Record<string, FieldValue | null> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const values: Record<string, FieldValue | null> = {}
  for (const [key, value] of Object.entries(patch)) {
    const field = kind.fields.find((f) => f.key === key)
    if (!field) {
      errors[key] = `未知字段：${key}`
      continue
    }
    if (isBlank(value)) {
      if (field.required) errors[key] = `请填写${field.label}`
      else values[key] = null
      continue
    }
    const parsed = fieldSchema(field, today).safeParse(value)
    if (parsed.success && parsed.data !== undefined) values[key] = parsed.data
    else errors[key] = parsed.success ? `请填写${field.label}` : (parsed.error.issues[0]?.message ?? `${field.label}无效`)
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values }
}

function toValidated(result: z.ZodSafeParseResult<Record<string, FieldValue | undefined>>): Validated {
  if (result.success) {
    const values: Record<string, FieldValue> = {}
    for (const [key, value] of Object.entries(result.data)) if (value !== undefined) values[key] = value
    return { ok: true, values }
  }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '')
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}
