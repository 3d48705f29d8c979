/**
 * A 四议两公开 record, described once through shared/record.ts: its plain fields, the `facts` log
 * of step facts (facts.ts) and, as decisions' extension, the six steps in order (steps.ts).
 * Records live in the `<villageId>/decisions` doc under `decisions` (decisionsDoc.ts). The new
 * record form and the check of its input read the fields from here.
 */
import * as z from 'zod'
import { recordSchema, type Field, type RecordKind, type UnreadableField } from '../record.js'
import { stepFactSchema } from './facts.js'
import { CATEGORIES, CATEGORY_LABELS, MATTER_TYPES, MATTER_TYPE_LABELS } from './matters.js'
import { STEP_KINDS, STEP_LABELS } from './steps.js'

const FIELDS = [
  { key: 'title', label: '事项名称', schema: z.string().trim().min(1, '请填写事项名称').max(100, '事项名称最多 100 个字'), required: true },
  { key: 'category', label: '类别', schema: z.enum(CATEGORIES, { error: '请选择类别' }), required: true, options: CATEGORIES, optionLabels: CATEGORY_LABELS },
  { key: 'matter', label: '事项类型', schema: z.enum(MATTER_TYPES, { error: '请选择事项类型' }), required: true, options: MATTER_TYPES, optionLabels: MATTER_TYPE_LABELS },
  /** 一肩挑: steps 1 and 2 held as one joint meeting. Only settable before any step is recorded. */
  { key: 'mergedProposal', label: '一肩挑：党支部提议与两委会商议合并召开', schema: z.boolean(), required: true },
] as const satisfies readonly Field<z.ZodType>[]

export const DECISION = {
  kind: 'decision',
  label: '四议两公开事项',
  doc: 'decisions',
  root: 'decisions',
  fields: FIELDS,
  facts: { facts: stepFactSchema },
  steps: { order: STEP_KINDS, labels: STEP_LABELS },
} as const satisfies RecordKind<Field<z.ZodType>> & { steps: { order: readonly string[]; labels: Readonly<Record<string, string>> } }

export const decisionFieldsSchema = recordSchema(DECISION.fields)
export type DecisionFields = z.infer<typeof decisionFieldsSchema>

export type DecisionRecord = DecisionFields & {
  id: string
  createdAt: string
  createdBy: string
  /** Fields another device wrote that do not parse: kept in the doc, read as their defaults, shown as a warning. */
  unreadableFields?: UnreadableField[]
}
