/** One header field of a meeting (fields.ts HEADER_FIELDS): a select for the type, a typed input otherwise. */
import { useId } from 'react'
import { MEETING_TYPES, MEETING_TYPE_LABELS } from '../../../shared/meetingIndex'
import { HEADER_FIELDS, type HeaderField } from '../../../shared/minutes/fields'

const INPUT_TYPE: Partial<Record<HeaderField, string>> = { date: 'date', time: 'time' }

type Props = { field: HeaderField; value: string; onChange(value: string): void; error: string | null | undefined; readOnly: boolean }

export function HeaderInput({ field, value, onChange, error, readOnly }: Props) {
  const id = useId()
  const testId = `meeting-${field}`
  return (
    <div className="field">
      <label htmlFor={id}>{HEADER_FIELDS[field].label}</label>
      {field === 'type' ? (
        <select id={id} data-testid={testId} value={value} disabled={readOnly} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
          {MEETING_TYPES.map((t) => (
            <option key={t} value={t}>
              {MEETING_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          data-testid={testId}
          type={INPUT_TYPE[field] ?? 'text'}
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
