/** 工作任务台账: the tasks meetings set, mirrored from the minutes into the meta index, followed to done by facts that merge. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { META } from '../../shared/metaDoc.js'
import { minutesHash } from '../../shared/minutes/canonical.js'
import { meetingIndexMap } from '../../shared/meetingIndex.js'
import { addRow, readRows, removeRow, setRowField } from '../../shared/minutes/minutesDoc.js'
import { addTaskProgress, openTasksOf, readTaskLedger, setMeetingTasks, taskCounts, taskLedgerTable } from '../../shared/minutes/taskLedger.js'
import { createMeeting } from '../../shared/minutes/templates.js'

const TODAY = '2026-06-20'
const header = (title: string, date: string) => ({ type: 'grid_work', title, date, time: '', place: '', host: '', recorder: '' })
const by = { at: '2026-06-20T02:00:00.000Z', by: 'u-sec', byName: '王书记' }

function village() {
  const meta = new Y.Doc()
  const june = new Y.Doc()
  createMeeting(june, meta, 'm-june', header('六月网格工作例会', '2026-06-01'))
  const late = addRow(june, 'actions', { task: '排查二组危房', owner: '张网格', due: '2026-06-10', done: '' })
  const soon = addRow(june, 'actions', { task: '更新流动人口台账', owner: '李主任', due: '2026-06-30', done: '' })
  const ticked = addRow(june, 'actions', { task: '清理村口垃圾点', owner: '张网格', due: '2026-06-05', done: 'yes' })
  addRow(june, 'actions', { task: '  ', owner: '', due: '', done: '' })
  setMeetingTasks(meta, 'm-june', readRows(june, 'actions'))
  const may = new Y.Doc()
  createMeeting(may, meta, 'm-may', header('五月矛排例会', '2026-05-08'))
  const undated = addRow(may, 'actions', { task: '调解王李两家宅基地纠纷', owner: '赵主任', due: '', done: '' })
  const older = addRow(may, 'actions', { task: '走访独居老人', owner: '张网格', due: '2026-05-20', done: '' })
  setMeetingTasks(meta, 'm-may', readRows(may, 'actions'))
  return { meta, june, may, ids: { late, soon, ticked, undated, older } }
}

describe('工作任务台账', () => {
  it('lists every meeting’s tasks: open ones with the longest overdue first, then by 时限, none last; done ones after', () => {
    const { meta } = village()
    const rows = readTaskLedger(meta, TODAY)
    expect(rows.map((r) => [r.task, r.daysOver, r.doneOn])).toEqual([
      ['走访独居老人', 31, null],
      ['排查二组危房', 10, null],
      ['更新流动人口台账', 0, null],
      ['调解王李两家宅基地纠纷', 0, null],
      ['清理村口垃圾点', 0, ''],
    ])
    expect(rows[0]).toMatchObject({ owner: '张网格', meetingTitle: '五月矛排例会', meetingDate: '2026-05-08', overdue: true })
    expect(taskCounts(rows)).toEqual({ open: 4, overdue: 2, done: 1 })
  })

  it('follows the minutes: a changed 时限 or a removed row is mirrored, an unchanged list writes nothing', () => {
    const { meta, june, ids } = village()
    setRowField(june, 'actions', ids.late, 'due', '2026-06-25')
    removeRow(june, 'actions', ids.soon)
    setMeetingTasks(meta, 'm-june', readRows(june, 'actions'))
    const rows = readTaskLedger(meta, TODAY)
    expect(rows.find((r) => r.task === '排查二组危房')).toMatchObject({ due: '2026-06-25', overdue: false })
    expect(rows.some((r) => r.task === '更新流动人口台账')).toBe(false)
    let updates = 0
    meta.on('update', () => updates++)
    setMeetingTasks(meta, 'm-june', readRows(june, 'actions'))
    expect(updates).toBe(0)
  })

  it('as a sheet for the report upward: each task with its 完成情况, every 进展 and the meeting that set it, in the ledger’s order', () => {
    const { meta, ids } = village()
    addTaskProgress(meta, { meetingId: 'm-june', rowId: ids.late, ...by, kind: 'note', date: '2026-06-12', text: '已排查 5 户' }, TODAY)
    addTaskProgress(meta, { meetingId: 'm-june', rowId: ids.soon, ...by, kind: 'done', date: '2026-06-19', text: '' }, TODAY)
    addTaskProgress(meta, { meetingId: 'm-june', rowId: ids.late, ...by, kind: 'units', date: TODAY, text: '', units: { lead: '村两委', responsible: '二组', co: '镇规建办、应急站' } }, TODAY)
    const table = taskLedgerTable(readTaskLedger(meta, TODAY))
    expect(table.headers).toEqual(['序号', '工作任务', '牵头单位', '责任单位', '配合单位', '责任人', '完成时限', '完成情况', '进展情况', '布置会议', '会议日期'])
    expect(table.rows).toEqual([
      [1, '走访独居老人', '', '', '', '张网格', '2026-05-20', '未完成，逾期 31 天', '', '五月矛排例会', '2026-05-08'],
      [2, '排查二组危房', '村两委', '二组', '镇规建办、应急站', '张网格', '2026-06-10', '未完成，逾期 10 天', '2026-06-12 已排查 5 户（王书记）', '六月网格工作例会', '2026-06-01'],
      [3, '调解王李两家宅基地纠纷', '', '', '', '赵主任', '', '未完成', '', '五月矛排例会', '2026-05-08'],
      [4, '更新流动人口台账', '', '', '', '李主任', '2026-06-30', '已完成（2026-06-19）', '', '六月网格工作例会', '2026-06-01'],
      [5, '清理村口垃圾点', '', '', '', '张网格', '2026-06-05', '已完成', '', '六月网格工作例会', '2026-06-01'],
    ])
  })

  it('分工: 牵头单位, 责任单位, 配合单位 set in the ledger, the latest counting, without touching the minutes (their hash holds)', async () => {
    const { meta, june, ids } = village()
    const before = await minutesHash(june)
    const task = { meetingId: 'm-june', rowId: ids.late, ...by, kind: 'units' as const, date: TODAY, text: '' }
    expect(addTaskProgress(meta, task, TODAY)).toEqual({ ok: false, errors: { units: '请填写分工' } })
    expect(addTaskProgress(meta, { ...task, units: { lead: 'x'.repeat(101), responsible: '', co: '' } }, TODAY)).toEqual({ ok: false, errors: { units: '单位名称不能超过 100 个字' } })
    expect(addTaskProgress(meta, { ...task, units: { lead: '综治办', responsible: '二组', co: '' } }, TODAY).ok).toBe(true)
    expect(addTaskProgress(meta, { ...task, at: '2026-06-20T03:00:00.000Z', units: { lead: ' 镇综治办 ', responsible: '二组', co: '派出所' } }, TODAY).ok).toBe(true)
    const row = readTaskLedger(meta, TODAY).find((r) => r.id === ids.late)!
    // The latest counts; a 分工 is neither a 进展 nor a change of state.
    expect(row).toMatchObject({ units: { lead: '镇综治办', responsible: '二组', co: '派出所' }, notes: [], doneOn: null, overdue: true })
    expect(readTaskLedger(meta, TODAY).find((r) => r.id === ids.soon)?.units).toEqual({ lead: '', responsible: '', co: '' })
    // A task done first and given its 分工 afterwards stays done, with the 分工.
    expect(addTaskProgress(meta, { meetingId: 'm-june', rowId: ids.soon, ...by, kind: 'done', date: TODAY, text: '' }, TODAY).ok).toBe(true)
    expect(addTaskProgress(meta, { meetingId: 'm-june', rowId: ids.soon, ...by, kind: 'units', date: TODAY, text: '', at: '2026-06-21T03:00:00.000Z', units: { lead: '村委会', responsible: '', co: '' } }, TODAY).ok).toBe(true)
    expect(readTaskLedger(meta, TODAY).find((r) => r.id === ids.soon)).toMatchObject({ doneOn: TODAY, units: { lead: '村委会', responsible: '', co: '' } })
    expect(await minutesHash(june)).toEqual(before)
  })

  it('records 进展 and 完成 as facts: a note needs words, a done day is not in the future; 重新打开 reopens', () => {
    const { meta, ids } = village()
    const task = { meetingId: 'm-june', rowId: ids.late, ...by }
    expect(addTaskProgress(meta, { ...task, kind: 'note', date: TODAY, text: ' ' }, TODAY)).toEqual({ ok: false, errors: { text: '请填写进展情况' } })
    expect(addTaskProgress(meta, { ...task, kind: 'done', date: '2026-06-21', text: '' }, TODAY)).toEqual({ ok: false, errors: { date: '完成日期不能晚于今天' } })
    expect(addTaskProgress(meta, { ...task, kind: 'note', date: TODAY, text: '已排查 5 户，2 户需加固' }, TODAY).ok).toBe(true)
    expect(addTaskProgress(meta, { ...task, kind: 'done', date: '2026-06-18', text: '加固完成' }, TODAY).ok).toBe(true)
    const done = readTaskLedger(meta, TODAY).find((r) => r.id === ids.late)!
    expect(done).toMatchObject({ doneOn: '2026-06-18', overdue: false, daysOver: 0 })
    expect(done.notes.map((n) => n.text)).toEqual(['已排查 5 户，2 户需加固', '加固完成'])
    expect(addTaskProgress(meta, { ...task, kind: 'reopen', date: TODAY, text: '', at: '2026-06-20T03:00:00.000Z' }, TODAY).ok).toBe(true)
    expect(readTaskLedger(meta, TODAY).find((r) => r.id === ids.late)).toMatchObject({ doneOn: null, overdue: true, daysOver: 10 })
    // A 完成 recorded here overrides the minutes' unticked column; a reopen overrides the minutes' tick.
    expect(addTaskProgress(meta, { meetingId: 'm-june', rowId: ids.ticked, kind: 'reopen', date: TODAY, text: '', ...by }, TODAY).ok).toBe(true)
    expect(readTaskLedger(meta, TODAY).find((r) => r.id === ids.ticked)?.doneOn).toBeNull()
  })

  it('merges progress recorded on two devices offline', () => {
    const a = village().meta
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const rowId = readTaskLedger(a, TODAY).find((r) => r.task === '走访独居老人')!.id
    addTaskProgress(a, { meetingId: 'm-may', rowId, kind: 'note', date: TODAY, text: '已走访 3 户', ...by }, TODAY)
    addTaskProgress(b, { meetingId: 'm-may', rowId, kind: 'done', date: TODAY, text: '', at: '2026-06-20T04:00:00.000Z', by: 'u-g', byName: '张网格' }, TODAY)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    for (const doc of [a, b]) expect(readTaskLedger(doc, TODAY).find((r) => r.id === rowId)).toMatchObject({ doneOn: TODAY, notes: [{ text: '已走访 3 户', byName: '王书记' }] })
    expect(b.getArray(META.taskProgress).length).toBe(2)
  })

  it('finds a member’s open tasks by the name the minutes wrote, one of several 责任人 too', () => {
    const { meta, june, ids } = village()
    setRowField(june, 'actions', ids.soon, 'owner', '李主任、张网格')
    setMeetingTasks(meta, 'm-june', readRows(june, 'actions'))
    const rows = readTaskLedger(meta, TODAY)
    expect(openTasksOf(rows, ' 张网格 ').map((r) => r.task)).toEqual(['走访独居老人', '排查二组危房', '更新流动人口台账'])
    expect(openTasksOf(rows, '李主任').map((r) => r.task)).toEqual(['更新流动人口台账'])
    expect(openTasksOf(rows, '张')).toEqual([])
    expect(openTasksOf(rows, '')).toEqual([])
  })

  it('reads a mirror another device garbled as no tasks, not as an error', () => {
    const { meta } = village()
    meetingIndexMap(meta).get('m-may')!.set('tasks', '{not json')
    expect(readTaskLedger(meta, TODAY).map((r) => r.meetingId)).toEqual(['m-june', 'm-june', 'm-june'])
  })
})
