/**
 * 修改记录 of one doc (`/history/<docName>`): every stored change, newest first, with when (Beijing
 * time), who, whether it was made live or merged later from offline work, and how many records
 * it touched; and 恢复到此时: a restore is a new change, so nothing in the list is ever lost.
 */
import { useCallback, useEffect, useState } from 'react'
import type { HistoryEntry } from '../../../shared/api/history'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { fetchHistory, restoreDoc } from '../api/history'
import type { ApiContext } from '../api/http'
import { docLabel } from '../labels'
import { ConfirmButton } from './ConfirmDialog'
import { DocAsOf } from './DocAsOf'

export function HistoryScreen({ api, docName, mayRestore }: { api: ApiContext; docName: string; mayRestore: boolean }) {
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
      <h2>修改记录</h2>
      <p className="muted">{docLabel(docName)}：每次修改都保留。可以查看任一时刻的内容（只读），或恢复到那时。</p>
      {asOf && <DocAsOf api={api} docName={docName} at={asOf} onClose={() => setAsOf(null)} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {entries === null && !error && <p className="muted">正在读取…</p>}
      {entries?.length === 0 && <p className="muted">还没有修改记录。</p>}
      {entries && entries.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>时间</th>
              <th>修改人</th>
              <th>方式</th>
              <th>记录数</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {[...entries].reverse().map((e, i) => (
              <tr key={`${e.at}-${i}`} data-testid="history-entry">
                <td>{formatShanghaiTime(e.at)}</td>
                <td>{e.userName}</td>
                <td>{e.offline ? '离线修改，稍后合并' : '实时'}</td>
                <td>{e.records}</td>
                <td className="actions">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
