/**
 * Issue #12: a clerk's 人口台账 as clerks make them, built here with exceljs — title, 填报单位 and
 * date rows, a two-row header with merged group cells, a row of column numbers, formulas, a hidden
 * column, merged household cells, a 户主 是/否 column, full-width digits, a lowercase x, phones with
 * spaces/dashes/+86/area codes, dates in five shapes, relations by their common forms, several
 * categories in one cell, an exact repeat, a conflicting repeat, a row holding only merged
 * cells, and 合计/制表人/填表说明 footers → the exact preview; then the write (care records only
 * with the sensitive grant) and a second import that changes nothing.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyImport } from '../../shared/ledger/applyImport.js'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import { previewImport, type ImportOptions, type ImportPreview } from '../../shared/ledger/importRows.js'
import { text } from '../../shared/ledger/kind.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { readSpreadsheet, type Sheet } from '../../shared/ledger/spreadsheet.js'

const TODAY = '2026-11-23'
const AT = '2026-11-23T08:00:00.000Z'
const actor = { id: 'u1', name: '王网格' }
const pause = () => Promise.resolve()
const GRIDS = [{ id: 'g1', name: '第一网格', code: '01' }]

/** A valid ID number for a birth date; `x` asks for one whose check character is X. */
function idFor(birth: string, seq: number, x = false): string {
  for (let s = seq; s < seq + 200; s++) {
    const first17 = `320581${birth}${String(s).padStart(3, '0')}`
    const check = idCheckChar(first17)
    if ((check === 'X') === x) return first17 + check
  }
  throw new Error('no ID number')
}
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
const ID = {
  zhangWei: idFor('19700312', 11),
  liNa: idFor('19721105', 22, true),
  zhangXiao: idFor('20000101', 31),
  zhangLi: idFor('20030303', 42),
  wangFang: idFor('19550505', 62),
  liuQiang: idFor('19800101', 71),
  sun: idFor('19850102', 91),
}
const BAD_CHECK = ID.liuQiang.slice(0, 16) + '8' + idCheckChar(ID.liuQiang.slice(0, 16) + '8').replace(/./, (c) => (c === '0' ? '1' : '0'))

type Cell = string | number | Date | { formula: string; result: string | number } | null
// A 序号, B 户号, C 户主|姓名, D 户主|联系电话, E 现住址, F–L 成员信息: 姓名, 公民身份号码, 与户主关系, 是否户主, 手机号码, 出生日期, 类别; M 备注; N 工作单位 (hidden)
const ROWS: Record<number, Cell[]> = {
  6: [{ formula: 'ROW()-5', result: 1 }, 'H1', '张伟', '0512-52345678', { formula: '"一组"&"1号"', result: '一组1号' }, '张伟', fullWidth(ID.zhangWei), '', '是', '139 1234-5678', '1970.03.12', '党员；低保', '', '村办厂'],
  7: [{ formula: 'ROW()-5', result: 2 }, null, null, null, null, ' 李娜 ', ID.liNa.toLowerCase(), '妻', '', '+86 139-1234-5679', '1972/11/5', '退役军人、重残', '', ''],
  8: [{ formula: 'ROW()-5', result: 3 }, null, null, null, null, '张小明', ID.zhangXiao, '长子', '否', '(0512)52345679', '20000101', '留守儿童 外出务工', '', ''],
  9: [{ formula: 'ROW()-5', result: 4 }, null, null, null, null, '张丽', ID.zhangLi, '之女', '', '1381234', '2003年3月3日', '', '', ''],
  10: [5, 'H1', '张伟', '0512-52345678', '一组1号', ' 李娜 ', ID.liNa.toLowerCase(), '妻', '', '+86 139-1234-5679', '1972/11/5', '退役军人、重残', '', ''],
  11: [6, 'H2', '王芳', '', '二组5号', '王芳', ID.wangFang, '户主', '', '13800001111', new Date(Date.UTC(1955, 4, 5)), '特困;高龄老人', '', ''],
  12: [7, null, null, null, null, '刘强', ID.liuQiang, '儿子', '', '0512 5234 5680', '19800101', '', '', ''],
  13: [8, null, null, null, null, '刘强强', ID.liuQiang, '孙子', '', '', '', '', '', ''],
  14: [9, null, null, null, null, '赵六', BAD_CHECK, '儿媳', '', '', '', '', '', ''],
  15: [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  16: [10, 'H3', '孙七', '', '三组8号', '孙七', ID.sun, '本人', '', '', '', '刑满释放人员', '', ''],
  17: [],
  18: ['合计', '3户', '', '', '', '8人'],
  19: ['制表人：王五', '', '', '', '审核人：赵六', '', '', '', '', '2026年11月1日'],
  20: ['填表说明：1.身份证号请填写18位；2.类别可填多个'],
}

async function clerkWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('人口台账')
  sheet.getCell('A1').value = '青石村2026年人口台账'
  sheet.mergeCells('A1:N1')
  sheet.getCell('A2').value = '填报单位：青石村村委会'
  sheet.getCell('J2').value = '填报日期：2026年11月1日'
  sheet.getRow(3).values = ['序号', '户号', '户主', '户主', '现住址', '成员信息', '成员信息', '成员信息', '成员信息', '成员信息', '成员信息', '成员信息', '备注', '工作单位']
  sheet.getRow(4).values = ['序号', '户号', '姓名', '联系电话', '现住址', '姓名', '公民身份号码', '与户主关系', '是否户主', '手机号码', '出生日期', '类别', '备注', '工作单位']
  for (const range of ['C3:D3', 'F3:L3', 'A3:A4', 'B3:B4', 'E3:E4', 'M3:M4', 'N3:N4']) sheet.mergeCells(range)
  sheet.getRow(5).values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
  for (const [r, values] of Object.entries(ROWS)) sheet.getRow(Number(r)).values = values as ExcelJS.CellValue[]
  for (const col of ['B', 'C', 'D', 'E']) {
    sheet.mergeCells(`${col}6:${col}9`)
    sheet.mergeCells(`${col}11:${col}15`)
  }
  sheet.getColumn('N').hidden = true
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}

async function firstSheet(bytes: Uint8Array): Promise<Sheet> {
  const read = await readSpreadsheet('人口台账.xlsx', bytes)
  if (!read.ok) throw new Error(read.error)
  return read.sheets[0]!
}

function setup(withGrant: boolean) {
  const doc = new Y.Doc()
  const sensitive = new Y.Doc()
  const options: ImportOptions = { grids: GRIDS, docs: new Map([['g1', doc]]), sensitiveDocs: withGrant ? new Map([['g1', sensitive]]) : new Map(), defaultGridId: 'g1', today: TODAY }
  return { doc, sensitive, options }
}

function preview(sheet: Sheet, options: ImportOptions): ImportPreview {
  const result = previewImport(sheet.rows, { ...options, hidden: sheet.hidden, filled: sheet.filled })
  if (!result.ok) throw new Error(result.error)
  return result.preview
}

describe('a clerk’s 人口台账, as it is', () => {
  it('finds the two-row header under the title rows and reads every column, flag column and hidden column included', async () => {
    const p = preview(await firstSheet(await clerkWorkbook()), setup(true).options)
    expect(p.headerRows).toEqual([3, 4])
    expect(p.columns.map((c) => [c.column, c.label, c.hidden])).toEqual([
      ['B', '户·户编号', false],
      ['C', '户·户主姓名', false],
      ['D', '户·联系电话', false],
      ['E', '户·住址', false],
      ['F', '人·姓名', false],
      ['G', '人·身份证号', false],
      ['H', '人·与户主关系', false],
      ['I', '是否户主', false],
      ['J', '人·联系电话', false],
      ['K', '出生日期（与身份证号核对）', false],
      ['L', '人·人员类别', false],
      ['M', '人·备注', false],
      ['N', '人·工作单位', true],
    ])
    expect(p.ignored).toEqual([{ column: 'A', header: '序号', reason: '序号不导入' }])
    expect(p.unmapped).toEqual([])
  })

  it('does not take a 填报单位/date row for the upper half of a one-row header', () => {
    const result = previewImport(
      [
        ['青石村人口信息登记表', '', '', '', '', ''],
        ['填报单位：青石村村委会', '', '', '', '', '填报日期：2026年11月'],
        ['户号', '户主', '住址', '姓名', '身份证号', ''],
        ['H1', '是', '一组1号', '张伟', ID.zhangWei, ''],
      ],
      setup(false).options,
    )
    if (!result.ok) throw new Error(result.error)
    expect(result.preview.headerRows).toEqual([3])
    expect(result.preview.unmapped).toEqual([])
    expect(result.preview.rows).toMatchObject([{ row: 4, status: 'new', household: { headName: '张伟' } }])
  })

  it('previews every sheet row below the header once, with the values that will be written', async () => {
    const p = preview(await firstSheet(await clerkWorkbook()), setup(true).options)
    expect(p.rows.map((r) => r.row)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    const byRow = new Map(p.rows.map((r) => [r.row, r]))
    const row = (n: number) => byRow.get(n)!
    expect([5, 15, 17, 18, 19, 20].map((n) => [n, row(n).status, row(n).reasons])).toEqual([
      [5, 'skipped', ['列序号行']],
      [15, 'skipped', ['只有合并单元格带下来的内容']],
      [17, 'skipped', ['空行']],
      [18, 'skipped', ['表尾或说明行']],
      [19, 'skipped', ['表尾或说明行']],
      [20, 'skipped', ['表尾或说明行']],
    ])
    // Full-width digits, the 户主 是/否 column, phone with space and dash, a Chinese dot date, two categories.
    expect(row(6)).toMatchObject({
      status: 'new',
      reasons: [],
      household: { code: 'H1', headName: '张伟', address: '一组1号', grid: '第一网格' },
      resident: { name: '张伟', idNumber: ID.zhangWei, phone: '13912345678', relation: '户主' },
      flags: ['党员'],
      care: ['低保'],
    })
    // Lowercase x, 妻, +86, 1972/11/5, 重残 (a care category).
    expect(row(7)).toMatchObject({ status: 'new', resident: { name: '李娜', idNumber: ID.liNa, phone: '13912345679', relation: '配偶' }, flags: ['退役军人'], care: ['重度残疾'] })
    expect(row(8)).toMatchObject({ status: 'new', resident: { relation: '子女', phone: '0512-52345679' }, flags: ['留守儿童', '外出务工'] })
    // A 7-digit "phone" is refused; the rest of the household goes ahead.
    expect(row(9)).toMatchObject({ status: 'invalid', reasons: ['联系电话格式不正确（手机号为11位；座机须带区号，如 0571-12345678）'], resident: { relation: '子女' } })
    expect(row(10)).toMatchObject({ status: 'duplicate', reasons: ['与第7行完全相同，只导入一次'], resident: { idNumber: ID.liNa, phone: '13912345679' } })
    expect(row(9).resident.phone).toBe('1381234')
    // An Excel date cell checked against the ID number; 特困 → 特困供养.
    expect(row(11)).toMatchObject({ status: 'new', reasons: [], household: { code: 'H2', headName: '王芳', address: '二组5号' }, flags: ['高龄老人'], care: ['特困供养'] })
    expect(row(12)).toMatchObject({ status: 'invalid', reasons: ['与第13行身份证号相同但内容不同，请核对后只保留一行'] })
    expect(row(13)).toMatchObject({ status: 'invalid', reasons: ['与第12行身份证号相同但内容不同，请核对后只保留一行'] })
    expect(row(14)).toMatchObject({ status: 'invalid', reasons: ['身份证号校验位不正确'], resident: { relation: '儿媳' } })
    // 本人 = 户主; a special-population category is not created from a cell, and the row says so.
    expect(row(16)).toMatchObject({ status: 'new', resident: { relation: '户主' }, household: { code: 'H3', headName: '孙七' } })
    expect(row(16).reasons).toEqual(['“刑满释放人员”属于特殊人群，请在特殊人群台账中登记（管控状态、主管单位），本次未导入'])
    expect(p.summary).toEqual({ households: { new: 3, unchanged: 0, changed: 0 }, residents: { new: 5, unchanged: 0, changed: 0 }, invalid: 4, duplicate: 1, skipped: 6 })
  })

  it('writes households, residents and care records once; a second import changes nothing', async () => {
    const { doc, sensitive, options } = setup(true)
    const sheet = await firstSheet(await clerkWorkbook())
    const result = await applyImport(preview(sheet, options), options.docs, actor, AT, { pause, sensitiveDocs: options.sensitiveDocs })
    expect(result).toEqual({ households: { created: 3, updated: 0 }, residents: { created: 5, updated: 0, skipped: 0 }, care: { created: 3 } })
    const households = new Map(listRecords(doc, 'household', 'g1').map((h) => [text(h.values, 'householdNo'), h]))
    expect(households.get('H1')!.values).toEqual({ householdNo: 'H1', headName: '张伟', address: '一组1号', phone: '0512-52345678' })
    const residents = new Map(listRecords(doc, 'resident', 'g1').map((r) => [text(r.values, 'name'), r]))
    expect([...residents.keys()].sort()).toEqual(['孙七', '张伟', '张小明', '李娜', '王芳'].sort())
    expect(residents.get('张伟')!.values).toEqual({ name: '张伟', idNumber: ID.zhangWei, relation: '户主', phone: '13912345678', flags: ['党员'], employer: '村办厂', householdId: households.get('H1')!.id })
    expect(residents.get('李娜')!.values.householdId).toBe(households.get('H1')!.id)
    const care = listRecords(sensitive, 'careRecord', 'g1').map((c) => [residents.get([...residents].find(([, r]) => r.id === c.values.residentId)![0])!.values.name, c.values.category])
    expect(care.sort()).toEqual([['张伟', '低保'], ['李娜', '重度残疾'], ['王芳', '特困供养']].sort())

    const before = [Y.encodeStateVector(doc), Y.encodeStateVector(sensitive)]
    const again = preview(sheet, options)
    expect(again.summary).toEqual({ households: { new: 0, unchanged: 3, changed: 0 }, residents: { new: 0, unchanged: 5, changed: 0 }, invalid: 4, duplicate: 1, skipped: 6 })
    await applyImport(again, options.docs, actor, AT, { pause, sensitiveDocs: options.sensitiveDocs })
    expect([Y.encodeStateVector(doc), Y.encodeStateVector(sensitive)]).toEqual(before)
  })

  it('without the sensitive grant imports the rows without their care categories, says so, and writes nothing sensitive', async () => {
    const { sensitive, options } = setup(false)
    const p = preview(await firstSheet(await clerkWorkbook()), options)
    const row6 = p.rows.find((r) => r.row === 6)!
    expect(row6.status).toBe('new')
    expect(row6.reasons).toEqual(['“低保”属于敏感信息（关爱帮扶），你没有该网格敏感信息的编辑权限，本次未导入，其余内容照常导入'])
    expect(p.residents.every((r) => r.care.length === 0)).toBe(true)
    const result = await applyImport(p, options.docs, actor, AT, { pause, sensitiveDocs: options.sensitiveDocs })
    expect(result.care.created).toBe(0)
    expect(Y.encodeStateAsUpdate(sensitive)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()))
  })
})

describe('columns the rules do not know', () => {
  const rows = [
    ['户编号', '户主姓名', '门牌', '姓名', '身份证号', '文化程度'],
    ['H1', '张伟', '一组1号', '张伟', ID.zhangWei, '初中'],
  ]

  it('are listed for the user to map, and a remembered choice maps them next time', () => {
    const { options } = setup(false)
    const first = previewImport(rows, options)
    if (!first.ok) throw new Error(first.error)
    expect(first.preview.unmapped.map((c) => [c.column, c.header, c.samples])).toEqual([
      ['C', '门牌', ['一组1号']],
      ['F', '文化程度', ['初中']],
    ])
    expect(first.preview.rows[0]!.reasons).toEqual(['户信息：请填写住址'])
    const mapped = previewImport(rows, { ...options, saved: { 门牌: 'household.address', 文化程度: 'skip' } })
    if (!mapped.ok) throw new Error(mapped.error)
    expect(mapped.preview.unmapped).toEqual([])
    expect(mapped.preview.ignored).toEqual([{ column: 'F', header: '文化程度', reason: '已设为不导入' }])
    expect(mapped.preview.rows[0]).toMatchObject({ status: 'new', household: { address: '一组1号' } })
  })

  it('tells a 户主 column of names from a 户主 column of 是/否, and a 党员 是/否 column from a name', () => {
    const { options } = setup(false)
    const names = previewImport(
      [
        ['户号', '户主', '住址', '姓名', '身份证号', '党员'],
        ['H1', '张伟', '一组', '张伟', ID.zhangWei, '√'],
        ['H1', '张伟', '一组', '李娜', ID.liNa, ''],
      ],
      options,
    )
    if (!names.ok) throw new Error(names.error)
    expect(names.preview.columns.map((c) => c.label)).toEqual(['户·户编号', '户·户主姓名', '户·住址', '人·姓名', '人·身份证号', '类别·党员（是/否）'])
    expect(names.preview.rows.map((r) => [r.household.headName, r.flags])).toEqual([
      ['张伟', ['党员']],
      ['张伟', []],
    ])
    const flags = previewImport(
      [
        ['户号', '户主', '住址', '姓名', '身份证号'],
        ['H1', '否', '一组', '李娜', ID.liNa],
        ['H1', '是', '一组', '张伟', ID.zhangWei],
      ],
      options,
    )
    if (!flags.ok) throw new Error(flags.error)
    // The head is the person marked 是, whatever the order; nobody is named "是".
    expect(flags.preview.rows.map((r) => [r.row, r.household.headName, r.resident.relation])).toEqual([
      [2, '张伟', ''],
      [3, '张伟', '户主'],
    ])
    expect(flags.preview.households.map((h) => h.values.headName)).toEqual(['张伟'])
  })
})
