/**
 * A report upward as an .xlsx workbook (issue #16 item 2), in the layout of
 * shared/reports/sheetLayout.ts: the title merged over the table, 填报单位 / 统计期 / 填报日期,
 * the tables (the first without a caption: the title names it), the notes, then 制表人 / 审核人 /
 * 单位负责人 left blank to be signed. Counts only: the report carries no name, ID number or phone.
 */
import ExcelJS from 'exceljs'
import type { ReportSheet } from '../../shared/api/reports.js'
import { sheetLayout } from '../../shared/reports/sheetLayout.js'

const THIN = { style: 'thin' } as const

export async function reportWorkbook(sheet: ReportSheet): Promise<Buffer> {
  const layout = sheetLayout(sheet)
  const workbook = new ExcelJS.Workbook()
  const width = Math.max(4, ...layout.tables.map((t) => t.header.length))
  const ws = workbook.addWorksheet(layout.title.slice(-3), {
    pageSetup: { paperSize: 9, orientation: sheet.scope === 'township' ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  })
  ws.columns = [{ width: 18 }, ...Array.from({ length: width - 1 }, () => ({ width: 12 }))]
  ws.addRow([layout.title])
  ws.mergeCells(1, 1, 1, width)
  Object.assign(ws.getRow(1), { font: { bold: true, size: 16 }, alignment: { horizontal: 'center' }, height: 28 })
  ws.addRow([`填报单位：${layout.unit}`])
  ws.mergeCells(2, 1, 2, width)
  ws.addRow([`统计期：${layout.periodLine}`, ...Array<string>(Math.max(0, width - 4)).fill(''), `填报日期：${layout.filledOn}`])
  ws.mergeCells(3, 1, 3, width - 3)
  ws.mergeCells(3, width - 2, 3, width)
  layout.tables.forEach((table, i) => {
    if (i > 0) {
      ws.addRow([])
      const caption = ws.addRow([table.caption])
      caption.font = { bold: true }
    }
    const header = ws.addRow(table.header)
    header.font = { bold: true }
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    const first = header.number
    for (const row of table.rows) {
      const added = ws.addRow(row.cells)
      if (row.total) added.font = { bold: true }
    }
    for (let r = first; r < first + 1 + table.rows.length; r++) for (let c = 1; c <= table.header.length; c++) ws.getCell(r, c).border = { top: THIN, left: THIN, bottom: THIN, right: THIN }
  })
  ws.addRow([])
  ws.addRow(['制表人：', '', '', '审核人：', '', '', '单位负责人：'])
  for (const note of [...layout.notes.map((n, i) => (i === 0 ? `说明：${n}` : n)), layout.footer]) {
    const row = ws.addRow([note])
    ws.mergeCells(row.number, 1, row.number, width)
    row.alignment = { wrapText: true, vertical: 'top' }
    row.height = Math.max(16, Math.ceil(note.length / (width * 6)) * 16)
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
