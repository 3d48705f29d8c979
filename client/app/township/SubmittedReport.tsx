/**
 * 报送 (issue #16 item 2): the township's report for a closed period, submitted once and then
 * shown as submitted — an A4 sheet (title, 填报单位, 统计期, 报送时间, 校验码, 制表人 / 审核人) —
 * with every figure the ledger now gives differently listed below it, never written into it.
 * The relay keeps the submitted figures and their hash (server/reports/snapshots.ts).
 */
import { useCallback, useState } from 'react'
import { TOWNSHIP_SCOPE, type Snapshot } from '../../../shared/api/reports'
import { formatShanghaiMinute, shanghaiDate } from '../../../shared/civilDate'
import { formatRate } from '../../../shared/ledger/stats'
import { REPORT_KIND_LABELS, reportPeriodLabel, type ReportPeriod } from '../../../shared/reports/reportPeriod'
import { ApiError, errorText, type ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { submitReport, submittedReport } from './api'

/** The figures in the sheet, in order: label and how each reads from a row. */
const SHEET_COLUMNS: readonly [string, (f: Snapshot['report']['totals']) => number | string][] = [
  ['事件上报', (f) => f.incidents.reported],
  ['事件办结', (f) => f.incidents.closed],
  ['按时办结', (f) => f.incidents.closedOnTime],
  ['事件超期', (f) => f.incidents.overdue],
  ['上报上级', (f) => f.incidents.escalated],
  ['纠纷受理', (f) => f.disputes.received],
  ['调解成功', (f) => f.disputes.resolved],
  ['化解率', (f) => formatRate(f.disputes.rate)],
  ['积案', (f) => f.disputes.backlog],
  ['隐患未销号', (f) => f.hazards.open],
  ['隐患超期', (f) => f.hazards.overdue],
  ['应走访', (f) => f.visits.due],
  ['已走访', (f) => f.visits.done],
]

const FIGURE_NAMES: Record<string, string> = {
  'incidents.reported': '事件上报',
  'incidents.closed': '事件办结',
  'incidents.closedOnTime': '按时办结',
  'incidents.overdue': '事件超期',
  'incidents.escalated': '上报上级',
  'disputes.received': '纠纷受理',
  'disputes.resolved': '调解成功',
  'disputes.rate': '化解率',
  'disputes.backlog': '积案',
  'hazards.open': '隐患未销号',
  'hazards.overdue': '隐患超期',
  'visits.due': '应走访',
  'visits.done': '已走访',
}

type Props = { api: ApiContext; period: ReportPeriod; ended: boolean }

export function SubmittedReport({ api, period, ended }: Props) {
  const load = useCallback(async () => {
    try {
      return await submittedReport(api, TOWNSHIP_SCOPE, period.key)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null
      throw err
    }
  }, [api, period.key])
  const state = useAsync(load)
  const [submitted, setSubmitted] = useState<Snapshot | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const snapshot = submitted?.period === period.key ? submitted : state.data

  const onSubmit = async () => {
    setBusy(true)
    setError(null)
    try {
      setSubmitted(await submitReport(api, TOWNSHIP_SCOPE, period.key))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const kind = REPORT_KIND_LABELS[period.kind]
  if (state.loading && !snapshot) return <p className="muted no-print">正在读取报送情况…</p>
  if (!snapshot)
    return (
      <section className="card no-print" data-testid="report-unsubmitted">
        <h2>{kind}报送</h2>
        {state.error ? <p className="error">{state.error}（需要联网查看报送情况）</p> : <p className="muted">{ended ? `${reportPeriodLabel(period)}${kind}尚未报送。报送后数字即固定，台账后来的变化只显示为差异。` : '统计期结束后才能报送。'}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {ended && !state.error && (
          <button type="button" onClick={() => void onSubmit()} disabled={busy} data-testid="report-submit">
            报送本期{kind}
          </button>
        )}
      </section>
    )
  return <ReportSheet snapshot={snapshot} period={period} />
}

function ReportSheet({ snapshot, period }: { snapshot: Snapshot; period: ReportPeriod }) {
  const { report } = snapshot
  const rows = [...report.villages, { ...report.totals, villageId: '', name: '合计' }]
  return (
    <>
      <article className="card report-sheet township-sheet" data-testid="report-sheet">
        <h2 className="sheet-title">
          {snapshot.unit}
          {reportPeriodLabel(period)}基层治理工作{REPORT_KIND_LABELS[period.kind]}
        </h2>
        <p className="sheet-meta">
          <span>填报单位：{snapshot.unit}</span>
          <span>
            统计期：{period.start} 至 {period.end}
          </span>
          <span>填报日期：{shanghaiDate(new Date(snapshot.submittedAt))}</span>
        </p>
        <div className="table-scroll">
          <table className="township-table">
            <thead>
              <tr>
                <th>单位</th>
                {SHEET_COLUMNS.map(([label]) => (
                  <th key={label}>{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.villageId || 'total'} className={row.villageId ? undefined : 'total'}>
                  <th scope="row">{row.name}</th>
                  {SHEET_COLUMNS.map(([label, value]) => (
                    <td key={label} className="num">
                      {value(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="sheet-sign">
          <span>制表人：</span>
          <span>审核人：</span>
          <span>单位负责人：</span>
        </p>
        <p className="muted small" data-testid="report-hash">
          已于 {formatShanghaiMinute(snapshot.submittedAt)} 报送，校验码 {snapshot.hash.slice(0, 16)}
          {snapshot.intact ? '' : '（与存档数字不符，存档可能被改动）'}
        </p>
      </article>
      <section className="card no-print" data-testid="report-differences">
        <h3>报送后台账的变化</h3>
        {snapshot.differences.length === 0 ? (
          <p className="muted">台账现在给出的数字与报送时相同。</p>
        ) : (
          <ul>
            {snapshot.differences.map((d) => (
              <li key={`${d.villageId ?? 'total'}-${d.figure}`}>
                {d.name} {FIGURE_NAMES[d.figure] ?? d.figure}：报送 {show(d.figure, d.submitted)}，现为 {show(d.figure, d.current)}
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="secondary" onClick={() => window.print()}>
          打印（A4）
        </button>
      </section>
    </>
  )
}

function show(figure: string, value: number | null): string {
  if (figure === 'disputes.rate') return formatRate(value)
  return value === null ? '—' : String(value)
}
