/**
 * 办结公示: a cadre publishes a month's closed 民呼我应 matters as one 村务公开 notice. Each matter
 * shows only as the summary the cadre keeps or rewrites — prefilled from its category and the
 * reply written for the resident, with names, addresses and numbers masked — and only if the
 * cadre ticks it. Nothing is chosen at first. A summary still holding personal data or the
 * resident's own words blocks the preview; the notice then goes out through the one notice path
 * (NoticeForm: confirm, then the workspace outbox), so it is published once, even from offline.
 * The rules are in shared/matters/bulletin.ts.
 */
import { useMemo, useState } from 'react'
import { docName } from '../../../shared/docNames'
import { text, type LedgerRecord } from '../../../shared/ledger/kind'
import { lastMonths } from '../../../shared/matters/figures'
import { bulletinBody, closedMatters, defaultBulletinMonth, bulletinProblems, bulletinTitle, ledgerPersonalTerms, matterTerms, type BulletinMatter } from '../../../shared/matters/bulletin'
import { useStore } from '../hooks/useStore'
import { NoticeForm } from '../decisions/NoticeForm'
import type { LedgerContext } from './context'

const MONTHS_SHOWN = 12

type Props = LedgerContext & { onBack(): void }

export function MatterBulletin(ctx: Props) {
  const { ledger, today, villageId, workspace } = ctx
  const canPublish = useStore(workspace.access).canWrite(docName({ kind: 'decisions', villageId }))
  const months = useMemo(() => lastMonths(today, MONTHS_SHOWN), [today])
  const [openMonth, setMonth] = useState<string | null>(null)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [edits, setEdits] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<{ title: string; body: string } | null>(null)

  const { closed, records, personal } = useMemo(() => {
    const all = [...ledger.index.records('incident'), ...ledger.index.records('dispute')]
    const personal = ledgerPersonalTerms(ledger.index.records('resident'), ledger.index.records('household'))
    return { closed: closedMatters(all, today, personal), records: new Map(all.map((r) => [r.id, r])), personal }
    // ledger.version is in the deps on purpose: it changes whenever any record does.
  }, [ledger.index, ledger.version, today])
  const month = openMonth ?? defaultBulletinMonth(months, closed)
  const items = closed.filter((m) => m.closedOn.startsWith(month))
  const countIn = (m: string) => closed.filter((c) => c.closedOn.startsWith(m)).length

  const summaryOf = (m: BulletinMatter) => edits[m.recordId] ?? m.summary
  const problemsOf = (m: BulletinMatter) => {
    const record = records.get(m.recordId)
    return bulletinProblems(summaryOf(m), [...personal, ...(record ? matterTerms(record) : [])], record ? residentTexts(record) : [])
  }
  const picked = items.filter((m) => chosen.has(m.recordId))
  const blocked = picked.some((m) => problemsOf(m).length > 0 || summaryOf(m).trim() === '')
  const gridName = (gridId: string) => ledger.grids.find((g) => g.id === gridId)?.name ?? ''

  const choose = (id: string, on: boolean) => {
    setPreview(null)
    setChosen((prev) => {
      const next = new Set(prev)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }
  // The body as published is checked again: the cadre may edit it in the notice form.
  const refusal = (_date: string, body: string) => {
    const problems = bulletinProblems(body, [...personal, ...items.flatMap((m) => matterTerms(records.get(m.recordId) ?? { values: {} }))], items.flatMap((m) => residentTexts(records.get(m.recordId))))
    return problems.length > 0 ? `公告内容${problems.join('，')}，请改写后再发布。` : null
  }

  return (
    <section className="matter-bulletin" data-testid="matter-bulletin">
      <p>
        <button type="button" className="link" onClick={ctx.onBack}>
          ‹ 台账首页
        </button>
      </p>
      <h2>民呼我应办结公示</h2>
      <p className="muted">群众反映的事项默认不公开。这里按月列出已办结的事项，勾选要公示的，核对或改写摘要后发布为村务公开。摘要只写办理情况，不写反映人、电话、住址和群众原话。</p>
      {!canPublish && (
        <p className="muted" data-testid="bulletin-read-only">
          只有村两委成员可以发布公示。
        </p>
      )}
      <div className="field">
        <label htmlFor="bulletin-month">月份</label>
        <select
          id="bulletin-month"
          value={month}
          data-testid="bulletin-month"
          onChange={(e) => {
            setMonth(e.target.value)
            setChosen(new Set())
            setEdits({})
            setPreview(null)
          }}
        >
          {months.map((m) => (
            <option key={m} value={m}>
              {Number(m.slice(0, 4))}年{Number(m.slice(5, 7))}月（办结 {countIn(m)} 件）
            </option>
          ))}
        </select>
      </div>
      {items.length === 0 && (
        <p className="card muted" data-testid="bulletin-empty">
          这个月没有已办结（已反馈当事人）的群众反映事项。
        </p>
      )}
      <ol className="bulletin-items" data-testid="bulletin-items">
        {items.map((m) => {
          const problems = problemsOf(m)
          const on = chosen.has(m.recordId)
          return (
            <li key={m.recordId} className={`card${on ? ' chosen' : ''}`} data-testid="bulletin-item">
              <label className="check">
                <input type="checkbox" checked={on} disabled={!canPublish} onChange={(e) => choose(m.recordId, e.target.checked)} data-testid="bulletin-choose" />
                <span>
                  公示这一件 <span className="muted">· {m.category} · {gridName(m.gridId)} · {m.closedOn} 办结</span>
                </span>
              </label>
              <label className="bulletin-summary">
                <span className="muted">公示摘要</span>
                <textarea
                  rows={3}
                  value={summaryOf(m)}
                  disabled={!canPublish}
                  aria-invalid={problems.length > 0 ? true : undefined}
                  data-testid="bulletin-summary"
                  onChange={(e) => {
                    setPreview(null)
                    setEdits((prev) => ({ ...prev, [m.recordId]: e.target.value }))
                  }}
                />
              </label>
              {problems.length > 0 && (
                <p className="error" role="alert" data-testid="bulletin-problem">
                  摘要{problems.join('，')}，请改写。
                </p>
              )}
            </li>
          )
        })}
      </ol>
      {canPublish && items.length > 0 && !preview && (
        <div className="actions wrap">
          <button type="button" className="primary" disabled={picked.length === 0 || blocked} data-testid="bulletin-compose" onClick={() => setPreview({ title: bulletinTitle(month), body: bulletinBody(month, items.length, picked.map((m) => ({ summary: summaryOf(m), closedOn: m.closedOn }))) })}>
            生成公示（{picked.length} 件）
          </button>
          {picked.length === 0 && <span className="muted">先勾选要公示的事项。</span>}
          {blocked && <span className="error">有摘要需要改写。</span>}
        </div>
      )}
      {preview && (
        <>
          <p className="muted">以下是将要发布的公示，可以再修改；发布前会请你确认。</p>
          <NoticeForm
            key={preview.body}
            ctx={{ villageId, outbox: workspace.outbox, notices: null, workspace }}
            kinds={['village_affairs']}
            initialTitle={preview.title}
            initialBody={preview.body}
            submitLabel="发布办结公示"
            refusal={refusal}
            testId="bulletin-notice"
          />
          <button type="button" className="secondary" onClick={() => setPreview(null)} data-testid="bulletin-back">
            返回修改勾选和摘要
          </button>
        </>
      )}
    </section>
  )
}

/** What a resident wrote on a matter: never quoted in a summary. */
function residentTexts(record: LedgerRecord | undefined): string[] {
  return record ? [text(record.values, 'description')].filter((t) => t !== '') : []
}
