/** The notice calls the decisions section makes, and the outbox's sender for publishing. */
import { noticeListSchema, publishNoticeRequestSchema, publishNoticeResponseSchema, type PublishNoticeRequest } from '../../../shared/api/notices'
import type { NoticeRow } from '../../../shared/notices/row'
import type { OutboxSender, SendResult } from '../../sync/outbox'
import { ApiError, errorText, request, type ApiContext } from '../api/http'

export async function listNotices(api: ApiContext, villageId: string): Promise<NoticeRow[]> {
  return (await request(api, `/api/notices/${encodeURIComponent(villageId)}`, noticeListSchema)).notices
}

/** Statuses that may pass: the session (401), a timeout or throttling; everything else 4xx is final. */
const TRANSIENT = new Set([401, 408, 429])

export function noticeSender(api: ApiContext): OutboxSender {
  return async (row): Promise<SendResult> => {
    const payload = publishNoticeRequestSchema.safeParse(row.payload)
    if (!payload.success) return { kind: 'rejected', message: payload.error.issues[0]?.message ?? '公告内容有误' }
    try {
      await request(api, `/api/notices/${encodeURIComponent(row.villageId)}`, publishNoticeResponseSchema, { method: 'POST', body: payload.data })
      return { kind: 'sent' }
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && !TRANSIENT.has(error.status)) return { kind: 'rejected', message: error.message }
      return { kind: 'retry', message: errorText(error) }
    }
  }
}

export type { PublishNoticeRequest }
