/** What the decisions screens share: who acts, whether they may, and the notice log as known here. */
import type { NoticeRow } from '../../../shared/notices/row'
import type { OutboxRow } from '../../sync/db'
import type { Outbox } from '../../sync/outbox'
import type { SectionUser } from '../components/sectionProps'
import type { DocHandle, DocOpener } from '../hooks/useDoc'
import type { Workspace } from '../../workspace/workspace'

export type DecisionsContext = {
  villageId: string
  user: SectionUser
  /** Decided by the relay (read-only doc) and the role (only cadres publish). */
  readOnly: boolean
  outbox: Outbox
  /** This village's acts in the outbox. */
  outboxRows: OutboxRow[]
  /** The server's log as last fetched (null while loading or offline). */
  notices: NoticeRow[] | null
  /** When the village was created (civil date), so the calendar flags no period before it; null until known. */
  villageSince: string | null
  go(rest: string[]): void
  /** Opens a linked meeting's minutes, to take a step's numbers from them. */
  engine: DocOpener<DocHandle> | null
  /** Files of a step (proof of posting, signed opinions): kept and uploaded through it. */
  workspace: Workspace
}

/** Where a notice of this village is for residents. */
export function publicNoticePath(villageId: string, seq?: number): string {
  return seq === undefined ? `/public/${villageId}` : `/public/${villageId}/${seq}`
}

export type NoticeState = { kind: 'published'; row: NoticeRow } | { kind: 'queued'; row: OutboxRow } | { kind: 'unknown' }

export function noticeState(ctx: Pick<DecisionsContext, 'notices' | 'outboxRows'>, noticeId: string): NoticeState {
  const published = ctx.notices?.find((n) => n.id === noticeId)
  if (published) return { kind: 'published', row: published }
  const queued = ctx.outboxRows.find((r) => r.id === noticeId)
  return queued ? { kind: 'queued', row: queued } : { kind: 'unknown' }
}
