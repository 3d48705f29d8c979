/**
 * Household/resident import from a messy 户籍 spreadsheet built with exceljs: a merged title row
 * above the header, header aliases and decorations, merged household cells, blank rows, bad ID
 * numbers, a numeric ID cell, duplicates, contradictions → the exact preview; then apply,
 * re-import (nothing changes), and one changed cell (exactly one update).
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readSpreadsheet, type Sheet } from '../../shared/ledger/spreadsheet.js'
import { applyImport } from '../../shared/ledger/applyImport.js'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import { previewImport, type ImportOptions } from '../../shared/ledger/importRows.js'
import { createRecord, listRecords } from '../../shared/ledger/ledgerDoc.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { text } from '../../shared/ledger/kind.js'

const TODAY = '2026-11-23'
const actor = { id: 'u1', name: '王网格' }
const AT = '2026-11-23T08:00:00.000Z'
const pause = () => Promise.resolve()

/** A valid ID number from its first 17 digits. */
const id = (first17: string) => first17 + idCheckChar(first17)
const ID = {
  A: id('32058119700312001'),
  B: id('32058119721105002'),
  C: id('32058120000101003'),
  D: id('32058119680808005'),
  E: id('32058119550505007'),
  F: id('32058120030303004'),
  G: id('32058119620615009'),
  H: id('32058119850102001'),
  I: id('32058119900909003'),
  J: id('32058120100110002'),
  K: id('32058119781111005'),
}
const BAD_CHECK = ID.A.slice(0, 17) + (ID.A[17] === '0' ? '1' : '0')
const BAD_DATE = id('32058119900230004')

type Row = (string | number | null)[]
// A 序号, B 户号, C 户主, D 家庭住址, E 组别, F 姓名, G 身份证号码（必填）, H 关系*, I 手机号, J 出生日期, K 民族
const HEADER: Row = ['序号', '户号', ' 户 主 ', '家庭住址', '组别', '姓名', '身份证号码（必填）', '关系*', '手机号', '出生日期', '民族']
const DATA: Record<number, Row> = {
  3: [1, 'H001', '张伟', '一组1号', '一组', '张伟', ID.A, '户主', '13912345678', null, '汉'],
  4: [2, null, null, null, null, '李娜', ID.B, '配偶', null, null, '汉'],
  5: [3, null, null, null, null, '张小明', ID.C, '子女', null, null, '汉'],
  6: [4, null, null, null, null, null, null, null, null, null, null],
  7: [5, 'H002', '王芳', '二组5号', '二组', '王芳', BAD_CHECK, '户主', null, null, '汉'],
  8: [6, 'H002', '王芳', '二组5号', '二组', '刘强', ID.D, '配偶', '139123', null, '汉'],
  9: [7, 'H003', '赵敏', null, '三组', '赵敏', ID.E, '户主', null, null, '汉'],
  10: [8, 'H001', '张三', '一组1号', '一组', '张丽', ID.F, '子女', null, null, '汉'],
  11: [9, 'H004', '陈刚', '四组8号', '四组', '陈刚', ID.G, '户主', '13800001111', null, '汉'],
  12: [10, null, null, null, null, '孙丽', BAD_DATE, '配偶', null, null, '汉'],
  13: [11, null, null, null, null, '周杰', ID.H, '子女', null, '1985-01-01', '汉'],
  14: [12, null, null, null, null, '陈小', ID.C, '孙子女', null, null, '汉'],
  15: [13, null, null, null, null, '陈二', ID.I, '表哥', null, null, '汉'],
  16: [14, null, null, null, null, null, ID.J, '子女', null, null, '汉'],
  17: [null, '  ', null, null, null, ' ', null, null, null, null, null],
  18: [15, 'H005', null, '五组2号', '五组', '吴磊', ID.K, '户主', null, '1978/11/11', '汉'],
  // An ID number typed into a number cell: Excel keeps 15 significant digits.
  19: [16, 'H005', null, '五组2号', '五组', '吴小', Number('110101200501011234'), '子女', null, null, '汉'],
}
const MERGED_HOUSEHOLDS = [
  [3, 5],
  [11, 16],
]

async function messyWorkbook(edit: (rows: Record<number, Row>) => void = () => undefined): Promise<ArrayBuffer> {
  const rows = structuredClone(DATA)
  edit(rows)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('户籍')
  sheet.getCell('A1').value = '青石村第一网格户籍台账'
  sheet.mergeCells('A1:K1')
  sheet.getRow(2).values = HEADER
  for (const [r, values] of Object.entries(rows)) sheet.getRow(Number(r)).values = values
  for (const [from, to] of MERGED_HOUSEHOLDS) for (const col of ['B', 'C', 'D', 'E']) sheet.mergeCells(`${col}${from}:${col}${to}`)
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer
}

async function firstSheet(data: ArrayBuffer): Promise<Sheet> {
  const read = await readSpreadsheet('户籍.xlsx', data)
  if (!read.ok) throw new Error(read.error)
  return read.sheets[0]!
}

function setup(): ImportOptions & { doc: Y.Doc } {
  const doc = new Y.Doc()
  return { doc, grids: [{ id: 'g1', name: '第一网格', code: '01' }], docs: new Map([['g1', doc]]), defaultGridId: 'g1', today: TODAY }
}

function preview(sheet: Sheet, options: ImportOptions) {
  const result = previewImport(sheet.rows, { ...options, hidden: sheet.hidden, filled: sheet.filled })
  if (!result.ok) throw new Error(result.error)
  return result.preview
}

describe('import of a messy 户籍 spreadsheet', () => {
  it('previews every row exactly: creates, and each bad row with its Excel row number and reasons', async () => {
    const options = setup()
    const p = preview(await firstSheet(await messyWorkbook()), options)
    expect(p.headerRows).toEqual([2])
    expect(p.ignored).toEqual([{ column: 'A', header: '序号', reason: '序号不导入' }])
    // 民族 holds data the rules do not know: the user must map it or set it to 不导入.
    expect(p.unmapped).toEqual([{ column: 'K', header: '民族', key: '民族', samples: ['汉'] }])
    expect(p.rows.map((r) => [r.row, r.resident.name, r.household.code, r.status, r.reasons])).toEqual([
      [3, '张伟', 'H001', 'new', []],
      [4, '李娜', 'H001', 'new', []],
      [5, '张小明', 'H001', 'invalid', ['与第14行身份证号相同但内容不同，请核对后只保留一行']],
      [6, '', '', 'skipped', ['没有要导入的内容']],
      [7, '王芳', 'H002', 'invalid', ['身份证号校验位不正确']],
      [8, '刘强', 'H002', 'invalid', ['联系电话格式不正确（手机号为11位；座机须带区号，如 0571-12345678）']],
      [9, '赵敏', 'H003', 'invalid', ['户信息：请填写住址']],
      [10, '张丽', 'H001', 'invalid', ['户主姓名与同户第3行不一致（“张伟”≠“张三”）']],
      [11, '陈刚', 'H004', 'new', []],
      [12, '孙丽', 'H004', 'invalid', ['身份证号中的出生日期无效']],
      [13, '周杰', 'H004', 'invalid', ['出生日期与身份证号不符（身份证号中为 1985-01-02）']],
      [14, '陈小', 'H004', 'invalid', ['与第5行身份证号相同但内容不同，请核对后只保留一行']],
      [15, '陈二', 'H004', 'invalid', ['与户主关系应为：户主、配偶、子女、父母、孙子女、兄弟姐妹、儿媳、女婿、其他']],
      [16, '', 'H004', 'invalid', ['请填写姓名']],
      [17, '', '', 'skipped', ['空行']],
      [18, '吴磊', 'H005', 'new', []],
      [19, '吴小', 'H005', 'invalid', ['身份证号被存成了数字，后几位已丢失：请把该列设为“文本”格式后重新填写']],
    ])
    expect(p.summary).toEqual({ households: { new: 3, unchanged: 0, changed: 0 }, residents: { new: 4, unchanged: 0, changed: 0 }, invalid: 11, duplicate: 0, skipped: 2 })
    // Nothing is written by a preview.
    expect(listRecords(options.doc, 'resident', 'g1')).toEqual([])
  })

  it('applies the valid rows, then a second import of the same file changes nothing', async () => {
    const options = setup()
    const sheet = await firstSheet(await messyWorkbook())
    const result = await applyImport(preview(sheet, options), options.docs, actor, AT, { pause })
    expect(result).toEqual({ households: { created: 3, updated: 0 }, residents: { created: 4, updated: 0, skipped: 0 }, care: { created: 0 } })
    const households = listRecords(options.doc, 'household', 'g1')
    const residents = listRecords(options.doc, 'resident', 'g1')
    const byNo = new Map(households.map((h) => [text(h.values, 'householdNo'), h]))
    expect([...byNo.keys()].sort()).toEqual(['H001', 'H004', 'H005'])
    expect(byNo.get('H001')!.values).toEqual({ householdNo: 'H001', headName: '张伟', address: '一组1号', villagerGroup: '一组' })
    // 户主 left blank: the member whose relation is 户主 heads the household.
    expect(byNo.get('H005')!.values.headName).toBe('吴磊')
    expect(byNo.get('H001')!.createdBy).toBe('王网格')
    const members = (name: string) => residents.find((r) => r.values.name === name)!
    expect(members('张伟').values).toEqual({ name: '张伟', idNumber: ID.A, relation: '户主', phone: '13912345678', householdId: byNo.get('H001')!.id })
    expect(members('李娜').values.householdId).toBe(byNo.get('H001')!.id)
    expect(members('陈刚').values.householdId).toBe(byNo.get('H004')!.id)
    expect(residents.map((r) => r.values.name).sort()).toEqual(['吴磊', '张伟', '李娜', '陈刚'].sort())

    const before = Y.encodeStateVector(options.doc)
    const again = preview(sheet, options)
    expect(again.summary).toEqual({ households: { new: 0, unchanged: 3, changed: 0 }, residents: { new: 0, unchanged: 4, changed: 0 }, invalid: 11, duplicate: 0, skipped: 2 })
    await applyImport(again, options.docs, actor, AT, { pause })
    expect(Y.encodeStateVector(options.doc)).toEqual(before)
    expect(listRecords(options.doc, 'resident', 'g1')).toHaveLength(4)
  })

  it('turns one changed cell into exactly one update', async () => {
    const options = setup()
    await applyImport(preview(await firstSheet(await messyWorkbook()), options), options.docs, actor, AT, { pause })
    const changed = preview(await firstSheet(await messyWorkbook((rows) => (rows[4]![8] = '13700001111'))), options)
    expect(changed.rows.filter((r) => r.status === 'changed').map((r) => [r.row, r.changed])).toEqual([[4, ['联系电话']]])
    expect(changed.summary).toMatchObject({ residents: { new: 0, changed: 1, unchanged: 3 }, households: { new: 0, changed: 0, unchanged: 3 } })
    expect(await applyImport(changed, options.docs, actor, AT, { pause })).toEqual({ households: { created: 0, updated: 0 }, residents: { created: 0, updated: 1, skipped: 0 }, care: { created: 0 } })
    const lina = listRecords(options.doc, 'resident', 'g1').find((r) => r.values.name === '李娜')!
    expect(lina.values.phone).toBe('13700001111')
    expect(listRecords(options.doc, 'resident', 'g1')).toHaveLength(4)

    // A merged household cell is one household update, shown on the row that defines it.
    const moved = preview(await firstSheet(await messyWorkbook((rows) => (rows[3]![3] = '一组3号'))), options)
    expect(moved.summary).toMatchObject({ residents: { new: 0, changed: 0 }, households: { new: 0, changed: 1, unchanged: 2 } })
    expect(moved.rows.find((r) => r.status === 'changed')).toMatchObject({ row: 3, changed: ['户·住址'], household: { address: '一组3号' } })
  })
})

describe('import routing and matching', () => {
  const grids = [
    { id: 'g1', name: '第一网格', code: '01' },
    { id: 'g2', name: '第二网格', code: '02' },
  ]

  it('routes rows by a 网格 column (name or code) and refuses unknown grids', () => {
    const docs = new Map([
      ['g1', new Y.Doc()],
      ['g2', new Y.Doc()],
    ])
    const rows = [
      ['姓名', '身份证号', '网格'],
      ['甲', ID.A, '第一网格'],
      ['乙', ID.B, '02'],
      ['丙', ID.C, '第九网格'],
      ['丁', ID.D, null],
    ]
    const result = previewImport(rows, { grids, docs, defaultGridId: null, today: TODAY })
    if (!result.ok) throw new Error(result.error)
    expect(result.preview.rows.map((r) => [r.row, r.gridId, r.household.grid, r.status, r.reasons])).toEqual([
      [2, 'g1', '第一网格', 'new', []],
      [3, 'g2', '第二网格', 'new', []],
      [4, null, '', 'invalid', ['未找到网格“第九网格”（应为网格名称或编号）']],
      [5, null, '', 'invalid', ['请先选择要导入的网格']],
    ])
  })

  it('refuses a person already registered in another grid instead of registering them twice', () => {
    const g1 = new Y.Doc()
    createRecord(g1, resident, { name: '甲', idNumber: ID.A }, actor, AT)
    const docs = new Map([
      ['g1', g1],
      ['g2', new Y.Doc()],
    ])
    const result = previewImport(
      [
        ['姓名', '身份证号'],
        ['甲', ID.A],
      ],
      { grids, docs, defaultGridId: 'g2', today: TODAY },
    )
    if (!result.ok) throw new Error(result.error)
    expect(result.preview.rows[0]).toMatchObject({ status: 'invalid', reasons: ['该身份证号已登记在网格“第一网格”，请在该网格中修改'] })
  })

  it('says clearly when a sheet has no header row it knows', () => {
    expect(previewImport([['名单'], ['张三', '李四']], { grids, docs: new Map(), defaultGridId: 'g1', today: TODAY })).toEqual({
      ok: false,
      error: '没有找到表头：表格前几行中应有一行列名，至少包含“姓名”或“户编号”以及其他列，如“身份证号”“住址”',
    })
  })

  it('refuses a file that is not a spreadsheet, in Chinese', async () => {
    const result = await readSpreadsheet('名单.xlsx', new TextEncoder().encode('not a zip').buffer)
    expect(result).toEqual({ ok: false, error: expect.stringContaining('无法读取这个文件') })
  })
})
