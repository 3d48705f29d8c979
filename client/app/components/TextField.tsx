/** A labelled input with its inline error; every form on the admin and account screens uses it. */
import { useId, type InputHTMLAttributes } from 'react'

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string
  value: string
  onChange(value: string): void
  error?: string | undefined
  testId: string
}

export function TextField({ label, value, onChange, error, testId, ...input }: Props) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} {...input} />
      {error && (
        <p className="error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}
