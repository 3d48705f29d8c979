/**
 * The township's 五考 weights: one set for the whole township (no per-village override), whole
 * points adding up to 100, and the points one overdue item deducts. Saved on the relay; the
 * rankings of periods not yet closed are scored with them at once.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { ASSESSMENT_COMPONENTS, assessmentSettingsSchema, COMPONENT_LABELS, type AssessmentComponent } from '../../../shared/assessment/weights'
import { errorText, type ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { readSettings, saveSettings } from './api'

type Values = Record<AssessmentComponent | 'overdueDeduction', string>

export function WeightsCard({ api, onSaved }: { api: ApiContext; onSaved(): void }) {
  const load = useCallback(() => readSettings(api), [api])
  const { data, error } = useAsync(load)
  const [values, setValues] = useState<Values | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    if (data) setValues({ ...(Object.fromEntries(ASSESSMENT_COMPONENTS.map((k) => [k, String(data.settings.weights[k])])) as Record<AssessmentComponent, string>), overdueDeduction: String(data.settings.overdueDeduction) })
  }, [data])
  const sum = values ? ASSESSMENT_COMPONENTS.reduce((total, k) => total + (Number(values[k]) || 0), 0) : 0
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (!values) return
    const parsed = assessmentSettingsSchema.safeParse({
      weights: Object.fromEntries(ASSESSMENT_COMPONENTS.map((k) => [k, values[k].trim() === '' ? Number.NaN : Number(values[k])])),
      overdueDeduction: values.overdueDeduction.trim() === '' ? Number.NaN : Number(values.overdueDeduction),
    })
    if (!parsed.success) return setMessage({ ok: false, text: parsed.error.issues[0]?.message ?? '请检查权重' })
    try {
      await saveSettings(api, parsed.data)
      setMessage({ ok: true, text: '已保存；未定稿的考核按新权重计算' })
      onSaved()
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) })
    }
  }
  return (
    <section className="card" data-testid="assessment-weights">
      <h2>考核权重（全镇统一）</h2>
      {error && <p className="error">{error}（需要联网查看）</p>}
      {values && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <div className="weights-grid">
            {ASSESSMENT_COMPONENTS.map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`weight-${k}`}>{COMPONENT_LABELS[k]}</label>
                <input id={`weight-${k}`} inputMode="numeric" value={values[k]} onChange={(e) => setValues({ ...values, [k]: e.target.value })} data-testid={`weight-${k}`} />
              </div>
            ))}
            <div className="field">
              <label htmlFor="weight-deduction">每件超期扣分</label>
              <input id="weight-deduction" inputMode="decimal" value={values.overdueDeduction} onChange={(e) => setValues({ ...values, overdueDeduction: e.target.value })} data-testid="weight-deduction" />
            </div>
          </div>
          <p className={sum === 100 ? 'muted small' : 'error'} data-testid="weights-sum">
            合计 {sum} 分{sum === 100 ? '' : '，应为 100'}
          </p>
          {message && (
            <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </p>
          )}
          <button type="submit" className="secondary" data-testid="weights-save">
            保存权重
          </button>
        </form>
      )}
      <p className="muted small">默认：走访覆盖 25、按时办结 20、纠纷化解率 15、数据完整 15、超期扣分 10、民主测评 15，每件超期扣 2 分。已定稿的考核保留定稿时的权重。</p>
    </section>
  )
}
