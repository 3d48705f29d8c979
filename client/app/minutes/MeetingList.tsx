/** The village's meetings from the meta doc's index, filterable, with expected meetings that are missing flagged. */
import { useMemo, useState } from 'react'
import { docName } from '../../../shared/docNames'
import { MEETING_TYPES, MEETING_TYPE_LABELS, type MeetingType } from '../../../shared/meetingIndex'
import { missingMeetings } from '../../../shared/minutes/cadence'
import { shanghaiDate } from '../../../shared/civilDate'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { useOptionalStore, useStore } from '../hooks/useStore'
import { useVillageSince } from '../hooks/useVillageSince'
import { meetingIndexView } from '../../workspace/views'
import { titleNamesType } from './meetingLabel'
import { TaskSummary } from './TaskLedger'
import { cadencePeriods } from '../../../shared/settings/effective'
import { useVillageSettings } from '../settings/useVillageSettings'

/** A year of meetings is a hundred cards: they come a page at a time. */
const PAGE = 30

export function MeetingList({ workspace, engine, villageId, go, issues }: SectionProps) {
  const metaName = docName({ kind: 'meta', villageId })
  const meta = useDoc(engine, metaName)
  const meetings = useOptionalStore(meta.status === 'ready' ? meetingIndexView(meta.handle.doc) : null, [])
  const [type, setType] = useState<MeetingType | ''>('')
  const [year, setYear] = useState('')
  const [text, setText] = useState('')
  const [limit, setLimit] = useState(PAGE)
  // Any meeting id stands for "a new meeting of this village".
  const canWrite = useStore(workspace.access).canWrite(docName({ kind: 'minutes', villageId, meetingId: 'x' }))
  const years = useMemo(() => [...new Set(meetings.map((m) => m.date.slice(0, 4)).filter(Boolean))].sort().reverse(), [meetings])
  const shown = meetings.filter((m) => (!type || m.type === type) && (!year || m.date.startsWith(year)) && (!text || m.title.includes(text.trim())))
  const today = shanghaiDate()
  // Periods before the village was set up here are not flagged (nor before its first recorded meeting).
  const created = useVillageSince(workspace, villageId) ?? today
  const since = meetings.reduce((min, m) => (m.date && m.date < min ? m.date : min), created)
  // The cadences in force: the village's own over the township's (村级设置, 镇级设置).
  const settings = useVillageSettings(workspace, meta.status === 'ready' ? meta.handle.doc : null)
  const missing = missingMeetings(meetings, today, since, cadencePeriods(settings))

  return (
    <section data-testid="minutes-list">
      <DocStatus state={meta} issue={issues[metaName]} />
      <div className="actions minutes-toolbar">
        <h2>会议记录</h2>
        {canWrite && (
          <button type="button" className="primary" data-testid="new-meeting" onClick={() => go(['new'])}>
            新建会议
          </button>
        )}
      </div>
      <div className="inline-form" role="search">
        <select aria-label="会议类型" data-testid="filter-type" value={type} onChange={(e) => setType(e.target.value as MeetingType | '')}>
          <option value="">全部类型</option>
          {MEETING_TYPES.map((t) => (
            <option key={t} value={t}>
              {MEETING_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        <select aria-label="年份" data-testid="filter-year" value={year} onChange={(e) => setYear(e.target.value)}>
          <option value="">全部年份</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y} 年
            </option>
          ))}
        </select>
        <input aria-label="按名称查找" placeholder="按名称查找" data-testid="filter-text" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {meta.status === 'ready' && <TaskSummary meta={meta.handle.doc} go={go} />}
      {missing.length > 0 && (
        <details className="card minutes-missing" data-testid="missing-meetings">
          <summary className="unsaved">有 {missing.length} 个应开未开的会议</summary>
          <ul>
            {missing.map((m) => (
              <li key={`${m.type}-${m.from}`}>{m.label}</li>
            ))}
          </ul>
        </details>
      )}
      {meta.status === 'ready' && shown.length === 0 && <p className="muted">{meetings.length === 0 ? '还没有会议记录。' : '没有符合条件的会议。'}</p>}
      <ul className="village-list" data-testid="meetings">
        {shown.slice(0, limit).map((m) => (
          <li key={m.id}>
            <button type="button" className="village-item minutes-item" data-testid="meeting-item" onClick={() => go([m.id])}>
              <strong>{m.title || '（未命名会议）'}</strong>
              <span className="muted small">
                {m.date}
                {titleNamesType(m) ? '' : ` · ${MEETING_TYPE_LABELS[m.type]}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {shown.length > limit && (
        <button type="button" className="secondary" data-testid="meetings-more" onClick={() => setLimit((n) => n + PAGE)}>
          显示更多（还有 {shown.length - limit} 次会议）
        </button>
      )}
    </section>
  )
}
