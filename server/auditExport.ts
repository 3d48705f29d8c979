/**
 * The audit log as an .xlsx workbook for the township admin: one row per entry, in Chinese, with
 * the chain hash so a printed copy can be checked against the store. Detail is what the server
 * wrote; nothing here adds personal data the log does not already hold.
 */
import ExcelJS from 'exceljs'
import { AUDIT_ACTION_LABELS } from '../shared/auditLabels.js'
import type { AuditRow } from './storage/types.js'

const COLUMNS = [
  { header: '序号', key: 'id', width: 8 },
  { header: '时间（北京时间）', key: 'at', width: 20 },
  { header: '人员', key: 'actor', width: 12 },
  { header: '操作', key: 'action', width: 16 },
  { header: '文档', key: 'doc', width: 36 },
  { header: '对象', key: 'target', width: 28 },
  { header: '详情', key: 'detail', width: 48 },
  { header: '来源地址', key: 'address', width: 18 },
  { header: '校验值', key: 'hash', width: 20 },
]

const shanghaiTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium', hour12: false })

export async function auditWorkbook(rows: readonly AuditRow[], title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('审计日志', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  sheet.mergeCells(1, 1, 1, COLUMNS.length)
  sheet.getCell(1, 1).value = title
  sheet.getCell(1, 1).font = { bold: true, size: 14 }
  sheet.getRow(2).values = COLUMNS.map((c) => c.header)
  sheet.getRow(2).font = { bold: true }
  COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width))
  for (const r of rows) {
    sheet.addRow([
      r.id,
      shanghaiTime.format(new Date(r.at)),
      r.actorName ?? (r.actorId ? r.actorId : '—'),
      AUDIT_ACTION_LABELS[r.action],
      r.docName ?? '',
      r.target ?? '',
      r.detail ?? '',
      r.address ?? '',
      r.hash ? r.hash.slice(0, 16) : '（旧版本记录）',
    ])
  }
  sheet.pageSetup.printTitlesRow = '2:2'
  return Buffer.from(await book.xlsx.writeBuffer())
}
