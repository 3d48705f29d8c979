/**
 * Export → import round trips (.xlsx and CSV) reproduce the same records; ID numbers masked
 * unless asked for in full; CSV quoting (RFC 4180), BOM and formula-injection protection.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readSpreadsheet, writeWorkbook, writeXlsx } from '../../client/app/ledger/xlsx.js'
import { applyImport } from '../../shared/ledger/applyImport.js'
import { parseCsv, toCsv } from '../../shared/ledger/csv.js'
import { exportRoster, exportRows, type ExportTable } from '../../shared/ledger/exportRows.js'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import { previewImport } from '../../shared/ledger/importRows.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { text, type LedgerRecord } from '../../shared/ledger/kind.js'
import { appendFact, createRecord, listRecords } from '../../shared/ledger/ledgerDoc.js'

const TODAY = '2026-11-23'
const AT = '2026-11-23T08:00:00.000Z'
const actor = { id: 'u1', name: '王网格' }
const pause = () => Promise.resolve()
const id = (first17: string) => first17 + idCheckChar(first17)
const GRIDS = [{ id: 'g1', name: '第一网格', code: '01' }]

/** A small ledger with the awkward values a real one has: commas, quotes, line breaks, a leading =. */
function sampleLedger(): Y.Doc {
  const doc = new Y.Doc()
  const h1 = createRecord(doc, household, { householdNo: 'H2', headName: '张伟', address: '一组1号, 东侧', villagerGroup: '一组', phone: '0512-52345678', flags: ['低保户', '独居空巢'], note: '户主说："下月搬家"\n需回访' }, actor, AT)
  const h2 = createRecord(doc, household, { householdNo: 'H10', headName: '李强', address: '二组3号', housingSafety: '危房' }, actor, AT)
  createRecord(doc, household, { householdNo: 'H11', headName: '空户', address: '三组1号' }, actor, AT)
  createRecord(doc, resident, { name: '张伟', idNumber: id('32058119700312001'), householdId: h1, relation: '户主', phone: '13912345678', flags: ['党员', '退役军人'], residenceType: '户籍' }, actor, AT)
  createRecord(doc, resident, { name: '李娜', idNumber: id('32058119721105002'), householdId: h1, relation: '配偶', note: '=HYPERLINK("http://x")' }, actor, AT)
  createRecord(doc, resident, { name: '李强', idNumber: id('32058119650101007'), householdId: h2, relation: '户主', employer: '-外出务工-' }, actor, AT)
  createRecord(doc, resident, { name: '流动人员甲', idNumber: id('41152619900909003'), residenceType: '流动', origin: '河南省信阳市' }, actor, AT)
  return doc
}

function householdsByNo(doc: Y.Doc): Map<string, Record<string, unknown>> {
  return new Map(listRecords(doc, 'household', 'g1').map((h) => [text(h.values, 'householdNo'), h.values]))
}

/** Residents by ID number, with the household link shown as its 户编号 (ids differ between docs). */
function residentsById(doc: Y.Doc): Map<string, Record<string, unknown>> {
  const no = new Map(listRecords(doc, 'household', 'g1').map((h) => [h.id, text(h.values, 'householdNo')]))
  return new Map(
    listRecords(doc, 'resident', 'g1').map((r) => {
      const { householdId, ...rest } = r.values
      return [text(r.values, 'idNumber'), householdId ? { ...rest, household: no.get(String(householdId)) } : rest]
    }),
  )
}

async function importInto(doc: Y.Doc, fileName: string, data: ArrayBuffer) {
  const read = await readSpreadsheet(fileName, data)
  if (!read.ok) throw new Error(read.error)
  const sheet = read.sheets[0]!
  const result = previewImport(sheet.rows, { grids: GRIDS, docs: new Map([['g1', doc]]), defaultGridId: 'g1', today: TODAY, hidden: sheet.hidden, filled: sheet.filled })
  if (!result.ok) throw new Error(result.error)
  expect(result.preview.unmapped).toEqual([])
  await applyImport(result.preview, new Map([['g1', doc]]), actor, AT, { pause })
  return result.preview
}

const asCsvFile = (table: ExportTable) => new TextEncoder().encode(toCsv(table.headers, table.rows)).buffer as ArrayBuffer
const asXlsxFile = (table: ExportTable) => writeXlsx({ ...table, title: '青石村  第一网格  户籍人口台账  2026-11-23' }, '户籍人口台账')
const gridName = (id: string) => GRIDS.find((g) => g.id === id)?.name ?? ''

describe('export → import round trip', () => {
  for (const [format, file] of [
    ['xlsx', asXlsxFile],
    ['csv', asCsvFile],
  ] as const) {
    it(`reproduces households, residents and their links through the ${format} roster`, async () => {
      const source = sampleLedger()
      const lists = { h: listRecords(source, 'household', 'g1'), r: listRecords(source, 'resident', 'g1') }
      const roster = exportRoster(lists.h, lists.r, TODAY, { fullIdNumbers: true, gridName })
      const target = new Y.Doc()
      const preview = await importInto(target, `名册.${format}`, await file(roster))
      expect(preview.summary).toMatchObject({ invalid: 0, duplicate: 0, residents: { new: 4 }, households: { new: 3 } })
      expect(householdsByNo(target)).toEqual(householdsByNo(source))
      expect(residentsById(target)).toEqual(residentsById(source))

      // The same export imported back into the ledger it came from changes nothing.
      const before = Y.encodeStateVector(source)
      const again = await importInto(source, `名册.${format}`, await file(roster))
      expect(again.summary).toEqual({ residents: { new: 0, changed: 0, unchanged: 4 }, households: { new: 0, changed: 0, unchanged: 3 }, invalid: 0, duplicate: 0, skipped: 0 })
      expect(Y.encodeStateVector(source)).toEqual(before)
    })

    it(`reproduces a plain household table and a resident table exported to ${format}`, async () => {
      const source = sampleLedger()
      const households = listRecords(source, 'household', 'g1')
      const target = new Y.Doc()
      await importInto(target, `户.${format}`, await file(exportRows(household, households, TODAY, { fullIdNumbers: false, gridName })))
      expect(householdsByNo(target)).toEqual(householdsByNo(source))

      const lookup = (kind: string, ref: string) => (kind === 'household' ? `${text(households.find((h) => h.id === ref)?.values ?? {}, 'headName')}户` : ref)
      const residentTable = exportRows(resident, listRecords(source, 'resident', 'g1'), TODAY, { fullIdNumbers: true, lookup, gridName, household: (id) => households.find((h) => h.id === id) })
      // The household columns of a resident export bring the households (and links) along.
      const preview = await importInto(target, `人.${format}`, await file(residentTable))
      expect(preview.ignored).toContainEqual({ column: 'N', header: '所属户', reason: '由户编号关联，不单独导入' })
      expect(residentsById(target)).toEqual(residentsById(source))

      // Each export imported back into the ledger it came from changes nothing.
      const before = Y.encodeStateVector(source)
      for (const table of [exportRows(household, households, TODAY, { fullIdNumbers: false, gridName }), residentTable]) {
        const again = await importInto(source, `表.${format}`, await file(table))
        expect(again.summary).toMatchObject({ households: { new: 0, changed: 0 }, residents: { new: 0, changed: 0 }, invalid: 0 })
      }
      expect(Y.encodeStateVector(source)).toEqual(before)
    })
  }
})

describe('export tables', () => {
  it('lists the kind’s columns first (derived ones computed, refs resolved), then every other field', () => {
    const doc = sampleLedger()
    const households = listRecords(doc, 'household', 'g1')
    const lookup = (kind: string, ref: string) => (kind === 'household' ? `${text(households.find((h) => h.id === ref)!.values, 'headName')}户` : '')
    const residents = listRecords(doc, 'resident', 'g1').filter((r) => r.values.name === '张伟')
    const options = { lookup, gridName, household: (hid: string) => households.find((h) => h.id === hid) }
    const table = exportRows(resident, residents, TODAY, { fullIdNumbers: false, ...options })
    expect(table.headers).toEqual(['序号', '网格', '户编号', '住址', '户主', '姓名', '身份证号', '性别', '年龄', '与户主关系', '联系电话', '人口类型', '人员类别', '所属户', '户籍地/来源地', '工作单位', '租住的出租屋', '来本村日期', '离开日期', '居住证', '备注', '出生日期', '在村情况'])
    // 序号 and 年龄 are numbers; ID numbers and phones text.
    expect(table.rows).toEqual([[1, '第一网格', 'H2', '一组1号, 东侧', '张伟', '张伟', '320***********' + id('32058119700312001').slice(-4), '男', 56, '户主', '13912345678', '户籍', '党员、退役军人', '张伟户', '', '', '', '', '', '', '', '1970-03-12', '']])
    const full = exportRows(resident, residents, TODAY, { fullIdNumbers: true, ...options })
    expect(full.rows[0]![6]).toBe(id('32058119700312001'))
  })

  it('adds the derived status of workflow kinds', () => {
    const doc = new Y.Doc()
    const rid = createRecord(doc, incident, { title: '路灯不亮', description: '三组路口', occurredAt: '2026-11-01', channel: '网格巡查', workType: '一般性', reporter: '王网格', deadline: '2026-11-10' }, actor, AT)
    appendFact(doc, 'incident', rid, { action: 'accept', by: 'u1', byName: '王网格', at: '2026-11-02T01:00:00.000Z' })
    const table = exportRows(incident, listRecords(doc, 'incident', 'g1'), TODAY, { fullIdNumbers: false })
    expect(table.headers.at(-1)).toBe('状态')
    expect(table.rows[0]!.at(-1)).toBe('已受理')
  })

  it('refuses masked ID numbers on import, with the way to get full ones', async () => {
    const doc = sampleLedger()
    const masked = exportRows(resident, listRecords(doc, 'resident', 'g1'), TODAY, { fullIdNumbers: false })
    const read = await readSpreadsheet('人.csv', asCsvFile(masked))
    if (!read.ok) throw new Error(read.error)
    const result = previewImport(read.sheets[0]!.rows, { grids: GRIDS, docs: new Map([['g1', new Y.Doc()]]), defaultGridId: 'g1', today: TODAY })
    if (!result.ok) throw new Error(result.error)
    expect(new Set(result.preview.rows.flatMap((r) => r.reasons))).toEqual(new Set(['身份证号已打码，不能导入（导出时请勾选“含完整身份证号”）']))
  })

  it('writes .xlsx with a bold, frozen header row, text cells and widths that fit', async () => {
    const data = await writeXlsx({ headers: ['姓名', '备注'], rows: [['张伟', '=1+1 这是一段很长的备注文字']] }, '人/员')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(data)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('人 员')
    expect(sheet.getRow(1).font?.bold).toBe(true)
    expect(sheet.getCell('B2').value).toBe('=1+1 这是一段很长的备注文字')
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.String)
    expect(sheet.getColumn(1).width).toBe(8 + 2)
    // 5 Latin + 11 CJK characters (two widths each) + 2 of padding.
    expect(sheet.getColumn(2).width).toBe(29)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })
})

describe('the 户籍人口台账 workbook a township accepts', () => {
  it('has one sheet per grid named after it, a title row, numbers as numbers, A4 landscape with title and header repeated on every page', async () => {
    const g1 = sampleLedger()
    const g2 = new Y.Doc()
    createRecord(g2, household, { householdNo: 'B1', headName: '赵敏', address: '五组1号' }, actor, AT)
    const grids = [...GRIDS, { id: 'g2', name: '第二网格', code: '02' }]
    const name = (gid: string) => grids.find((g) => g.id === gid)!.name
    const sheets = [
      { grid: 'g1', doc: g1 },
      { grid: 'g2', doc: g2 },
    ].map(({ grid, doc }) => ({
      name: name(grid),
      table: { ...exportRoster(listRecords(doc, 'household', grid), listRecords(doc, 'resident', grid), TODAY, { fullIdNumbers: true, gridName: name }), title: `青石村  ${name(grid)}  户籍人口台账  ${TODAY}` },
    }))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await writeWorkbook(sheets))
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['第一网格', '第二网格'])
    const sheet = workbook.worksheets[0]!
    expect(sheet.getCell('A1').value).toBe('青石村  第一网格  户籍人口台账  2026-11-23')
    expect(sheet.getCell('A1').isMerged).toBe(true)
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['序号', '网格', '户编号', '户主姓名', '住址', '姓名', '身份证号']))
    expect(sheet.getCell('A3').value).toBe(1)
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.Number)
    expect(sheet.getCell('B3').value).toBe('第一网格')
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:2' })
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })

    // Read back, each sheet re-imports into its own grid and changes nothing.
    const read = await readSpreadsheet('青石村-户籍人口台账.xlsx', await writeWorkbook(sheets))
    if (!read.ok) throw new Error(read.error)
    const docs = new Map([
      ['g1', g1],
      ['g2', g2],
    ])
    const before = [Y.encodeStateVector(g1), Y.encodeStateVector(g2)]
    for (const s of read.sheets) {
      const result = previewImport(s.rows, { grids, docs, defaultGridId: null, today: TODAY, filled: s.filled })
      if (!result.ok) throw new Error(result.error)
      expect(result.preview.headerRows).toEqual([2])
      expect(result.preview.summary).toMatchObject({ households: { new: 0, changed: 0 }, residents: { new: 0, changed: 0 }, invalid: 0 })
      await applyImport(result.preview, docs, actor, AT, { pause })
    }
    expect([Y.encodeStateVector(g1), Y.encodeStateVector(g2)]).toEqual(before)
  })
})

describe('CSV', () => {
  it('writes a BOM, CRLF lines, RFC 4180 quoting and defuses formulas', () => {
    const csv = toCsv(['名称', '备注'], [
      ['a,b', 'say "hi"'],
      ['line1\nline2', '=SUM(A1:A9)'],
      ['+86 139', '@cmd'],
      ['-2', '普通'],
    ])
    expect(csv).toBe('\uFEFF名称,备注\r\n"a,b","say ""hi"""\r\n"line1\nline2",\'=SUM(A1:A9)\r\n\'+86 139,\'@cmd\r\n\'-2,普通\r\n')
    expect(parseCsv(csv)).toEqual([
      ['名称', '备注'],
      ['a,b', 'say "hi"'],
      ['line1\nline2', "'=SUM(A1:A9)"],
      ["'+86 139", "'@cmd"],
      ["'-2", '普通'],
    ])
  })

  it('reads CSV saved as GB18030 by Excel on Chinese Windows', async () => {
    // "姓名,身份证号" in GB18030
    const bytes = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x0d, 0x0a])
    const read = await readSpreadsheet('名单.csv', bytes.buffer)
    expect(read).toEqual({ ok: true, sheets: [{ name: '名单', rows: [['姓名', '身份证号']], hidden: new Set(), filled: new Set() }] })
  })

  it('keeps records intact whose text only looked like a formula', () => {
    const record: LedgerRecord = { id: 'r', kind: 'household', gridId: 'g1', values: { householdNo: '-1', headName: '@张', address: '+1号' }, createdBy: '', createdAt: '', facts: [] }
    const table = exportRows(household, [record], TODAY, { fullIdNumbers: false })
    const rows = parseCsv(toCsv(table.headers, table.rows))
    const result = previewImport(rows, { grids: GRIDS, docs: new Map([['g1', new Y.Doc()]]), defaultGridId: 'g1', today: TODAY })
    if (!result.ok) throw new Error(result.error)
    expect(result.preview.households[0]!.values).toEqual({ householdNo: '-1', headName: '@张', address: '+1号' })
  })
})
