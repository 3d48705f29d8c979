/**
 * Writing .xlsx files in the browser, with exceljs loaded only when a file is written (dynamic
 * import), so it stays out of the main bundle. Reading lives in shared/ledger/spreadsheet.ts
 * (the command-line import reads with the same code).
 */
import type { ExportTable } from '../../../shared/ledger/exportRows'

export { readSpreadsheet, type Sheet } from '../../../shared/ledger/spreadsheet'

/** An .xlsx workbook of one sheet: bold header row, frozen, columns sized to their text. */
export async function writeXlsx(table: ExportTable, sheetName: string): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.headers.map((header, i) => ({
    header,
    width: Math.min(50, Math.max(8, ...[header, ...table.rows.slice(0, 500).map((row) => row[i] ?? '')].map(displayWidth)) + 2),
    // Text format, so ID numbers and phone numbers typed in later stay text.
    style: { numFmt: '@' },
  }))
  for (const row of table.rows) sheet.addRow(row)
  sheet.getRow(1).font = { bold: true }
  const buffer = await workbook.xlsx.writeBuffer()
  return buffer as ArrayBuffer
}

/** Excel sheet names: ≤31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1'
}

/** Roughly how many Latin-character widths a string takes (CJK characters count two). */
function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) width += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1
  return width
}
