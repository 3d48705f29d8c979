/** The plain fields of a decision record (its facts are separate, facts.ts). */
import { z } from 'zod'
import { CATEGORIES, MATTER_TYPES } from './matters.js'

export const decisionFieldsSchema = z.object({
  title: z.string().trim().min(1, '请填写事项名称').max(100, '事项名称最多 100 个字'),
  category: z.enum(CATEGORIES, { error: '请选择类别' }),
  matter: z.enum(MATTER_TYPES, { error: '请选择事项类型' }),
  /** 一肩挑: steps 1 and 2 held as one joint meeting. Only settable before any step is recorded. */
  mergedProposal: z.boolean(),
})
export type DecisionFields = z.infer<typeof decisionFieldsSchema>

export type DecisionRecord = DecisionFields & { id: string; createdAt: string; createdBy: string }
