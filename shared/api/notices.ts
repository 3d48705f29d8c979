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

export const POSTING_PHOTOS_MAX = 10
export const POSTING_PLACES_MAX = 10
/** Photos a posting record may carry: what a phone's camera gives once prepared (client/attachments/prepare.ts). */
export const POSTING_PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp'])

/**
 * POST /api/notices/:villageId/:seq/postings — records that notice `seq` was put up on a wall
 * (张贴记录): the day, where, and photos of it on the wall, uploaded first like a notice's files.
 */
export const recordPostingRequestSchema = z.object({
  /** Made by the client when the cadre pressed 登记: a repeat records once. */
  id: idSchema,
  postedOn: civilDateSchema('请选择张贴日期'),
  places: z
    .array(z.string().trim().min(1).max(50, '每个张贴地点最多 50 个字'))
    .min(1, '请填写张贴地点')
    .max(POSTING_PLACES_MAX, `最多 ${POSTING_PLACES_MAX} 个张贴地点`)
    .refine((places) => new Set(places).size === places.length, '张贴地点重复了'),
  note: z.string().trim().max(500, '说明最多 500 个字').default(''),
  photos: z
    .array(noticeAttachmentSchema.refine((a) => POSTING_PHOTO_TYPES.has(a.type), '张贴照片只能是 JPEG、PNG 或 WebP 图片'))
    .min(1, '请至少拍一张张贴照片')
    .max(POSTING_PHOTOS_MAX, `最多 ${POSTING_PHOTOS_MAX} 张照片`),
})
export type RecordPostingRequest = z.input<typeof recordPostingRequestSchema>
export type RecordPosting = z.output<typeof recordPostingRequestSchema>

/** Splits what a cadre typed as places (、，,; or new lines) into the list the request carries. */
export function splitPlaces(text: string): string[] {
  return [...new Set(text.split(/[、，,;；\n]+/).map((p) => p.trim()).filter((p) => p !== ''))]
}
