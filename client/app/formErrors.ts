/**
 * Form errors in one shape: per-field messages (from the shared zod schema before sending, or
 * from the relay's `field` after) plus one form-level message.
 */
import type * as z from 'zod'
import { errorText } from './api/http'

export type FormErrors = Record<string, string>

export function errorsFromZod(error: z.ZodError): FormErrors {
  const errors: FormErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'form'
    errors[key] ??= issue.message
  }
  return errors
}

/** The relay's error on the field it names if the form has that field, else on the form. */
export function errorsFromApi(error: unknown, fields: readonly string[]): FormErrors {
  const field = (error as { field?: unknown } | null)?.field
  const key = typeof field === 'string' && fields.includes(field) ? field : 'form'
  return { [key]: errorText(error) }
}
