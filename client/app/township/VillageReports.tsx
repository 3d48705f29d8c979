/**
 * 统计报表 of one village (issue #16 item 2): a village cadre (or the township admin) generates
 * the village's 月报, 季报, 半年报 or 年报 from the ledger — the A4 sheet, .xlsx and .docx — and
 * submits a closed period once. The relay computes the figures (server/reports/reportSheet.ts);
 * this screen needs the network, and says so offline.
 */
import { useMemo, useState } from 'react'
import { addDays, shanghaiDate } from '../../../shared/civilDate'
import { parseReportPeriod, REPORT_KIND_LABELS, reportPeriodKey, type ReportPeriodKind } from '../../../shared/reports/reportPeriod'
import type { SectionProps } from '../components/sectionProps'
import { ReportPanel } from './ReportPanel'
import { PeriodPicker } from '../components/PeriodPicker'

export function VillageReports({ api, villageId }: SectionProps) {
  const today = useMemo(() => shanghaiDate(), [])
  const [kind, setKind] = useState<ReportPeriodKind>('quarter')
  // Start on the last closed period of the kind: the one a village is asked to report.
  const [anchor, setAnchor] = useState(() => addDays(parseReportPeriod(reportPeriodKey('quarter', today))!.start, -1))
  const period = parseReportPeriod(reportPeriodKey(kind, anchor))!
  const running = period.end >= today
  return (
    <div data-testid="village-reports">
      <section className="card no-print">
        <h2>统计报表</h2>
        <PeriodPicker kind={kind} period={period} kindLabels={REPORT_KIND_LABELS} ariaLabel="报表种类" testId="village-report" onKind={setKind} onAnchor={setAnchor} />
        <p className="muted small">数字全部由本村台账生成，不需填写；季报按月、半年报按月、年报按季度分列。报表只有件数，不含姓名、身份证号和电话。</p>
      </section>
      <ReportPanel key={`${villageId}:${period.key}`} api={api} scope={villageId} period={period} ended={!running} showDraft />
    </div>
  )
}
