/** One input generated from a field descriptor (shared/ledger/fields.ts), with its inline error. */
import { useId } from 'react'
import type { FieldDef } from '../../../shared/ledger/fields'
import { maskIdNumber } from '../../../shared/ledger/idNumber'
import { kindDef } from '../../../shared/ledger/kinds/index'
import { RecordPicker, type PickOption } from '../components/RecordPicker'

export type FormValue = string | boolean | string[]
export type RefOption = PickOption

type Props = {
  field: FieldDef
  value: FormValue
  onChange(value: FormValue): void
  onBlur?(): void
  error?: string | undefined
  readOnly?: boolean
  refOptions?: readonly RefOption[]
  /** A member field: the village roster (null: never fetched on this device) and the name stored beside the id. */
  members?: readonly { id: string; name: string }[] | null
  storedName?: string
  /** A masked field shown masked until the viewer asks (then onReveal, which is audited). */
  concealed?: boolean
  onReveal?(): void
}

export function FieldInput({ field, value, onChange, onBlur, error, readOnly, refOptions = [], members = null, storedName = '', concealed, onReveal }: Props) {
  const id = useId()
  const testId = `input-${field.key}`
  const common = { id, 'data-testid': testId, 'aria-invalid': error ? true : undefined, disabled: readOnly, onBlur }
  const label = (
    <label htmlFor={id}>
      {field.label}
      {field.required && <span className="required"> *</span>}
    </label>
  )
  let input
  switch (field.type) {
    case 'text':
      input = field.multiline ? (
        <textarea {...common} rows={3} value={String(value)} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} value={String(value)} maxLength={field.max} onChange={(e) => onChange(e.target.value)} />
      )
      break
    case 'phone':
      input = <input {...common} type="tel" inputMode="tel" value={String(value)} onChange={(e) => onChange(e.target.value)} />
      break
    case 'idNumber':
      input = concealed ? (
        <span className="concealed">
          <input id={id} data-testid={testId} value={maskIdNumber(String(value))} readOnly aria-label={`${field.label}（已隐藏）`} />
          <button type="button" className="secondary" data-testid={`reveal-${field.key}`} onClick={onReveal}>
            显示
          </button>
        </span>
      ) : (
        <input {...common} autoComplete="off" maxLength={18} value={String(value)} onChange={(e) => onChange(e.target.value)} />
      )
      break
    case 'date':
      input = <input {...common} type="date" value={String(value)} onChange={(e) => onChange(e.target.value)} />
      break
    case 'number':
      input = <input {...common} inputMode="numeric" value={String(value)} onChange={(e) => onChange(e.target.value)} />
      break
    case 'enum':
      input = (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          <option value="">（未选择）</option>
          {field.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      )
      break
    case 'bool':
      return (
        <div className="field checkbox">
          <label>
            <input type="checkbox" data-testid={testId} checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} /> {field.label}
          </label>
          {error && <p className="error">{error}</p>}
        </div>
      )
    case 'tags':
      // An item no longer offered (a check made under an earlier 检查项 list) stays shown, so it can be seen and unticked.
      input = <Choices testId={testId} options={[...new Set([...field.options, ...asList(value)])].map((o) => ({ id: o, label: o }))} value={asList(value)} onChange={onChange} readOnly={readOnly} />
      break
    case 'member': {
      const id = String(value)
      const known = members?.some((m) => m.id === id) ?? false
      input = (
        <select {...common} value={id} disabled={readOnly || members === null} onChange={(e) => onChange(e.target.value)}>
          {/* A record from before members were fields keeps its name as text, shown until someone is picked. */}
          <option value="">{id === '' && storedName ? `${storedName}（原记录，未关联成员）` : '（未选择）'}</option>
          {id !== '' && !known && <option value={id}>{storedName || '（未留姓名）'}{members === null ? '' : '（已不在本村成员名单）'}</option>}
          {(members ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      )
      if (members === null && !readOnly)
        return (
          <div className="field">
            {label}
            {input}
            <p className="muted hint" data-testid={`${testId}-no-roster`}>
              本机还没有本村成员名单：联网打开一次台账后即可离线选择。
            </p>
          </div>
        )
      break
    }
    case 'ref': {
      const multiple = field.multiple === true
      input = (
        <RecordPicker
          id={id}
          testId={testId}
          kind={field.to}
          noun={kindDef(field.to)?.label ?? '记录'}
          options={refOptions}
          value={multiple ? asList(value) : value ? [String(value)] : []}
          multiple={multiple}
          onChange={(ids) => onChange(multiple ? ids : (ids[0] ?? ''))}
          onBlur={onBlur}
          readOnly={readOnly}
          invalid={Boolean(error)}
        />
      )
      break
    }
  }
  return (
    <div className="field">
      {label}
      {input}
      {field.hint && <p className="muted hint">{field.hint}</p>}
      {error && (
        <p className="error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

/** Toggle chips for tags (a handful of fixed options): big enough to tap on a phone. */
function Choices({ testId, options, value, onChange, readOnly }: { testId: string; options: readonly RefOption[]; value: string[]; onChange(value: string[]): void; readOnly?: boolean | undefined }) {
  if (options.length === 0) return <p className="muted">（暂无可选项）</p>
  return (
    <div className="chips" data-testid={testId} role="group">
      {options.map((option) => {
        const on = value.includes(option.id)
        return (
          <button
            key={option.id}
            type="button"
            className={on ? 'chip on' : 'chip'}
            aria-pressed={on}
            disabled={readOnly}
            onClick={() => onChange(on ? value.filter((v) => v !== option.id) : [...value, option.id])}
          >
            {option.label}
          </button>
        )
      })}
    </div>
  )
}

function asList(value: FormValue): string[] {
  return Array.isArray(value) ? value : []
}
