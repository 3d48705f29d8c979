/** 网格员公示: staff entered for publishing, checked as written and as read; the 监督电话; merges of two devices. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { attachmentLinks } from '../../shared/attachments/links.js'
import { GRID_MAP_OWNER, putStaff, readBoardInfo, readGridMap, readGridStaff, removeStaff, setBoardInfo, setGridMap, setStaffPhoto, staffLine, staffPhotoOwner, telHref, GRID_STAFF_DOC } from '../../shared/liulian/gridStaff.js'

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('grid staff', () => {
  it('keeps a phone as a clerk types it, normalised, and lists 网格长 first', () => {
    const doc = new Y.Doc()
    const worker = putStaff(doc, 'g', { name: ' 李专职 ', title: '专职网格员', duties: '入户走访、信息采集', phone: '１３９ １２３４ ５６７８' })
    const chief = putStaff(doc, 'g', { name: '王书记', title: '网格长', duties: '', phone: '(0954) 123-4567' })
    expect(worker).toMatchObject({ ok: true, value: { name: '李专职', phone: '13912345678' } })
    expect(chief).toMatchObject({ ok: true, value: { phone: '0954-1234567' } })
    expect(readGridStaff(doc).get('g')!.map((s) => s.name)).toEqual(['王书记', '李专职'])
    expect(staffLine(readGridStaff(doc).get('g'), '旧写法')).toBe('王书记（网格长）、李专职（专职网格员）')
    expect(staffLine([], '旧写法')).toBe('旧写法')
    expect(telHref('13912345678')).toBe('tel:13912345678')
    expect(telHref('0954-1234567-12')).toBe('tel:09541234567')
  })

  it('refuses what cannot be published, in Chinese, and writes nothing', () => {
    const doc = new Y.Doc()
    const bad = putStaff(doc, 'g', { name: '', title: '组长' as never, duties: '很'.repeat(61), phone: '1381234' })
    expect(bad).toEqual({ ok: false, errors: { name: '请填写姓名', title: '请选择职务', duties: '分工和工作内容不能超过 60 个字', phone: '联系电话格式不正确（手机号为11位；座机须带区号，如 0571-12345678）' } })
    expect(putStaff(doc, 'g', { name: '张三', title: '网格员', duties: '', phone: ' ' })).toEqual({ ok: false, errors: { phone: '请填写联系电话' } })
    expect(doc.getMap(GRID_STAFF_DOC.staff).size).toBe(0)
  })

  it('merges a phone changed on one device with a 分工 changed on another; a removal is kept', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const first = putStaff(a, 'g', { name: '张网格', title: '网格员', duties: '', phone: '13900001111' })
    const second = putStaff(a, 'g', { name: '赵网格', title: '网格员', duties: '', phone: '13900003333' })
    if (!first.ok || !second.ok) throw new Error('should be written')
    sync(a, b)
    putStaff(a, 'g', { name: '张网格', title: '网格员', duties: '', phone: '13900002222' }, first.value.id)
    putStaff(b, 'g', { name: '张网格', title: '网格员', duties: '负责一组、二组', phone: '13900001111' }, first.value.id)
    removeStaff(b, 'g', second.value.id)
    sync(a, b)
    for (const doc of [a, b]) expect(readGridStaff(doc).get('g')).toEqual([{ id: first.value.id, name: '张网格', title: '网格员', duties: '负责一组、二组', phone: '13900002222', photo: null }])
  })

  it('leaves out an entry another device wrote that does not parse', () => {
    const doc = new Y.Doc()
    const people = new Y.Map<Y.Map<string>>()
    doc.getMap(GRID_STAFF_DOC.staff).set('g', people)
    const person = new Y.Map<string>()
    people.set('x', person)
    for (const [k, v] of Object.entries({ name: '钱某', title: '网格员', duties: '', phone: '住址一组3号' })) person.set(k, v)
    expect(readGridStaff(doc).get('g')).toEqual([])
  })

  it('takes a 监督电话 as a landline, a mobile or a government hotline', () => {
    const doc = new Y.Doc()
    expect(readBoardInfo(doc)).toEqual({ supervisionPhone: '', supervisionUnit: '' })
    expect(setBoardInfo(doc, { supervisionPhone: '１２３４５', supervisionUnit: '政务服务便民热线' })).toMatchObject({ ok: true })
    expect(readBoardInfo(doc)).toEqual({ supervisionPhone: '12345', supervisionUnit: '政务服务便民热线' })
    expect(setBoardInfo(doc, { supervisionPhone: '0954 7654321', supervisionUnit: '镇纪委' })).toMatchObject({ ok: true, value: { supervisionPhone: '0954-7654321' } })
    expect(setBoardInfo(doc, { supervisionPhone: '7654321', supervisionUnit: '' })).toMatchObject({ ok: false, errors: { supervisionPhone: expect.stringContaining('监督电话格式不正确') } })
    expect(readBoardInfo(doc).supervisionPhone).toBe('0954-7654321')
  })

  it('a photo: set, replaced (the old one unlinked), merged with a phone changed elsewhere, taken off, gone with its person', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const chief = putStaff(a, 'g', { name: '王书记', title: '网格长', duties: '', phone: '13900001111' })
    if (!chief.ok) throw new Error('should be written')
    const owner = staffPhotoOwner('g', chief.value.id)
    const photo = (n: string, type = 'image/jpeg') => ({ sha256: n.repeat(64), name: '照片.jpg', type, size: 20_000, takenAt: null, addedAt: '2026-12-03T06:00:00.000Z' })

    expect(setStaffPhoto(a, 'g', chief.value.id, photo('a'))).toEqual({ ok: true, value: { sha256: 'a'.repeat(64), type: 'image/jpeg' } })
    sync(a, b)
    setStaffPhoto(a, 'g', chief.value.id, photo('b', 'image/png'))
    putStaff(b, 'g', { name: '王书记', title: '网格长', duties: '', phone: '13900002222' }, chief.value.id)
    sync(a, b)
    for (const doc of [a, b]) {
      expect(readGridStaff(doc).get('g')).toEqual([expect.objectContaining({ phone: '13900002222', photo: { sha256: 'b'.repeat(64), type: 'image/png' } })])
      expect(attachmentLinks(doc, owner).map((l) => l.sha256)).toEqual(['b'.repeat(64)])
    }

    // Refused in Chinese, nothing written: a PDF, a person removed meanwhile.
    expect(setStaffPhoto(a, 'g', chief.value.id, { ...photo('c'), type: 'application/pdf' })).toEqual({ ok: false, errors: { photo: '照片须是 JPG、PNG 或 WebP 图片' } })
    expect(setStaffPhoto(a, 'g', 'nobody', photo('c'))).toEqual({ ok: false, errors: { photo: '这位网格员已从公示中移除，不能再设置照片' } })
    expect(readGridStaff(a).get('g')![0]!.photo?.sha256).toBe('b'.repeat(64))

    // A field that names a file the doc does not link (or not as an image) shows no photo.
    const person = (a.getMap(GRID_STAFF_DOC.staff).get('g') as Y.Map<Y.Map<string>>).get(chief.value.id)!
    person.set('photo', 'd'.repeat(64))
    expect(readGridStaff(a).get('g')![0]!.photo).toBeNull()

    expect(setStaffPhoto(a, 'g', chief.value.id, photo('b', 'image/png'))).toMatchObject({ ok: true })
    expect(setStaffPhoto(a, 'g', chief.value.id, null)).toEqual({ ok: true, value: null })
    expect(readGridStaff(a).get('g')![0]!.photo).toBeNull()
    expect(attachmentLinks(a, owner)).toEqual([])

    setStaffPhoto(a, 'g', chief.value.id, photo('e'))
    removeStaff(a, 'g', chief.value.id)
    expect(attachmentLinks(a, owner)).toEqual([])
    expect(readGridStaff(a).get('g')).toEqual([])
  })

  it('the 网格分布图: set, replaced on another device while the 监督电话 changes here, taken off', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const map = (n: string, type = 'image/jpeg') => ({ sha256: n.repeat(64), name: '网格图.jpg', type, size: 300_000, takenAt: null, addedAt: '2026-12-03T06:00:00.000Z' })
    expect(readGridMap(a)).toBeNull()
    expect(setGridMap(a, map('a'))).toEqual({ ok: true, value: { sha256: 'a'.repeat(64), type: 'image/jpeg' } })
    sync(a, b)
    setGridMap(b, map('b', 'image/webp'))
    setBoardInfo(a, { supervisionPhone: '12345', supervisionUnit: '' })
    sync(a, b)
    for (const doc of [a, b]) {
      expect(readGridMap(doc)).toEqual({ sha256: 'b'.repeat(64), type: 'image/webp' })
      expect(attachmentLinks(doc, GRID_MAP_OWNER).map((l) => l.sha256)).toEqual(['b'.repeat(64)])
      expect(readBoardInfo(doc)).toEqual({ supervisionPhone: '12345', supervisionUnit: '' })
    }
    expect(setGridMap(a, { ...map('c'), type: 'application/pdf' })).toEqual({ ok: false, errors: { gridMap: '网格分布图须是 JPG、PNG 或 WebP 图片' } })
    expect(readGridMap(a)?.sha256).toBe('b'.repeat(64))
    expect(setGridMap(a, null)).toEqual({ ok: true, value: null })
    expect(readGridMap(a)).toBeNull()
    expect(attachmentLinks(a, GRID_MAP_OWNER)).toEqual([])
  })
})
