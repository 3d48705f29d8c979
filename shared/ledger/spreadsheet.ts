/**
 * Spreadsheet files → rows of cells, for the browser import and `npm run ledger:import` alike.
 * exceljs is imported only when a workbook is read (a dynamic import keeps it out of the main
 * bundle). Merged cells are filled with their master's value over every cell they span (户籍
 * sheets merge 户编号/户主/住址 down over the members), and the filled cells are listed so a row
 * holding nothing else can be skipped. Hidden columns are read like the others and marked.
 * Formulas give their cached result.
 *
 * Formats (issue #12 item 7): .xlsx (also as saved by WPS); CSV as UTF-8 (with or without BOM)
 * or GB18030 (Excel and WPS on Chinese Windows): bytes that are not valid UTF-8 are read as
 * GB18030. Excel 97–2003 .xls (an OLE2 compound file) is refused with how to save it as .xlsx:
 * the only npm parser for it (SheetJS `xlsx` 0.18.5) has unpatched advisories.
 */
import type { CellValue, Worksheet } from 'exceljs'
import { parseCsv } from './csv.js'
import type { SheetCell } from './importCells.js'

export type Sheet = { name: string; rows: SheetCell[][]; hidden: Set<number>; filled: Set<string> }
export type ReadResult = { ok: true; sheets: Sheet[] } | { ok: false; error: string }

export const UNREADABLE = '无法读取这个文件：请选择 Excel 工作簿（.xlsx）或 CSV 文件。'
export const XLS_REFUSED =
  '这是旧版 Excel 97–2003 文件（.xls），不能直接导入。请用 Excel 或 WPS 打开它，点“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再导入新保存的 .xlsx 文件。'
const ZIP_MAGIC = [0x50, 0x4b]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]

export async function readSpreadsheet(fileName: string, data: ArrayBuffer | Uint8Array): Promise<ReadResult> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  if (startsWith(bytes, ZIP_MAGIC)) return readXlsx(bytes)
  if (startsWith(bytes, OLE_MAGIC) || /\.xls$/i.test(fileName)) return { ok: false, error: XLS_REFUSED }
  if (/\.(csv|txt)$/i.test(fileName)) return { ok: true, sheets: [{ name: fileName.replace(/\.[^.]+$/, ''), rows: parseCsv(decodeText(bytes)), hidden: new Set(), filled: new Set() }] }
  return { ok: false, error: UNREADABLE }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM says so outright), else GB18030. */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return new TextDecoder('gb18030').decode(bytes)
  }
}

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs wants an ArrayBuffer-backed buffer; copy out exactly these bytes.
    await workbook.xlsx.load(bytes.slice().buffer)
  } catch (error) {
    console.warn('xlsx load failed', error instanceof Error ? error.message : String(error))
    return { ok: false, error: `${UNREADABLE}这个文件可能已损坏，或不是 Excel 工作簿。` }
  }
  const sheets = workbook.worksheets.filter((sheet) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden').map(readSheet)
  return sheets.length ? { ok: true, sheets } : { ok: false, error: '这个工作簿里没有工作表。' }
}

function readSheet(sheet: Worksheet): Sheet {
  const rows: SheetCell[][] = []
  const filled = new Set<string>()
  const hidden = new Set<number>()
  const width = sheet.columnCount
  for (let c = 1; c <= width; c++) if (sheet.getColumn(c).hidden) hidden.add(c - 1)
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: SheetCell[] = []
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c)
      const fromMaster = cell.isMerged && cell.master !== cell
      if (fromMaster && cell.master.value !== null && cell.master.value !== undefined) filled.add(`${r - 1},${c - 1}`)
      cells.push(plainCell(fromMaster ? cell.master.value : cell.value))
    }
    rows.push(cells)
  }
  return { name: sheet.name, rows, hidden, filled }
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
