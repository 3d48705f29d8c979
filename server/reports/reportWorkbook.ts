/**
 * The township report as an .xlsx workbook in the layout reports upward take (issue #16): a
 * title merged over the table, 填报单位 / 统计期 / 填报日期, one row per village and a 合计 row,
 * then 制表人 / 审核人 left blank to be signed. Counts only: the report carries no name, ID
 * number or phone (the signatures are written on the printed sheet).
 */
import ExcelJS from 'exceljs'
import type { TownshipReport } from '../../shared/api/reports.js'
import { formatRate } from '../../shared/ledger/stats.js'
import { REPORT_KIND_LABELS, reportPeriodLabel, type ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { ReportFigures } from '../../shared/reports/reportFigures.js'

/** Columns in order: header and how the figure is read from a row. */
export const REPORT_COLUMNS: readonly { header: string; value(f: ReportFigures): number | string }[] = [
  { header: '事件上报(件)', value: (f) => f.incidents.reported },
  { header: '事件办结(件)', value: (f) => f.incidents.closed },
  { header: '按时办结(件)', value: (f) => f.incidents.closedOnTime },
  { header: '事件超期(件)', value: (f) => f.incidents.overdue },
  { header: '上报上级(件)', value: (f) => f.incidents.escalated },
  { header: '纠纷受理(起)', value: (f) => f.disputes.received },
  { header: '调解成功(起)', value: (f) => f.disputes.resolved },
  { header: '化解率', value: (f) => formatRate(f.disputes.rate) },
  { header: '积案(起)', value: (f) => f.disputes.backlog },
  { header: '隐患未销号(处)', value: (f) => f.hazards.open },
  { header: '隐患超期(处)', value: (f) => f.hazards.overdue },
  { header: '应走访(户次)', value: (f) => f.visits.due },
  { header: '已走访(次)', value: (f) => f.visits.done },
]

export function reportTitle(unit: string, period: ReportPeriod): string {
  return `${unit}${reportPeriodLabel(period)}基层治理工作${REPORT_KIND_LABELS[period.kind]}`
}

export async function townshipWorkbook(report: TownshipReport, period: ReportPeriod, unit: string, filledOn: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const width = REPORT_COLUMNS.length + 1
  const sheet = workbook.addWorksheet(REPORT_KIND_LABELS[period.kind], {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' },
  })
  sheet.columns = [{ width: 16 }, ...REPORT_COLUMNS.map((c) => ({ width: Math.max(10, c.header.length * 2) }))]
  sheet.addRow([reportTitle(unit, period)])
  sheet.mergeCells(1, 1, 1, width)
  Object.assign(sheet.getRow(1), { font: { bold: true, size: 16 }, alignment: { horizontal: 'center' }, height: 28 })
  sheet.addRow([`填报单位：${unit}`])
  sheet.mergeCells(2, 1, 2, width)
  sheet.addRow([`统计期：${reportPeriodLabel(period)}（${period.start} 至 ${period.end}）`, ...Array<string>(Math.max(0, width - 4)).fill(''), `填报日期：${filledOn}`])
  sheet.mergeCells(3, 1, 3, width - 3)
  sheet.mergeCells(3, width - 2, 3, width)
  const header = sheet.addRow(['单位', ...REPORT_COLUMNS.map((c) => c.header)])
  header.font = { bold: true }
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  for (const village of report.villages) sheet.addRow([village.name, ...REPORT_COLUMNS.map((c) => c.value(village))])
  const totals = sheet.addRow(['合计', ...REPORT_COLUMNS.map((c) => c.value(report.totals))])
  totals.font = { bold: true }
  const last = totals.number
  for (let r = 4; r <= last; r++)
    for (let c = 1; c <= width; c++) sheet.getCell(r, c).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } }
  sheet.addRow([])
  sheet.addRow(['制表人：', '', '', '', '审核人：', '', '', '', '单位负责人：'])
  sheet.addRow(['说明：化解率＝调解成功÷纠纷受理，本期未受理纠纷的记“—”；超期、积案、隐患、应走访为期末（进行中的统计期为当日）数。'])
  sheet.mergeCells(last + 3, 1, last + 3, width)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
