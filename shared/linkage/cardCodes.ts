/**
 * Codes on the 民情联系卡 (issue #17 item 5, #23 item 4), as the household reads and types them:
 * the same alphabet and shape as 民呼我应 tracking codes (no look-alikes, XXXXX-XXXXX), so one
 * normaliser takes what a resident types. The server keeps only their hashes
 * (server/storage/linkageCodes.ts); a code is shown once, when issued for printing.
 *
 *   card    the household's lasting code: raise matters as that household (never consumed)
 *   rating  one-time: rate the linked member once in a half-year
 */
import * as z from 'zod'
import { ID_PATTERN } from '../ids.js'
import { evaluationPeriodSchema } from './evaluation.js'

export { formatTrackingCode as formatCardCode, newTrackingCode as newCardCode, normaliseTrackingCode as normaliseCardCode } from '../matters/matter.js'

export const CARD_CODE_KINDS = ['card', 'rating'] as const
export type CardCodeKind = (typeof CARD_CODE_KINDS)[number]

const id = z.string().regex(ID_PATTERN, '编号格式不对')

/** POST /api/linkage/<villageId>/codes: a village cadre issues a code for one linked household. */
export const issueCodeRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('card'), memberId: id, householdId: id }),
  z.object({ kind: z.literal('rating'), memberId: id, householdId: id, period: evaluationPeriodSchema }),
])
export type IssueCodeRequest = z.infer<typeof issueCodeRequestSchema>

export const issueCodeResponseSchema = z.object({ code: z.string(), kind: z.enum(CARD_CODE_KINDS), period: z.string().nullable(), issuedAt: z.string() })
export type IssueCodeResponse = z.infer<typeof issueCodeResponseSchema>

/** What the village side may list about codes (never the code): issued, used, revoked. */
export const codeStatusSchema = z.object({
  kind: z.enum(CARD_CODE_KINDS),
  memberId: z.string(),
  householdId: z.string(),
  period: z.string().nullable(),
  issuedAt: z.string(),
  usedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export const codeStatusListSchema = z.object({ codes: z.array(codeStatusSchema) })
export type CodeStatus = z.infer<typeof codeStatusSchema>
