/** One header field of a meeting, from its description (fields.ts MEETING): a select where it names options, a typed input otherwise. */
import { useId } from 'react'
import { HEADER_FIELDS, type HeaderField, type MinutesField } from '../../../shared/minutes/fields'
import { optionLabel } from '../../../shared/record'

type Props = { field: HeaderField; value: string; onChange(value: string): void; error: string | null | undefined; readOnly: boolean }

export function HeaderInput({ field, value, onChange, error, readOnly }: Props) {
  const id = useId()
  const testId = `meeting-${field}`
  const spec: MinutesField = HEADER_FIELDS[field]
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {spec.options ? (
        <select id={id} data-testid={testId} value={value} disabled={readOnly} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
          {spec.options.map((v) => (
            <option key={v} value={v}>
              {optionLabel(spec, v)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          data-testid={testId}
          type={spec.input ?? 'text'}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
      )}
      {error && (
        <p className="error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}
