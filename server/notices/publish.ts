/**
 * Publishing one notice: sanitise the body, then append the next link of the village's chain.
 * Only what the cadre typed goes in; nothing is pulled from ledger or sensitive docs.
 */
import type { PublishNoticeRequest } from '../../shared/api/notices.js'
import { chainRow } from '../../shared/notices/chain.js'
import type { NoticeAttachment } from '../../shared/notices/row.js'
import { ApiException } from '../http/errors.js'
import type { AppendOutcome, NoticeStore } from '../storage/notices.js'

export type Publisher = { name: string }

export async function publishNotice(
  notices: NoticeStore,
  villageId: string,
  request: Required<Omit<PublishNoticeRequest, 'attachments'>> & { attachments?: NoticeAttachment[] },
  publisher: Publisher,
  now: () => Date = () => new Date(),
): Promise<AppendOutcome> {
  // sanitize-html is loaded on the first notice published, not at start.
  const { sanitizeNoticeBody } = await import('./sanitize.js')
  const body = sanitizeNoticeBody(request.body)
  if (body === '') throw new ApiException(400, { error: '公告内容清理后为空：只能包含文字和简单排版', field: 'body' })
  return notices.append(villageId, request.id, (tip) =>
    chainRow(tip, {
      id: request.id,
      villageId,
      publishedAt: now().toISOString(),
      publisherName: publisher.name,
      kind: request.kind,
      title: request.title,
      body,
      periodFrom: request.periodFrom,
      periodTo: request.periodTo,
      correctionOf: request.correctionOf,
      decisionId: request.decisionId,
      ...(request.attachments?.length ? { attachments: request.attachments } : {}),
    }),
  )
}
