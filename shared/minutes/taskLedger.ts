/**
 * 工作任务台账 (DOMAIN.md §2.15 and story 8: 「tasks assigned in the minutes appear in the task
 * ledger」; seed 001 §5 「定人、定责、定时、定效」): every 工作任务 a meeting set, across the village's
 * meetings, followed to done.
 *
 * - What was set is the minutes' own: each meeting's 工作任务 rows, mirrored into that meeting's
 *   entry of the meta doc's meeting index (`tasks`, one JSON string) by whoever has the meeting
 *   open to write, so the ledger reads one small doc, offline, without opening every minutes doc.
 *   The minutes stay the truth: the mirror is rewritten from them whenever they change.
 * - What happened since is facts in the meta doc (`taskProgress`): 进展 (a note), 完成 (with its
 *   day), 重新打开, 分工 (牵头单位, 责任单位, 配合单位; the latest counts). A finalised meeting's
 *   minutes stay locked, their hash unchanged; a task's progress and its units go here.
 * - Status is derived: 已完成 from the latest 完成 or 重新打开 fact, else from the minutes' own
 *   完成情况 column; 逾期 when not done and its 完成时限 has passed.
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { civilDateSchema, daysBetween, isCivilDate } from '../civilDate.js'
import { compareZh } from '../collate.js'
import { appendFact, readFacts } from '../facts.js'
import { newId } from '../ids.js'
import { meetingIndexMap, listMeetings, type MeetingType } from '../meetingIndex.js'
import { META } from '../metaDoc.js'
import type { ExportTable } from '../ledger/exportRows.js'

/** One 工作任务 row as the minutes hold it. */
const taskRowSchema = z.object({ id: z.string().min(1).max(64), task: z.string().max(200), owner: z.string().max(40), due: z.string().max(10), done: z.string().max(3) })
export type MinutesTask = z.infer<typeof taskRowSchema>
const TASKS_KEY = 'tasks'

/** Mirrors a meeting's 工作任务 rows into its index entry; writes only when they changed. */
export function setMeetingTasks(meta: Y.Doc, meetingId: string, rows: readonly Record<string, string>[]): void {
  const entry = meetingIndexMap(meta).get(meetingId)
  if (!(entry instanceof Y.Map)) return
  const tasks = rows.filter((r) => (r.task ?? '').trim() !== '').map((r) => ({ id: r.id ?? '', task: (r.task ?? '').trim(), owner: (r.owner ?? '').trim(), due: r.due ?? '', done: r.done ?? '' }))
  const json = JSON.stringify(tasks)
  if (entry.get(TASKS_KEY) !== json) entry.set(TASKS_KEY, json)
}

function meetingTasks(entry: Y.Map<string>): MinutesTask[] {
  const raw = entry.get(TASKS_KEY)
  if (typeof raw !== 'string') return []
  try {
    const parsed = z.array(taskRowSchema).safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

// ——— progress facts ———

export const taskProgressSchema = z.object({
  id: z.string().min(1).max(64),
  meetingId: z.string().min(1).max(64),
  rowId: z.string().min(1).max(64),
  kind: z.enum(['note', 'done', 'reopen', 'units']),
  /** 完成 the day it was done; 进展 and 重新打开 the day recorded. */
  date: civilDateSchema('请选择日期'),
  text: z.string().trim().max(500, '进展情况不能超过 500 个字'),
  at: z.string().max(40),
  by: z.string().max(64),
  byName: z.string().max(40),
  /** 分工 only (F001§17 「牵头单位:综治办;责任单位:…」, §5 「主责单位、责任人、配合单位」). */
  units: z.object({ lead: z.string().trim().max(100, '单位名称不能超过 100 个字'), responsible: z.string().trim().max(100, '单位名称不能超过 100 个字'), co: z.string().trim().max(100, '单位名称不能超过 100 个字') }).optional(),
})
export type TaskProgress = z.infer<typeof taskProgressSchema>
export type TaskUnits = NonNullable<TaskProgress['units']>
export const NO_UNITS: TaskUnits = { lead: '', responsible: '', co: '' }

function progressArray(meta: Y.Doc): Y.Array<unknown> {
  return meta.getArray<unknown>(META.taskProgress)
}

export type ProgressInput = Omit<TaskProgress, 'id'>

/** Records a 进展, 完成 or 重新打开; a 进展 needs words, a 完成 a day not in the future. */
export function addTaskProgress(meta: Y.Doc, input: ProgressInput, today: string): { ok: true; fact: TaskProgress } | { ok: false; errors: Record<string, string> } {
  const checked = taskProgressSchema.safeParse({ ...input, id: newId() })
  const errors: Record<string, string> = {}
  if (!checked.success) for (const issue of checked.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  if (input.kind === 'note' && input.text.trim() === '') errors.text = '请填写进展情况'
  if (input.kind === 'done' && input.date > today) errors.date = '完成日期不能晚于今天'
  if (input.kind === 'units' && !input.units) errors.units = '请填写分工'
  if (Object.keys(errors).length > 0 || !checked.success) return { ok: false, errors }
  return { ok: true, fact: appendFact(progressArray(meta), taskProgressSchema, checked.data) }
}

// ——— the ledger ———

export type TaskLedgerRow = MinutesTask & {
  meetingId: string
  meetingTitle: string
  meetingDate: string
  meetingType: MeetingType
  /** The day it was done ('' when the minutes ticked it with no day), or null while open. */
  doneOn: string | null
  overdue: boolean
  /** Days past its 完成时限 while open (0 when not overdue). */
  daysOver: number
  notes: { date: string; text: string; byName: string }[]
  /** 牵头单位, 责任单位, 配合单位 as last set ('' each until then). */
  units: TaskUnits
}

/** Every task of every indexed meeting: open ones first (overdue first, then by 时限, none last), then done ones, latest first. */
export function readTaskLedger(meta: Y.Doc, today: string): TaskLedgerRow[] {
  const facts = readFacts(progressArray(meta), taskProgressSchema).facts
  const byTask = new Map<string, TaskProgress[]>()
  for (const f of facts) {
    const key = `${f.meetingId}/${f.rowId}`
    byTask.set(key, [...(byTask.get(key) ?? []), f])
  }
  const index = meetingIndexMap(meta)
  const rows: TaskLedgerRow[] = []
  for (const meeting of listMeetings(meta)) {
    const entry = index.get(meeting.id)
    if (!(entry instanceof Y.Map)) continue
    for (const task of meetingTasks(entry)) {
      const own = (byTask.get(`${meeting.id}/${task.id}`) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      const last = own.filter((f) => f.kind === 'done' || f.kind === 'reopen').at(-1)
      const doneOn = last ? (last.kind === 'done' ? last.date : null) : task.done === 'yes' ? '' : null
      const daysOver = doneOn === null && isCivilDate(task.due) && task.due < today ? daysBetween(task.due, today) : 0
      rows.push({
        ...task,
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        meetingDate: meeting.date,
        meetingType: meeting.type,
        doneOn,
        overdue: daysOver > 0,
        daysOver,
        notes: own.filter((f) => f.kind !== 'units' && f.text !== '').map((f) => ({ date: f.date, text: f.text, byName: f.byName })),
        units: own.filter((f) => f.kind === 'units').at(-1)?.units ?? NO_UNITS,
      })
    }
  }
  const open = rows.filter((r) => r.doneOn === null).sort((a, b) => b.daysOver - a.daysOver || (a.due || '9999').localeCompare(b.due || '9999') || compareZh(a.task, b.task))
  const done = rows.filter((r) => r.doneOn !== null).sort((a, b) => (b.doneOn || b.meetingDate).localeCompare(a.doneOn || a.meetingDate) || compareZh(a.task, b.task))
  return [...open, ...done]
}

/** 完成情况 as a report says it: 已完成（date）, 未完成, or 未完成，逾期 n 天. */
export function taskState(row: Pick<TaskLedgerRow, 'doneOn' | 'daysOver'>): string {
  if (row.doneOn !== null) return row.doneOn ? `已完成（${row.doneOn}）` : '已完成'
  return row.daysOver > 0 ? `未完成，逾期 ${row.daysOver} 天` : '未完成'
}

/**
 * The 工作任务台账 as a sheet (DOMAIN.md §2.15 工作推进台账, reported upward in Excel): one row per
 * task in the ledger's order, with its units, 完成情况, every 进展 recorded, and the meeting that set it.
 */
export function taskLedgerTable(rows: readonly TaskLedgerRow[]): ExportTable {
  return {
    headers: ['序号', '工作任务', '牵头单位', '责任单位', '配合单位', '责任人', '完成时限', '完成情况', '进展情况', '布置会议', '会议日期'],
    rows: rows.map((r, i) => [i + 1, r.task, r.units.lead, r.units.responsible, r.units.co, r.owner, r.due, taskState(r), r.notes.map((n) => `${n.date} ${n.text}（${n.byName}）`).join('；'), r.meetingTitle, r.meetingDate]),
  }
}

/** The figures above the list: open, of which overdue, and done. */
export function taskCounts(rows: readonly TaskLedgerRow[]): { open: number; overdue: number; done: number } {
  return { open: rows.filter((r) => r.doneOn === null).length, overdue: rows.filter((r) => r.overdue).length, done: rows.filter((r) => r.doneOn !== null).length }
}

/** The open tasks a member is 责任人 of: the 责任人 is a name as the minutes wrote it, so "张江、李四" is both's. */
export function openTasksOf(rows: readonly TaskLedgerRow[], name: string): TaskLedgerRow[] {
  const own = name.trim()
  return own ? rows.filter((r) => r.doneOn === null && r.owner.split(/[、，,；;/\s]+/).includes(own)) : []
}
