/**
 * What a score is made of: each component's raw figure from the ledger, its share, its score
 * and its weight (shared/assessment/score.ts). A component with nothing to measure shows
 * 不计分, and the total is 折算 over the others.
 */
import type { AssessmentEntry, AssessmentDifference } from '../../../shared/api/assessment'
import { COMPONENT_LABELS, COMPONENT_RULES, type AssessmentComponent, type AssessmentSettings } from '../../../shared/assessment/weights'
import { formatRate } from '../../../shared/ledger/stats'

export function rawFigure(key: AssessmentComponent, entry: AssessmentEntry, settings: AssessmentSettings): string {
  const f = entry.figures
  switch (key) {
    case 'visits':
      return `应访 ${f.visits.due} 户次，已访 ${f.visits.met}`
    case 'onTime':
      return `应办结 ${f.onTime.due} 件，按时 ${f.onTime.onTime}`
    case 'disputes':
      return `受理 ${f.disputes.received} 件，调结 ${f.disputes.resolved}`
    case 'completeness':
      return `${f.completeness.records} 条户和人员，齐全 ${f.completeness.complete}`
    case 'overdue': {
      const n = f.overdue.incidents + f.overdue.disputes + f.overdue.hazards
      return `超期 ${n} 件（事件 ${f.overdue.incidents}、积案 ${f.overdue.disputes}、隐患 ${f.overdue.hazards}），每件扣 ${settings.overdueDeduction} 分`
    }
    case 'rating':
      return entry.rating === null ? '未录入' : `${entry.rating} 分`
  }
}

export const scoreText = (score: number | null) => (score === null ? '—' : score.toFixed(1))

export function ScoreBreakdown({ entry, settings }: { entry: AssessmentEntry; settings: AssessmentSettings }) {
  const anyEmpty = entry.components.some((c) => c.score === null)
  return (
    <>
      <div className="table-scroll">
        <table className="township-table assessment-breakdown" data-testid="assessment-breakdown">
          <thead>
            <tr>
              <th>考核项目</th>
              <th>得分／权重</th>
              <th>台账数据</th>
              <th className="rate">得分率</th>
            </tr>
          </thead>
          <tbody>
            {entry.components.map((c) => (
              <tr key={c.key} data-testid={`assessment-component-${c.key}`}>
                <th scope="row" title={COMPONENT_RULES[c.key]}>
                  {COMPONENT_LABELS[c.key]}
                </th>
                <td className="num">{c.score === null ? `不计分／${c.weight}` : `${scoreText(c.score)}／${c.weight}`}</td>
                <td className="wrap">{rawFigure(c.key, entry, settings)}</td>
                <td className="num rate">{c.score === null ? '—' : formatRate(c.rate)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">总分</th>
              <td className="num" data-testid="assessment-total">
                {scoreText(entry.total)}／100
              </td>
              <td />
              <td className="rate" />
            </tr>
          </tbody>
        </table>
      </div>
      {anyEmpty && <p className="muted small">“不计分”：本期没有可考的事项，不参与考核，总分按其余项目折算为百分制。</p>}
      <details className="small muted">
        <summary>各项怎么算</summary>
        <ul>
          {entry.components.map((c) => (
            <li key={c.key}>
              {COMPONENT_LABELS[c.key]}：{COMPONENT_RULES[c.key]}
            </li>
          ))}
        </ul>
      </details>
    </>
  )
}

export function Differences({ differences }: { differences: readonly AssessmentDifference[] }) {
  if (differences.length === 0) return <p className="muted small">台账现在给出的分数与定稿时相同。</p>
  return (
    <ul data-testid="assessment-differences">
      {differences.map((d) => (
        <li key={`${d.userId}-${d.item}`}>
          {d.name} {d.item === 'total' ? '总分' : (COMPONENT_LABELS[d.item as AssessmentComponent] ?? d.item)}：定稿 {scoreText(d.submitted)}，按现在台账为 {scoreText(d.current)}
        </li>
      ))}
    </ul>
  )
}
