/**
 * Records described once (STYLE.md 7; DESIGN.md "Documents", "Store facts, derive status").
 *
 * A record kind is its fields — each a key, a Chinese label and a zod schema whose messages are
 * Chinese, with how a form enters it where the schema alone does not say — plus where its
 * records live and the schemas of the append-only fact logs kept beside them (facts.ts). Forms,
 * validation, tables, canonical serialisation, import and export read their lists from the
 * description. A domain adds what only it needs by extending these types, never with a
 * parallel one: the ledger its input types, import aliases, masking and derived columns
 * (ledger/kind.ts), minutes their row lists (minutes/fields.ts), decisions their steps
 * (decisions/record.ts).
 *
 * Rules:
 * - input from outside (a form, an import, HTTP) is parsed with the fields' schemas before it
 *   is written;
 * - a fact is appended and read with its log's schema from the description, so one another
 *   device wrote that does not parse is reported, never applied (facts.ts);
 * - a field read back from a doc another device wrote (readFields) is parsed the same way: a
 *   value that does not parse is reported and left out, never rewritten in the doc.
 */
import * as z from 'zod'
import { zhCN } from 'zod/locales'
import type { DocKind } from './docNames.js'

// A check with no message of its own (a value of the wrong type from another device or an API
// caller) still explains itself in Chinese, never in zod's English defaults. Only this locale
// is imported: `z.locales.zhCN` would bundle all fifty of zod's (issue #21, idle memory).
z.config(zhCN())

/** A stored value's schema; a function of today where validity depends on the day (a birth date read from an ID number). */
export type FieldSchema = z.ZodType | ((today: string) => z.ZodType)

export type Field<S extends FieldSchema = FieldSchema> = {
  key: string
  label: string
  schema: S
  /** Must be given; a field not required may be absent. */
  required?: boolean
  /** Personal data: masked on screen until the viewer asks, and the reveal is audited (DOMAIN.md §5.3). */
  masked?: boolean
  /** The values a form offers (a select), in order. */
  options?: readonly string[]
  /** The Chinese label of each option where the stored value is a code (the value itself otherwise). */
  optionLabels?: Readonly<Record<string, string>>
  /** A typed text input where the schema alone does not say (free text otherwise). */
  input?: 'date' | 'time' | 'number'
}

export type RecordKind<F extends Field = Field> = {
  kind: string
  label: string
  /** The doc its records live in (docNames.ts) and the top-level key there that holds them. */
  doc: DocKind
  root: string
  fields: readonly F[]
  /** Its append-only fact logs: the log's key → the schema each fact is appended and read with. */
  facts?: Readonly<Record<string, z.ZodType>>
}

type Resolved<S extends FieldSchema> = S extends (today: string) => infer R ? R : S

/** A field's schema on `today` (the day matters only to fields that say so). */
export function schemaOf<S extends FieldSchema>(field: Field<S>, today: string): Resolved<S> {
  const schema = field.schema
  return (typeof schema === 'function' ? schema(today) : schema) as Resolved<S>
}

/** The Chinese message for a field's value, or null when it is valid (`today` for a field that depends on the day). */
export function fieldError(field: Field<z.ZodType>, value: unknown): string | null
export function fieldError(field: Field, value: unknown, today: string): string | null
export function fieldError(field: Field, value: unknown, today = ''): string | null {
  const parsed = schemaOf(field, today).safeParse(value)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? `${field.label}有误`)
}

type Shape<F extends readonly Field[]> = {
  [K in F[number] as K['key']]: K['required'] extends true ? Resolved<K['schema']> : z.ZodOptional<Resolved<K['schema']>>
}

/** One object schema for a whole record of these fields: required ones must be there, the rest may be absent. */
export function recordSchema<const F extends readonly Field<z.ZodType>[]>(fields: F): z.ZodObject<Shape<F>>
export function recordSchema<const F extends readonly Field[]>(fields: F, today: string): z.ZodObject<Shape<F>>
export function recordSchema<const F extends readonly Field[]>(fields: F, today = ''): z.ZodObject<Shape<F>> {
  const shape = Object.fromEntries(fields.map((field) => [field.key, field.required ? schemaOf(field, today) : schemaOf(field, today).optional()]))
  return z.object(shape) as unknown as z.ZodObject<Shape<F>>
}

/** A stored value that does not parse: kept in the doc, reported with the reason, not used. */
export type UnreadableField = { key: string; raw: unknown; reason: string }

/**
 * A record's fields as some device wrote them, each parsed with its schema. An absent field is
 * simply not set (a record from before the field existed); a present one that does not parse
 * is left out of `values` and reported in `unreadable`.
 */
export function readFields<const F extends readonly Field<z.ZodType>[]>(fields: F, get: (key: string) => unknown): { values: Partial<z.output<z.ZodObject<Shape<F>>>>; unreadable: UnreadableField[] } {
  const values: Record<string, unknown> = {}
  const unreadable: UnreadableField[] = []
  for (const field of fields) {
    const raw = get(field.key)
    if (raw === undefined) continue
    const parsed = field.schema.safeParse(raw)
    if (parsed.success) values[field.key] = parsed.data
    else unreadable.push({ key: field.key, raw, reason: `${field.label}：${parsed.error.issues[0]?.message ?? '无法识别'}` })
  }
  return { values: values as Partial<z.output<z.ZodObject<Shape<F>>>>, unreadable }
}

/** What a form shows for a value: its option's label, or the value itself. */
export function optionLabel(field: Field, value: string): string {
  return field.optionLabels?.[value] ?? value
}

/** A kind's fields by key, for code that names them (the header form, the print sheet). */
export function fieldsByKey<const F extends readonly Field[]>(fields: F): { [K in F[number] as K['key']]: K } {
  return Object.fromEntries(fields.map((field) => [field.key, field])) as { [K in F[number] as K['key']]: K }
}

export function keysOf<const F extends readonly Field[]>(fields: F): Array<F[number]['key']> {
  return fields.map((field) => field.key)
}
