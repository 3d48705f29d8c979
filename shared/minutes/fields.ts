/**
 * A meeting record, described once through shared/record.ts: the header fields, the row lists
 * (minutes' extension: each list a record kind of its own, rows of plain strings) and the
 * server's stamp logs. Each field has its zod schema (with the Chinese message the form shows),
 * its label and how a form enters it. The doc layout (minutesDoc.ts), the forms, the print view,
 * the .docx export and the canonical serialisation (canonical.ts) all read these lists.
 * Fields follow DOMAIN.md §3.4 "Minutes fields": type, date, place, host (convener), recorder,
 * attendees with absentees and reasons, agenda, decisions (resolutions with votes), tasks
 * (owner, due date), links to decision and ledger records.
 */
import * as z from 'zod'
import { isCivilDate } from '../civilDate.js'
import { MEETING_TYPES, MEETING_TYPE_LABELS } from '../meetingIndex.js'
import { fieldError, fieldsByKey, keysOf, type Field, type RecordKind } from '../record.js'
import { confirmStampSchema, finalStampSchema } from './stamps.js'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const COUNT = /^\d{1,5}$/

const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`)
const optionalDate = z.string().refine((v) => v === '' || isCivilDate(v), '日期格式应为 2026-03-01')
const count = (label: string) => z.string().refine((v) => v === '' || COUNT.test(v), `${label}必须是不小于 0 的整数`)

/** Every minutes value is a plain string, checked by a schema that does not depend on the day. */
export type MinutesField = Field<z.ZodType<string>>

/** Header fields: plain strings in the `meeting` Y.Map, one key each. */
const HEADER = [
  { key: 'type', label: '会议类型', schema: z.enum(MEETING_TYPES, '请选择会议类型'), options: MEETING_TYPES, optionLabels: MEETING_TYPE_LABELS },
  { key: 'title', label: '会议名称', schema: text(80, '会议名称').min(1, '请填写会议名称') },
  { key: 'date', label: '日期', schema: z.string().refine(isCivilDate, '请填写日期，格式如 2026-03-01'), input: 'date' },
  { key: 'time', label: '时间', schema: z.string().refine((v) => v === '' || TIME.test(v), '时间格式应为 09:30'), input: 'time' },
  { key: 'place', label: '地点', schema: text(80, '地点') },
  { key: 'host', label: '主持人', schema: text(40, '主持人') },
  { key: 'recorder', label: '记录人', schema: text(40, '记录人') },
] as const satisfies readonly MinutesField[]

export const HEADER_FIELDS = fieldsByKey(HEADER)
export type HeaderField = (typeof HEADER)[number]['key']
export const HEADER_KEYS: HeaderField[] = keysOf(HEADER)

export const ATTENDANCE = ['present', 'absent', 'leave'] as const
export type Attendance = (typeof ATTENDANCE)[number]
export const ATTENDANCE_LABELS: Record<Attendance, string> = { present: '出席', absent: '缺席', leave: '请假' }

export const LINK_KINDS = ['decision', 'ledger'] as const
export type LinkKind = (typeof LINK_KINDS)[number]
export const LINK_KIND_LABELS: Record<LinkKind, string> = { decision: '四议两公开记录', ledger: '台账记录' }

const DONE = ['', 'yes'] as const
export const DONE_LABELS: Record<(typeof DONE)[number], string> = { '': '未完成', yes: '已完成' }

/** A row list: a Y.Array of Y.Maps under `root`, each row an `id` plus these string fields. */
function rowKind<const R extends string, const F extends readonly MinutesField[]>(root: R, label: string, fields: F) {
  return { kind: root, label, doc: 'minutes', root, fields } as const satisfies RecordKind<MinutesField>
}

export const ROW_KINDS = {
  attendees: rowKind('attendees', '应到人员', [
    { key: 'name', label: '姓名', schema: text(40, '姓名').min(1, '请填写姓名') },
    { key: 'role', label: '职务', schema: text(40, '职务') },
    { key: 'attendance', label: '出席情况', schema: z.enum(ATTENDANCE, '请选择出席情况'), options: ATTENDANCE, optionLabels: ATTENDANCE_LABELS },
    { key: 'reason', label: '缺席原因', schema: text(80, '缺席原因') },
  ]),
  agenda: rowKind('agenda', '议程', [{ key: 'title', label: '议题', schema: text(120, '议题').min(1, '请填写议题') }]),
  resolutions: rowKind('resolutions', '决议', [
    { key: 'text', label: '决议内容', schema: text(300, '决议内容').min(1, '请填写决议内容') },
    { key: 'for', label: '赞成', schema: count('赞成票数'), input: 'number' },
    { key: 'against', label: '反对', schema: count('反对票数'), input: 'number' },
    { key: 'abstain', label: '弃权', schema: count('弃权票数'), input: 'number' },
  ]),
  actions: rowKind('actions', '工作任务', [
    { key: 'task', label: '任务', schema: text(200, '任务').min(1, '请填写任务') },
    { key: 'owner', label: '责任人', schema: text(40, '责任人') },
    { key: 'due', label: '完成时限', schema: optionalDate, input: 'date' },
    { key: 'done', label: '完成情况', schema: z.enum(DONE, '完成状态有误'), options: DONE, optionLabels: DONE_LABELS },
  ]),
  links: rowKind('links', '关联记录', [
    { key: 'kind', label: '类型', schema: z.enum(LINK_KINDS, '请选择关联类型'), options: LINK_KINDS, optionLabels: LINK_KIND_LABELS },
    { key: 'target', label: '编号', schema: text(120, '编号').min(1, '请填写关联记录编号') },
    { key: 'label', label: '说明', schema: text(80, '说明') },
  ]),
}
export type ListName = keyof typeof ROW_KINDS
export const LIST_NAMES = Object.keys(ROW_KINDS) as ListName[]
export type ListField<L extends ListName> = (typeof ROW_KINDS)[L]['fields'][number]['key']

/** The meeting: header fields in the `meeting` map, its row lists, and the server's stamp logs (stamps.ts). */
export const MEETING = {
  kind: 'meeting',
  label: '会议记录',
  doc: 'minutes',
  root: 'meeting',
  fields: HEADER,
  facts: { finalisations: finalStampSchema, confirmations: confirmStampSchema },
  lists: ROW_KINDS,
} as const satisfies RecordKind<MinutesField> & { lists: Record<string, RecordKind<MinutesField>> }

export function listFieldKeys<L extends ListName>(list: L): ListField<L>[] {
  return keysOf<readonly MinutesField[]>(ROW_KINDS[list].fields) as ListField<L>[]
}

export function listField(list: ListName, field: string): MinutesField | undefined {
  return (ROW_KINDS[list].fields as readonly MinutesField[]).find((f) => f.key === field)
}

/** The Chinese message for a header value, or null when it is valid. */
export function headerError(field: HeaderField, value: string): string | null {
  return fieldError(HEADER_FIELDS[field], value)
}

/** The Chinese message for a row value, or null when it is valid. */
export function rowError<L extends ListName>(list: L, field: ListField<L>, value: string): string | null {
  const spec = listField(list, field)
  return spec ? fieldError(spec, value) : '未知字段'
}
