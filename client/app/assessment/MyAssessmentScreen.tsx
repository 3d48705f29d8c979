/**
 * 我的考核 (issue #16 item 4): a grid worker's own 五考 score for a month, quarter, half-year or
 * year and what it is made of, and their 四培 records. The relay computes it from the ledger of
 * their grids (server/assessment/ranking.ts); the last answer per period is kept in this
 * user's IndexedDB (CachedValue), so it shows offline, saying when it was fetched.
 */
import { useMemo, useState } from 'react'
import { myAssessmentSchema } from '../../../shared/api/assessment'
import { formatShanghaiMinute, shanghaiDate } from '../../../shared/civilDate'
import type { ReportPeriodKind } from '../../../shared/reports/reportPeriod'
import type { Workspace } from '../../workspace/workspace'
import type { ApiContext } from '../api/http'
import { useCachedValue } from '../hooks/useCachedValue'
import { myAssessment } from './api'
import { PeriodPicker, periodOf } from '../components/PeriodPicker'
import { ASSESSMENT_KIND_LABELS } from '../../../shared/assessment/weights'
import { Differences, ScoreBreakdown, scoreText } from './ScoreBreakdown'
import { TrainingList } from './TrainingList'

export function MyAssessmentScreen({ api, workspace }: { api: ApiContext; workspace: Workspace }) {
  const today = useMemo(() => shanghaiDate(), [])
  const [kind, setKind] = useState<ReportPeriodKind>('month')
  const [anchor, setAnchor] = useState(today)
  const period = periodOf(kind, anchor)
  const { value, error, loading } = useCachedValue(workspace, { key: `my-assessment:${period.key}`, schema: myAssessmentSchema, fetch: () => myAssessment(api, period.key) }, [api])
  return (
    <main className="screen" data-testid="my-assessment">
      <h1>我的考核</h1>
      <section className="card">
        <PeriodPicker kind={kind} period={period} kindLabels={ASSESSMENT_KIND_LABELS} ariaLabel="考核周期" testId="assessment" onKind={setKind} onAnchor={setAnchor} />
        {error && (
          <p className="error" role="alert" data-testid="my-assessment-error">
            {value ? `${error}（显示的是 ${formatShanghaiMinute(value.generatedAt)} 获取的分数）` : `${error}（这一期的分数还没有在本机保存过，需要联网查看）`}
          </p>
        )}
        {!value && loading && <p className="muted">正在计算…</p>}
        {value && (
          <>
            <p className="assessment-total" data-testid="my-assessment-total">
              <span className="big">{scoreText(value.entry.total)}</span> 分{value.entry.rank !== null ? `，全镇第 ${value.entry.rank} 名` : ''}
            </p>
            <p className="muted small" data-testid="my-assessment-status">
              {value.submitted
                ? `本期已定稿（${formatShanghaiMinute(value.submitted.submittedAt)}），分数不再改写`
                : value.end >= today
                  ? `本期进行中，按 ${value.asOf} 的台账计算，期末前还会变化`
                  : '本期尚未定稿，按期末台账计算'}
              ；{formatShanghaiMinute(value.generatedAt)} 获取
            </p>
          </>
        )}
      </section>
      {value && (
        <section className="card">
          <h2>分数构成</h2>
          <ScoreBreakdown entry={value.entry} settings={value.settings} />
          {value.submitted && (
            <>
              <h3>定稿后台账的变化</h3>
              <Differences differences={value.differences} />
            </>
          )}
        </section>
      )}
      {value && (
        <section className="card">
          <h2>本期培训（四培）</h2>
          <TrainingList records={value.training} />
          <p className="muted small">培训记录由乡镇登记。每年专项业务培训不少于 2 次。</p>
        </section>
      )}
    </main>
  )
}
