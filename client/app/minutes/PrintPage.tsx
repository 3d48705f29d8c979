/**
 * The A4 print layout in the customary format — header block (time, place, host, recorder,
 * attendance), agenda, body, resolutions, tasks, signature lines — printed through the print
 * CSS (styles.css "minutes" block hides the app around it), plus the .docx export.
 */
import { useState } from 'react'
import { docName } from '../../../shared/docNames'
import { MEETING_TYPE_LABELS, type MeetingType } from '../../../shared/meetingIndex'
import type { MinutesContent } from '../../../shared/minutes/canonical'
import { HEADER_FIELDS } from '../../../shared/minutes/fields'
import { errorText } from '../api/http'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { useStore } from '../hooks/useStore'
import { attendanceSummary } from './Attendance'
import { BodyView } from './BodyView'
import { downloadDocx } from './exportDocx'
import { finalStatus, minutesView } from '../../workspace/minutesView'
import type * as Y from 'yjs'

export function PrintPage(props: SectionProps & { meetingId: string }) {
  const name = docName({ kind: 'minutes', villageId: props.villageId, meetingId: props.meetingId })
  const state = useDoc(props.engine, name)
  const villages = useStore(props.workspace.villages).value
  const villageName = villages?.find((v) => v.id === props.villageId)?.name ?? props.membership?.villageName ?? ''
  return (
    <section data-testid="print-page">
      <button type="button" className="link back no-print" onClick={() => props.go([props.meetingId])}>
        ‹ 返回会议
      </button>
      <DocStatus state={state} issue={props.issues[name]} />
      {state.status === 'ready' && <Printable doc={state.handle.doc} villageName={villageName} />}
    </section>
  )
}

function Printable({ doc, villageName }: { doc: Y.Doc; villageName: string }) {
  const minutes = useStore(minutesView(doc))
  const [error, setError] = useState<string | null>(null)
  const status = finalStatus(minutes)
  return (
    <>
      <div className="actions no-print">
        <button type="button" className="secondary" onClick={() => window.print()} data-testid="print-minutes">
          打印
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="export-docx"
          onClick={() => {
            setError(null)
            downloadDocx(minutes.content, villageName).catch((e: unknown) => setError(`导出失败：${errorText(e)}`))
          }}
        >
          导出 Word
        </button>
      </div>
      {status === 'draft' && <p className="muted no-print">提示：本记录尚未定稿。</p>}
      {status === 'changed' && <p className="unsaved no-print">提示：本记录定稿后有修改，打印的是当前内容。</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <MinutesSheet content={minutes.content} villageName={villageName} />
    </>
  )
}

export function MinutesSheet({ content, villageName }: { content: MinutesContent; villageName: string }) {
  const h = content.header
  const a = attendanceSummary(content.attendees)
  return (
    <article className="minutes-sheet" data-testid="minutes-sheet">
      <h1>
        {villageName}
        {MEETING_TYPE_LABELS[h.type as MeetingType] ?? ''}记录
      </h1>
      <p className="sheet-title">{h.title}</p>
      <table className="sheet-header">
        <tbody>
          <tr>
            <th>时间</th>
            <td>{`${h.date} ${h.time}`.trim()}</td>
            <th>{HEADER_FIELDS.place.label}</th>
            <td>{h.place}</td>
          </tr>
          <tr>
            <th>{HEADER_FIELDS.host.label}</th>
            <td>{h.host}</td>
            <th>{HEADER_FIELDS.recorder.label}</th>
            <td>{h.recorder}</td>
          </tr>
          <tr>
            <th>应到</th>
            <td>{a.expected} 人</td>
            <th>实到</th>
            <td>{a.present} 人</td>
          </tr>
          <tr>
            <th>出席人员</th>
            <td colSpan={3}>{a.presentNames || '—'}</td>
          </tr>
          <tr>
            <th>缺席/请假</th>
            <td colSpan={3}>{a.away || '无'}</td>
          </tr>
        </tbody>
      </table>
      {content.agenda.length > 0 && (
        <>
          <h2>会议议程</h2>
          <ol>
            {content.agenda.map((item) => (
              <li key={item.id}>{item.title}</li>
            ))}
          </ol>
        </>
      )}
      <h2>会议内容</h2>
      <BodyView nodes={content.body} />
      {content.resolutions.length > 0 && (
        <>
          <h2>会议决议</h2>
          <ol>
            {content.resolutions.map((r) => (
              <li key={r.id}>
                {r.text}（赞成 {r.for || 0} 票，反对 {r.against || 0} 票，弃权 {r.abstain || 0} 票）
              </li>
            ))}
          </ol>
        </>
      )}
      {content.actions.length > 0 && (
        <>
          <h2>工作任务</h2>
          <ol>
            {content.actions.map((t) => (
              <li key={t.id}>
                {t.task}
                {t.owner && `（责任人：${t.owner}`}
                {t.due && `，时限：${t.due}`}
                {t.owner && '）'}
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="sheet-signatures">
        <p>主持人签字：</p>
        <p>记录人签字：</p>
        <p className="wide">参会人员签字：</p>
      </div>
    </article>
  )
}
