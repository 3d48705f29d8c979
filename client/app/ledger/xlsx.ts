/**
 * Spreadsheet files ↔ rows of cells, with exceljs loaded only when a file is read or written
 * (dynamic import), so it stays out of the main bundle. Merged cells are filled with their
 * master's value over every cell they span (户籍 sheets merge 户编号/户主/住址 down over the
 * members). CSV files are read as UTF-8, or as GB18030 when they are not valid UTF-8 (what Excel
 * on a Chinese Windows saves). Written .xlsx cells are text, never formulas.
 */
import type { CellValue, Worksheet } from 'exceljs'
import { parseCsv } from '../../../shared/ledger/csv'
import type { ExportTable } from '../../../shared/ledger/exportRows'
import type { SheetCell } from '../../../shared/ledger/importCells'

export type Sheet = { name: string; rows: SheetCell[][] }
export type ReadResult = { ok: true; sheets: Sheet[] } | { ok: false; error: string }

export const UNREADABLE = '无法读取这个文件：请选择 Excel 工作簿（.xlsx）或 CSV 文件。旧版 .xls 文件请先在 Excel 中“另存为” .xlsx。'
const XLSX_MAGIC = [0x50, 0x4b] // a zip container

export async function readSpreadsheet(fileName: string, data: ArrayBuffer): Promise<ReadResult> {
  const bytes = new Uint8Array(data)
  if (bytes[0] === XLSX_MAGIC[0] && bytes[1] === XLSX_MAGIC[1]) return readXlsx(data)
  if (/\.csv$/i.test(fileName)) return { ok: true, sheets: [{ name: fileName, rows: parseCsv(decodeText(bytes)) }] }
  return { ok: false, error: UNREADABLE }
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return new TextDecoder('gb18030').decode(bytes)
  }
}

async function readXlsx(data: ArrayBuffer): Promise<ReadResult> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(data)
  } catch (error) {
    console.warn('xlsx load failed', error instanceof Error ? error.message : String(error))
    return { ok: false, error: UNREADABLE }
  }
  const sheets = workbook.worksheets.map((sheet) => ({ name: sheet.name, rows: sheetRows(sheet) }))
  return sheets.length ? { ok: true, sheets } : { ok: false, error: '这个工作簿里没有工作表。' }
}

function sheetRows(sheet: Worksheet): SheetCell[][] {
  const rows: SheetCell[][] = []
  const width = sheet.columnCount
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: SheetCell[] = []
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c)
      cells.push(plainCell(cell.isMerged ? cell.master.value : cell.value))
    }
    rows.push(cells)
  }
  return rows
}

function plainCell(value: CellValue): SheetCell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value && value.result !== undefined ? plainCell(value.result as CellValue) : null
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : null
  if ('error' in value) return null
  return null
}

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
