/**
 * Writing .xlsx files in the browser, with exceljs loaded only when a file is written (dynamic
 * import), so it stays out of the main bundle. Reading lives in shared/ledger/spreadsheet.ts
 * (the command-line import reads with the same code).
 */
import type { ExportTable } from '../../../shared/ledger/exportRows'

export { readSpreadsheet, type Sheet } from '../../../shared/ledger/spreadsheet'

/** An .xlsx workbook of one sheet named after the table (see writeWorkbook). */
export async function writeXlsx(table: ExportTable, sheetName: string): Promise<ArrayBuffer> {
  return writeWorkbook([{ name: sheetName, table }])
}

/**
 * An .xlsx workbook, one sheet per table: the title (if any) merged over the columns, a bold
 * header row, both frozen and repeated on every printed page, A4 landscape fitted to the page
 * width, columns sized to their text. Text columns are formatted as text (ID numbers and phones
 * typed in later stay text); numbers are stored as numbers.
 */
export async function writeWorkbook(sheets: readonly { name: string; table: ExportTable }[]): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  const used = new Set<string>()
  for (const { name, table } of sheets) {
    const headerRow = table.title ? 2 : 1
    const sheet = workbook.addWorksheet(uniqueName(safeSheetName(name), used), {
      views: [{ state: 'frozen', ySplit: headerRow }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `1:${headerRow}` },
    })
    const numeric = table.headers.map((_, i) => table.rows.some((row) => typeof row[i] === 'number'))
    sheet.columns = table.headers.map((header, i) => ({
      width: Math.min(50, Math.max(numeric[i] ? 6 : 8, ...[header, ...table.rows.slice(0, 500).map((row) => String(row[i] ?? ''))].map(displayWidth)) + 2),
      style: numeric[i] ? {} : { numFmt: '@' },
    }))
    if (table.title) {
      sheet.addRow([table.title])
      sheet.mergeCells(1, 1, 1, Math.max(1, table.headers.length))
      const title = sheet.getRow(1)
      title.font = { bold: true, size: 14 }
      title.alignment = { horizontal: 'center' }
      title.height = 24
    }
    sheet.addRow(table.headers)
    sheet.getRow(headerRow).font = { bold: true }
    for (const row of table.rows) sheet.addRow(row)
  }
  const buffer = await workbook.xlsx.writeBuffer()
  return buffer as ArrayBuffer
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name
  for (let n = 2; used.has(candidate); n++) candidate = `${name.slice(0, 28)}(${n})`
  used.add(candidate)
  return candidate
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
