/**
 * Hand-over between grids on a record's page (shared/ledger/handOver.ts): where a copy came from
 * (and, if two devices handed the same record over at once, which copy stands), and for a member
 * who may write this grid's doc and another's (a village cadre), 移交其他网格 with the reason.
 * A grid worker, who writes only their own grid, 申请移交 instead (to which grid, why) and sees
 * the answer on the record; a village cadre sees the open ask there, hands the record over as
 * asked (the form filled in) or declines it with a note. MovedCard and AskCard list, on the
 * ledger's home, what was handed over and what is asked for.
 */
import { useMemo, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { formatShanghaiTime as formatTime } from '../../../shared/civilDate'
import { askHandOver, copiesIn, declineHandOver, duplicateOf, handedFrom, handOverAsks, handOverRecord, HANDOVER_KINDS, movedTo, openAsk, openAsks, tombstones, type HandOver } from '../../../shared/ledger/handOver'
import { kindDef } from '../../../shared/ledger/kinds/index'
import type { KindDef } from '../../../shared/ledger/kind'
import { docFor, writable, type LedgerContext } from './context'

export function HandOverPanel(ctx: LedgerContext & { def: KindDef; gridId: string; id: string; doc: Y.Doc }) {
  const { def, gridId, id, doc, ledger } = ctx
  const [target, setTarget] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState(false)
  const [declining, setDeclining] = useState(false)
  const [note, setNote] = useState('')
  if (def.doc !== 'ledger' || !(HANDOVER_KINDS as readonly string[]).includes(def.kind)) return null
  const from = handedFrom(doc, def.kind, id)
  const sourceDoc = from ? docFor(ctx, 'ledger', from.from.gridId) : undefined
  const known: HandOver[] = from ? [...copiesIn(doc, def.kind), ...(sourceDoc ? movedTo(sourceDoc, from.kind, from.sourceId) : [])] : []
  const standing = from ? duplicateOf(from, known) : null
  const targets = ledger.grids.filter((g) => g.id !== gridId && ledger.ledgerDocs.has(g.id) && writable(ctx, 'ledger', g.id))
  const canHandOver = writable(ctx, 'ledger', gridId) && targets.length > 0
  const grid = ledger.grids.find((g) => g.id === gridId)
  // A grid worker: writes this grid only, so asks; the other grids of the village are the choices.
  const askTargets = ledger.villageGrids.filter((g) => g.id !== gridId)
  const canAsk = !canHandOver && writable(ctx, 'ledger', gridId) && askTargets.length > 0
  const asks = handOverAsks(doc, def.kind, id)
  const pending = openAsk(doc, def.kind, id)
  const actor = { by: ctx.user.id, byName: ctx.user.name }

  const ask = () => {
    const to = askTargets.find((g) => g.id === target)
    const result = askHandOver(doc, { kind: def.kind, id, from: { gridId, gridName: grid?.name ?? '' }, to: { gridId: to?.id ?? '', gridName: to?.name ?? '' }, reason, ...actor, at: new Date().toISOString() })
    if ('error' in result) return setError(result.error)
    setError(null)
    setOpen(false)
  }

  const decline = () => {
    if (!pending) return
    const result = declineHandOver(doc, def.kind, id, pending.id, { ...actor, at: new Date().toISOString(), note })
    if ('error' in result) return setError(result.error)
    setError(null)
    setDeclining(false)
    setNote('')
  }

  const submit = () => {
    const to = targets.find((g) => g.id === target)
    const targetDoc = to ? docFor(ctx, 'ledger', to.id) : undefined
    if (!to || !targetDoc) return setError('请选择接收的网格')
    const result = handOverRecord(doc, targetDoc, {
      kind: def.kind,
      id,
      from: { gridId, gridName: grid?.name ?? '' },
      to: { gridId: to.id, gridName: to.name },
      by: ctx.user.id,
      byName: ctx.user.name,
      at: new Date().toISOString(),
      reason,
    })
    if ('error' in result) return setError(result.error)
    // The copy's page reuses this panel: it starts closed and empty there.
    setOpen(false)
    setTarget('')
    setReason('')
    setError(null)
    ctx.go([def.kind, to.id, result.copyId])
  }

  if (!from && !canHandOver && !canAsk && asks.length === 0) return null
  return (
    <section className="card" data-testid="handover-panel">
      {asks.map(({ ask: a, declined }) => (
        <p key={a.id} className={declined ? 'muted' : undefined} data-testid="handover-ask">
          {a.byName}申请移交至{a.to.gridName}（{formatTime(a.at)}，原因：{a.reason}）
          {declined ? `。${declined.byName}不同意移交（${formatTime(declined.at)}）：${declined.note}` : a.id === pending?.id ? '，等待村干部办理。' : ''}
        </p>
      ))}
      {pending && canHandOver && !open && (
        <div className="actions wrap" data-testid="handover-ask-actions">
          <button
            type="button"
            className="primary"
            onClick={() => {
              setTarget(targets.some((g) => g.id === pending.to.gridId) ? pending.to.gridId : '')
              setReason(pending.reason)
              setOpen(true)
            }}
            data-testid="handover-ask-accept"
          >
            按申请移交
          </button>
          <button type="button" className="secondary" onClick={() => setDeclining(!declining)} data-testid="handover-ask-decline">
            不同意移交
          </button>
        </div>
      )}
      {declining && pending && (
        <div className="field-group" data-testid="handover-decline-form">
          <label>
            不移交的原因（申请人会看到）
            <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} data-testid="handover-decline-note" placeholder="如：该户仍住本网格" />
          </label>
          {error && (
            <p className="error" role="alert" data-testid="handover-error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={decline} data-testid="handover-decline-confirm">
              确定不移交
            </button>
            <button type="button" className="secondary" onClick={() => (setDeclining(false), setError(null))}>
              取消
            </button>
          </div>
        </div>
      )}
      {canAsk && !pending && !movedTo(doc, def.kind, id).length &&
        (open ? (
          <GridReasonForm
            testId="handover-ask-form"
            targetLabel="申请移交至"
            grids={askTargets}
            target={target}
            onTarget={setTarget}
            reason={reason}
            onReason={setReason}
            note="网格员不能直接移交：申请由村干部办理，同意后记录移至该网格，不同意会写明原因。"
            error={error}
            confirmLabel="提交申请"
            confirmTestId="handover-ask-submit"
            onConfirm={ask}
            onCancel={() => (setOpen(false), setError(null))}
          />
        ) : (
          <button type="button" className="secondary" onClick={() => setOpen(true)} data-testid="handover-ask-open">
            申请移交其他网格
          </button>
        ))}
      {from && (
        <p data-testid="handed-from">
          由{from.from.gridName}移交而来：{from.byName}，{formatTime(from.at)}，原因：{from.reason}
        </p>
      )}
      {standing && (
        <p className="error" role="alert" data-testid="handover-duplicate">
          重复移交：同一记录已由{standing.byName}于 {formatTime(standing.at)} 移交至{standing.to.gridName}，以那一份为准。本条是另一台设备同时移交的副本，请核对后删除。
        </p>
      )}
      {canHandOver &&
        (open ? (
          <GridReasonForm
            testId="handover-form"
            targetLabel="移交至"
            grids={targets}
            target={target}
            onTarget={setTarget}
            reason={reason}
            onReason={setReason}
            note={`移交后本网格保留「已移交」记录，办理记录随之移交${def.kind === 'household' ? '，户内成员一并移交' : ''}。`}
            error={error}
            confirmLabel="确定移交"
            confirmTestId="handover-confirm"
            onConfirm={submit}
            onCancel={() => setOpen(false)}
          />
        ) : (
          <button type="button" className="secondary" onClick={() => setOpen(true)} data-testid="handover-open">
            移交其他网格
          </button>
        ))}
    </section>
  )
}

type GridReasonProps = {
  testId: string
  targetLabel: string
  grids: readonly { id: string; code: string; name: string }[]
  target: string
  onTarget(id: string): void
  reason: string
  onReason(reason: string): void
  note: string
  error: string | null
  confirmLabel: string
  confirmTestId: string
  onConfirm(): void
  onCancel(): void
}

/** Which grid, and why: the hand-over form and the grid worker's ask share it. */
function GridReasonForm(props: GridReasonProps) {
  return (
    <div className="field-group handover-form" data-testid={props.testId}>
      <label>
        {props.targetLabel}
        <select value={props.target} onChange={(e) => props.onTarget(e.target.value)} data-testid="handover-target">
          <option value="">（请选择网格）</option>
          {props.grids.map((g) => (
            <option key={g.id} value={g.id}>
              {g.code} {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        移交原因
        <input value={props.reason} maxLength={200} onChange={(e) => props.onReason(e.target.value)} data-testid="handover-reason" placeholder="如：登记时选错网格；举家迁至该网格" />
      </label>
      <p className="muted">{props.note}</p>
      {props.error && (
        <p className="error" role="alert" data-testid="handover-error">
          {props.error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={props.onConfirm} data-testid={props.confirmTestId}>
          {props.confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          取消
        </button>
      </div>
    </div>
  )
}

/** The source side: a record no longer here because it was handed over (read from its tombstone). */
export function MovedNotice(ctx: LedgerContext & { def: KindDef; id: string; doc: Y.Doc }) {
  const moves = movedTo(ctx.doc, ctx.def.kind, ctx.id)
  if (moves.length === 0) return null
  const values = tombstones(ctx.doc, [ctx.def.kind]).find((t) => t.id === ctx.id)?.values ?? {}
  return (
    <section className="card" data-testid="moved-notice">
      <h2>
        {ctx.def.title(values)} <span className="pill">已移交</span>
      </h2>
      {moves.map((m) => (
        <p key={m.id}>
          已移交至{m.to.gridName}（{m.byName}，{formatTime(m.at)}，原因：{m.reason}）
          {ctx.ledger.ledgerDocs.has(m.to.gridId) && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => ctx.go([m.kind, m.to.gridId, m.copyId])} data-testid="moved-open">
                查看
              </button>
            </>
          )}
        </p>
      ))}
      {moves.length > 1 && <p className="error">同一记录被同时移交了 {moves.length} 次，以最早的一次为准。</p>}
    </section>
  )
}

type LinkRow = { kind: string; id: string; gridId: string; values: Record<string, unknown>; detail: ReactNode }
type Grid = { id: string; name: string }

/**
 * Records of the grids open here (the chosen one, or all), each a link to its page with a line
 * after it. Read again only when a record changes (ledger.version), not on every render of the
 * ledger's home: the scan walks every record of every open grid.
 */
function RecordLinkCard({ ctx, gridId, title, testId, rowTestId, rowsOf }: { ctx: LedgerContext; gridId: string; title: string; testId: string; rowTestId: string; rowsOf(doc: Y.Doc, grid: Grid): LinkRow[] }) {
  const { grids, ledgerDocs, version } = ctx.ledger
  const rows = useMemo(
    () =>
      grids
        .filter((g) => !gridId || g.id === gridId)
        .flatMap((g) => {
          const doc = ledgerDocs.get(g.id)
          return doc ? rowsOf(doc, g) : []
        }),
    // version is in the deps on purpose: it changes whenever any record does.
    [grids, ledgerDocs, version, gridId, rowsOf],
  )
  if (rows.length === 0) return null
  return (
    <section className="card" data-testid={testId}>
      <h3>
        {title}（{rows.length}）
      </h3>
      <ul>
        {rows.slice(0, 20).map((r) => {
          const def = kindDef(r.kind)
          return (
            <li key={`${r.gridId}/${r.id}`} data-testid={rowTestId}>
              <button type="button" className="link" onClick={() => ctx.go([r.kind, r.gridId, r.id])}>
                [{def?.label}] {def?.title(r.values)}
              </button>
              {r.detail}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

const movedRows = (doc: Y.Doc, grid: Grid): LinkRow[] =>
  tombstones(doc)
    .filter((t) => t.kind !== 'resident')
    .map((t) => {
      const last = t.moves[t.moves.length - 1]!
      return {
        ...t,
        gridId: grid.id,
        detail: (
          <>
            <span className="muted">
              {' '}
              已移交至{last.to.gridName}｜{formatTime(last.at)}
            </span>
            {t.moves.length > 1 && <span className="pill conflict">重复移交</span>}
          </>
        ),
      }
    })

/** 已移交: the tombstones of the grids open here, newest first. */
export function MovedCard(ctx: LedgerContext & { gridId: string }) {
  return <RecordLinkCard ctx={ctx} gridId={ctx.gridId} title="已移交其他网格" testId="moved-card" rowTestId="moved-row" rowsOf={movedRows} />
}

const askRows = (doc: Y.Doc, grid: Grid): LinkRow[] =>
  openAsks(doc).map((a) => ({
    ...a,
    gridId: grid.id,
    detail: (
      <span className="muted">
        {' '}
        {grid.name} → {a.ask.to.gridName}｜{a.ask.byName}｜{formatTime(a.ask.at)}
      </span>
    ),
  }))

/** 移交申请: the open asks in the grids open here, oldest first. */
export function AskCard(ctx: LedgerContext & { gridId: string }) {
  return <RecordLinkCard ctx={ctx} gridId={ctx.gridId} title="移交申请" testId="ask-card" rowTestId="ask-row" rowsOf={askRows} />
}
