/**
 * The state every small form here needs: values, errors, a submitting flag, and a submit that
 * checks the shared schema first, then calls the relay and maps its `field` error inline.
 */
import { useCallback, useState, type FormEvent } from 'react'
import type * as z from 'zod'
import { errorsFromApi, errorsFromZod, type FormErrors } from '../formErrors'
import { focusFirstError } from '../focusFirstError'

export function useForm<V extends Record<string, string>, S extends z.ZodType>(initial: V, schema: S, send: (data: z.infer<S>) => Promise<void>, check?: (values: V) => FormErrors | null) {
  const [values, setValues] = useState<V>(initial)
  const [errors, setErrors] = useState<FormErrors>({})
  const [submitting, setSubmitting] = useState(false)
  const [done, setDone] = useState(false)

  const set = useCallback((key: keyof V & string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }))
    setDone(false)
  }, [])

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = e.currentTarget
    const parsed = schema.safeParse(values)
    const extra = check?.(values) ?? null
    if (!parsed.success || extra) {
      setErrors({ ...(parsed.success ? {} : errorsFromZod(parsed.error)), ...extra })
      focusFirstError(form)
      return
    }
    setErrors({})
    setSubmitting(true)
    try {
      await send(parsed.data)
      setValues(initial)
      setDone(true)
    } catch (error) {
      setErrors(errorsFromApi(error, Object.keys(values)))
      focusFirstError(form)
    } finally {
      setSubmitting(false)
    }
  }

  return { values, set, errors, submitting, done, onSubmit }
}
