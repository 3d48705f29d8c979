/**
 * 修改记录 of one record, on its page: each stored change newest first, with the fields it changed
 * (old → new, masked where the field is masked), who, when, and whether it was made live or merged
 * later from offline work (with the device's own time when it said one). Read from the relay when
 * opened, so it needs a connection; 恢复到这次修改之前 restores only this record, as a new change.
 */
import { useCallback, useState } from 'react'
import type { RecordHistoryEntry } from '../../../shared/api/history'
import { formatShanghaiTime } from '../../../shared/civilDate'
import type { KindDef } from '../../../shared/ledger/kind'
import { fetchRecordHistory, restoreDoc } from '../api/history'
import type { ApiContext } from '../api/http'
import { ConfirmButton } from '../components/ConfirmDialog'
import { changeLines } from './recordChanges'
import { Outcome } from '../components/Outcome'

type Props = { api: ApiContext; docName: string; def: KindDef; id: string; mayRestore: boolean }

/** Just before `at`: restoring "to before this change" is restoring to this instant. */
const justBefore = (at: string) => new Date(Date.parse(at) - 1).toISOString()

export function RecordHistory({ api, docName, def, id, mayRestore }: Props) {
  const record = `${def.kind}:${id}`
  const [entries, setEntries] = useState<RecordHistoryEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const load = useCallback(() => {
    setError(null)
    fetchRecordHistory(api, docName, record).then(setEntries, (err: unknown) => setError(err instanceof Error ? err.message : '读取修改记录失败，请联网后再试'))
  }, [api, docName, record])

  const restore = async (at: string) => {
    setDone(null)
    try {
      const { restored } = await restoreDoc(api, docName, at, record)
      setDone(restored ? `这条记录已恢复到 ${formatShanghaiTime(at)} 的内容（作为一条新的修改记入）。` : '内容与那时相同，无需恢复。')
      load()
    } catch (err) {
      setError(err instanceof Error ? err.message : '恢复失败')
    }
  }

  return (
    <details className="record-history" data-testid="record-history" onToggle={(e) => (e.currentTarget.open && entries === null ? load() : undefined)}>
      <summary>修改记录</summary>
      <Outcome error={error} done={done} />
      {entries === null && !error && <p className="muted">正在读取…</p>}
      {entries?.length === 0 && <p className="muted">还没有修改记录。</p>}
      <ol className="record-history-list">
        {[...(entries ?? [])].reverse().map((e, i, newestFirst) => (
          <li key={`${e.at}-${i}`} data-testid="record-history-entry">
            <div className="history-head">
              <strong>{e.userName}</strong> <span className="muted small">{formatShanghaiTime(e.at)}</span>{' '}
              <span className={e.offline ? 'badge warn' : 'badge'}>{e.offline ? `离线修改${e.deviceAt ? `（设备时间 ${formatShanghaiTime(e.deviceAt)}）` : ''}，稍后合并` : '实时'}</span>
            </div>
            <ul className="history-changes">
              {changeLines(def, e.changes).map((line, j) => (
                <li key={j} data-testid="record-history-change">
                  <span className="field-label">{line.label}</span>：{line.old === '' ? <span className="muted">（空）</span> : <del>{line.old}</del>} → {line.new === '' ? <span className="muted">（空）</span> : <ins>{line.new}</ins>}
                </li>
              ))}
            </ul>
            {mayRestore && i < newestFirst.length - 1 && (
              <ConfirmButton
                label="恢复到这次修改之前"
                className="secondary small"
                testId="record-history-restore"
                title="恢复这条记录"
                statement={`这条记录会变回 ${formatShanghaiTime(e.at)} 这次修改之前的样子，其他记录不受影响。恢复本身作为一条新的修改记入，之后的修改都保留在记录里，可以再恢复回来。`}
                confirmLabel="恢复"
                onConfirm={() => void restore(justBefore(e.at))}
              />
            )}
          </li>
        ))}
      </ol>
    </details>
  )
}
