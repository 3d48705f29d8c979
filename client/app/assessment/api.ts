/** /api/assessment calls (server/routes/assessment.ts): 四培五考. */
import * as z from 'zod'
import {
  assessmentHistorySchema,
  myAssessmentSchema,
  settingsAnswerSchema,
  townshipAssessmentSchema,
  trainingListSchema,
  trainingRecordSchema,
  type TrainingInput,
} from '../../../shared/api/assessment'
import type { AssessmentSettings } from '../../../shared/assessment/weights'
import { request, requestFile, type ApiContext } from '../api/http'

const q = (period: string) => `period=${encodeURIComponent(period)}`

export const townshipAssessment = (api: ApiContext, period: string) => request(api, `/api/assessment/township?${q(period)}`, townshipAssessmentSchema)
/** The period's 考核表 as an .xlsx workbook (the submitted scores once the period is closed). */
export const assessmentFile = (api: ApiContext, period: string) => requestFile(api, `/api/assessment/township?${q(period)}&format=xlsx`)
export const myAssessment = (api: ApiContext, period: string) => request(api, `/api/assessment/mine?${q(period)}`, myAssessmentSchema)
export const assessmentHistory = (api: ApiContext) => request(api, '/api/assessment/township/history', assessmentHistorySchema)
export const closeAssessment = (api: ApiContext, period: string) => request(api, '/api/assessment/snapshots', townshipAssessmentSchema, { method: 'POST', body: { period } })
export const readSettings = (api: ApiContext) => request(api, '/api/assessment/settings', settingsAnswerSchema)
export const saveSettings = (api: ApiContext, settings: AssessmentSettings) => request(api, '/api/assessment/settings', settingsAnswerSchema, { method: 'PUT', body: settings })
export const saveRating = (api: ApiContext, period: string, userId: string, score: number) =>
  request(api, `/api/assessment/ratings/${encodeURIComponent(period)}/${encodeURIComponent(userId)}`, z.object({ score: z.number() }), { method: 'PUT', body: { score } })
export const trainingOf = (api: ApiContext, userId: string) => request(api, `/api/assessment/training?userId=${encodeURIComponent(userId)}`, trainingListSchema)
export const addTraining = (api: ApiContext, input: TrainingInput) => request(api, '/api/assessment/training', trainingRecordSchema, { method: 'POST', body: input })
export const removeTraining = (api: ApiContext, id: string) => request(api, `/api/assessment/training/${encodeURIComponent(id)}`, z.object({ ok: z.literal(true) }), { method: 'DELETE' })
