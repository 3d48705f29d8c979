/**
 * How each server-authoritative act in the outbox is sent, by kind (db.ts OUTBOX_KINDS). One
 * retry policy for all of them (outbox.ts); each kind only says which call it is and which
 * refusals are final.
 */
import * as z from 'zod'
import { revealRequestSchema } from '../../shared/api/accounts'
import { publishNoticeRequestSchema, publishNoticeResponseSchema, recordPostingRequestSchema } from '../../shared/api/notices'
import { exhaustiveSwitchError } from '../../shared/exhaustive'
import { ApiError, errorText, request, type ApiContext } from '../app/api/http'
import type { OutboxRow } from '../sync/db'
import { UploadRefused, uploadFile, type FileSource } from '../attachments/files'
import type { OutboxSender, SendResult } from '../sync/outbox'

/** Statuses that may pass: the session (401), a timeout or throttling; every other 4xx is final. */
const TRANSIENT = new Set([401, 408, 429])
const okSchema = z.object({ ok: z.literal(true) })

/** A posting record (张贴记录) of notice `seq`. */
export const postingPayloadSchema = z.object({ seq: z.number().int().positive(), request: recordPostingRequestSchema })
export type PostingPayload = z.input<typeof postingPayloadSchema>

/** The notice a queued 张贴记录 is for (null for any other act, or an unreadable one). */
export function postingOf(row: OutboxRow): number | null {
  if (row.kind !== 'notice.posting') return null
  const payload = postingPayloadSchema.safeParse(row.payload)
  return payload.success ? payload.data.seq : null
}

const uploadPayloadSchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), doc: z.string().min(1), type: z.string().min(1), size: z.number().int().positive() })

export function actSender(api: ApiContext, files?: FileSource): OutboxSender {
  return async (row: OutboxRow): Promise<SendResult> => {
    switch (row.kind) {
      case 'notice.publish': {
        const payload = publishNoticeRequestSchema.safeParse(row.payload)
        if (!payload.success) return { kind: 'rejected', message: payload.error.issues[0]?.message ?? '公告内容有误' }
        return send(() => request(api, `/api/notices/${encodeURIComponent(row.villageId)}`, publishNoticeResponseSchema, { method: 'POST', body: payload.data }), 'rejected')
      }
      case 'notice.posting': {
        const payload = postingPayloadSchema.safeParse(row.payload)
        if (!payload.success) return { kind: 'rejected', message: payload.error.issues[0]?.message ?? '张贴记录有误' }
        const { seq, request: body } = payload.data
        return send(() => request(api, `/api/notices/${encodeURIComponent(row.villageId)}/${seq}/postings`, publishNoticeResponseSchema, { method: 'POST', body }), 'rejected')
      }
      case 'audit.reveal': {
        const payload = revealRequestSchema.safeParse(row.payload)
        if (!payload.success) return { kind: 'dropped', message: 'unreadable reveal report' }
        // Refused outright (no longer a member, say): nobody can act on it, and keeping it would
        // block signing out with a wipe forever.
        return send(() => request(api, '/api/audit/reveal', okSchema, { method: 'POST', body: payload.data }), 'dropped')
      }
      case 'attachment.upload': {
        const payload = uploadPayloadSchema.safeParse(row.payload)
        if (!payload.success || !files) return { kind: 'rejected', message: '附件上传信息有误' }
        try {
          await uploadFile(api, files, row.villageId, payload.data)
          return { kind: 'sent' }
        } catch (error) {
          if (error instanceof UploadRefused) return { kind: 'rejected', message: error.message }
          return { kind: 'retry', message: errorText(error) }
        }
      }
      default:
        return exhaustiveSwitchError(row.kind)
    }
  }
}

async function send(call: () => Promise<unknown>, onFinalRefusal: 'rejected' | 'dropped'): Promise<SendResult> {
  try {
    await call()
    return { kind: 'sent' }
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && !TRANSIENT.has(error.status)) return { kind: onFinalRefusal, message: error.message }
    return { kind: 'retry', message: errorText(error) }
  }
}
