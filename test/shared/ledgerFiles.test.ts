/**
 * Files as clerks have them (issue #12 item 7): CSV saved as GB18030 by Excel/WPS on Chinese
 * Windows, UTF-8 with and without a BOM, a WPS-saved .xlsx (inline strings, numbers stored as
 * text, WPS's app properties), and an Excel 97–2003 .xls, which is refused with how to convert it.
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import { previewImport } from '../../shared/ledger/importRows.js'
import { readSpreadsheet, XLS_REFUSED } from '../../shared/ledger/spreadsheet.js'

const TODAY = '2026-11-23'
const id = (first17: string) => first17 + idCheckChar(first17)
const ID_A = id('32058119700312001')
const ID_B = id('32058119721105002')
const CSV = `青石村人口台账\r\n户号,户主,住址,姓名,身份证号,关系,电话\r\nH1,张伟,一组1号,张伟,${ID_A},户主,139 1234 5678\r\nH1,张伟,一组1号,李娜,${ID_B},妻,\r\n制表人：王五\r\n`

/** GB18030 bytes of a string, from the decoder's own table (Node has no GB18030 encoder). */
function gb18030(text: string): Uint8Array {
  const table = new Map<string, number[]>()
  const decoder = new TextDecoder('gb18030')
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      const ch = decoder.decode(new Uint8Array([lead, trail]))
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail])
    }
  const bytes: number[] = []
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0))
    else {
      const encoded = table.get(ch)
      if (!encoded) throw new Error(`no GB18030 bytes for ${ch}`)
      bytes.push(...encoded)
    }
  }
  return new Uint8Array(bytes)
}

function previewOf(rows: Parameters<typeof previewImport>[0]) {
  const result = previewImport(rows, { grids: [{ id: 'g1', name: '第一网格', code: '01' }], docs: new Map([['g1', new Y.Doc()]]), defaultGridId: 'g1', today: TODAY })
  if (!result.ok) throw new Error(result.error)
  return result.preview
}

describe('CSV encodings', () => {
  it('builds a GB18030 file that is not valid UTF-8', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb18030(CSV))).toThrow(TypeError)
  })

  for (const [label, bytes] of [
    ['GB18030', gb18030(CSV)],
    ['UTF-8', new TextEncoder().encode(CSV)],
    ['UTF-8 with BOM', new TextEncoder().encode(`\uFEFF${CSV}`)],
  ] as const) {
    it(`reads ${label} to the same rows`, async () => {
      const read = await readSpreadsheet('人口台账.csv', bytes)
      if (!read.ok) throw new Error(read.error)
      const p = previewOf(read.sheets[0]!.rows)
      expect(p.rows.map((r) => [r.row, r.status, r.resident.name, r.resident.relation, r.resident.phone])).toEqual([
        [3, 'new', '张伟', '户主', '13912345678'],
        [4, 'new', '李娜', '配偶', ''],
        [5, 'skipped', '', '', ''],
      ])
    })
  }
})

describe('a WPS-saved workbook', () => {
  it('reads inline strings and numbers stored as text', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Sheet1')
    sheet.addRow(['户号', '户主', '住址', '姓名', '身份证号', '电话'])
    sheet.addRow(['H1', '张伟', '一组1号', '张伟', ID_A, '13912345678'])
    const zip = await JSZip.loadAsync((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
    zip.file('docProps/app.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>WPS 表格</Application></Properties>')
    // WPS writes some cells as inline strings instead of shared strings.
    const path = 'xl/worksheets/sheet1.xml'
    const xml = (await zip.file(path)!.async('string')).replace(/<c r="D2"([^>]*) t="s"><v>\d+<\/v><\/c>/, '<c r="D2"$1 t="inlineStr"><is><t>张伟</t></is></c>')
    expect(xml).toContain('inlineStr')
    zip.file(path, xml)
    const read = await readSpreadsheet('wps.xlsx', await zip.generateAsync({ type: 'uint8array' }))
    if (!read.ok) throw new Error(read.error)
    const p = previewOf(read.sheets[0]!.rows)
    expect(p.rows.map((r) => [r.status, r.resident.name, r.resident.idNumber, r.resident.phone])).toEqual([['new', '张伟', ID_A, '13912345678']])
  })
})

describe('Excel 97–2003 .xls', () => {
  it('is refused with how to save it as .xlsx in Excel or WPS', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)])
    expect(await readSpreadsheet('人口台账.xls', ole)).toEqual({ ok: false, error: XLS_REFUSED })
    expect(XLS_REFUSED).toContain('另存为')
    expect(XLS_REFUSED).toContain('Excel 工作簿（*.xlsx）')
  })
})
