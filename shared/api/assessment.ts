/**
 * /api/assessment (server/routes/assessment.ts): 四培五考 for grid workers (issue #16 item 4,
 * seed 004). 四培: training records per grid worker, entered by the township admin. 五考: the
 * monthly, quarterly, half-year and yearly score, 百分制 from the ledger of the worker's grids
 * plus the township's 民主测评 (shared/assessment/). Names: only the grid worker's own name; no
 * resident's data is ever part of an answer.
 */
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'
import { assessmentSettingsSchema } from '../assessment/weights.js'
import { ASSESSMENT_COMPONENTS } from '../assessment/weights.js'
import { reportPeriodSchema } from '../reports/reportPeriod.js'

/** 四培 (seed 004 「崗前培訓、重點培訓、業務培訓、幫帶培訓」). */
export const TRAINING_KINDS = ['岗前培训', '重点培训', '业务培训', '帮带培训'] as const
export type TrainingKind = (typeof TRAINING_KINDS)[number]

export const trainingInputSchema = z
  .object({
    userId: z.string({ error: '请选择网格员' }).min(1, '请选择网格员').max(64),
    kind: z.enum(TRAINING_KINDS, { error: '请选择培训类别（岗前、重点、业务或帮带培训）' }),
    date: civilDateSchema('请填写培训日期'),
    topic: z.string({ error: '请填写培训内容' }).trim().min(1, '请填写培训内容').max(100, '培训内容最多 100 字'),
    hours: z.number({ error: '学时应为数字' }).min(0.5, '学时至少 0.5').max(200, '学时最多 200'),
    trainer: z.string().trim().max(40, '授课人／带教人最多 40 字').default(''),
    note: z.string().trim().max(500, '备注最多 500 字').default(''),
  })
  .strict()
export type TrainingInput = z.infer<typeof trainingInputSchema>

export const trainingRecordSchema = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.enum(TRAINING_KINDS),
  date: z.string(),
  topic: z.string(),
  hours: z.number(),
  trainer: z.string(),
  note: z.string(),
  createdAt: z.string(),
})
export type TrainingRecord = z.infer<typeof trainingRecordSchema>
export const trainingListSchema = z.object({ records: z.array(trainingRecordSchema) })

/** 民主测评: a score out of 100, to one decimal. */
export const ratingInputSchema = z
  .object({ score: z.number({ error: '测评得分应为 0–100 的数字' }).min(0, '测评得分不能小于 0').max(100, '测评得分不能大于 100').multipleOf(0.1, '测评得分最多一位小数') })
  .strict()

export const periodQuerySchema = z.object({ period: reportPeriodSchema })
/** GET /api/assessment/township?period=…[&format=xlsx]: the ranking, or the 考核表 as a workbook. */
export const townshipAssessmentQuerySchema = periodQuerySchema.extend({ format: z.enum(['xlsx'], { error: '文件格式只能是 xlsx' }).optional() })

const count = z.number().int().nonnegative()
export const assessmentFiguresSchema = z.object({
  visits: z.object({ due: count, met: count }),
  onTime: z.object({ due: count, onTime: count }),
  disputes: z.object({ received: count, resolved: count }),
  completeness: z.object({ records: count, complete: count }),
  overdue: z.object({ incidents: count, disputes: count, hazards: count }),
})

export const componentScoreSchema = z.object({
  key: z.enum(ASSESSMENT_COMPONENTS),
  weight: z.number(),
  rate: z.number().nullable(),
  score: z.number().nullable(),
})

export const assessmentEntrySchema = z.object({
  userId: z.string(),
  /** The grid worker's own name: the only personal data in the township's view. */
  name: z.string(),
  villages: z.array(z.string()),
  grids: z.number().int(),
  figures: assessmentFiguresSchema,
  rating: z.number().nullable(),
  components: z.array(componentScoreSchema),
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  /** Training this period (四培), counts only. */
  training: z.object({ sessions: count, hours: z.number() }),
})
export type AssessmentEntry = z.infer<typeof assessmentEntrySchema>

/** The assessment of every grid worker for one period, ranked: what a submitted assessment stores. */
export const assessmentRankingSchema = z.object({
  period: z.string(),
  start: z.string(),
  end: z.string(),
  asOf: z.string(),
  settings: assessmentSettingsSchema,
  entries: z.array(assessmentEntrySchema),
})
export type AssessmentRanking = z.infer<typeof assessmentRankingSchema>

export const assessmentDifferenceSchema = z.object({
  userId: z.string(),
  name: z.string(),
  /** A component's key, or 'total'. */
  item: z.string(),
  submitted: z.number().nullable(),
  current: z.number().nullable(),
})
export type AssessmentDifference = z.infer<typeof assessmentDifferenceSchema>

export const submittedSchema = z.object({ submittedAt: z.string(), hash: z.string(), intact: z.boolean() })

/** GET /api/assessment/township?period=: the submitted ranking if the period is closed, else today's; and today's beside it. */
export const townshipAssessmentSchema = z.object({
  generatedAt: z.string(),
  ranking: assessmentRankingSchema,
  current: assessmentRankingSchema,
  submitted: submittedSchema.nullable(),
  differences: z.array(assessmentDifferenceSchema),
})
export type TownshipAssessment = z.infer<typeof townshipAssessmentSchema>

export const assessmentHistorySchema = z.object({
  periods: z.array(z.object({ period: z.string(), submittedAt: z.string(), hash: z.string(), workers: count, average: z.number().nullable() })),
})

/** GET /api/assessment/mine?period=: one grid worker's own score and what it is made of. */
export const myAssessmentSchema = z.object({
  generatedAt: z.string(),
  period: z.string(),
  start: z.string(),
  end: z.string(),
  asOf: z.string(),
  settings: assessmentSettingsSchema,
  entry: assessmentEntrySchema,
  current: assessmentEntrySchema,
  submitted: submittedSchema.nullable(),
  differences: z.array(assessmentDifferenceSchema),
  training: z.array(trainingRecordSchema),
})
export type MyAssessment = z.infer<typeof myAssessmentSchema>

export const settingsAnswerSchema = z.object({ settings: assessmentSettingsSchema, updatedAt: z.string().nullable() })
