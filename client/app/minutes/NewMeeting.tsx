/**
 * 新建会议: the header fields, validated with the shared field schemas; creating writes the new
 * minutes doc (header + the type's template) and its index entry locally, so it works offline.
 */
import { useState } from 'react'
import { docName } from '../../../shared/docNames'
import { newId } from '../../../shared/ids'
import { shanghaiDate } from '../../../shared/civilDate'
import { MEETING_TYPE_LABELS, type MeetingType } from '../../../shared/meetingIndex'
import { HEADER_KEYS, headerError, type HeaderField } from '../../../shared/minutes/fields'
import { createMeeting } from '../../../shared/minutes/templates'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { errorText } from '../api/http'
import { useDoc } from '../hooks/useDoc'
import { HeaderInput } from './HeaderInput'

export function NewMeeting({ engine, villageId, go, issues }: SectionProps) {
  const metaName = docName({ kind: 'meta', villageId })
  const meta = useDoc(engine, metaName)
  const [values, setValues] = useState<Record<HeaderField, string>>({
    type: 'joint_committee',
    title: '',
    date: shanghaiDate(),
    time: '',
    place: '',
    host: '',
    recorder: '',
  })
  const [errors, setErrors] = useState<Partial<Record<HeaderField, string>>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const set = (field: HeaderField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  async function submit() {
    const header = { ...values, title: values.title.trim() || `${values.date} ${MEETING_TYPE_LABELS[values.type as MeetingType] ?? ''}`.trim() }
    const found: Partial<Record<HeaderField, string>> = {}
    for (const key of HEADER_KEYS) {
      const error = headerError(key, header[key])
      if (error) found[key] = error
    }
    setErrors(found)
    if (Object.keys(found).length > 0 || meta.status !== 'ready') return
    setBusy(true)
    setFailure(null)
    const meetingId = newId()
    try {
      const handle = await engine.openDoc(docName({ kind: 'minutes', villageId, meetingId }))
      try {
        createMeeting(handle.doc, meta.handle.doc, meetingId, header)
      } finally {
        handle.release()
      }
      go([meetingId])
    } catch (error) {
      console.error('creating the meeting failed', error)
      setFailure(errorText(error, '新建会议失败，请重试'))
      setBusy(false)
    }
  }

  return (
    <form
      className="card"
      data-testid="new-meeting-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <button type="button" className="link back" onClick={() => go([])}>
        ‹ 会议列表
      </button>
      <h2>新建会议</h2>
      <DocStatus state={meta} issue={issues[metaName]} />
      <div className="form-grid">
        {HEADER_KEYS.map((key) => (
          <HeaderInput key={key} field={key} value={values[key]} onChange={(v) => set(key, v)} error={errors[key]} readOnly={false} />
        ))}
      </div>
      <p className="muted hint">会议名称不填时按“日期 + 会议类型”命名；正文会按会议类型预填常用标题。</p>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || meta.status !== 'ready'} data-testid="create-meeting">
        创建
      </button>
    </form>
  )
}
