/** The notice calls the decisions section makes (publishing goes through the workspace's outbox, client/workspace/acts.ts). */
import { noticeListSchema, type PublishNoticeRequest } from '../../../shared/api/notices'
import type { NoticeRow } from '../../../shared/notices/row'
import { request, type ApiContext } from '../api/http'

export async function listNotices(api: ApiContext, villageId: string): Promise<NoticeRow[]> {
  return (await request(api, `/api/notices/${encodeURIComponent(villageId)}`, noticeListSchema)).notices
}

export type { PublishNoticeRequest }
