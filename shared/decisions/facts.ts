/**
 * The facts of a decision record, appended to its `facts` Y.Array and never rewritten
 * (DESIGN.md "Store facts, derive status"). Each fact is parsed with these schemas when read, as
 * it may come from any peer; one that does not parse is shown as a conflict, never applied.
 */
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'
import { idSchema } from '../ids.js'
import { ASSEMBLIES, MEETING_STEPS, NOTICE_STEPS } from './steps.js'

const dateSchema = civilDateSchema('请选择日期')
const count = (label: string) =>
  z.number({ error: `请填写${label}` }).int(`${label}须为整数`).min(0, `${label}不能为负数`).max(100_000, `${label}过大`)

const factBase = {
  id: idSchema,
  by: z.string().max(64),
  atClient: z.string().max(40),
}

export const meetingFactSchema = z
  .object({
    ...factBase,
    type: z.literal('meeting'),
    step: z.enum(MEETING_STEPS),
    date: dateSchema,
    meetingId: idSchema.or(z.literal('')).refine((v) => v !== '', '请关联会议记录'),
    /** Step 4 only: which assembly decided, and whether the 村民会议 authorised the 村民代表会议. */
    assembly: z.enum(ASSEMBLIES).optional(),
    authorised: z.boolean().optional(),
    eligible: count('应到人数').refine((n) => n > 0, '应到人数须大于 0'),
    present: count('实到人数'),
    for: count('赞成票'),
    against: count('反对票'),
    abstain: count('弃权票'),
    /** 村民会议 only: households in the village and households represented at the meeting. */
    households: z.object({ total: count('总户数'), represented: count('到会户数') }).optional(),
  })
  .refine((f) => f.present <= f.eligible, { message: '实到人数不能超过应到人数', path: ['present'] })
  .refine((f) => f.for + f.against + f.abstain <= f.present, { message: '赞成、反对、弃权合计不能超过实到人数', path: ['for'] })
  .refine((f) => f.step !== 'resolve' || f.assembly !== undefined, { message: '请选择决议会议', path: ['assembly'] })
  .refine((f) => !f.households || f.households.represented <= f.households.total, { message: '到会户数不能超过总户数', path: ['households'] })
export type MeetingFact = z.infer<typeof meetingFactSchema>

export const noticeFactSchema = z.object({
  ...factBase,
  type: z.literal('notice'),
  step: z.enum(NOTICE_STEPS),
  /** The id the client gave the notice when the cadre pressed publish (the outbox sends it). */
  noticeId: idSchema,
  date: dateSchema,
})
export type NoticeFact = z.infer<typeof noticeFactSchema>

/** After a failed vote: start again from the first step (facts so far stay, as history). */
export const restartFactSchema = z.object({ ...factBase, type: z.literal('restart'), reason: z.string().trim().min(1, '请填写原因').max(500) })
/** After a failed vote, or withdrawn: the record ends here. */
export const closeFactSchema = z.object({ ...factBase, type: z.literal('close'), reason: z.string().trim().min(1, '请填写原因').max(500) })

export const stepFactSchema = z.discriminatedUnion('type', [meetingFactSchema, noticeFactSchema, restartFactSchema, closeFactSchema])
export type StepFact = z.infer<typeof stepFactSchema>
export type RestartFact = z.infer<typeof restartFactSchema>
export type CloseFact = z.infer<typeof closeFactSchema>
