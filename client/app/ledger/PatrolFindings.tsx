/**
 * A patrol's 发现的问题, one a line, each a tap away from the closed loop: 转为事件 or 登记为隐患
 * (shared/ledger/patrol.ts) writes the record into the same grid doc, offline too, and from then
 * on the line shows that record and its status.
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { incident } from '../../../shared/ledger/kinds/incident'
import { thing } from '../../../shared/ledger/kinds/thing'
import { patrolFindings, raisedFrom, raisePatrolFinding, RAISE_TARGET_LABELS, type RaiseTarget } from '../../../shared/ledger/patrol'
import { recordStatus } from '../../../shared/ledger/status'
import { actorOf, type LedgerContext } from './context'
import { StatusBadge } from './RecordTable'

export function PatrolFindings(ctx: LedgerContext & { record: LedgerRecord; doc: Y.Doc; canWrite: boolean }) {
  const { record, doc, canWrite, ledger, today, go } = ctx
  const [error, setError] = useState<string | null>(null)
  const findings = patrolFindings(record.values)
  const raised = raisedFrom(record)
  if (findings.length === 0 && raised.length === 0) return null
  const raise = (finding: string, target: RaiseTarget) => {
    const result = raisePatrolFinding(doc, record, finding, target, actorOf(ctx), new Date().toISOString(), today)
    setError(result.ok ? null : Object.values(result.errors).join('；'))
  }
  // A line edited after it was raised keeps its record, listed under the line it was raised from.
  const gone = raised.filter((r) => !findings.includes(r.finding))
  const link = (r: (typeof raised)[number]) => {
    const def = r.target === 'hazard' ? thing : incident
    const target = ledger.index.get(def.kind, r.recordId)
    const status = target ? recordStatus(def, target, today, { deadlines: ctx.deadlines }) : null
    return (
      <span key={r.recordId} className="raised" data-testid="patrol-raised">
        {target ? (
          <button type="button" className="link" onClick={() => go([def.kind, record.gridId, r.recordId])}>
            [{RAISE_TARGET_LABELS[r.target]}] {def.title(target.values)}
          </button>
        ) : (
          <span className="muted">[{RAISE_TARGET_LABELS[r.target]}] 已删除</span>
        )}
        {status && <StatusBadge label={status.label} overdue={status.overdue} conflicts={status.conflicts} />}
      </span>
    )
  }
  return (
    <section className="card patrol-findings" data-testid="patrol-findings">
      <h3>发现的问题（{findings.length}）</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="plain">
        {findings.map((finding) => {
          const own = raised.filter((r) => r.finding === finding)
          return (
            <li key={finding} data-testid="patrol-finding">
              <div>{finding}</div>
              {own.map(link)}
              {own.length === 0 && canWrite && (
                <p className="actions wrap">
                  <button type="button" className="secondary" data-testid="raise-incident" onClick={() => raise(finding, 'incident')}>
                    转为事件
                  </button>
                  <button type="button" className="secondary" data-testid="raise-hazard" onClick={() => raise(finding, 'hazard')}>
                    登记为隐患
                  </button>
                </p>
              )}
              {own.length === 0 && !canWrite && <span className="muted">未转办</span>}
            </li>
          )
        })}
        {gone.map((r) => (
          <li key={r.recordId}>
            <div className="muted">（已改写）{r.finding}</div>
            {link(r)}
          </li>
        ))}
      </ul>
      {canWrite && findings.length > 0 && <p className="muted small">现场已处理的问题不必转办，在“现场处置情况”里写明即可。</p>}
    </section>
  )
}
