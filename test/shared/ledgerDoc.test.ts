import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendFact, createRecord, fieldValue, listRecords, readRecord, recordsMap, removeRecord, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import type { KindDef } from '../../shared/ledger/kind.js'
import { kindDef } from '../../shared/ledger/kinds/index.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { validatePatch, validateRecord } from '../../shared/ledger/validate.js'

const TODAY = '2026-11-23'
const actor = { id: 'u1', name: '王网格' }

function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.clientID = 10
  b.clientID = 20
  const id = createRecord(a, household, { householdNo: 'H001', headName: '张三', address: '一组12号' }, actor, '2026-11-01T00:00:00Z')
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  return { a, b, id }
}

function exchange(a: Y.Doc, b: Y.Doc) {
  const [ua, ub] = [Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]
  Y.applyUpdate(a, ub)
  Y.applyUpdate(b, ua)
}

describe('two offline editors of one household', () => {
  it('keeps both edits when they change different fields', () => {
    const { a, b, id } = pair()
    updateRecord(a, 'household', id, { phone: '13912345678' })
    updateRecord(b, 'household', id, { address: '一组14号' })
    exchange(a, b)
    for (const doc of [a, b]) expect(listRecords(doc, 'household', 'g')[0]!.values).toEqual({ householdNo: 'H001', headName: '张三', address: '一组14号', phone: '13912345678' })
  })

  it('converges on one deterministic winner when they change the same field, whatever the merge order', () => {
    const { a, b, id } = pair()
    updateRecord(a, 'household', id, { address: '二组1号' })
    updateRecord(b, 'household', id, { address: '三组2号' })
    const [ua, ub] = [Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]
    const c = new Y.Doc()
    const d = new Y.Doc()
    Y.applyUpdate(c, ua)
    Y.applyUpdate(c, ub)
    Y.applyUpdate(d, ub)
    Y.applyUpdate(d, ua)
    const address = (doc: Y.Doc) => listRecords(doc, 'household', 'g')[0]!.values.address
    expect(address(c)).toBe(address(d))
    // Yjs resolves concurrent map writes by client id: the higher id wins.
    expect(address(c)).toBe('三组2号')
  })

  it('does not overwrite a field someone else changed when saving an unrelated field', () => {
    const { a, b, id } = pair()
    updateRecord(b, 'household', id, { headName: '张三丰' })
    exchange(a, b)
    // A's form was opened before the rename and only the phone changed: only the phone is written.
    updateRecord(a, 'household', id, { phone: '13912345678', headName: '张三丰' })
    expect(recordsMap(a, 'household').get(id)!.get('headName')).toBe('张三丰')
  })

  it('keeps an offline edit of a record someone else removed, hidden but not lost', () => {
    const { a, b, id } = pair()
    removeRecord(a, 'household', id, actor, '2026-11-02T00:00:00Z')
    updateRecord(b, 'household', id, { phone: '13912345678' })
    exchange(a, b)
    expect(listRecords(a, 'household', 'g')).toEqual([])
    expect(recordsMap(a, 'household').get(id)!.get('phone')).toBe('13912345678')
  })
})

describe('record validation', () => {
  it('checks required fields, ID numbers, phones and options, in Chinese', () => {
    const result = validateRecord(resident, { name: '', idNumber: '110105194912310021', phone: '12345', relation: '邻居' }, TODAY)
    expect(result).toEqual({
      ok: false,
      errors: { name: '请填写姓名', idNumber: '身份证号校验位不正确', phone: '联系电话格式不正确（手机号为11位；座机须带区号，如 0571-12345678）', relation: '与户主关系应为：户主、配偶、子女、父母、孙子女、兄弟姐妹、儿媳、女婿、其他' },
    })
    expect(validateRecord(resident, { name: ' 李四 ', idNumber: '11010519491231002x', phone: '139 1234 5678', flags: ['党员', '党员'] }, TODAY)).toEqual({
      ok: true,
      values: { name: '李四', idNumber: '11010519491231002X', phone: '13912345678', flags: ['党员'] },
    })
  })

  it('clears optional fields and refuses to clear required ones when patching', () => {
    expect(validatePatch(household, { phone: '', note: 'x' }, TODAY)).toEqual({ ok: true, values: { phone: null, note: 'x' } })
    expect(validatePatch(household, { headName: '' }, TODAY)).toEqual({ ok: false, errors: { headName: '请填写户主姓名' } })
    expect(validatePatch(household, { bogus: 1 }, TODAY)).toEqual({ ok: false, errors: { bogus: '未知字段：bogus' } })
  })
})

describe('facts written by another device', () => {
  it('applies the facts that parse and keeps the others apart, unapplied', () => {
    const doc = new Y.Doc()
    const id = createRecord(doc, kindDef('incident') as KindDef, { title: '路灯坏了' }, { id: 'u1', name: '张网格' }, '2026-03-01T08:00:00+08:00')
    appendFact(doc, 'incident', id, { action: 'report', by: 'u1', byName: '张网格', at: '2026-03-01T08:00:00+08:00' })
    // An older or broken peer pushed a fact with no action and a numeric author.
    const facts = recordsMap(doc, 'incident').get(id)?.get('_facts') as Y.Array<unknown>
    facts.push([{ id: 'bad1', by: 7, at: '2026-03-01T09:00:00+08:00' }])
    const record = readRecord('incident', 'g1', id, recordsMap(doc, 'incident').get(id))
    expect(record?.facts.map((f) => f.action)).toEqual(['report'])
    expect(record?.unreadableFacts).toHaveLength(1)
    expect(facts.length).toBe(2)
    expect(() => appendFact(doc, 'incident', id, { action: '', by: 'u1', byName: '张网格', at: '2026-03-01' })).toThrow()
  })
})

describe('the compact record layout (issue #21)', () => {
  const created = () => {
    const doc = new Y.Doc()
    doc.clientID = 10
    const id = createRecord(doc, household, { householdNo: 'H001', headName: '张三', address: '一组12号', phone: '13912345678' }, actor, '2026-11-01T00:00:00Z')
    return { doc, id, map: recordsMap(doc, 'household').get(id)! }
  }

  it('writes a new record as one item holding the values it was created with', () => {
    const { doc, id, map } = created()
    expect([...map.keys()]).toEqual(['_v'])
    expect(readRecord('household', 'g', id, map)).toEqual({ id, kind: 'household', gridId: 'g', values: { householdNo: 'H001', headName: '张三', address: '一组12号', phone: '13912345678' }, createdBy: '王网格', createdById: 'u1', createdAt: '2026-11-01T00:00:00Z', facts: [] })
    // A kind with a workflow gets its facts log at creation, so two first facts never race to create it.
    const incident = createRecord(doc, kindDef('incident') as KindDef, { title: '路灯坏了' }, actor, '2026-11-01T00:00:00Z')
    expect([...recordsMap(doc, 'incident').get(incident)!.keys()].sort()).toEqual(['_facts', '_v'])
  })

  it('reads an edit over the created value, and a cleared field as gone, without rewriting _v', () => {
    const { doc, id, map } = created()
    const before = map.get('_v')
    updateRecord(doc, 'household', id, { address: '一组14号', phone: null, note: '新' })
    expect(map.get('_v')).toBe(before)
    expect(map.get('phone')).toBeNull()
    expect(fieldValue(map, 'phone')).toBeUndefined()
    expect(fieldValue(map, 'headName')).toBe('张三')
    expect(readRecord('household', 'g', id, map)!.values).toEqual({ householdNo: 'H001', headName: '张三', address: '一组14号', note: '新' })
    // Clearing a field _v never held deletes its key; setting a cleared field again reads it.
    updateRecord(doc, 'household', id, { note: null, phone: '13800000000' })
    expect(map.has('note')).toBe(false)
    expect(readRecord('household', 'g', id, map)!.values.phone).toBe('13800000000')
  })

  it('merges a clear on one device with an edit of the same field on another to one value, and keeps edits of other fields', () => {
    const { doc: a, id } = created()
    const b = new Y.Doc()
    b.clientID = 20
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    updateRecord(a, 'household', id, { phone: '13700000000', address: '二组1号' })
    updateRecord(b, 'household', id, { phone: null, headName: '张三丰' })
    exchange(a, b)
    for (const doc of [a, b]) expect(listRecords(doc, 'household', 'g')[0]!.values).toEqual({ householdNo: 'H001', headName: '张三丰', address: '二组1号' })
  })

  it('reads and edits a record written before the compact layout, field by field', () => {
    const doc = new Y.Doc()
    const map = new Y.Map<unknown>()
    recordsMap(doc, 'household').set('old', map)
    doc.transact(() => {
      for (const [key, value] of Object.entries({ householdNo: 'H009', headName: '李四', phone: '13912345678', _createdBy: '王网格', _createdAt: '2025-01-01T00:00:00Z' })) map.set(key, value)
    })
    updateRecord(doc, 'household', 'old', { phone: null, address: '三组' })
    expect(map.has('phone')).toBe(false)
    expect(map.has('_v')).toBe(false)
    expect(readRecord('household', 'g', 'old', map)).toMatchObject({ values: { householdNo: 'H009', headName: '李四', address: '三组' }, createdBy: '王网格', createdAt: '2025-01-01T00:00:00Z' })
  })
})
