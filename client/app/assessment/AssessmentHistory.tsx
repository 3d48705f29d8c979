/** The closed periods (定稿), newest first, each opening its ranking. */
import { useCallback } from 'react'
import { formatShanghaiMinute } from '../../../shared/civilDate'
import { parseReportPeriod, reportPeriodLabel } from '../../../shared/reports/reportPeriod'
import type { ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { assessmentHistory } from './api'
import { scoreText } from './ScoreBreakdown'

export function AssessmentHistory({ api, tick, onOpen }: { api: ApiContext; tick: number; onOpen(period: string): void }) {
  // `tick` (a new period closed here) makes a new loader, so the list reloads.
  const load = useCallback(() => assessmentHistory(api), [api, tick])
  const { data, error } = useAsync(load)
  return (
    <section className="card" data-testid="assessment-history">
      <h2>历次定稿</h2>
      {error && <p className="error">{error}（需要联网查看）</p>}
      {data && data.periods.length === 0 && <p className="muted">还没有定稿的考核。</p>}
      {data && data.periods.length > 0 && (
        <ul>
          {data.periods.map((p) => {
            const period = parseReportPeriod(p.period)
            return (
              <li key={p.period} data-testid="assessment-history-item">
                <button type="button" className="link" onClick={() => onOpen(p.period)}>
                  {period ? reportPeriodLabel(period) : p.period}
                </button>{' '}
                <span className="muted small">
                  {p.workers} 名网格员，平均 {scoreText(p.average)} 分，{formatShanghaiMinute(p.submittedAt)} 定稿
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
