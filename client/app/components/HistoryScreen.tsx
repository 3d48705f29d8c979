/**
 * 修改记录 of one doc (`/history/<docName>`): every stored change, newest first, with when (Beijing
 * time), who, whether it was made live or merged later from offline work, and how many records
 * it touched; and 恢复到此时: a restore is a new change, so nothing in the list is ever lost.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { HistoryEntry } from '../../../shared/api/history'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { readDocTitles } from '../../workspace/docTitles'
import type { Workspace } from '../../workspace/workspace'
import { fetchHistory, restoreDoc } from '../api/history'
import type { ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { useOptionalStore } from '../hooks/useStore'
import { docTitle } from '../syncRows'
import { ConfirmButton } from './ConfirmDialog'
import { DocAsOf } from './DocAsOf'
import { Outcome } from './Outcome'

type Props = { api: ApiContext; workspace: Workspace | null; docName: string; mayRestore: boolean }

export function HistoryScreen({ api, workspace, docName, mayRestore }: Props) {
  const title = useDocTitle(workspace, docName)
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [asOf, setAsOf] = useState<string | null>(null)
  const load = useCallback(() => {
    fetchHistory(api, docName).then(
      (list) => (setEntries(list), setError(null)),
      (err: unknown) => setError(err instanceof Error ? err.message : '读取修改记录失败'),
    )
  }, [api, docName])
  useEffect(load, [load])

  const restore = async (at: string) => {
    setDone(null)
    try {
      await restoreDoc(api, docName, at)
      setDone(`已恢复到 ${formatShanghaiTime(at)} 的内容（作为一条新的修改记入）。`)
      load()
    } catch (err) {
      setError(err instanceof Error ? err.message : '恢复失败')
    }
  }

  return (
    <main className="screen" data-testid="history-screen">
      <h1>修改记录</h1>
      <p className="muted" data-testid="history-doc">
        {title}
      </p>
      <p className="muted">每次修改都保留。可以查看任一时刻的内容（只读），或恢复到那时。</p>
      {asOf && <DocAsOf api={api} docName={docName} at={asOf} onClose={() => setAsOf(null)} />}
      <Outcome error={error} done={done} />
      {entries === null && !error && <p className="muted">正在读取…</p>}
      {entries?.length === 0 && <p className="muted">还没有修改记录。</p>}
      {entries && entries.length > 0 && (
        <ol className="history-list">
          {[...entries].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`} className="card" data-testid="history-entry">
              <div>
                <p className="history-time">{formatShanghaiTime(e.at)}</p>
                <p className="muted">{entryText(e)}</p>
              </div>
              <div className="actions">
                <button type="button" className="secondary" data-testid="history-as-of" onClick={() => (setAsOf(e.at), window.scrollTo({ top: 0 }))}>
                  查看此时内容
                </button>
                {mayRestore && i > 0 && (
                  <ConfirmButton
                  label="恢复到此时"
                  className="secondary"
                  testId="history-restore"
                  title="恢复到这个时间的内容"
                  statement={`文档会变回 ${formatShanghaiTime(e.at)} 这次修改之后的样子。恢复本身作为一条新的修改记入，之后的修改记录都保留，可以再恢复回来。`}
                  confirmLabel="恢复"
                  onConfirm={() => void restore(e.at)}
                  />
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </main>
  )
}

/** Who, how, and how much, in one line: 王书记 · 实时 · 改动 3 条记录. */
function entryText(e: HistoryEntry): string {
  const parts = [e.userName, e.offline ? '离线修改，稍后合并' : '实时']
  if (e.records > 0) parts.push(`改动 ${e.records} 条记录`)
  return parts.join(' · ')
}

/** The doc's village, kind and grid or meeting by name (the raw doc name only while they load). */
function useDocTitle(workspace: Workspace | null, docName: string): string {
  const villages = useOptionalStore(workspace?.villages ?? null, null)?.value ?? []
  const engine = workspace?.engine ?? null
  const titles = useAsync(useMemo(() => (engine ? () => readDocTitles(engine, [docName]) : null), [engine, docName])).data
  return docTitle(docName, new Map(villages.map((v) => [v.id, v.name])), titles ?? undefined)
}
