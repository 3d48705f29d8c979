/**
 * A month, quarter, half-year or year, stepped back and forth, never past the running one: the one
 * period picker of 全镇统计, a village's 统计报表 and 四培五考. Each names the kinds its own way
 * (月报 / 月考 …) and keeps its own test ids (`<testId>-period-kind`, `-prev`, `-period`, `-next`);
 * `children` are buttons beside it (downloads).
 */
import type { ReactNode } from 'react'
import { addDays, shanghaiDate } from '../../../shared/civilDate'
import { parseReportPeriod, REPORT_PERIOD_KINDS, reportPeriodKey, reportPeriodLabel, type ReportPeriod, type ReportPeriodKind } from '../../../shared/reports/reportPeriod'

/** The period of `kind` that holds the date `anchor`. */
export function periodOf(kind: ReportPeriodKind, anchor: string): ReportPeriod {
  return parseReportPeriod(reportPeriodKey(kind, anchor))!
}

type Props = {
  kind: ReportPeriodKind
  period: ReportPeriod
  kindLabels: Record<ReportPeriodKind, string>
  ariaLabel: string
  testId: string
  onKind(kind: ReportPeriodKind): void
  onAnchor(date: string): void
  children?: ReactNode
}

export function PeriodPicker({ kind, period, kindLabels, ariaLabel, testId, onKind, onAnchor, children }: Props) {
  return (
    <p className="period-pick">
      <select value={kind} aria-label={ariaLabel} data-testid={`${testId}-period-kind`} onChange={(e) => onKind(e.target.value as ReportPeriodKind)}>
        {REPORT_PERIOD_KINDS.map((k) => (
          <option key={k} value={k}>
            {kindLabels[k]}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => onAnchor(addDays(period.start, -1))} data-testid={`${testId}-prev`}>
        上一期
      </button>
      <strong data-testid={`${testId}-period`}>{reportPeriodLabel(period)}</strong>
      <button type="button" disabled={period.end >= shanghaiDate()} onClick={() => onAnchor(addDays(period.end, 1))} data-testid={`${testId}-next`}>
        下一期
      </button>
      {children}
    </p>
  )
}
