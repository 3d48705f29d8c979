/** Where one notice is: published (with its number and public link), waiting in the outbox, or failed. */
import { exhaustiveSwitchError } from '../../../shared/exhaustive'
import { waitingOn } from '../../sync/outbox'
import { type DecisionsContext, noticeState, publicNoticePath } from './context'

export function NoticeStatus({ ctx, noticeId }: { ctx: DecisionsContext; noticeId: string }) {
  const state = noticeState(ctx, noticeId)
  switch (state.kind) {
    case 'published':
      return (
        <span className="notice-state published" data-testid="notice-published">
          已发布第 {state.row.seq} 号公告 ·{' '}
          <a href={publicNoticePath(ctx.villageId, state.row.seq)} target="_blank" rel="noreferrer">
            查看公示页
          </a>
        </span>
      )
    case 'queued': {
      const { waiting: files, refused } = waitingOn(state.row, ctx.outboxRows)
      if (state.row.state === 'pending' && refused.length)
        return (
          <span className="notice-state failed" data-testid="notice-failed">
            附件上传失败：{refused[0]!.lastError}，公告还没有发布
            {!ctx.readOnly && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => void Promise.all(refused.map((o) => ctx.outbox.retry(o.id)))}>
                  重试
                </button>
              </>
            )}
          </span>
        )
      if (state.row.state === 'pending' && files.length)
        return (
          <span className="notice-state queued" data-testid="notice-queued">
            已保存在本机，等 {files.length} 个附件上传后自动发布
          </span>
        )
      return state.row.state === 'failed' ? (
        <span className="notice-state failed" data-testid="notice-failed">
          发布失败：{state.row.lastError}
          {!ctx.readOnly && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => void ctx.outbox.retry(noticeId)}>
                重试
              </button>
            </>
          )}
        </span>
      ) : (
        <span className="notice-state queued" data-testid="notice-queued">
          等待发送（联网后自动发布）{state.row.lastError ? `：${state.row.lastError}` : ''}
        </span>
      )
    }
    case 'unknown':
      return <span className="notice-state muted">发布状态未知（可能在其他设备上发布）</span>
    default:
      return exhaustiveSwitchError(state)
  }
}
