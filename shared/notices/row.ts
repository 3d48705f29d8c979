/** One row of a village's notice log, as stored, served and hashed (chain.ts). */
import { z } from 'zod'
import { NOTICE_KINDS } from './kinds.js'

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
})
export type NoticeRow = z.infer<typeof noticeRowSchema>

/** The previous hash of the first notice of a village. */
export const GENESIS_HASH = '0'.repeat(64)
