/**
 * The form of any record kind, generated from its description. Creating validates the whole
 * record; editing validates and saves only the changed fields. Errors show inline, in Chinese,
 * as soon as a field is left; nothing is written while any remain.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react'
import type { FieldValue } from '../../../shared/ledger/fields'
import type { KindDef } from '../../../shared/ledger/kind'
import { validatePatch, validateRecord } from '../../../shared/ledger/validate'
import { afterPress } from '../afterPress'
import { focusFirstError } from '../focusFirstError'
import { FieldInput, type RefOption } from './FieldInput'
import { changedKeys, toForm, toInput, type FormState } from './formValues'
import { memberNameKeys, memberPick, type RosterMember } from '../../../shared/ledger/members'

type Props = {
  def: KindDef
  /** The record's current values when editing; absent when creating. */
  initial?: Record<string, unknown>
  /** Fields a caller fills in itself (e.g. a member's household) and the form should not show. */
  fixed?: Record<string, unknown>
  /** Pre-filled, editable values for a new record (e.g. today's date, the visitor's name). */
  defaults?: Record<string, unknown>
  today: string
  readOnly?: boolean
  refOptions(kind: string): readonly RefOption[]
  onCreate?(values: Record<string, FieldValue>): void
  onUpdate?(patch: Record<string, FieldValue | null>): void
  onCancel?(): void
  /** A masked field was shown in full (for the audit log). */
  onReveal?(field: string): void
  /** Shown above the fields (e.g. the grid picker when creating). */
  header?: ReactNode
  /** The village roster for member fields (包案领导 …); null when this device has never fetched it. */
  members?: readonly RosterMember[] | null
  /** Rules across records (a 户编号 already in use): field → message for the values about to be saved. */
  check?(values: Record<string, unknown>): Record<string, string>
}

const NONE = {}

export function RecordForm({ def, initial, fixed = NONE, defaults = NONE, today, readOnly, refOptions, members = null, onCreate, onUpdate, onCancel, onReveal, header, check }: Props) {
  const creating = initial === undefined
  const start = useMemo(() => toForm(def, { ...(initial ?? defaults), ...fixed }), [def, initial, defaults, fixed])
  // Only what the user touched is local state; every other field follows the record, so an edit
  // arriving from someone else shows at once and is never saved back over.
  const [edits, setEdits] = useState<FormState>({})
  const form = useMemo<FormState>(() => ({ ...start, ...edits }), [start, edits])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState(false)
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set())
  // A member field's name (the name at the time) is written with the pick, not typed.
  const nameKeys = memberNameKeys(def)
  const fields = def.fields.filter((field) => !(field.key in fixed) && !nameKeys.has(field.key))
  const dirty = changedKeys(start, form)
  const formRef = useRef<HTMLFormElement>(null)
  const refuse = (found: Record<string, string>) => {
    setErrors(found)
    focusFirstError(formRef.current)
  }

  // A field's error goes as soon as it is edited and comes back when it is left invalid; leaving a
  // field never removes anything from the page, and what it adds waits for the press that left it
  // to land (afterPress), so the chip or button under the pointer doesn't move.
  const latest = useRef(form)
  latest.current = form
  const checkField = (key: string) =>
    afterPress(() => {
      const result = validatePatch(def, toInput(def, latest.current, [key]), today)
      if (!result.ok) setErrors((e) => ({ ...e, ...result.errors }))
    })

  const submit = () => {
    setSaved(false)
    if (creating) {
      const result = validateRecord(def, { ...toInput(def, form), ...fixed }, today)
      if (!result.ok) return refuse(result.errors)
      const clashes = check?.(result.values) ?? {}
      if (Object.keys(clashes).length > 0) return refuse(clashes)
      setErrors({})
      onCreate?.(result.values)
      return
    }
    const result = validatePatch(def, toInput(def, form, dirty), today)
    if (!result.ok) return refuse(result.errors)
    const clashes = check?.({ ...initial, ...result.values }) ?? {}
    if (Object.keys(clashes).length > 0) return refuse(clashes)
    setErrors({})
    onUpdate?.(result.values)
    setEdits({})
    setSaved(true)
  }

  return (
    <form
      ref={formRef}
      className="card record-form"
      data-testid={`form-${def.kind}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      {header}
      <div className="form-grid">
        {fields.map((field) => (
          <FieldInput
            key={field.key}
            field={field}
            value={form[field.key] ?? ''}
            onChange={(value) => {
              setSaved(false)
              if (field.type === 'member') setEdits((e) => ({ ...e, ...memberPick(field, members?.find((m) => m.id === value) ?? null) }))
              else setEdits((e) => ({ ...e, [field.key]: value }))
              if (errors[field.key]) setErrors(({ [field.key]: _fixed, ...rest }) => rest)
            }}
            onBlur={() => checkField(field.key)}
            error={errors[field.key]}
            readOnly={readOnly}
            refOptions={field.type === 'ref' ? refOptions(field.to) : undefined}
            members={members}
            storedName={field.type === 'member' ? String(form[field.nameKey] ?? '') : ''}
            concealed={!creating && field.masked === true && !revealed.has(field.key) && start[field.key] !== '' && !(field.key in edits)}
            onReveal={() => {
              setRevealed((r) => new Set(r).add(field.key))
              onReveal?.(field.key)
            }}
          />
        ))}
      </div>
      {Object.keys(errors).length > 0 && (
        <p className="error" role="alert" data-testid="form-errors">
          有 {Object.keys(errors).length} 项需要修改，尚未保存。
        </p>
      )}
      {saved && Object.keys(edits).length === 0 && (
        <p className="ok" role="status" data-testid="form-saved">
          已保存在本机，联网后同步。
        </p>
      )}
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="primary" data-testid="form-submit" disabled={!creating && dirty.length === 0}>
            {creating ? `保存${def.label}` : '保存修改'}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              取消
            </button>
          )}
        </div>
      )}
    </form>
  )
}
