/**
 * The fields of one meeting record, described once: each field's zod schema (with the Chinese
 * message the form shows) and its label. The doc layout (minutesDoc.ts), the forms, the print
 * view, the .docx export and the canonical serialisation (canonical.ts) all read these lists.
 * Fields follow DOMAIN.md §3.4 "Minutes fields": type, date, place, host (convener), recorder,
 * attendees with absentees and reasons, agenda, decisions (resolutions with votes), tasks
 * (owner, due date), links to decision and ledger records.
 */
import { z } from 'zod'
import { isCivilDate } from '../civilDate.js'
import { MEETING_TYPES } from '../meetingIndex.js'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const COUNT = /^\d{1,5}$/

const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`)
const optionalDate = z.string().refine((v) => v === '' || isCivilDate(v), '日期格式应为 2026-03-01')

/** Header fields: plain strings in the `meeting` Y.Map, one key each. */
export const HEADER_FIELDS = {
  type: { label: '会议类型', schema: z.enum(MEETING_TYPES, '请选择会议类型') },
  title: { label: '会议名称', schema: text(80, '会议名称').min(1, '请填写会议名称') },
  date: { label: '日期', schema: z.string().refine(isCivilDate, '请填写日期，格式如 2026-03-01') },
  time: { label: '时间', schema: z.string().refine((v) => v === '' || TIME.test(v), '时间格式应为 09:30') },
  place: { label: '地点', schema: text(80, '地点') },
  host: { label: '主持人', schema: text(40, '主持人') },
  recorder: { label: '记录人', schema: text(40, '记录人') },
} as const
export type HeaderField = keyof typeof HEADER_FIELDS
export const HEADER_KEYS = Object.keys(HEADER_FIELDS) as HeaderField[]

export const ATTENDANCE = ['present', 'absent', 'leave'] as const
export type Attendance = (typeof ATTENDANCE)[number]
export const ATTENDANCE_LABELS: Record<Attendance, string> = { present: '出席', absent: '缺席', leave: '请假' }

export const LINK_KINDS = ['decision', 'ledger'] as const
export type LinkKind = (typeof LINK_KINDS)[number]
export const LINK_KIND_LABELS: Record<LinkKind, string> = { decision: '四议两公开记录', ledger: '台账记录' }

export const DONE_LABELS: Record<'' | 'yes', string> = { '': '未完成', yes: '已完成' }

/** How a row field is entered: free text unless it names options or an input kind. */
export type FieldSpec = { label: string; schema: z.ZodType; options?: Record<string, string>; input?: 'date' | 'number' }

const count = (label: string) => z.string().refine((v) => v === '' || COUNT.test(v), `${label}必须是不小于 0 的整数`)

/** Row lists: Y.Arrays of Y.Maps, each row with an `id` plus these string fields. */
export const LIST_FIELDS = {
  attendees: {
    label: '应到人员',
    fields: {
      name: { label: '姓名', schema: text(40, '姓名').min(1, '请填写姓名') },
      role: { label: '职务', schema: text(40, '职务') },
      attendance: { label: '出席情况', schema: z.enum(ATTENDANCE, '请选择出席情况'), options: ATTENDANCE_LABELS },
      reason: { label: '缺席原因', schema: text(80, '缺席原因') },
    },
  },
  agenda: {
    label: '议程',
    fields: { title: { label: '议题', schema: text(120, '议题').min(1, '请填写议题') } },
  },
  resolutions: {
    label: '决议',
    fields: {
      text: { label: '决议内容', schema: text(300, '决议内容').min(1, '请填写决议内容') },
      for: { label: '赞成', schema: count('赞成票数'), input: 'number' },
      against: { label: '反对', schema: count('反对票数'), input: 'number' },
      abstain: { label: '弃权', schema: count('弃权票数'), input: 'number' },
    },
  },
  actions: {
    label: '工作任务',
    fields: {
      task: { label: '任务', schema: text(200, '任务').min(1, '请填写任务') },
      owner: { label: '责任人', schema: text(40, '责任人') },
      due: { label: '完成时限', schema: optionalDate, input: 'date' },
      done: { label: '完成情况', schema: z.enum(['', 'yes'], '完成状态有误'), options: DONE_LABELS },
    },
  },
  links: {
    label: '关联记录',
    fields: {
      kind: { label: '类型', schema: z.enum(LINK_KINDS, '请选择关联类型'), options: LINK_KIND_LABELS },
      target: { label: '编号', schema: text(120, '编号').min(1, '请填写关联记录编号') },
      label: { label: '说明', schema: text(80, '说明') },
    },
  },
} as const
export type ListName = keyof typeof LIST_FIELDS
export const LIST_NAMES = Object.keys(LIST_FIELDS) as ListName[]
export type ListField<L extends ListName> = keyof (typeof LIST_FIELDS)[L]['fields'] & string

export function listFieldKeys<L extends ListName>(list: L): ListField<L>[] {
  return Object.keys(LIST_FIELDS[list].fields) as ListField<L>[]
}

export function listFieldSpec(list: ListName, field: string): FieldSpec | undefined {
  return (LIST_FIELDS[list].fields as Record<string, FieldSpec>)[field]
}

/** The Chinese message for a header value, or null when it is valid. */
export function headerError(field: HeaderField, value: string): string | null {
  const parsed = HEADER_FIELDS[field].schema.safeParse(value)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '内容有误')
}

/** The Chinese message for a row value, or null when it is valid. */
export function rowError<L extends ListName>(list: L, field: ListField<L>, value: string): string | null {
  const spec = listFieldSpec(list, field)
  if (!spec) return '未知字段'
  const parsed = spec.schema.safeParse(value)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '内容有误')
}
