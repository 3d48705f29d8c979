/**
 * Hand-over between grids (shared/ledger/handOver.ts): the copy in the target grid keeps every
 * field, the reporter and the facts; the source keeps a tombstone (「已移交至 X网格」); a household
 * moves with its members. Two devices handing over one record before they sync: both copies and
 * both tombstone entries are kept, the earliest hand-over stands and the other copy is flagged as
 * a duplicate, whether both went to the same grid or to different ones. A grid worker's ask
 * (申请移交) is one open ask per record, answered by a decline (with a note) or by the hand-over
 * itself, and two devices asking at once both keep their ask.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendFact, createRecord, fieldValue, listRecords, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { askHandOver, copiesIn, declineHandOver, duplicateOf, handedFrom, handOverAsks, handOverRecord, movedTo, openAsk, openAsks, tombstones, type HandOverRequest } from '../../shared/ledger/handOver.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'

const A = { gridId: 'gA', gridName: '一组网格' }
const B = { gridId: 'gB', gridName: '二组网格' }
const C = { gridId: 'gC', gridName: '三组网格' }
const worker = { id: 'u2', name: '李网格' }
let n = 0
const ids = () => `id${++n}`
const request = (kind: string, id: string, to = B, at = '2026-12-01T02:00:00Z', by = 'u1'): HandOverRequest => ({ kind, id, from: A, to, by, byName: `名${by}`, at, reason: '登记时选错了网格' })

function sync(...docs: Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from))
}

function reportedIncident(doc: Y.Doc): string {
  const id = createRecord(doc, incident, { title: '路灯坏了', description: '三盏不亮', occurredAt: '2026-11-30', channel: '网格巡查', workType: '一般性', reporter: '李网格' }, worker, '2026-11-30T01:00:00Z')
  appendFact(doc, 'incident', id, { action: 'onsite', by: 'u2', byName: '李网格', at: '2026-11-30T02:00:00Z' })
  return id
}

describe('hand-over between grids', () => {
  it('copies an incident with its facts and reporter to the target grid and leaves a tombstone in the source', () => {
    const [source, target] = [new Y.Doc(), new Y.Doc()]
    const id = reportedIncident(source)
    const result = handOverRecord(source, target, request('incident', id), ids)
    if (!('copyId' in result)) throw new Error(result.error)
    // The source lists it no more, but keeps it and says where it went.
    expect(listRecords(source, 'incident', 'gA')).toEqual([])
    expect(fieldValue(recordsMap(source, 'incident').get(id)!, 'title')).toBe('路灯坏了')
    expect(tombstones(source).map((t) => [t.id, t.values.title, t.moves.map((m) => m.to.gridName)])).toEqual([[id, '路灯坏了', ['二组网格']]])
    // The target holds it with the same facts, reporter and link back.
    const copy = readRecord('incident', 'gB', result.copyId, recordsMap(target, 'incident').get(result.copyId))!
    expect(copy.values.title).toBe('路灯坏了')
    expect(copy.createdById).toBe('u2')
    expect(copy.facts.map((f) => f.action)).toEqual(['onsite'])
    expect(incidentStatus(copy, '2026-12-01').label).toBe('已办结待核查')
    expect(handedFrom(target, 'incident', result.copyId)).toMatchObject({ sourceId: id, from: A, to: B, byName: '名u1', reason: '登记时选错了网格' })
    // Handing the tombstone over again, or to its own grid, or without a reason, is refused.
    expect(handOverRecord(source, target, request('incident', id), ids)).toEqual({ error: '这条记录已经移交' })
    const other = reportedIncident(source)
    expect(handOverRecord(source, target, request('incident', other, A), ids)).toEqual({ error: '请选择另一个网格' })
    expect(handOverRecord(source, target, { ...request('incident', other), reason: ' ' }, ids)).toEqual({ error: '请写明移交原因' })
    expect(handOverRecord(source, target, request('visit', other), ids)).toEqual({ error: '这类记录不能移交' })
  })

  it('moves a household with its members, their 所属户 pointing at the copy', () => {
    const [source, target] = [new Y.Doc(), new Y.Doc()]
    const home = createRecord(source, household, { address: '一组12号', headName: '王大' }, worker, '2026-11-01T00:00:00Z')
    createRecord(source, resident, { name: '王大', householdId: home }, worker, '2026-11-01T00:00:00Z')
    createRecord(source, resident, { name: '王小', householdId: home }, worker, '2026-11-01T00:00:00Z')
    createRecord(source, resident, { name: '邻居', householdId: 'other' }, worker, '2026-11-01T00:00:00Z')
    const result = handOverRecord(source, target, { ...request('household', home), reason: '举家迁至二组' }, ids)
    if (!('copyId' in result)) throw new Error(result.error)
    expect(listRecords(target, 'resident', 'gB').map((r) => [r.values.name, r.values.householdId]).sort()).toEqual([
      ['王大', result.copyId],
      ['王小', result.copyId],
    ])
    expect(listRecords(source, 'resident', 'gA').map((r) => r.values.name)).toEqual(['邻居'])
    expect(tombstones(source, ['household', 'resident'])).toHaveLength(3)
  })

  it('keeps both copies of a concurrent hand-over to one grid; the earlier stands, the later is flagged', () => {
    const [source1, target1] = [new Y.Doc(), new Y.Doc()]
    const id = reportedIncident(source1)
    const [source2, target2] = [new Y.Doc(), new Y.Doc()]
    sync(source1, source2)
    const first = handOverRecord(source1, target1, request('incident', id, B, '2026-12-01T02:00:00Z', 'u1'), ids)
    const second = handOverRecord(source2, target2, request('incident', id, B, '2026-12-01T03:00:00Z', 'u3'), ids)
    if (!('copyId' in first) || !('copyId' in second)) throw new Error('refused')
    sync(source1, source2)
    sync(target1, target2)
    // Nothing dropped: two copies in the target, two entries on the tombstone.
    expect(listRecords(target1, 'incident', 'gB')).toHaveLength(2)
    expect(movedTo(source1, 'incident', id).map((m) => m.by)).toEqual(['u1', 'u3'])
    const copies = copiesIn(target1, 'incident')
    const own = (copyId: string) => handedFrom(target1, 'incident', copyId)!
    expect(duplicateOf(own(first.copyId), copies)).toBeNull()
    expect(duplicateOf(own(second.copyId), copies)).toMatchObject({ copyId: first.copyId, by: 'u1' })
  })

  it('flags the later copy of a concurrent hand-over to different grids from the source’s tombstone', () => {
    const [source1, source2, targetB, targetC] = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()]
    const id = reportedIncident(source1)
    sync(source1, source2)
    const toB = handOverRecord(source1, targetB, request('incident', id, B, '2026-12-01T04:00:00Z', 'u1'), ids)
    const toC = handOverRecord(source2, targetC, request('incident', id, C, '2026-12-01T03:00:00Z', 'u3'), ids)
    if (!('copyId' in toB) || !('copyId' in toC)) throw new Error('refused')
    sync(source1, source2)
    const known = movedTo(source1, 'incident', id)
    expect(known.map((m) => m.to.gridName)).toEqual(['三组网格', '二组网格'])
    // The earlier (to 三组) stands; 二组's copy is the duplicate, seen with the source doc open.
    expect(duplicateOf(handedFrom(targetB, 'incident', toB.copyId)!, known)).toMatchObject({ to: C })
    expect(duplicateOf(handedFrom(targetC, 'incident', toC.copyId)!, known)).toBeNull()
    // Without the source doc, 二组 alone cannot know: its copy is not flagged by its own doc.
    expect(duplicateOf(handedFrom(targetB, 'incident', toB.copyId)!, copiesIn(targetB, 'incident'))).toBeNull()
  })
})

describe('a grid worker’s ask (申请移交)', () => {
  const ask = (doc: Y.Doc, id: string, extra: Partial<Parameters<typeof askHandOver>[1]> = {}) =>
    askHandOver(doc, { kind: 'incident', id, from: A, to: B, reason: '路灯在邻网格的路段', by: worker.id, byName: worker.name, at: '2026-12-01T01:00:00Z', ...extra }, ids)
  const cadre = { by: 'u1', byName: '李主任' }

  it('refuses a bad ask in Chinese and keeps one open ask per record', () => {
    const doc = new Y.Doc()
    const id = reportedIncident(doc)
    expect(ask(doc, id, { to: { gridId: '', gridName: '' } })).toEqual({ error: '请选择接收的网格' })
    expect(ask(doc, id, { to: A })).toEqual({ error: '请选择另一个网格' })
    expect(ask(doc, id, { reason: '  ' })).toEqual({ error: '请写明移交原因' })
    expect(ask(doc, 'nope')).toEqual({ error: '记录不存在' })
    expect(ask(doc, id, { kind: 'visit' })).toEqual({ error: '这类记录不能移交' })
    const first = ask(doc, id)
    if (!('askId' in first)) throw new Error(first.error)
    expect(openAsk(doc, 'incident', id)).toMatchObject({ id: first.askId, to: B, reason: '路灯在邻网格的路段', byName: '李网格' })
    expect(ask(doc, id)).toEqual({ error: '已申请移交，等待村干部办理' })
    expect(openAsks(doc).map((a) => [a.id, a.values.title, a.ask.to.gridName])).toEqual([[id, '路灯坏了', '二组网格']])
    // The record itself reads as before: the ask is bookkeeping, not a field.
    expect(readRecord('incident', 'gA', id, recordsMap(doc, 'incident').get(id))?.values).not.toHaveProperty('_handOverAsk')
  })

  it('a decline answers it with a note; the worker may ask again', () => {
    const doc = new Y.Doc()
    const id = reportedIncident(doc)
    const first = ask(doc, id)
    if (!('askId' in first)) throw new Error(first.error)
    expect(declineHandOver(doc, 'incident', id, 'other', { ...cadre, at: '2026-12-01T02:00:00Z', note: 'x' })).toEqual({ error: '这条申请已经办理' })
    expect(declineHandOver(doc, 'incident', 'nobody', first.askId, { ...cadre, at: '2026-12-01T02:00:00Z', note: 'x' })).toEqual({ error: '记录不存在' })
    // Without a reason nothing is written, and the ask stays open.
    expect(declineHandOver(doc, 'incident', id, first.askId, { ...cadre, at: '2026-12-01T02:00:00Z', note: ' 　' })).toEqual({ error: '请写明不移交的原因' })
    expect(openAsk(doc, 'incident', id)?.id).toBe(first.askId)
    expect(declineHandOver(doc, 'incident', id, first.askId, { ...cadre, at: '2026-12-01T02:00:00Z', note: ' 先核实路段归属 ' })).toEqual({ declined: true })
    expect(openAsk(doc, 'incident', id)).toBeNull()
    expect(openAsks(doc)).toEqual([])
    expect(handOverAsks(doc, 'incident', id).map((a) => a.declined?.note)).toEqual(['先核实路段归属'])
    expect(declineHandOver(doc, 'incident', id, first.askId, { ...cadre, at: '2026-12-01T03:00:00Z', note: '再次' })).toEqual({ error: '这条申请已经办理' })
    const again = ask(doc, id, { at: '2026-12-02T01:00:00Z', reason: '已核实' })
    expect('askId' in again).toBe(true)
    expect(openAsk(doc, 'incident', id)?.reason).toBe('已核实')
  })

  it('the hand-over answers it: the tombstone has no open ask and the copy carries none', () => {
    const [source, target] = [new Y.Doc(), new Y.Doc()]
    const id = reportedIncident(source)
    expect('askId' in ask(source, id)).toBe(true)
    const result = handOverRecord(source, target, request('incident', id), ids)
    if (!('copyId' in result)) throw new Error(result.error)
    expect(openAsk(source, 'incident', id)).toBeNull()
    expect(openAsks(source)).toEqual([])
    expect(handOverAsks(target, 'incident', result.copyId)).toEqual([])
    expect(ask(source, id, { at: '2026-12-02T01:00:00Z' })).toEqual({ error: '这条记录已经移交' })
  })

  it('two devices asking at once both keep their ask; the earlier is open first, then the other', () => {
    const [phone, office] = [new Y.Doc(), new Y.Doc()]
    const id = reportedIncident(phone)
    sync(phone, office)
    const a = ask(phone, id, { at: '2026-12-01T01:00:00Z' })
    const b = ask(office, id, { at: '2026-12-01T01:05:00Z', to: C })
    sync(phone, office)
    if (!('askId' in a) || !('askId' in b)) throw new Error('ask refused')
    expect(handOverAsks(phone, 'incident', id).map((x) => x.ask.id)).toEqual([a.askId, b.askId])
    expect(openAsk(office, 'incident', id)?.id).toBe(a.askId)
    expect(declineHandOver(office, 'incident', id, a.askId, { ...cadre, at: '2026-12-01T02:00:00Z', note: '重复申请' })).toEqual({ declined: true })
    sync(phone, office)
    expect(openAsk(phone, 'incident', id)).toMatchObject({ id: b.askId, to: C })
  })
})
