/**
 * The 四培五考 ranking of one period as an .xlsx, the township's 考核表 to file or send upward:
 * the title merged over the table, 考核期 and where the scores stand (定稿 with its 校验码, or
 * computed from the ledger as of a day and not yet final), one row per grid worker (名次, 网格员,
 * 所在村, 网格数, 总分, each component's score under its weight, 民主测评, this period's 培训),
 * how each component is figured, then 制表人 / 审核人 / 单位负责人 left blank to be signed.
 * Scores are numbers Excel can sum; "—" is a component with nothing to assess (not scored).
 * The grid workers' own names are the only personal data, as on the screen.
 */
import ExcelJS from 'exceljs'
import type { TownshipAssessment } from '../../shared/api/assessment.js'
import { formatShanghaiMinute } from '../../shared/civilDate.js'
import { ASSESSMENT_COMPONENTS, assessmentTitle, COMPONENT_LABELS, COMPONENT_RULES } from '../../shared/assessment/weights.js'

const THIN = { style: 'thin' } as const
const NOT_SCORED = '—'

export async function assessmentWorkbook(answer: TownshipAssessment, periodLabel: string): Promise<Buffer> {
  const { ranking, submitted } = answer
  const weights = ranking.settings.weights
  const header = ['名次', '网格员', '所在村', '网格数', '总分', ...ASSESSMENT_COMPONENTS.map((k) => `${COMPONENT_LABELS[k]}（${weights[k]}分）`), '民主测评原始分', '培训次数', '培训学时']
  const width = header.length
  const workbook = new ExcelJS.Workbook()
  const ws = workbook.addWorksheet('考核表', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  ws.columns = header.map((_, i) => ({ width: i === 1 ? 12 : i === 2 ? 18 : i >= 5 && i < 5 + ASSESSMENT_COMPONENTS.length ? 13 : 9 }))

  const title = ws.addRow([assessmentTitle(periodLabel)])
  ws.mergeCells(title.number, 1, title.number, width)
  Object.assign(title, { font: { bold: true, size: 16 }, alignment: { horizontal: 'center' }, height: 28 })
  const status = submitted
    ? `已于 ${formatShanghaiMinute(submitted.submittedAt)} 定稿，校验码 ${submitted.hash.slice(0, 16)}${submitted.intact ? '' : '（与存档分数不符，存档可能被改动）'}`
    : `未定稿：按 ${ranking.asOf} 的台账计算，定稿前分数随台账变化`
  const line = ws.addRow([`考核期：${ranking.start} 至 ${ranking.end}。${status}`])
  ws.mergeCells(line.number, 1, line.number, width)

  const head = ws.addRow(header)
  head.font = { bold: true }
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  head.height = 32
  for (const e of ranking.entries) {
    const score = (key: (typeof ASSESSMENT_COMPONENTS)[number]) => e.components.find((c) => c.key === key)?.score ?? NOT_SCORED
    ws.addRow([e.rank ?? NOT_SCORED, e.name, e.villages.join('、'), e.grids, e.total ?? NOT_SCORED, ...ASSESSMENT_COMPONENTS.map(score), e.rating ?? NOT_SCORED, e.training.sessions, e.training.hours])
  }
  const last = head.number + ranking.entries.length
  for (let r = head.number; r <= last; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(r, c)
      cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN }
      if (r > head.number && typeof cell.value === 'number' && c >= 5) cell.numFmt = '0.0'
    }
  }
  if (ranking.entries.length === 0) {
    const none = ws.addRow(['本期还没有网格员'])
    ws.mergeCells(none.number, 1, none.number, width)
  }

  ws.addRow([])
  ws.addRow(['制表人：', '', '', '审核人：', '', '', '', '单位负责人：'])
  const notes = [
    `说明：总分为各项得分之和，满分 100；“${NOT_SCORED}”为本期无此项可考，不计分，总分按其余项目折算。超期扣分每件扣 ${ranking.settings.overdueDeduction} 分，扣完为止。`,
    ...ASSESSMENT_COMPONENTS.map((k) => `${COMPONENT_LABELS[k]}：${COMPONENT_RULES[k]}`),
    `由村务协同按台账生成，${formatShanghaiMinute(answer.generatedAt)}`,
  ]
  for (const note of notes) {
    const row = ws.addRow([note])
    ws.mergeCells(row.number, 1, row.number, width)
    row.alignment = { wrapText: true, vertical: 'top' }
    row.height = Math.max(16, Math.ceil(note.length / (width * 6)) * 16)
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
