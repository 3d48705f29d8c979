/**
 * Records one deliberation step: the linked meeting (picked from the meta doc's meeting index,
 * only meetings of the kind this step needs, shared/decisions/meetingTypes.ts), its date,
 * attendance and votes — taken from the linked minutes (linkedTally.ts) rather than typed again,
 * still editable where the minutes lack them. The verdict (quorum, majority) is shown from the
 * same rules progress is derived with; the fact is appended only if it parses.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
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
import { meetingTypeFor, meetingTypeProblem } from '../../../shared/decisions/meetingTypes'
import { TextField } from '../components/TextField'
import { focusFirstError } from '../focusFirstError'
import { errorsFromZod, type FormErrors } from '../formErrors'
import type { DecisionsContext } from './context'
import { useLinkedTally } from './linkedTally'
import { meetingLabel } from '../minutes/meetingLabel'

type Props = { ctx: DecisionsContext; doc: Y.Doc; record: DecisionRecord; step: MeetingStep; meetings: MeetingIndexEntry[]; by: string }

const COUNTS = [
  ['eligible', '应到人数'],
  ['present', '实到人数'],
  ['for', '赞成'],
  ['against', '反对'],
  ['abstain', '弃权'],
] as const

const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v))

export function MeetingStepForm({ ctx, doc, record, step, meetings, by }: Props) {
  const [v, setV] = useState({ meetingId: '', resolutionId: '', date: shanghaiDate(), eligible: '', present: '', for: '', against: '0', abstain: '0', assembly: 'representatives', authorised: false, hhTotal: '', hhRepresented: '' })
  const [errors, setErrors] = useState<FormErrors>({})
  const set = (key: keyof typeof v, value: string | boolean) => setV((s) => ({ ...s, [key]: value }))
  const villagers = step === 'resolve' && v.assembly === 'villagers'
  const needed = meetingTypeFor(step, { assembly: v.assembly as (typeof ASSEMBLIES)[number] })
  const fitting = meetings.filter((m) => m.type === needed)
  const tally = useLinkedTally(ctx.engine, ctx.villageId, v.meetingId)
  const formRef = useRef<HTMLFormElement>(null)

  // When the linked minutes (or the chosen resolution in them) change, their numbers fill the form.
  const resolution = tally?.resolutions.find((r) => r.id === v.resolutionId) ?? tally?.resolutions[0]
  useEffect(() => {
    if (!tally) return
    setV((s) => ({
      ...s,
      date: tally.date || s.date,
      ...(tally.eligible > 0 ? { eligible: String(tally.eligible), present: String(tally.present) } : {}),
      ...(resolution && resolution.for !== '' ? { for: resolution.for, against: resolution.against || '0', abstain: resolution.abstain || '0' } : {}),
    }))
  }, [tally, resolution])

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
    const wrongType = meetingTypeProblem(step, fact, meetings.find((m) => m.id === fact.meetingId)?.type)
    if (!parsed.success || art24 || wrongType) {
      setErrors({ ...(parsed.success ? {} : errorsFromZod(parsed.error)), ...(art24 ? { assembly: art24 } : {}), ...(wrongType ? { meetingId: wrongType } : {}) })
      focusFirstError(formRef.current)
      return
    }
    appendFact(doc, record.id, parsed.data)
    setErrors({})
  }

  return (
    <form ref={formRef} className="step-form" data-testid={`step-form-${step}`} onSubmit={onSubmit} noValidate>
      <h4>记录「{STEP_LABELS[step]}」</h4>
      <div className="field">
        <label htmlFor={`meeting-${step}`}>会议记录</label>
        <select id={`meeting-${step}`} data-testid="step-meeting" value={v.meetingId} onChange={(e) => set('meetingId', e.target.value)} aria-invalid={errors.meetingId ? true : undefined}>
          <option value="">请选择{MEETING_TYPE_LABELS[needed]}</option>
          {fitting.map((m) => (
            <option key={m.id} value={m.id}>
              {meetingLabel(m)}
            </option>
          ))}
        </select>
        {fitting.length === 0 && <p className="muted hint">还没有{MEETING_TYPE_LABELS[needed]}的记录：请先在「会议记录」中建立这次会议。</p>}
        {errors.meetingId && <p className="error">{errors.meetingId}</p>}
        {tally && (
          <p className="muted hint" data-testid="step-from-minutes">
            {tally.eligible > 0 ? `人数取自会议记录：应到 ${tally.eligible} 人，出席 ${tally.present} 人。` : '这份会议记录还没有填写应到人员，请手动填写人数。'}
            {resolution && resolution.for !== '' ? ` 票数取自决议「${resolution.text}」。` : ' 会议记录中没有表决票数，请手动填写。'}
          </p>
        )}
      </div>
      {tally && tally.resolutions.length > 1 && (
        <div className="field">
          <label htmlFor={`resolution-${step}`}>依据的决议</label>
          <select id={`resolution-${step}`} data-testid="step-resolution" value={resolution?.id ?? ''} onChange={(e) => set('resolutionId', e.target.value)}>
            {tally.resolutions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.text}
              </option>
            ))}
          </select>
        </div>
      )}
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

