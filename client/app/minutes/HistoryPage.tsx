/**
 * 历史版本: every version the server stored (定稿 and 修改记录), newest first, with who saved it,
 * who edited since the one before, and who confirmed it; one version can be compared with the
 * current record and restored (written back as a new edit — history keeps everything).
 */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { VERSION_KIND_LABELS, type VersionSummary } from '../../../shared/api/minutes'
import { docName } from '../../../shared/docNames'
import { minutesLines, parseMinutesContent, type MinutesContent } from '../../../shared/minutes/canonical'
import { diffLines } from '../../../shared/minutes/diff'
import { restoreMinutes } from '../../../shared/minutes/restore'
import { ConfirmButton } from '../components/ConfirmDialog'
import { errorText } from '../api/http'
import { minutesView } from '../../workspace/minutesView'
import { DocStatus } from '../components/DocStatus'
import { useStore } from '../hooks/useStore'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { checkpointMinutes, getVersion, listVersions } from './api'
import { DiffView } from './DiffView'
import { ParagraphWriters } from './ParagraphWriters'

export function HistoryPage(props: SectionProps & { meetingId: string }) {
  const name = docName({ kind: 'minutes', villageId: props.villageId, meetingId: props.meetingId })
  const state = useDoc(props.engine, name)
  return (
    <section data-testid="history-page">
      <button type="button" className="link back" onClick={() => props.go([props.meetingId])}>
        ‹ 返回会议
      </button>
      <h2>历史版本</h2>
      <DocStatus state={state} issue={props.issues[name]} />
      {state.status === 'ready' && <History {...props} doc={state.handle.doc} />}
    </section>
  )
}

function History({ workspace, api, villageId, meetingId, doc, user }: SectionProps & { meetingId: string; doc: Y.Doc }) {
  const meeting = useMemo(() => ({ villageId, meetingId }), [villageId, meetingId])
  const current = useStore(minutesView(doc))
  const [versions, setVersions] = useState<VersionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const [selected, setSelected] = useState<{ version: number; content: MinutesContent; previous: MinutesContent | null } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const canWrite = useStore(workspace.access).canWrite(docName({ kind: 'minutes', villageId, meetingId }))

  useEffect(() => {
    let cancelled = false
    listVersions(api, meeting).then(
      (r) => !cancelled && setVersions(r.versions),
      (e: unknown) => !cancelled && setError(`无法取得历史版本：${errorText(e)}`),
    )
    return () => {
      cancelled = true
    }
  }, [api, meeting, reload])

  async function open(version: number) {
    setNotice(null)
    try {
      const [chosen, before] = await Promise.all([getVersion(api, meeting, version), version > 1 ? getVersion(api, meeting, version - 1) : null])
      setSelected({ version, content: parseMinutesContent(chosen.content), previous: before ? parseMinutesContent(before.content) : null })
    } catch (e) {
      setNotice(`无法取得第 ${version} 版：${errorText(e)}`)
    }
  }
  async function saveNow() {
    setNotice(null)
    try {
      const { version } = await checkpointMinutes(api, meeting)
      setNotice(version ? `已保存为第 ${version.version} 版` : '内容与最新版本相同，无需保存')
      setReload((n) => n + 1)
    } catch (e) {
      setNotice(`保存版本失败：${errorText(e)}`)
    }
  }

  return (
    <>
      {canWrite && (
        <button type="button" className="secondary" onClick={() => void saveNow()} data-testid="save-version">
          保存当前版本
        </button>
      )}
      {notice && (
        <p role="status" data-testid="history-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ParagraphWriters api={api} docName={docName({ kind: 'minutes', villageId, meetingId })} doc={doc} userName={user.name} />
      {versions && versions.length === 0 && <p className="muted">还没有保存过的版本。</p>}
      <ul className="village-list" data-testid="versions">
        {versions?.map((v) => (
          <li key={v.version} className="card" data-testid="version-item">
            <strong>
              第 {v.version} 版 · {VERSION_KIND_LABELS[v.kind]}
            </strong>
            <span className="muted small">
              {' '}
              {formatShanghaiTime(v.at)} · {v.byName || '（未知用户）'}
            </span>
            <p className="small">修改人：{v.editors.join('、') || '—'}</p>
            {v.kind === 'final' && <p className="small">确认人：{v.confirmations.map((c) => c.name).join('、') || '—'}</p>}
            <button type="button" className="link" onClick={() => void open(v.version)} data-testid="view-version">
              查看修改内容
            </button>
          </li>
        ))}
      </ul>
      {selected && (
        <section className="card" data-testid="version-compare">
          <h3>第 {selected.version} 版改了什么{selected.previous ? `（与第 ${selected.version - 1} 版相比）` : '（第一个版本）'}</h3>
          <DiffView diff={diffLines(selected.previous ? minutesLines(selected.previous) : [], minutesLines(selected.content))} />
          <h3>第 {selected.version} 版 → 当前内容</h3>
          <DiffView diff={diffLines(minutesLines(selected.content), minutesLines(current.content))} />
          {canWrite && (
            <ConfirmButton
              className="secondary"
              label="恢复为此版本"
              title={`恢复为第 ${selected.version} 版`}
              statement={<p>恢复后，当前记录会被第 {selected.version} 版的内容<strong>整体替换</strong>，上面「→ 当前内容」里多出的部分会被去掉。这一步不能撤销；原有各版本仍保留在这里，可以再恢复。</p>}
              confirmLabel="确认恢复"
              onConfirm={() => {
                restoreMinutes(doc, selected.content)
                setNotice(`已恢复为第 ${selected.version} 版的内容（作为一次新的修改，原有版本仍保留）`)
              }}
              testId="restore-version"
            />
          )}
        </section>
      )}
    </>
  )
}
