/**
 * One meeting: header, attendance, lists, the co-edited body and finalisation. The page opens the
 * minutes doc and the meta doc; header edits keep the meta doc's meeting index in step. Finalised
 * minutes are read-only until a cadre chooses to add to them (which then shows as "changed after
 * finalisation" until re-finalised or restored). Local edits are checkpointed into the server's
 * history after a quiet spell and when the page is left.
 */
import { AttachmentsPanel } from '../attachments/AttachmentsPanel'
import type { Editor } from '@tiptap/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import { shanghaiDate } from '../../../shared/civilDate'
import { upsertMeetingIndex, MEETING_TYPE_LABELS, type MeetingType } from '../../../shared/meetingIndex'
import { setMeetingTasks } from '../../../shared/minutes/taskLedger'
import { HEADER_KEYS, LIST_NAMES, headerError } from '../../../shared/minutes/fields'
import { indexEntry, setHeaderField } from '../../../shared/minutes/minutesDoc'
import { errorText } from '../api/http'
import { decisionsView } from '../../workspace/views'
import { finalStatus, minutesView } from '../../workspace/minutesView'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { useOptionalStore, useStore } from '../hooks/useStore'
import { checkpointMinutes } from './api'
import { Attendance } from './Attendance'
import { LedgerAttendeesButton } from './LedgerAttendeesButton'
import { titleNamesType } from './meetingLabel'
import { BodyEditor } from './BodyEditor'
import { FinalisePanel } from './FinalisePanel'
import { HeaderInput } from './HeaderInput'
import { insertDisputeSnapshot } from './insertDisputeSnapshot'
import { RowList } from './RowList'

/** Quiet time after the last local edit before a history checkpoint is asked for. */
const CHECKPOINT_AFTER_MS = 60_000

type Props = SectionProps & { meetingId: string }

export function MeetingPage(props: Props) {
  const { workspace, engine, villageId, meetingId, issues, go } = props
  const name = docName({ kind: 'minutes', villageId, meetingId })
  const state = useDoc(engine, name)
  const metaName = docName({ kind: 'meta', villageId })
  const meta = useDoc(engine, metaName)
  const metaWritable = useStore(workspace.access).canWrite(metaName)
  return (
    <section data-testid="meeting-page">
      <button type="button" className="link back" onClick={() => go([])} data-testid="meetings-back">
        ‹ 会议列表
      </button>
      <DocStatus state={state} issue={issues[name]} />
      {state.status === 'ready' && (
        <MeetingEditor {...props} doc={state.handle.doc} awareness={state.handle.awareness} meta={meta.status === 'ready' && metaWritable ? meta.handle.doc : null} docName={name} />
      )}
    </section>
  )
}

type EditorProps = Props & { doc: Y.Doc; awareness: Parameters<typeof BodyEditor>[0]['awareness']; meta: Y.Doc | null; docName: string }

function MeetingEditor({ workspace, api, engine, villageId, meetingId, user, go, doc, awareness, meta, docName: name }: EditorProps) {
  const minutes = useStore(minutesView(doc))
  const access = useStore(workspace.access)
  const status = finalStatus(minutes)
  const [unlocked, setUnlocked] = useState(false)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [snapshotMessage, setSnapshotMessage] = useState<string | null>(null)
  const meeting = useMemo(() => ({ villageId, meetingId }), [villageId, meetingId])
  const canWrite = access.canWrite(name)
  const locked = (status === 'final' || status === 'pending') && !unlocked
  const readOnly = !canWrite || locked
  const header = minutes.content.header
  const today = shanghaiDate()
  const decisionsName = docName({ kind: 'decisions', villageId })
  const decisionsDoc = useDoc(engine, access.rule(decisionsName) !== 'none' ? decisionsName : null)
  const decisions = useOptionalStore(decisionsDoc.status === 'ready' ? decisionsView(decisionsDoc.handle.doc) : null, [])
  const decisionOptions = useMemo(() => decisions.map(({ record }) => ({ value: record.id, label: record.title })), [decisions])

  // Keep the meta doc's index in step with the header and the 工作任务 (also after edits from
  // other devices): the 工作任务台账 reads the tasks from there (shared/minutes/taskLedger.ts).
  const actions = minutes.content.actions
  useEffect(() => {
    if (!meta || !canWrite || !header.title) return
    upsertMeetingIndex(meta, indexEntry(meetingId, header))
    setMeetingTasks(meta, meetingId, actions)
  }, [meta, canWrite, meetingId, header, actions])

  useAutoCheckpoint(doc, canWrite, () => checkpointMinutes(api, meeting))

  const onEditor = useCallback((e: Editor | null) => setEditor(e), [])
  async function snapshot() {
    if (!editor || !meta) return
    setSnapshotMessage(null)
    try {
      const n = await insertDisputeSnapshot(engine, meta, villageId, editor, today)
      setSnapshotMessage(`已插入 ${n} 件矛盾纠纷的台账快照`)
    } catch (error) {
      console.error('dispute snapshot failed', error)
      setSnapshotMessage(`插入台账快照失败：${errorText(error)}`)
    }
  }

  return (
    <>
      <h2 data-testid="meeting-title">{header.title || '（未命名会议）'}</h2>
      <p className="muted small">
        {titleNamesType({ type: header.type as MeetingType, title: header.title }) ? header.date : `${MEETING_TYPE_LABELS[header.type as MeetingType] ?? header.type} · ${header.date}`}
      </p>
      <div className="actions minutes-nav">
        <button type="button" className="secondary" onClick={() => go([meetingId, 'history'])} data-testid="open-history">
          历史版本
        </button>
        <button type="button" className="secondary" onClick={() => go([meetingId, 'print'])} data-testid="open-print">
          打印 / 导出
        </button>
      </div>
      {minutes.unreadableStamps > 0 && (
        <p className="error" role="alert" data-testid="unreadable-stamps">
          有 {minutes.unreadableStamps} 条定稿或确认记录无法识别（可能来自其他版本的程序），已保留但未计入。
        </p>
      )}
      <FinalisePanel api={api} meeting={meeting} doc={doc} state={minutes} canWrite={canWrite} userId={user.id} unlocked={unlocked} onUnlock={() => setUnlocked(true)} />
      <fieldset className="card">
        <legend>会议信息</legend>
        <div className="form-grid">
          {HEADER_KEYS.map((key) => (
            <HeaderInput key={key} field={key} value={header[key]} onChange={(v) => setHeaderField(doc, key, v)} error={headerError(key, header[key])} readOnly={readOnly} />
          ))}
        </div>
      </fieldset>
      <Attendance rows={minutes.content.attendees} />
      {!readOnly && meta && <LedgerAttendeesButton engine={engine} meta={meta} doc={doc} villageId={villageId} type={header.type as MeetingType} rows={minutes.content.attendees} />}
      {LIST_NAMES.filter((l) => l !== 'links' && l !== 'resolutions' && l !== 'actions').map((list) => (
        <RowList key={list} doc={doc} list={list} rows={minutes.content[list]} readOnly={readOnly} today={today} />
      ))}
      <h3>正文</h3>
      {header.type === 'dispute_review' && !readOnly && meta && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void snapshot()} disabled={!editor} data-testid="insert-disputes">
            插入矛盾纠纷台账快照
          </button>
          {snapshotMessage && (
            <span className="small" role="status">
              {snapshotMessage}
            </span>
          )}
        </div>
      )}
      <BodyEditor doc={doc} awareness={awareness} user={user} readOnly={readOnly} onEditor={onEditor} />
      {(['resolutions', 'actions'] as const).map((list) => (
        <RowList key={list} doc={doc} list={list} rows={minutes.content[list]} readOnly={readOnly} today={today} />
      ))}
      <RowList doc={doc} list="links" rows={minutes.content.links} readOnly={readOnly} today={today} suggestions={{ target: decisionOptions }} />
      {/* The signed signature page comes after finalising: files may be attached to final minutes too. */}
      <AttachmentsPanel workspace={workspace} villageId={villageId} docName={name} doc={doc} owner="meeting" label={`会议记录 · ${header.title || '（未命名会议）'}`} canWrite={canWrite} />
    </>
  )
}

/**
 * Asks the server for a history checkpoint CHECKPOINT_AFTER_MS after the last local edit, and
 * once more when the page closes if edits are pending. A failure (offline) is logged; the next
 * edit or visit tries again, and the server only stores a version when the content changed.
 */
function useAutoCheckpoint(doc: Y.Doc, enabled: boolean, checkpoint: () => Promise<unknown>) {
  const save = useRef(checkpoint)
  save.current = checkpoint
  useEffect(() => {
    if (!enabled) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const fire = () => {
      timer = null
      save.current().catch((error: unknown) => console.warn('history checkpoint not saved (will retry on the next edit)', error))
    }
    const onTransaction = (tr: Y.Transaction) => {
      if (!tr.local || tr.changed.size === 0) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(fire, CHECKPOINT_AFTER_MS)
    }
    doc.on('afterTransaction', onTransaction)
    return () => {
      doc.off('afterTransaction', onTransaction)
      if (timer) {
        clearTimeout(timer)
        fire()
      }
    }
  }, [doc, enabled])
}
