/**
 * Records one deliberation step: the linked meeting (picked from the meta doc's meeting index),
 * its date, attendance and votes. The verdict (quorum, majority) is shown as the numbers are
 * typed, from the same rules progress is derived with; the fact is appended only if it parses.
 */
import { useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { appendFact } from '../../../shared/decisions/decisionsDoc'
import { meetingFactSchema } from '../../../shared/decisions/facts'
import { isArt24Matter } from '../../../shared/decisions/matters'
import { assemblyProblem } from '../../../shared/decisions/progress'
import { bodyOf, judgeMeeting } from '../../../shared/decisions/quorum'
import type { DecisionRecord } from '../../../shared/decisions/record'
import { ASSEMBLIES, ASSEMBLY_LABELS, STEP_LABELS, type MeetingStep } from '../../../shared/decisions/steps'
import { newId } from '../../../shared/ids'
import { shanghaiDate } from '../../../shared/civilDate'
import { MEETING_TYPE_LABELS, type MeetingIndexEntry } from '../../../shared/meetingIndex'
import { TextField } from '../components/TextField'
import { errorsFromZod, type FormErrors } from '../formErrors'

type Props = { doc: Y.Doc; record: DecisionRecord; step: MeetingStep; meetings: MeetingIndexEntry[]; by: string }

const COUNTS = [
  ['eligible', '应到人数'],
  ['present', '实到人数'],
  ['for', '赞成'],
  ['against', '反对'],
  ['abstain', '弃权'],
] as const

const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v))

export function MeetingStepForm({ doc, record, step, meetings, by }: Props) {
  const [v, setV] = useState({ meetingId: '', date: shanghaiDate(), eligible: '', present: '', for: '', against: '0', abstain: '0', assembly: 'representatives', authorised: false, hhTotal: '', hhRepresented: '' })
  const [errors, setErrors] = useState<FormErrors>({})
  const set = (key: keyof typeof v, value: string | boolean) => setV((s) => ({ ...s, [key]: value }))
  const villagers = step === 'resolve' && v.assembly === 'villagers'

  const fact = {
    id: newId(),
    type: 'meeting' as const,
    step,
    date: v.date,
    meetingId: v.meetingId,
    eligible: num(v.eligible),
    present: num(v.present),
    for: num(v.for),
    against: num(v.against),
    abstain: num(v.abstain),
    by,
    atClient: new Date().toISOString(),
    ...(step === 'resolve' ? { assembly: v.assembly as (typeof ASSEMBLIES)[number], authorised: v.authorised } : {}),
    ...(villagers && v.hhTotal !== '' ? { households: { total: num(v.hhTotal), represented: num(v.hhRepresented || '0') } } : {}),
  }
  const counted = COUNTS.every(([key]) => Number.isFinite(fact[key]))
  const preview = counted ? judgeMeeting(bodyOf(step, fact), fact) : null

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = meetingFactSchema.safeParse(fact)
    const art24 = step === 'resolve' ? assemblyProblem(record.matter, fact) : null
    if (!parsed.success || art24) {
      setErrors({ ...(parsed.success ? {} : errorsFromZod(parsed.error)), ...(art24 ? { assembly: art24 } : {}) })
      return
    }
    appendFact(doc, record.id, parsed.data)
    setErrors({})
  }

  return (
    <form className="step-form" data-testid={`step-form-${step}`} onSubmit={onSubmit} noValidate>
      <h4>记录「{STEP_LABELS[step]}」</h4>
      <div className="field">
        <label htmlFor={`meeting-${step}`}>会议记录</label>
        <select id={`meeting-${step}`} data-testid="step-meeting" value={v.meetingId} onChange={(e) => set('meetingId', e.target.value)} aria-invalid={errors.meetingId ? true : undefined}>
          <option value="">请选择会议</option>
          {meetings.map((m) => (
            <option key={m.id} value={m.id}>
              {m.date} {MEETING_TYPE_LABELS[m.type]} {m.title}
            </option>
          ))}
        </select>
        {meetings.length === 0 && <p className="muted hint">还没有会议记录：请先在「会议记录」中建立这次会议。</p>}
        {errors.meetingId && <p className="error">{errors.meetingId}</p>}
      </div>
      <TextField label="日期" type="date" value={v.date} onChange={(x) => set('date', x)} error={errors.date} testId="step-date" />
      {step === 'resolve' && (
        <div className="field">
          <label htmlFor={`assembly-${record.id}`}>决议会议</label>
          <select id={`assembly-${record.id}`} data-testid="step-assembly" value={v.assembly} onChange={(e) => set('assembly', e.target.value)}>
            {ASSEMBLIES.map((a) => (
              <option key={a} value={a}>
                {ASSEMBLY_LABELS[a]}
              </option>
            ))}
          </select>
          {isArt24Matter(record.matter) && v.assembly === 'representatives' && (
            <label className="check">
              <input type="checkbox" data-testid="step-authorised" checked={v.authorised} onChange={(e) => set('authorised', e.target.checked)} />
              已经村民会议授权村民代表会议决定此类事项（组织法第24条）
            </label>
          )}
          {errors.assembly && <p className="error">{errors.assembly}</p>}
        </div>
      )}
      <div className="form-grid counts">
        {COUNTS.map(([key, label]) => (
          <TextField key={key} label={label} inputMode="numeric" value={v[key]} onChange={(x) => set(key, x)} error={errors[key]} testId={`step-${key}`} />
        ))}
        {villagers && (
          <>
            <TextField label="总户数（可选）" inputMode="numeric" value={v.hhTotal} onChange={(x) => set('hhTotal', x)} testId="step-hh-total" />
            <TextField label="到会户代表数" inputMode="numeric" value={v.hhRepresented} onChange={(x) => set('hhRepresented', x)} error={errors.households} testId="step-hh-represented" />
          </>
        )}
      </div>
      {preview && (
        <p className={preview.kind === 'passed' ? 'ok' : 'error'} data-testid="step-preview">
          {preview.kind === 'passed' ? '符合到会人数要求，获过半数赞成：通过' : preview.reason}
        </p>
      )}
      <button type="submit" className="primary" data-testid="step-submit">
        保存本步骤
      </button>
    </form>
  )
}
