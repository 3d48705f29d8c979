/**
 * 定稿: where the record stands (draft / finalised / changed after finalisation), attendees'
 * confirmations of the current content, finalising, and — when edits arrived after
 * finalisation — the diff against the finalised version with re-finalise and restore.
 * The server decides; this panel sends the hash the user is looking at.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { minutesLines, parseMinutesContent, type MinutesContent } from '../../../shared/minutes/canonical'
import { diffLines } from '../../../shared/minutes/diff'
import { confirmationsFor } from '../../../shared/minutes/minutesDoc'
import { restoreMinutes } from '../../../shared/minutes/restore'
import { errorText, type ApiContext } from '../api/http'
import { confirmMinutes, finaliseMinutes, getVersion, type MeetingRef } from './api'
import { DiffView } from './DiffView'
import { finalStatus, type MinutesState } from '../../workspace/minutesView'
import { formatShanghaiTime as formatTime } from '../../../shared/civilDate'
import { ConfirmButton } from '../components/ConfirmDialog'

type Props = {
  api: ApiContext
  meeting: MeetingRef
  doc: Y.Doc
  state: MinutesState
  canWrite: boolean
  /** Who is looking: they may confirm content they have not confirmed yet, before or after 定稿. */
  userId: string
  unlocked: boolean
  onUnlock(): void
}

export function FinalisePanel({ api, meeting, doc, state, canWrite, userId, unlocked, onUnlock }: Props) {
  const status = finalStatus(state)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null)
  // Re-read on every render; useMinutes re-renders on every doc change, stamps included.
  const confirmed = state.hash ? confirmationsFor(doc, state.hash) : []
  const confirmedByMe = confirmed.some((c) => c.userId === userId)

  async function run(action: () => Promise<string>) {
    setBusy(true)
    setMessage(null)
    try {
      setMessage({ kind: 'ok', text: await action() })
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) })
    } finally {
      setBusy(false)
    }
  }
  const hash = state.hash
  const confirm = () => run(async () => (hash ? (await confirmMinutes(api, meeting, hash), '已确认当前内容') : '正在计算，请稍候'))
  const finalise = () => run(async () => (hash ? `已定稿（第 ${(await finaliseMinutes(api, meeting, hash)).version} 版）` : '正在计算，请稍候'))

  return (
    <section className="card minutes-final" data-testid="finalise-panel" data-status={status}>
      <h3>定稿</h3>
      {status === 'draft' && <p data-testid="final-status">草稿，尚未定稿。</p>}
      {(status === 'final' || status === 'pending') && state.final && (
        <p data-testid="final-status" className="ok">
          已定稿（第 {state.final.version} 版，{state.final.byName}，{formatTime(state.final.at)}），正文已锁定。
        </p>
      )}
      {status === 'changed' && state.final && (
        <p data-testid="final-status" className="unsaved" role="alert">
          定稿后有修改：与第 {state.final.version} 版定稿内容不一致。
        </p>
      )}
      <p className="small">
        确认当前内容的参会人员：{confirmed.length === 0 ? <span className="muted">暂无</span> : <span data-testid="confirmed-names">{confirmed.map((c) => c.name).join('、')}</span>}
      </p>
      <div className="actions">
        {!confirmedByMe && (
          <button type="button" className="secondary" disabled={busy || !hash} onClick={() => void confirm()} data-testid="confirm-minutes">
            确认内容无误
          </button>
        )}
        {canWrite && status !== 'final' && (
          <ConfirmButton
            label={status === 'changed' ? '重新定稿' : '定稿'}
            title={status === 'changed' ? '重新定稿' : '定稿'}
            statement={
              <>
                <p>定稿后，这份会议记录现在的内容会作为新的定稿版本保存在服务器上，<strong>不能撤回，也不能删除</strong>。</p>
                <p>之后如需修改，只能选择「定稿后补充修改」再重新定稿；每一个定稿版本都会一直保留。</p>
              </>
            }
            confirmLabel="确认定稿"
            disabled={busy || !hash}
            onConfirm={() => void finalise()}
            testId="finalise-minutes"
          />
        )}
        {canWrite && status === 'final' && !unlocked && (
          <button type="button" className="secondary" onClick={onUnlock} data-testid="unlock-minutes">
            定稿后补充修改
          </button>
        )}
      </div>
      {message && (
        <p className={message.kind} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="finalise-message">
          {message.text}
        </p>
      )}
      {status === 'changed' && state.final && <ChangedSinceFinal api={api} meeting={meeting} doc={doc} version={state.final.version} current={state.content} canWrite={canWrite} />}
    </section>
  )
}

function ChangedSinceFinal({ api, meeting, doc, version, current, canWrite }: { api: ApiContext; meeting: MeetingRef; doc: Y.Doc; version: number; current: MinutesContent; canWrite: boolean }) {
  const [finalContent, setFinalContent] = useState<MinutesContent | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    getVersion(api, meeting, version).then(
      (v) => !cancelled && setFinalContent(parseMinutesContent(v.content)),
      (e: unknown) => !cancelled && setError(`无法取得定稿内容：${errorText(e)}`),
    )
    return () => {
      cancelled = true
    }
  }, [api, meeting, version])
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    )
  if (!finalContent) return <p className="muted">正在取得定稿内容…</p>
  return (
    <div data-testid="changed-since-final">
      <p className="small muted">与定稿相比（红色为定稿中被删改的内容，绿色为定稿后新增的内容）：</p>
      <DiffView diff={diffLines(minutesLines(finalContent), minutesLines(current))} />
      {canWrite && (
        <ConfirmButton
          className="secondary"
          label={`恢复为第 ${version} 版定稿内容`}
          title="恢复定稿内容"
          statement={<p>恢复后，定稿后新增和修改的内容会从当前记录中<strong>去掉</strong>（上面标绿色的部分）。这一步不能撤销，只能在「修改记录」里找回以前的版本。</p>}
          confirmLabel="确认恢复"
          onConfirm={() => restoreMinutes(doc, finalContent)}
          testId="restore-final"
        />
      )}
    </div>
  )
}
