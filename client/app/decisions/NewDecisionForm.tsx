/** Starts a decision record in the decisions doc (offline too: the id is made here). */
import { useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { createDecision } from '../../../shared/decisions/decisionsDoc'
import { DECISION, decisionFieldsSchema } from '../../../shared/decisions/record'
import { fieldsByKey, optionLabel, type Field } from '../../../shared/record'
import { TextField } from '../components/TextField'
import { errorsFromZod, type FormErrors } from '../formErrors'

const FIELDS = fieldsByKey(DECISION.fields)

export function NewDecisionForm({ doc, by, onCreated }: { doc: Y.Doc; by: string; onCreated(id: string): void }) {
  const [v, setV] = useState({ title: '', category: '', matter: '', mergedProposal: false })
  const [errors, setErrors] = useState<FormErrors>({})
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = decisionFieldsSchema.safeParse(v)
    if (!parsed.success) return setErrors(errorsFromZod(parsed.error))
    onCreated(createDecision(doc, parsed.data, by, new Date().toISOString()))
  }
  return (
    <form className="card" data-testid="new-decision" onSubmit={onSubmit} noValidate>
      <h3>新建决策事项</h3>
      <TextField label={FIELDS.title.label} value={v.title} onChange={(title) => setV((s) => ({ ...s, title }))} error={errors.title} testId="decision-title" />
      <OptionSelect field={FIELDS.category} value={v.category} onChange={(category) => setV((s) => ({ ...s, category }))} error={errors.category} />
      <OptionSelect field={FIELDS.matter} value={v.matter} onChange={(matter) => setV((s) => ({ ...s, matter }))} error={errors.matter} />
      <label className="check">
        <input type="checkbox" checked={v.mergedProposal} onChange={(e) => setV((s) => ({ ...s, mergedProposal: e.target.checked }))} />
        {FIELDS.mergedProposal.label}
      </label>
      <button type="submit" className="primary" data-testid="decision-create">
        创建
      </button>
    </form>
  )
}

/** A field that names its options, as a select with a blank first choice. */
function OptionSelect({ field, value, onChange, error }: { field: Field; value: string; onChange(value: string): void; error: string | undefined }) {
  const id = `decision-${field.key}`
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">请选择</option>
        {(field.options ?? []).map((option) => (
          <option key={option} value={option}>
            {optionLabel(field, option)}
          </option>
        ))}
      </select>
      {error && <p className="error">{error}</p>}
    </div>
  )
}
