/** One row of a village's notice log, as stored, served and hashed (chain.ts). */
import * as z from 'zod'
import { NOTICE_KINDS } from './kinds.js'

/**
 * A file shown with a notice (issue #19): an image of the posted notice, a scan. Its SHA-256 is
 * hashed with the notice (chain.ts), so a replaced file no longer matches the log.
 */
export const noticeAttachmentSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '附件标识（SHA-256）格式不对'),
  name: z.string().trim().min(1, '附件缺少文件名').max(200, '附件文件名最多 200 个字'),
  type: z.string().trim().toLowerCase().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, '附件类型格式不对'),
  size: z.number().int().positive(),
})
export type NoticeAttachment = z.infer<typeof noticeAttachmentSchema>

/**
 * A row that records where and when a published notice was put up on a wall (上墙; DOMAIN.md §3.5
 * `photoEvidence`), appended after it: the notice itself never changes. Its photos are the
 * row's attachments; these fields are hashed with it (chain.ts).
 */
export const noticePostingSchema = z.object({
  /** The seq of the notice that was posted. */
  of: z.number().int().positive(),
  /** The day it went up (civil date, Beijing). */
  postedOn: z.string(),
  /** Where: 村委会公开栏, a group's board… */
  places: z.array(z.string()).min(1),
})
export type NoticePosting = z.infer<typeof noticePostingSchema>

export const noticeRowSchema = z.object({
  id: z.string(),
  villageId: z.string(),
  seq: z.number().int().positive(),
  publishedAt: z.string(),
  publisherName: z.string(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  /** Sanitised HTML (server/notices/sanitize.ts); what was hashed. */
  body: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  /** The seq of the notice this one corrects. */
  correctionOf: z.number().int().positive().nullable(),
  decisionId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
  /** Absent on a notice without files (and on every notice published before files existed). */
  attachments: z.array(noticeAttachmentSchema).optional(),
  /** Present only on a posting record (张贴记录) of an earlier notice. */
  posting: noticePostingSchema.optional(),
})
export type NoticeRow = z.infer<typeof noticeRowSchema>

/** The previous hash of the first notice of a village. */
export const GENESIS_HASH = '0'.repeat(64)

/** A posting record is shown with its notice, not as a notice of its own. */
export const isPosting = (row: Pick<NoticeRow, 'posting'>): boolean => row.posting !== undefined
