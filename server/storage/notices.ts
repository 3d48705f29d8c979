/**
 * The per-village notice log (DESIGN.md "Public notices"). Rules every backend keeps:
 * - append-only: no update or delete is offered, a correction is a new row;
 * - one order per village: seq = previous seq + 1 and prevHash = previous hash, decided inside
 *   one transaction, so two publishers at once still make one chain (unique (village, seq));
 * - idempotent by id: appending an id that exists returns the stored row (created: false).
 */
import * as z from 'zod'
import { type NoticeRow, noticeRowSchema } from '../../shared/notices/row.js'

export type ChainTip = Pick<NoticeRow, 'seq' | 'hash'>
export type AppendOutcome = { row: NoticeRow; created: boolean }

export interface NoticeStore {
  /** `build` makes the row that follows the tip (async: hashing); it may run more than once. */
  append(villageId: string, id: string, build: (tip: ChainTip | null) => Promise<NoticeRow>): Promise<AppendOutcome>
  /** The village's log in seq order. */
  list(villageId: string): Promise<NoticeRow[]>
  get(villageId: string, seq: number): Promise<NoticeRow | null>
}

export const NOTICE_COLUMNS =
  'id, village_id, seq, published_at, publisher_name, kind, title, body, period_from, period_to, correction_of, decision_id, prev_hash, hash, attachments, posting'

export type NoticeDb = {
  id: string
  village_id: string
  seq: number | string
  published_at: string
  publisher_name: string
  kind: string
  title: string
  body: string
  period_from: string
  period_to: string
  correction_of: number | string | null
  decision_id: string | null
  prev_hash: string
  hash: string
  /** JSON array of NoticeAttachment; null for a notice without files. */
  attachments: string | null
  /** JSON NoticePosting; null but on a posting record. */
  posting: string | null
}

const nullableInt = z.union([z.number(), z.string()]).nullable().transform((v) => (v === null ? null : Number(v)))

/** Rows read back are parsed like any other edge (a bad row fails loudly, not silently). */
export function toNoticeRow(r: NoticeDb): NoticeRow {
  return noticeRowSchema.parse({
    id: r.id,
    villageId: r.village_id,
    seq: Number(r.seq),
    publishedAt: r.published_at,
    publisherName: r.publisher_name,
    kind: r.kind,
    title: r.title,
    body: r.body,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    correctionOf: nullableInt.parse(r.correction_of),
    decisionId: r.decision_id,
    prevHash: r.prev_hash,
    hash: r.hash,
    ...(r.attachments === null ? {} : { attachments: JSON.parse(r.attachments) as unknown }),
    ...(r.posting === null ? {} : { posting: JSON.parse(r.posting) as unknown }),
  })
}

export function noticeParams(n: NoticeRow): unknown[] {
  return [n.id, n.villageId, n.seq, n.publishedAt, n.publisherName, n.kind, n.title, n.body, n.periodFrom, n.periodTo, n.correctionOf, n.decisionId, n.prevHash, n.hash, n.attachments?.length ? JSON.stringify(n.attachments) : null, n.posting ? JSON.stringify(n.posting) : null]
}
