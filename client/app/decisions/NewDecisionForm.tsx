/** Starts a decision record in the decisions doc (offline too: the id is made here). */
import { useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { createDecision } from '../../../shared/decisions/decisionsDoc'
import { CATEGORIES, CATEGORY_LABELS, MATTER_TYPES, MATTER_TYPE_LABELS } from '../../../shared/decisions/matters'
import { decisionFieldsSchema } from '../../../shared/decisions/record'
import { TextField } from '../components/TextField'
import { errorsFromZod, type FormErrors } from '../formErrors'

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
      <TextField label="事项名称" value={v.title} onChange={(title) => setV((s) => ({ ...s, title }))} error={errors.title} testId="decision-title" />
      <div className="field">
        <label htmlFor="decision-category">类别</label>
        <select id="decision-category" data-testid="decision-category" value={v.category} onChange={(e) => setV((s) => ({ ...s, category: e.target.value }))}>
          <option value="">请选择</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
        {errors.category && <p className="error">{errors.category}</p>}
      </div>
      <div className="field">
        <label htmlFor="decision-matter">事项类型</label>
        <select id="decision-matter" data-testid="decision-matter" value={v.matter} onChange={(e) => setV((s) => ({ ...s, matter: e.target.value }))}>
          <option value="">请选择</option>
          {MATTER_TYPES.map((m) => (
            <option key={m} value={m}>
              {MATTER_TYPE_LABELS[m]}
            </option>
          ))}
        </select>
        {errors.matter && <p className="error">{errors.matter}</p>}
      </div>
      <label className="check">
        <input type="checkbox" checked={v.mergedProposal} onChange={(e) => setV((s) => ({ ...s, mergedProposal: e.target.checked }))} />
        一肩挑：党支部提议与两委会商议合并召开
      </label>
      <button type="submit" className="primary" data-testid="decision-create">
        创建
      </button>
    </form>
  )
}
