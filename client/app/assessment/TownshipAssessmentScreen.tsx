/**
 * 四培五考 for the township admin (issue #16 item 4): the ranking of every grid worker for a
 * month, quarter, half-year or year (the closed one as it was closed, with what has changed in
 * the ledger since), each worker's breakdown with their 民主测评 and 四培 records, the closed
 * periods, and the township's weights. The relay computes the scores; the last ranking per
 * period is kept in IndexedDB, so it shows offline. Only the workers' own names are shown.
 * 下载考核表 gets the period's ranking as an .xlsx to file or send upward.
 */
import { useMemo, useState } from 'react'
import { townshipAssessmentSchema, type AssessmentEntry } from '../../../shared/api/assessment'
import { assessmentTitle, COMPONENT_LABELS } from '../../../shared/assessment/weights'
import { formatShanghaiMinute, shanghaiDate } from '../../../shared/civilDate'
import { parseReportPeriod, reportPeriodLabel, type ReportPeriodKind } from '../../../shared/reports/reportPeriod'
import type { Workspace } from '../../workspace/workspace'
import { errorText, type ApiContext } from '../api/http'
import { useCachedValue } from '../hooks/useCachedValue'
import { downloadBlob, safeFileName } from '../ledger/download'
import { assessmentFile, closeAssessment, townshipAssessment } from './api'
import { AssessmentHistory } from './AssessmentHistory'
import { PeriodPicker, periodOf } from '../components/PeriodPicker'
import { ASSESSMENT_KIND_LABELS } from '../../../shared/assessment/weights'
import { Differences, ScoreBreakdown, scoreText } from './ScoreBreakdown'
import { WeightsCard } from './WeightsCard'
import { WorkerPanel } from './WorkerPanel'

export function TownshipAssessmentScreen({ api, workspace }: { api: ApiContext; workspace: Workspace }) {
  const today = useMemo(() => shanghaiDate(), [])
  const [kind, setKind] = useState<ReportPeriodKind>('month')
  const [anchor, setAnchor] = useState(today)
  const period = periodOf(kind, anchor)
  const { value, error, loading, reload } = useCachedValue(workspace, { key: `township-assessment:${period.key}`, schema: townshipAssessmentSchema, fetch: () => townshipAssessment(api, period.key) }, [api])
  const [selected, setSelected] = useState<string | null>(null)
  const [closing, setClosing] = useState<string | null>(null)
  const [historyTick, setHistoryTick] = useState(0)
  const ended = period.end < today
  const entry = value?.ranking.entries.find((e) => e.userId === selected) ?? null

  const [downloadError, setDownloadError] = useState<string | null>(null)
  const onDownload = async () => {
    setDownloadError(null)
    try {
      downloadBlob(await assessmentFile(api, period.key), safeFileName(`${assessmentTitle(reportPeriodLabel(period))}.xlsx`))
    } catch (err) {
      setDownloadError(`下载失败：${errorText(err)}`)
    }
  }

  const onClose = async () => {
    setClosing('正在定稿…')
    try {
      await closeAssessment(api, period.key)
      await reload()
      setHistoryTick((n) => n + 1)
      setClosing(null)
    } catch (err) {
      setClosing(errorText(err))
    }
  }

  return (
    <main className="screen wide" data-testid="township-assessment">
      <h1>四培五考</h1>
      <section className="card">
        <PeriodPicker
          kind={kind}
          period={period}
          kindLabels={ASSESSMENT_KIND_LABELS}
          ariaLabel="考核周期"
          testId="assessment"
          onKind={(k) => {
            setKind(k)
            setSelected(null)
          }}
          onAnchor={(d) => {
            setAnchor(d)
            setSelected(null)
          }}
        />
        {error && (
          <p className="error" role="alert" data-testid="assessment-error">
            {value ? `${error}（显示的是 ${formatShanghaiMinute(value.generatedAt)} 获取的分数）` : `${error}（这一期的分数还没有在本机保存过，需要联网查看）`}
          </p>
        )}
        {!value && loading && <p className="muted">正在计算…</p>}
        {value && (
          <p className="muted small" data-testid="assessment-status">
            {value.submitted
              ? `已于 ${formatShanghaiMinute(value.submitted.submittedAt)} 定稿，校验码 ${value.submitted.hash.slice(0, 16)}${value.submitted.intact ? '' : '（与存档分数不符，存档可能被改动）'}`
              : ended
                ? `${reportPeriodLabel(period)}尚未定稿：定稿后分数固定，台账后来的变化只显示为差异。`
                : `本期进行中，按 ${value.ranking.asOf} 的台账计算。`}
          </p>
        )}
        {value && value.ranking.entries.length > 0 && (
          <p className="actions no-print">
            <button type="button" className="secondary" onClick={() => void onDownload()} data-testid="assessment-xlsx">
              下载考核表（Excel）
            </button>
          </p>
        )}
        {downloadError && (
          <p className="error" role="alert">
            {downloadError}
          </p>
        )}
        {value && !value.submitted && ended && (
          <button type="button" onClick={() => void onClose()} disabled={closing === '正在定稿…'} data-testid="assessment-close">
            定稿本期考核
          </button>
        )}
        {closing && closing !== '正在定稿…' && (
          <p className="error" role="alert">
            {closing}
          </p>
        )}
      </section>
      {value && <RankingTable entries={value.ranking.entries} selected={selected} onSelect={setSelected} />}
      {value && entry && (
        <WorkerPanel
          key={`${entry.userId}-${period.key}`}
          api={api}
          entry={entry}
          period={period}
          closed={value.submitted !== null}
          onChanged={() => void reload()}
          breakdown={<ScoreBreakdown entry={entry} settings={value.ranking.settings} />}
        />
      )}
      {value?.submitted && (
        <section className="card">
          <h2>定稿后台账的变化</h2>
          <Differences differences={value.differences} />
        </section>
      )}
      <AssessmentHistory
        api={api}
        tick={historyTick}
        onOpen={(key) => {
          const open = parseReportPeriod(key)
          if (!open) return
          setKind(open.kind)
          setAnchor(open.start)
          setSelected(null)
        }}
      />
      <WeightsCard api={api} onSaved={() => void reload()} />
    </main>
  )
}

function RankingTable({ entries, selected, onSelect }: { entries: readonly AssessmentEntry[]; selected: string | null; onSelect(userId: string): void }) {
  if (entries.length === 0) return <p className="card muted">还没有网格员：在“用户”里给账户分配某村的网格员角色和网格后，这里才有考核。</p>
  const keys = entries[0]!.components.map((c) => c.key)
  return (
    <section className="card">
      <h2>排名</h2>
      <div className="table-scroll">
        <table className="township-table assessment-ranking" data-testid="assessment-ranking">
          <thead>
            <tr>
              <th>名次</th>
              <th>网格员</th>
              <th>总分</th>
              <th>村</th>
              {keys.map((k) => (
                <th key={k}>{COMPONENT_LABELS[k]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.userId} className={e.userId === selected ? 'selected' : undefined} data-testid="assessment-row">
                <td className="num">{e.rank ?? '—'}</td>
                <th scope="row">
                  <button type="button" className="link figure" onClick={() => onSelect(e.userId)} data-testid="assessment-worker">
                    {e.name}
                  </button>
                </th>
                <td className="num total-score" data-testid="assessment-row-total">
                  {scoreText(e.total)}
                </td>
                <td>{e.villages.join('、')}</td>
                {e.components.map((c) => (
                  <td key={c.key} className="num">
                    {scoreText(c.score)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">点网格员姓名查看分数构成、录入民主测评和培训记录。“—”为本期无此项可考（不计分，总分按其余项目折算）。</p>
    </section>
  )
}
