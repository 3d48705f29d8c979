/**
 * 统计期: the dashboard figures of one calendar month, quarter or year in Beijing time (issue
 * #15; seeds 003/004 count 化解率 per month). The figures come from shared/ledger/stats.ts
 * periodStats; this card only picks the period and renders them. A rate with nothing in its
 * denominator reads "—".
 */
import { useMemo, useState } from 'react'
import { addDays } from '../../../shared/civilDate'
import { formatRate, periodLabel, periodStats, STAT_PERIOD_LABELS, STAT_PERIODS, type LedgerData, type StatPeriod } from '../../../shared/ledger/stats'
import type { VisitRule } from '../../../shared/ledger/visitRules'
import { Stat } from './Stat'

const PERIOD_NAMES: Record<StatPeriod, string> = { month: '按月', quarter: '按季度', year: '按年' }

export function PeriodStatsCard({ data, rules, today }: { data: LedgerData; rules: readonly VisitRule[]; today: string }) {
  const [period, setPeriod] = useState<StatPeriod>('month')
  const [anchor, setAnchor] = useState(today)
  const stats = useMemo(() => periodStats(data, rules, period, anchor, today), [data, rules, period, anchor, today])
  const label = periodLabel(period, anchor, today)
  const running = stats.end >= today
  const { disputes, incidents, hazards, visits } = stats
  return (
    <section className="card period-stats" data-testid="period-stats">
      <h3>
        {label}统计 <span className="muted small">{stats.start} 至 {stats.asOf}</span>
      </h3>
      <p className="period-pick">
        <select value={period} aria-label="统计周期" data-testid="stat-period" onChange={(e) => setPeriod(e.target.value as StatPeriod)}>
          {STAT_PERIODS.map((p) => (
            <option key={p} value={p}>
              {PERIOD_NAMES[p]}
            </option>
          ))}
        </select>
        <button type="button" data-testid="stat-prev" onClick={() => setAnchor(addDays(stats.start, -1))}>
          上一期
        </button>
        <button type="button" data-testid="stat-next" disabled={running} onClick={() => setAnchor(addDays(stats.end, 1))}>
          下一期
        </button>
        {!running && (
          <button type="button" className="link" onClick={() => setAnchor(today)}>
            回到{STAT_PERIOD_LABELS[period]}
          </button>
        )}
      </p>
      <div className="stat-grid">
        <Stat label={`${label}化解率`} value={formatRate(disputes.rate)} note={`排查 ${disputes.found} 起，调结 ${disputes.settled} 起${disputes.unsettled ? `，未调结 ${disputes.unsettled} 起` : ''}`} testId="stat-rate" />
        <Stat label={`${label}办结率`} value={formatRate(incidents.doneRate)} note={`发现 ${incidents.found} 件，办结 ${incidents.done} 件`} testId="stat-done-rate" />
        <Stat label="按时办结率" value={formatRate(incidents.onTimeRate)} note={`${incidents.onTime}/${incidents.onTimeKnown} 件按时（未到时限的不计）`} testId="stat-on-time" />
        <Stat label={`${label}走访`} value={visits.done} note={`期末待走访 ${visits.due} 户`} warn={visits.due > 0} testId="stat-visits" />
        <Stat label="隐患销号" value={`${hazards.closed}/${hazards.found}`} note={hazards.overdue ? `期末 ${hazards.overdue} 处超期` : undefined} warn={hazards.overdue > 0} testId="stat-hazards-period" />
        <Stat
          label={running ? '当前超期' : '期末超期'}
          value={disputes.overdue + incidents.overdue + hazards.overdue}
          note={`纠纷 ${disputes.overdue}，事件 ${incidents.overdue}，隐患 ${hazards.overdue}`}
          warn={disputes.overdue + incidents.overdue + hazards.overdue > 0}
          testId="stat-overdue-period"
        />
      </div>
    </section>
  )
}
