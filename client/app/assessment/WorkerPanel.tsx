/**
 * One grid worker in the township admin's 四培五考: their breakdown, the period's 民主测评 (a
 * score out of 100, entered again to correct it), and their 四培 records with a form to add one.
 */
import { useCallback, useState, type FormEvent, type ReactNode } from 'react'
import { TRAINING_KINDS, trainingInputSchema, type AssessmentEntry, type TrainingKind } from '../../../shared/api/assessment'
import { shanghaiDate } from '../../../shared/civilDate'
import { REPORT_KIND_LABELS, reportPeriodLabel, type ReportPeriod } from '../../../shared/reports/reportPeriod'
import { errorText, type ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { addTraining, removeTraining, saveRating, trainingOf } from './api'
import { TrainingList } from './TrainingList'

type Props = { api: ApiContext; entry: AssessmentEntry; period: ReportPeriod; closed: boolean; breakdown: ReactNode; onChanged(): void }

export function WorkerPanel({ api, entry, period, closed, breakdown, onChanged }: Props) {
  const load = useCallback(() => trainingOf(api, entry.userId), [api, entry.userId])
  const training = useAsync(load)
  const changed = () => {
    training.reload()
    onChanged()
  }
  return (
    <section className="card" data-testid="assessment-worker-panel">
      <h2>
        {entry.name} · {reportPeriodLabel(period)}
        {REPORT_KIND_LABELS[period.kind].replace('报', '考')}
      </h2>
      {breakdown}
      <RatingForm api={api} entry={entry} period={period} closed={closed} onSaved={onChanged} />
      <h3>培训记录（四培）</h3>
      {training.error && <p className="error">{training.error}</p>}
      {training.data && (
        <TrainingList
          records={training.data.records}
          onRemove={(r) => {
            if (!window.confirm(`撤回 ${r.date} 的${r.kind}记录？`)) return
            removeTraining(api, r.id).then(changed, (err: unknown) => window.alert(errorText(err)))
          }}
        />
      )}
      <TrainingForm api={api} userId={entry.userId} onAdded={changed} />
    </section>
  )
}

function RatingForm({ api, entry, period, closed, onSaved }: { api: ApiContext; entry: AssessmentEntry; period: ReportPeriod; closed: boolean; onSaved(): void }) {
  const [value, setValue] = useState(entry.rating === null ? '' : String(entry.rating))
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    const score = Number(value)
    if (value.trim() === '' || !Number.isFinite(score) || score < 0 || score > 100) return setMessage({ ok: false, text: '测评得分应为 0–100 的数字' })
    try {
      await saveRating(api, period.key, entry.userId, Math.round(score * 10) / 10)
      setMessage({ ok: true, text: closed ? '已保存；本期已定稿，新分数显示为差异' : '已保存' })
      onSaved()
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) })
    }
  }
  return (
    <form className="rating-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="rating-form">
      <div className="field">
        <label htmlFor="rating-score">民主测评得分（0–100）</label>
        <input id="rating-score" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} data-testid="rating-score" />
      </div>
      <button type="submit" className="secondary" data-testid="rating-save">
        保存测评
      </button>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="rating-message">
          {message.text}
        </p>
      )}
    </form>
  )
}

const EMPTY = { kind: '业务培训' as TrainingKind, date: '', topic: '', hours: '', trainer: '', note: '' }

function TrainingForm({ api, userId, onAdded }: { api: ApiContext; userId: string; onAdded(): void }) {
  const [values, setValues] = useState({ ...EMPTY, date: shanghaiDate() })
  const [error, setError] = useState<{ field?: string | undefined; text: string } | null>(null)
  const [done, setDone] = useState(false)
  const set = (key: keyof typeof EMPTY, value: string) => {
    setValues((v) => ({ ...v, [key]: value }))
    setDone(false)
  }
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    const parsed = trainingInputSchema.safeParse({ ...values, userId, hours: values.hours.trim() === '' ? Number.NaN : Number(values.hours) })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return setError({ field: issue?.path.join('.'), text: issue?.message ?? '请检查填写的内容' })
    }
    try {
      await addTraining(api, parsed.data)
      setValues({ ...EMPTY, date: values.date })
      setError(null)
      setDone(true)
      onAdded()
    } catch (err) {
      setError({ text: errorText(err) })
    }
  }
  const field = (key: 'date' | 'topic' | 'hours' | 'trainer' | 'note', label: string, extra: Record<string, string> = {}) => (
    <div className="field">
      <label htmlFor={`training-${key}`}>{label}</label>
      <input id={`training-${key}`} value={values[key]} onChange={(e) => set(key, e.target.value)} aria-invalid={error?.field === key ? true : undefined} data-testid={`training-${key}`} {...extra} />
    </div>
  )
  return (
    <form className="training-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="training-form">
      <h4>登记培训</h4>
      <div className="field">
        <label htmlFor="training-kind">类别</label>
        <select id="training-kind" value={values.kind} onChange={(e) => set('kind', e.target.value)} data-testid="training-kind">
          {TRAINING_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      {field('date', '日期', { type: 'date', max: shanghaiDate() })}
      {field('topic', '培训内容', { maxLength: '100' })}
      {field('hours', '学时', { inputMode: 'decimal' })}
      {field('trainer', values.kind === '帮带培训' ? '带教人' : '授课人', { maxLength: '40' })}
      {field('note', '备注（不要写群众个人信息）', { maxLength: '500' })}
      {error && (
        <p className="error" role="alert" data-testid="training-error">
          {error.text}
        </p>
      )}
      {done && (
        <p className="ok" role="status">
          已登记
        </p>
      )}
      <button type="submit" className="secondary" data-testid="training-submit">
        登记培训
      </button>
    </form>
  )
}
