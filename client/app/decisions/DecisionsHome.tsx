/**
 * The decisions dashboard: the disclosure calendar, every decision with its derived status, a new
 * decision, a general notice (村务公开 / 财务公开) and the village's notice log with what is still
 * waiting in this device's outbox.
 */
import { useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { settingsMap, type listDecisions } from '../../../shared/decisions/decisionsDoc'
import { DECISION_STATUS_LABELS, deriveProgress } from '../../../shared/decisions/progress'
import { STEP_LABELS } from '../../../shared/decisions/steps'
import { shanghaiDate } from '../../../shared/civilDate'
import { NOTICE_KIND_LABELS } from '../../../shared/notices/kinds'
import { isPosting, type NoticeRow } from '../../../shared/notices/row'
import { waitingOn } from '../../sync/outbox'
import { postingOf } from '../../workspace/acts'
import { PostingForm } from './PostingForm'
import { type DecisionsContext, publicNoticePath } from './context'
import { DisclosureCalendar } from './DisclosureCalendar'
import { NewDecisionForm } from './NewDecisionForm'
import { NoticeForm } from './NoticeForm'
import { NoticeStatus } from './NoticeStatus'
import { decisionsView, financeMonthlyView } from '../../workspace/views'
import { useStore } from '../hooks/useStore'

type Summary = { id: string; title: string; status: ReturnType<typeof deriveProgress>['status']; next: string | null; resolvedOn: string | null; disclosedOn: string | null }

function summarise(list: ReturnType<typeof listDecisions>): Summary[] {
  return list.map(({ record, facts }) => {
    const p = deriveProgress(record, facts)
    const fact = (kind: string) => p.steps.find((s) => s.kind === kind)?.fact ?? null
    return {
      id: record.id,
      title: record.title,
      status: p.status,
      next: p.next ? STEP_LABELS[p.next] : null,
      resolvedOn: p.status === 'closed' ? null : (fact('resolve')?.date ?? null),
      disclosedOn: fact('publish_resolution')?.date ?? null,
    }
  })
}

export function DecisionsHome({ ctx, doc }: { ctx: DecisionsContext; doc: Y.Doc }) {
  const list = useStore(decisionsView(doc))
  const decisions = useMemo(() => summarise(list), [list])
  const monthly = useStore(financeMonthlyView(doc))
  const pending = ctx.outboxRows.filter((r) => r.kind === 'notice.publish' && !ctx.notices?.some((n) => n.id === r.id))
  const [posting, setPosting] = useState<number | null>(null)
  const today = shanghaiDate()

  return (
    <>
      <DisclosureCalendar
        input={{
          notices: ctx.notices ?? [],
          financeMonthly: monthly,
          // Unknown (offline): no past period is flagged rather than a wrong one.
          since: ctx.villageSince ?? shanghaiDate(),
          resolutions: decisions.flatMap((d) => (d.resolvedOn ? [{ decisionId: d.id, title: d.title, resolvedOn: d.resolvedOn, disclosedOn: d.disclosedOn }] : [])),
        }}
      />
      {!ctx.readOnly && (
        <label className="check">
          <input type="checkbox" checked={monthly} onChange={(e) => settingsMap(doc).set('financeMonthly', e.target.checked)} />
          本村集体财务往来较多，财务每月公开
        </label>
      )}
      <h3>决策事项</h3>
      {decisions.length === 0 ? (
        <p className="muted">还没有决策事项。</p>
      ) : (
        <ul className="plain decision-list" data-testid="decision-list">
          {decisions.map((d) => (
            <li key={d.id}>
              <button type="button" className="link" data-testid="decision-link" onClick={() => ctx.go([d.id])}>
                {d.title}
              </button>{' '}
              <span className={`pill decision-${d.status}`}>{DECISION_STATUS_LABELS[d.status]}</span>
              {d.next && <span className="muted"> 下一步：{d.next}</span>}
            </li>
          ))}
        </ul>
      )}
      {!ctx.readOnly && <NewDecisionForm doc={doc} by={ctx.user.name} onCreated={(id) => ctx.go([id])} />}
      <h3>公告</h3>
      <p>
        <a href={publicNoticePath(ctx.villageId)} target="_blank" rel="noreferrer" data-testid="public-board-link">
          村民看到的公开栏
        </a>
      </p>
      {pending.length > 0 && (
        <ul className="plain" data-testid="outbox-list">
          {pending.map((r) => {
            // Refused, or held by a file refused for good: giving up drops it and those uploads.
            const { refused } = waitingOn(r, ctx.outboxRows)
            return (
              <li key={r.id}>
                <NoticeStatus ctx={ctx} noticeId={r.id} />
                {(r.state === 'failed' || refused.length > 0) && !ctx.readOnly && (
                  <button type="button" className="link" onClick={() => void Promise.all([...refused.map((o) => ctx.outbox.discard(o.id)), ctx.outbox.discard(r.id)])}>
                    {' '}
                    放弃
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {ctx.notices === null ? (
        <p className="muted">正在读取公告（离线时无法读取）…</p>
      ) : (
        <ul className="plain notice-log" data-testid="notice-log">
          {[...ctx.notices]
            .reverse()
            .filter((n) => !isPosting(n))
            .map((n) => (
              <li key={n.id} data-testid="notice-log-item" data-seq={n.seq}>
                <a href={publicNoticePath(ctx.villageId, n.seq)} target="_blank" rel="noreferrer">
                  第 {n.seq} 号 {n.title}
                </a>{' '}
                <span className="muted">
                  {NOTICE_KIND_LABELS[n.kind]} · {n.publisherName} · 公示 {n.periodFrom} 至 {n.periodTo}
                  {n.correctionOf ? ` · 更正第 ${n.correctionOf} 号` : ''}
                </span>
                {n.periodFrom <= today && today <= n.periodTo && !ctx.notices!.some((p) => p.posting?.of === n.seq) && !ctx.outboxRows.some((r) => postingOf(r) === n.seq) && (
                  <span className="pill due" data-testid="posting-missing">
                    公示中，未登记张贴
                  </span>
                )}
                <Postings ctx={ctx} notice={n} />
                {!ctx.readOnly &&
                  (posting === n.seq ? (
                    <PostingForm ctx={ctx} notice={n} onDone={() => setPosting(null)} />
                  ) : (
                    <button type="button" className="link" data-testid={`posting-open-${n.seq}`} onClick={() => setPosting(n.seq)}>
                      登记张贴
                    </button>
                  ))}
              </li>
            ))}
        </ul>
      )}
      {!ctx.readOnly && <NoticeForm ctx={ctx} kinds={['village_affairs', 'finance']} submitLabel="发布村务/财务公开" testId="general-notice" />}
    </>
  )
}

/** A notice's posting records: those on the relay, then those still on this device (waiting for their photos, or refused). */
function Postings({ ctx, notice }: { ctx: DecisionsContext; notice: NoticeRow }) {
  const recorded = (ctx.notices ?? []).filter((p) => p.posting?.of === notice.seq)
  const queued = ctx.outboxRows.filter((r) => postingOf(r) === notice.seq && !recorded.some((p) => p.id === r.id))
  if (!recorded.length && !queued.length) return null
  return (
    <ul className="plain postings" data-testid="postings">
      {recorded.map((p) => (
        <li key={p.id} data-testid="posting-recorded">
          已张贴：{p.posting!.postedOn} · {p.posting!.places.join('、')} · {p.attachments?.length ?? 0} 张照片{' '}
          <a href={publicNoticePath(ctx.villageId, p.seq)} target="_blank" rel="noreferrer">
            第 {p.seq} 号记录
          </a>
        </li>
      ))}
      {queued.map((r) => {
        const { waiting: photos, refused } = waitingOn(r, ctx.outboxRows)
        const failure = r.state === 'failed' ? `张贴记录没有登记上：${r.lastError ?? ''}` : refused.length ? `照片上传失败：${refused[0]!.lastError ?? ''}` : null
        // Retrying retries whatever was refused; giving up drops the record and its photos' uploads.
        const retry = () => void Promise.all([...refused, ...(r.state === 'failed' ? [r] : [])].map((o) => ctx.outbox.retry(o.id)))
        const discard = () => void Promise.all([...refused.map((o) => ctx.outbox.discard(o.id)), ctx.outbox.discard(r.id)])
        return (
          <li key={r.id} data-testid="posting-queued" className={failure ? 'error' : 'muted'}>
            {failure ? (
              <>
                {failure}{' '}
                {!ctx.readOnly && (
                  <>
                    <button type="button" className="link" onClick={retry}>
                      重试
                    </button>{' '}
                    <button type="button" className="link" onClick={discard}>
                      放弃这条张贴记录
                    </button>
                  </>
                )}
              </>
            ) : photos.length > 0 ? (
              `张贴记录已保存在本机，等 ${photos.length} 张照片上传后自动登记`
            ) : (
              '张贴记录已保存在本机，联网后自动登记'
            )}
          </li>
        )
      })}
    </ul>
  )
}
