/** Request and response shapes of /api/notices (publishing to a village's notice log). */
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'
import { idSchema } from '../ids.js'
import { NOTICE_KINDS } from '../notices/kinds.js'
import { noticeAttachmentSchema, noticeRowSchema } from '../notices/row.js'

const dateSchema = civilDateSchema('请选择日期')

export const NOTICE_BODY_MAX = 20_000
export const NOTICE_ATTACHMENTS_MAX = 20

export const publishNoticeRequestSchema = z
  .object({
    /** Made by the client when the cadre pressed publish: a repeat publishes once. */
    id: idSchema,
    kind: z.enum(NOTICE_KINDS, { error: '请选择公开类别' }),
    title: z.string().trim().min(1, '请填写公告标题').max(100, '标题最多 100 个字'),
    body: z.string().trim().min(1, '请填写公告内容').max(NOTICE_BODY_MAX, `内容最多 ${NOTICE_BODY_MAX} 个字`),
    periodFrom: dateSchema,
    periodTo: dateSchema,
    correctionOf: z.number().int().positive().nullable().default(null),
    decisionId: idSchema.nullable().default(null),
    /** Files already uploaded for the village's decisions doc (/api/attachments), shown publicly with the notice. */
    attachments: z.array(noticeAttachmentSchema).max(NOTICE_ATTACHMENTS_MAX, `每条公告最多 ${NOTICE_ATTACHMENTS_MAX} 个附件`).default([]),
  })
  .refine((n) => n.periodTo >= n.periodFrom, { message: '公示结束日期不能早于开始日期', path: ['periodTo'] })
  .refine((n) => (n.kind === 'decision_resolution' || n.kind === 'decision_result') === (n.decisionId !== null), {
    message: '决议公开和实施结果公开须关联决策事项',
    path: ['decisionId'],
  })
export type PublishNoticeRequest = z.input<typeof publishNoticeRequestSchema>

export const publishNoticeResponseSchema = z.object({ notice: noticeRowSchema, created: z.boolean() })
export const noticeListSchema = z.object({ notices: z.array(noticeRowSchema) })
