/** A month, quarter, half-year or year, stepped back and forth (not past the running one). */
import { addDays, shanghaiDate } from '../../../shared/civilDate'
import { parseReportPeriod, REPORT_PERIOD_KINDS, reportPeriodKey, reportPeriodLabel, type ReportPeriod, type ReportPeriodKind } from '../../../shared/reports/reportPeriod'

const KIND_PICK: Record<ReportPeriodKind, string> = { month: '月考', quarter: '季考', half: '半年考', year: '年度考' }

export function periodOf(kind: ReportPeriodKind, anchor: string): ReportPeriod {
  return parseReportPeriod(reportPeriodKey(kind, anchor))!
}

type Props = { kind: ReportPeriodKind; period: ReportPeriod; onKind(kind: ReportPeriodKind): void; onAnchor(date: string): void }

export function PeriodPicker({ kind, period, onKind, onAnchor }: Props) {
  return (
    <p className="period-pick">
      <select value={kind} aria-label="考核周期" data-testid="assessment-period-kind" onChange={(e) => onKind(e.target.value as ReportPeriodKind)}>
        {REPORT_PERIOD_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_PICK[k]}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" onClick={() => onAnchor(addDays(period.start, -1))} data-testid="assessment-prev">
        上一期
      </button>
      <strong data-testid="assessment-period">{reportPeriodLabel(period)}</strong>
      <button type="button" className="secondary" disabled={period.end >= shanghaiDate()} onClick={() => onAnchor(addDays(period.end, 1))} data-testid="assessment-next">
        下一期
      </button>
    </p>
  )
}
