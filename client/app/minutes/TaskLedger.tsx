/**
 * 工作任务台账 (shared/minutes/taskLedger.ts): every 工作任务 the village's meetings set, open ones
 * first with the overdue on top, each with its 责任人, 完成时限, units and the meeting that set it;
 * 记录进展, 标记完成 and 分工 (牵头单位, 责任单位, 配合单位) write facts to the meta doc, so they work offline and without unlocking a finalised
 * meeting. TaskSummary is the line above the meetings list that leads here.
 */
import { useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { shanghaiDate } from '../../../shared/civilDate'
import { docName } from '../../../shared/docNames'
import { exportTitle } from '../../../shared/ledger/exportRows'
import { addTaskProgress, readTaskLedger, taskCounts, taskLedgerTable, type TaskLedgerRow, type TaskUnits } from '../../../shared/minutes/taskLedger'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { useStore } from '../hooks/useStore'
import { useDocVersion } from '../linkage/useDocVersion'
import { downloadBlob, safeFileName, XLSX_TYPE } from '../ledger/download'

type Filter = 'open' | 'done' | 'all'
const FILTERS: Record<Filter, string> = { open: '未完成', done: '已完成', all: '全部' }

/** 工作任务：未完成 n 项（逾期 m 项） ›, above the meetings list; nothing while no meeting set a task. */
export function TaskSummary({ meta, go }: { meta: Y.Doc; go: SectionProps['go'] }) {
  const version = useDocVersion(meta)
  const counts = useMemo(() => taskCounts(readTaskLedger(meta, shanghaiDate())), [meta, version])
  if (counts.open + counts.done === 0) return null
  return (
    <p className="card" data-testid="task-summary">
      <button type="button" className="link" onClick={() => go(['tasks'])}>
        工作任务台账
      </button>
      ：未完成 {counts.open} 项{counts.overdue > 0 && <span className="overdue">（逾期 {counts.overdue} 项）</span>}，已完成 {counts.done} 项
    </p>
  )
}

export function TaskLedgerPage({ workspace, engine, villageId, go, issues, user, membership }: SectionProps) {
  const metaName = docName({ kind: 'meta', villageId })
  const meta = useDoc(engine, metaName)
  const doc = meta.status === 'ready' ? meta.handle.doc : null
  const version = useDocVersion(doc)
  const canWrite = useStore(workspace.access).canWrite(metaName)
  const today = shanghaiDate()
  const rows = useMemo(() => (doc ? readTaskLedger(doc, today) : []), [doc, version, today])
  const [filter, setFilter] = useState<Filter>('open')
  const [owner, setOwner] = useState('')
  const counts = taskCounts(rows)
  const shown = rows.filter((r) => (filter === 'all' || (filter === 'open') === (r.doneOn === null)) && (!owner.trim() || r.owner.includes(owner.trim())))
  const villages = useStore(workspace.villages).value
  const village = villages?.find((v) => v.id === villageId)?.name ?? membership?.villageName ?? ''
  const [exportError, setExportError] = useState('')
  const save = async () => {
    setExportError('')
    try {
      const { writeXlsx } = await import('../ledger/xlsx')
      const table = { ...taskLedgerTable(shown), title: exportTitle({ village, grid: '', table: `工作任务台账（${FILTERS[filter]}${owner.trim() ? `，责任人含“${owner.trim()}”` : ''}）`, date: today }) }
      downloadBlob(new Blob([await writeXlsx(table, '工作任务台账')], { type: XLSX_TYPE }), `${safeFileName(`${village}-工作任务台账-${today}`)}.xlsx`)
    } catch (err) {
      console.error('task ledger export failed', err)
      setExportError('导出失败，请重试。')
    }
  }
  return (
    <section data-testid="task-ledger">
      <DocStatus state={meta} issue={issues[metaName]} />
      <p>
        <button type="button" className="link" onClick={() => go([])}>
          ‹ 会议记录
        </button>
      </p>
      <h2>工作任务台账</h2>
      <p className="muted small">会议记录“工作任务”里的每一项都列在这里。进展和完成情况在这里记录，已定稿的会议记录不必解锁。</p>
      <p data-testid="task-counts">
        未完成 {counts.open} 项{counts.overdue > 0 && <span className="overdue">（逾期 {counts.overdue} 项）</span>}，已完成 {counts.done} 项
      </p>
      <div className="inline-form" role="search">
        <select aria-label="完成情况" value={filter} onChange={(e) => setFilter(e.target.value as Filter)} data-testid="task-filter">
          {(Object.keys(FILTERS) as Filter[]).map((f) => (
            <option key={f} value={f}>
              {FILTERS[f]}
            </option>
          ))}
        </select>
        <input aria-label="按责任人查找" placeholder="按责任人查找" value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="task-owner" />
        <button type="button" className="secondary" onClick={() => void save()} disabled={shown.length === 0} data-testid="task-export">
          导出 Excel
        </button>
      </div>
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
      {doc && rows.length === 0 && <p className="muted">会议记录里还没有布置工作任务。在会议记录的“工作任务”中填写后，会出现在这里。</p>}
      {doc && rows.length > 0 && shown.length === 0 && <p className="muted">没有符合条件的任务。</p>}
      <ul className="plain">
        {shown.map((row) => (
          <TaskItem key={`${row.meetingId}/${row.id}`} row={row} meta={doc!} canWrite={canWrite} today={today} user={user} go={go} />
        ))}
      </ul>
    </section>
  )
}

function TaskItem({ row, meta, canWrite, today, user, go }: { row: TaskLedgerRow; meta: Y.Doc; canWrite: boolean; today: string; user: SectionProps['user']; go: SectionProps['go'] }) {
  const [mode, setMode] = useState<'none' | 'note' | 'done' | 'units'>('none')
  const [text, setText] = useState('')
  const [date, setDate] = useState(today)
  const [units, setUnits] = useState<TaskUnits>(row.units)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const record = (kind: 'note' | 'done' | 'reopen' | 'units') => {
    const input = { meetingId: row.meetingId, rowId: row.id, kind, date: kind === 'done' ? date : today, text: kind === 'units' ? '' : text, at: new Date().toISOString(), by: user.id, byName: user.name }
    const result = addTaskProgress(meta, kind === 'units' ? { ...input, units } : input, today)
    if (!result.ok) return setErrors(result.errors)
    setErrors({})
    setText('')
    setMode('none')
  }
  return (
    <li className="card" data-testid="task-item">
      <strong>{row.task}</strong>{' '}
      {row.doneOn !== null ? (
        <span className="ok" data-testid="task-state">
          已完成{row.doneOn && ` ${row.doneOn}`}
        </span>
      ) : row.overdue ? (
        <span className="pill overdue" data-testid="task-state">
          逾期 {row.daysOver} 天
        </span>
      ) : (
        <span className="due" data-testid="task-state">
          未完成
        </span>
      )}
      <div className="muted">
        责任人：{row.owner || '未填'} · 完成时限：{row.due || '未定'}
      </div>
      {(row.units.lead || row.units.responsible || row.units.co) && (
        <div className="muted" data-testid="task-units">
          {[row.units.lead && `牵头单位：${row.units.lead}`, row.units.responsible && `责任单位：${row.units.responsible}`, row.units.co && `配合单位：${row.units.co}`].filter(Boolean).join(' · ')}
        </div>
      )}
      <div className="muted small">
        布置于：
        <button type="button" className="link" onClick={() => go([row.meetingId])}>
          {row.meetingTitle || '（未命名会议）'}
        </button>
        （{row.meetingDate}）
      </div>
      {row.notes.length > 0 && (
        <ul className="plain small" data-testid="task-notes">
          {row.notes.map((n, i) => (
            <li key={i}>
              {n.date} {n.byName}：{n.text}
            </li>
          ))}
        </ul>
      )}
      {canWrite && mode === 'none' && (
        <p className="actions">
          {row.doneOn === null ? (
            <>
              <button type="button" className="secondary" onClick={() => setMode('note')} data-testid="task-note">
                记录进展
              </button>
              <button type="button" onClick={() => setMode('done')} data-testid="task-done">
                标记完成
              </button>
              <button type="button" className="link" onClick={() => (setUnits(row.units), setMode('units'))} data-testid="task-units-edit">
                分工
              </button>
            </>
          ) : (
            <>
              <button type="button" className="link" onClick={() => record('reopen')} data-testid="task-reopen">
                重新打开
              </button>
              {/* A task done before its 分工 was written down (or written wrong) gets it afterwards, for the ledger and its export. */}
              <button type="button" className="link" onClick={() => (setUnits(row.units), setMode('units'))} data-testid="task-units-edit">
                分工
              </button>
            </>
          )}
        </p>
      )}
      {mode !== 'none' && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            record(mode)
          }}
          noValidate
        >
          {mode === 'units' && (
            <>
              <label>
                牵头单位 <input value={units.lead} maxLength={100} placeholder="如：镇综治办" onChange={(e) => setUnits((u) => ({ ...u, lead: e.target.value }))} data-testid="task-unit-lead" />
              </label>
              <label>
                责任单位 <input value={units.responsible} maxLength={100} onChange={(e) => setUnits((u) => ({ ...u, responsible: e.target.value }))} data-testid="task-unit-responsible" />
              </label>
              <label>
                配合单位 <input value={units.co} maxLength={100} onChange={(e) => setUnits((u) => ({ ...u, co: e.target.value }))} data-testid="task-unit-co" />
              </label>
              {errors.units && <p className="error">{errors.units}</p>}
            </>
          )}
          {mode === 'done' && (
            <label>
              完成日期 <input type="date" value={date} max={today} onChange={(e) => setDate(e.target.value)} data-testid="task-done-date" />
            </label>
          )}
          {errors.date && <p className="error">{errors.date}</p>}
          {mode !== 'units' && (
            <label>
              {mode === 'note' ? '进展情况' : '完成情况（选填）'}
              <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={500} data-testid="task-text" />
            </label>
          )}
          {errors.text && (
            <p className="error" data-testid="task-text-error">
              {errors.text}
            </p>
          )}
          <p className="actions">
            <button type="submit" data-testid="task-save">
              {mode === 'note' ? '保存进展' : mode === 'units' ? '保存分工' : '确认完成'}
            </button>
            <button type="button" className="link" onClick={() => (setMode('none'), setErrors({}))}>
              取消
            </button>
          </p>
        </form>
      )}
    </li>
  )
}
