/**
 * Between stored record values and form state: inputs hold strings (numbers too, so a half-typed
 * number isn't lost), tags and multi-refs hold lists, checkboxes booleans. `changedInput` is what
 * an edit saves: only the fields the user changed, so a save never overwrites a field someone
 * else edited meanwhile (ledgerDoc.ts updateRecord).
 */
import type { FieldDef } from '../../../shared/ledger/fields'
import type { KindDef } from '../../../shared/ledger/kind'
import type { FormValue } from './FieldInput'

export type FormState = Record<string, FormValue>

export function toForm(def: KindDef, values: Record<string, unknown>): FormState {
  const form: FormState = {}
  for (const field of def.fields) form[field.key] = toFormValue(field, values[field.key])
  return form
}

function toFormValue(field: FieldDef, value: unknown): FormValue {
  if (field.type === 'bool') return value === true
  if (field.type === 'tags' || (field.type === 'ref' && field.multiple)) return Array.isArray(value) ? value.map(String) : []
  return value === undefined || value === null ? '' : String(value)
}

/** Form state as validator input: numbers parsed, an unchecked box left unset. */
export function toInput(def: KindDef, form: FormState, keys: readonly string[] = def.fields.map((f) => f.key)): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const key of keys) {
    const field = def.fields.find((f) => f.key === key)
    if (!field) continue
    const value = form[key]
    if (field.type === 'number' && typeof value === 'string' && value.trim() !== '') {
      const number = Number(value.trim())
      input[key] = Number.isFinite(number) ? number : value
    } else if (field.type === 'bool') input[key] = value === true ? true : undefined
    else input[key] = value
  }
  return input
}

export function changedKeys(initial: FormState, form: FormState): string[] {
  return Object.keys(form).filter((key) => !sameFormValue(initial[key], form[key]))
}

function sameFormValue(a: FormValue | undefined, b: FormValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v) => b.includes(v))
  return a === b
}
