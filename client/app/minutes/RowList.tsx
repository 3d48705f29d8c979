/**
 * One row list of a meeting (attendees, agenda, resolutions, actions, links), generated from its
 * description in shared/minutes/fields.ts: a select where the field names options, a typed input
 * otherwise, each with its Chinese error. Invalid values are kept (never lose what was typed) and
 * shown with the error until corrected.
 */
import { listField, listFieldKeys, ROW_KINDS, rowError, type ListName } from '../../../shared/minutes/fields'
import { optionLabel } from '../../../shared/record'
import { isOverdue } from '../../../shared/minutes/cadence'
import { addRow, removeRow, setRowField, type Row } from '../../../shared/minutes/minutesDoc'
import { useId } from 'react'
import type * as Y from 'yjs'

const DEFAULTS: Partial<Record<ListName, Record<string, string>>> = { attendees: { attendance: 'present' }, links: { kind: 'decision' } }

/** Values offered for a text field (e.g. a link's target): the value stored and what people read. */
export type Suggestion = { value: string; label: string }

type Props = { doc: Y.Doc; list: ListName; rows: Row[]; readOnly: boolean; today: string; suggestions?: Record<string, Suggestion[]> }

export function RowList({ doc, list, rows, readOnly, today, suggestions }: Props) {
  const keys = listFieldKeys(list)
  const listId = useId()
  return (
    <fieldset className="card minutes-rows" data-testid={`rows-${list}`}>
      <legend>{ROW_KINDS[list].label}</legend>
      {rows.length === 0 && <p className="muted small">暂无</p>}
      {rows.map((row, i) => (
        <div key={row.id} className="minutes-row" data-testid={`row-${list}`}>
          <span className="muted small">{i + 1}.</span>
          {keys.map((key) => (
            <RowField
              key={key}
              list={list}
              field={key}
              value={row[key] ?? ''}
              readOnly={readOnly}
              datalist={suggestions?.[key] ? `${listId}-${key}` : undefined}
              onChange={(v) => setRowField(doc, list, row.id, key, v)}
            />
          ))}
          {list === 'actions' && isOverdue({ due: row.due ?? '', done: row.done ?? '' }, today) && (
            <span className="pill minutes-overdue" data-testid="action-overdue">
              已超期
            </span>
          )}
          {!readOnly && (
            <button type="button" className="link" onClick={() => removeRow(doc, list, row.id)} aria-label={`删除第 ${i + 1} 项`}>
              删除
            </button>
          )}
        </div>
      ))}
      {Object.entries(suggestions ?? {}).map(([key, options]) => (
        <datalist key={key} id={`${listId}-${key}`}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </datalist>
      ))}
      {!readOnly && (
        <button type="button" className="secondary" data-testid={`add-${list}`} onClick={() => addRow(doc, list, DEFAULTS[list] ?? {})}>
          添加{ROW_KINDS[list].label}
        </button>
      )}
    </fieldset>
  )
}

type FieldProps = { list: ListName; field: string; value: string; readOnly: boolean; datalist: string | undefined; onChange(v: string): void }

function RowField({ list, field, value, readOnly, datalist, onChange }: FieldProps) {
  const spec = listField(list, field)
  if (!spec) return null
  // An empty row is being filled in: only flag fields that have content or are plainly wrong.
  const error = value === '' && !spec.options ? null : rowError(list, field as never, value)
  const testId = `${list}-${field}`
  const control = spec.options ? (
    <select data-testid={testId} value={value} disabled={readOnly} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
      {spec.options.map((v) => (
        <option key={v} value={v}>
          {optionLabel(spec, v)}
        </option>
      ))}
    </select>
  ) : (
    <input
      data-testid={testId}
      type={spec.input === 'date' ? 'date' : 'text'}
      inputMode={spec.input === 'number' ? 'numeric' : undefined}
      list={datalist}
      value={value}
      readOnly={readOnly}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
    />
  )
  return (
    <label className={`minutes-cell minutes-${field}`}>
      <span className="small muted">{spec.label}</span>
      {control}
      {error && (
        <span className="error small" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </label>
  )
}
