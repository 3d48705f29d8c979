/**
 * The decisions dashboard: the disclosure calendar, every decision with its derived status, a new
 * decision, a general notice (村务公开 / 财务公开) and the village's notice log with what is still
 * waiting in this device's outbox.
 */
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { settingsMap, type listDecisions } from '../../../shared/decisions/decisionsDoc'
import { DECISION_STATUS_LABELS, deriveProgress } from '../../../shared/decisions/progress'
import { STEP_LABELS } from '../../../shared/decisions/steps'
import { shanghaiDate } from '../../../shared/civilDate'
import { NOTICE_KIND_LABELS } from '../../../shared/notices/kinds'
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
  const pending = ctx.outboxRows.filter((r) => !ctx.notices?.some((n) => n.id === r.id))

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
          {pending.map((r) => (
            <li key={r.id}>
              <NoticeStatus ctx={ctx} noticeId={r.id} />
              {r.state === 'failed' && !ctx.readOnly && (
                <button type="button" className="link" onClick={() => void ctx.outbox.discard(r.id)}>
                  {' '}
                  放弃
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {ctx.notices === null ? (
        <p className="muted">正在读取公告（离线时无法读取）…</p>
      ) : (
        <ul className="plain notice-log" data-testid="notice-log">
          {[...ctx.notices].reverse().map((n) => (
            <li key={n.id}>
              <a href={publicNoticePath(ctx.villageId, n.seq)} target="_blank" rel="noreferrer">
                第 {n.seq} 号 {n.title}
              </a>{' '}
              <span className="muted">
                {NOTICE_KIND_LABELS[n.kind]} · {n.publisherName} · 公示 {n.periodFrom} 至 {n.periodTo}
                {n.correctionOf ? ` · 更正第 ${n.correctionOf} 号` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!ctx.readOnly && <NoticeForm ctx={ctx} kinds={['village_affairs', 'finance']} submitLabel="发布村务/财务公开" testId="general-notice" />}
    </>
  )
}
