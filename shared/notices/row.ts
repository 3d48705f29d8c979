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
})
export type NoticeRow = z.infer<typeof noticeRowSchema>

/** The previous hash of the first notice of a village. */
export const GENESIS_HASH = '0'.repeat(64)
