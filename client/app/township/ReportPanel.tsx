/**
 * A report upward for one scope (the township, or one village) and period (issue #16 item 2):
 * the A4 sheet in the layout of shared/reports/sheetLayout.ts (title, 填报单位, 统计期, 填报日期,
 * the tables, 制表人 / 审核人), its .xlsx and .docx, and 报送. Before submission the sheet is the
 * ledger's figures now; once submitted it is the submitted figures, never rewritten, and every
 * figure the ledger now gives differently is listed below it. The relay computes and keeps them.
 */
import { useCallback, useState } from 'react'
import type { ReportSheet, Snapshot } from '../../../shared/api/reports'
import { formatShanghaiMinute } from '../../../shared/civilDate'
import { formatRate } from '../../../shared/ledger/stats'
import { REPORT_KIND_LABELS, reportPeriodLabel, type ReportPeriod } from '../../../shared/reports/reportPeriod'
import { FIGURE_ROWS, sheetLayout } from '../../../shared/reports/sheetLayout'
import { errorText, type ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { downloadBlob, safeFileName } from '../ledger/download'
import { reportFile, reportSheet, submitReport, submittedReport } from './api'

const FIGURE_NAMES = new Map(FIGURE_ROWS.map((r) => [r.key, r.header.replace(/\(.*\)$/, '')]))

type Props = {
  api: ApiContext
  scope: string
  period: ReportPeriod
  /** The period has ended, so it may be submitted. */
  ended: boolean
  /** Show the sheet before it is submitted at once (a village's report screen); the township's dashboard shows it on 预览报表. */
  showDraft: boolean
}

export function ReportPanel({ api, scope, period, ended, showDraft }: Props) {
  const load = useCallback(async () => {
    const sheet = await reportSheet(api, scope, period.key)
    const snapshot = sheet.submitted ? await submittedReport(api, scope, period.key) : null
    return { sheet, snapshot }
  }, [api, scope, period.key])
  const state = useAsync(load)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [preview, setPreview] = useState(showDraft)
  const kind = REPORT_KIND_LABELS[period.kind]
  const data = state.data?.sheet.period === period.key ? state.data : null

  const onSubmit = async () => {
    setBusy(true)
    setError(null)
    try {
      await submitReport(api, scope, period.key)
      state.reload()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const download = async (format: 'xlsx' | 'docx') => {
    setError(null)
    try {
      downloadBlob(await reportFile(api, scope, period.key, format), safeFileName(`${data?.sheet.title ?? `${reportPeriodLabel(period)}${kind}`}.${format}`))
    } catch (err) {
      setError(`下载失败：${errorText(err)}`)
    }
  }

  if (!data) {
    if (state.error) return <p className="error card no-print">{state.error}（报表由服务器从台账生成，需要联网查看）</p>
    return <p className="muted no-print">正在生成报表…</p>
  }
  const { sheet, snapshot } = data
  const errorLine = error && (
    <p className="error" role="alert">
      {error}
    </p>
  )
  return (
    <>
      {!sheet.submitted && (
        <section className="card no-print" data-testid="report-unsubmitted">
          <h2>{kind}报送</h2>
          <p className="muted">{ended ? `${reportPeriodLabel(period)}${kind}尚未报送。报送后数字即固定，台账后来的变化只显示为差异。` : '统计期结束后才能报送。下面是截至今天的台账数字。'}</p>
          {errorLine}
          <p className="actions wrap report-actions">
            {ended && (
              <button type="button" onClick={() => void onSubmit()} disabled={busy} data-testid="report-submit">
                报送本期{kind}
              </button>
            )}
            {preview ? (
              <FileButtons onDownload={download} />
            ) : (
              <button type="button" className="secondary" onClick={() => setPreview(true)} data-testid="report-preview">
                预览报表（A4）
              </button>
            )}
          </p>
        </section>
      )}
      {(sheet.submitted || preview) && <SheetView sheet={sheet} />}
      {sheet.submitted && (
        <section className="card no-print" data-testid="report-differences">
          <h3>报送后台账的变化</h3>
          <Differences snapshot={snapshot} />
          {errorLine}
          <p className="actions wrap report-actions">
            <FileButtons onDownload={download} />
          </p>
        </section>
      )}
    </>
  )
}

function FileButtons({ onDownload }: { onDownload(format: 'xlsx' | 'docx'): Promise<void> }) {
  return (
    <>
      <button type="button" className="secondary" onClick={() => void onDownload('xlsx')} data-testid="report-xlsx">
        下载 Excel
      </button>{' '}
      <button type="button" className="secondary" onClick={() => void onDownload('docx')} data-testid="report-docx">
        下载 Word
      </button>{' '}
      <button type="button" className="secondary" onClick={() => window.print()} data-testid="report-print">
        打印（A4）
      </button>
    </>
  )
}

function Differences({ snapshot }: { snapshot: Snapshot | null }) {
  if (!snapshot) return null
  if (snapshot.differences.length === 0) return <p className="muted">台账现在给出的数字与报送时相同。</p>
  return (
    <ul>
      {snapshot.differences.map((d) => (
        <li key={`${d.villageId ?? 'total'}-${d.figure}`}>
          {d.name} {FIGURE_NAMES.get(d.figure) ?? d.figure}：报送 {show(d.figure, d.submitted)}，现为 {show(d.figure, d.current)}
        </li>
      ))}
    </ul>
  )
}

/** The A4 sheet: what prints (everything else on the page is .no-print). */
export function SheetView({ sheet }: { sheet: ReportSheet }) {
  const layout = sheetLayout(sheet)
  return (
    <article className={`card report-sheet township-sheet${sheet.scope === 'township' ? ' landscape' : ''}`} data-testid="report-sheet">
      <h2 className="sheet-title">{layout.title}</h2>
      <p className="sheet-meta">
        <span>填报单位：{layout.unit}</span>
        <span>统计期：{layout.periodLine}</span>
        <span>填报日期：{layout.filledOn}</span>
      </p>
      {layout.tables.map((table, i) => (
        <div key={table.key} data-testid={`report-table-${table.key}`}>
          {i > 0 && <h3 className="sheet-caption">{table.caption}</h3>}
          <div className="table-scroll">
            <table className="township-table">
              <thead>
                <tr>
                  {table.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={String(row.cells[0])} className={row.total ? 'total' : undefined}>
                    {row.cells.map((cell, c) =>
                      c === 0 ? (
                        <th key={c} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={c} className="num">
                          {cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      <div className="sheet-notes small">
        {layout.notes.map((n, i) => (
          <p key={n}>{i === 0 ? `说明：${n}` : n}</p>
        ))}
      </div>
      <p className="sheet-sign">
        {layout.signatures.map((s) => (
          <span key={s}>{s}</span>
        ))}
      </p>
      <p className="muted small" data-testid="report-hash">
        {sheet.submitted ? `已于 ${formatShanghaiMinute(sheet.submitted.submittedAt)} 报送，校验码 ${sheet.submitted.hash.slice(0, 16)}${sheet.submitted.intact ? '' : '（与存档数字不符，存档可能被改动）'}` : layout.footer}
      </p>
    </article>
  )
}

function show(figure: string, value: number | null): string {
  if (figure === 'disputes.rate') return formatRate(value)
  return value === null ? '—' : String(value)
}
