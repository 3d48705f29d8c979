/**
 * Publishing one notice, or a posting record of one: sanitise the body, then append the next link
 * of the village's chain.
 * Only what the cadre typed goes in; nothing is pulled from ledger or sensitive docs.
 */
import type { PublishNoticeRequest, RecordPosting } from '../../shared/api/notices.js'
import { chainRow } from '../../shared/notices/chain.js'
import type { NoticeAttachment, NoticeRow } from '../../shared/notices/row.js'
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

/**
 * Appends a posting record (张贴记录) of `notice`: a row of its own, so the notice stays exactly as
 * published. It takes the notice's kind and decision; its title names the notice, its body says
 * where and when it went up (with the cadre's note), and its photos are its files.
 */
export async function recordPosting(
  notices: NoticeStore,
  notice: NoticeRow,
  request: RecordPosting,
  publisher: Publisher,
  now: () => Date = () => new Date(),
): Promise<AppendOutcome> {
  const { sanitizeNoticeBody } = await import('./sanitize.js')
  const places = request.places.join('、')
  const body = sanitizeNoticeBody([`第 ${notice.seq} 号公告「${notice.title}」已于 ${request.postedOn} 张贴于：${places}。`, request.note].filter((p) => p !== '').join('\n\n'))
  return notices.append(notice.villageId, request.id, (tip) =>
    chainRow(tip, {
      id: request.id,
      villageId: notice.villageId,
      publishedAt: now().toISOString(),
      publisherName: publisher.name,
      kind: notice.kind,
      title: `第 ${notice.seq} 号公告张贴记录`,
      body,
      periodFrom: request.postedOn,
      periodTo: request.postedOn > notice.periodTo ? request.postedOn : notice.periodTo,
      correctionOf: null,
      decisionId: notice.decisionId,
      attachments: request.photos,
      posting: { of: notice.seq, postedOn: request.postedOn, places: request.places },
    }),
  )
}
