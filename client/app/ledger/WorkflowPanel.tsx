/**
 * The closed loop of an incident, dispute or hazard: derived status, every fact in order, facts
 * that could not apply shown as conflicts for a person to settle, and the next possible steps.
 * Acting appends a fact; nothing here sets a status.
 */
import { useState } from 'react'
import type { Fact, KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { orderFacts, type Rejected } from '../../../shared/ledger/workflows/replay'
import { DISPUTE_ACTIONS, disputeStatus } from '../../../shared/ledger/workflows/dispute'
import { HAZARD_ACTIONS, thingStatus } from '../../../shared/ledger/workflows/hazard'
import { INCIDENT_ACTIONS, incidentStatus } from '../../../shared/ledger/workflows/incident'
import { StatusBadge } from './RecordTable'

type Props = {
  def: KindDef
  record: LedgerRecord
  today: string
  readOnly: boolean
  onAct(action: string, note: string, data?: Fact['data']): void
}

type View = { label: string; overdue: boolean; rejected: Rejected[]; next: { action: string; label: string }[]; summary: string }

const WORKFLOW_ACTIONS: Record<NonNullable<KindDef['workflow']>, Record<string, { label: string }>> = { incident: INCIDENT_ACTIONS, dispute: DISPUTE_ACTIONS, hazard: HAZARD_ACTIONS }

function actionLabel(def: KindDef, action: string): string {
  return (def.workflow && WORKFLOW_ACTIONS[def.workflow][action]?.label) ?? action
}

function view(def: KindDef, record: LedgerRecord, today: string): View | null {
  const next = (actions: readonly string[]) => actions.map((action) => ({ action, label: actionLabel(def, action) }))
  switch (def.workflow) {
    case 'incident': {
      const s = incidentStatus(record, today)
      return { ...s, next: next(s.next), summary: `办理层级：${s.level}级${s.failures ? `；核查不通过 ${s.failures} 次` : ''}${s.supervised ? '；已列入督办' : ''}` }
    }
    case 'dispute': {
      const s = disputeStatus(record, today)
      return { ...s, next: next(s.next), summary: `调处阶段：${s.stage}；调解 ${s.mediations} 次` }
    }
    case 'hazard': {
      const s = thingStatus(record, today)
      return { ...s, next: next(s.next), summary: `检查 ${s.inspections} 次` }
    }
    case undefined:
      return null
  }
}

export function WorkflowPanel({ def, record, today, readOnly, onAct }: Props) {
  const [note, setNote] = useState('')
  const [condition, setCondition] = useState('良好')
  const v = view(def, record, today)
  if (!v) return null
  const rejectedIds = new Set(v.rejected.map((r) => r.fact.id))

  return (
    <section className="card workflow" data-testid="workflow">
      <h2>
        办理情况 <StatusBadge label={v.label} overdue={v.overdue} conflicts={v.rejected.length} />
      </h2>
      <p className="muted" data-testid="workflow-status" data-label={v.label}>
        {v.summary}
      </p>
      {v.rejected.length > 0 && (
        <div className="conflicts" role="alert" data-testid="workflow-conflicts">
          <p>
            <strong>有 {v.rejected.length} 项操作与他人的操作冲突，未生效：</strong>
          </p>
          <ul>
            {v.rejected.map((r) => (
              <li key={r.fact.id}>
                {r.fact.byName} 于 {formatTime(r.fact.at)} {actionLabel(def, r.fact.action)}：{r.reason}
              </li>
            ))}
          </ul>
          <p className="muted">请与相关人员核实后，按实际情况重新操作。</p>
        </div>
      )}
      <ol className="timeline" data-testid="workflow-facts">
        <li className="muted">
          {record.createdAt ? formatTime(record.createdAt) : ''} {record.createdBy} 登记
        </li>
        {orderFacts(record.facts).map((fact) => (
          <li key={fact.id} className={rejectedIds.has(fact.id) ? 'rejected' : undefined}>
            {formatTime(fact.at)} {fact.byName} {actionLabel(def, fact.action)}
            {typeof fact.data?.condition === 'string' && `（${fact.data.condition}）`}
            {fact.note && `：${fact.note}`}
            {rejectedIds.has(fact.id) && <span className="pill conflict">未生效</span>}
          </li>
        ))}
      </ol>
      {!readOnly && v.next.length > 0 && (
        <div className="act">
          <label>
            办理说明
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="workflow-note" placeholder="如：已现场协调，双方同意…" />
          </label>
          {v.next.some((n) => n.action === 'inspect') && (
            <label>
              检查情况
              <select value={condition} onChange={(e) => setCondition(e.target.value)} data-testid="workflow-condition">
                <option>良好</option>
                <option>需维护</option>
                <option>损坏</option>
              </select>
            </label>
          )}
          <div className="actions wrap">
            {v.next.map((n) => (
              <button
                key={n.action}
                type="button"
                className="secondary"
                data-testid={`act-${n.action}`}
                onClick={() => {
                  onAct(n.action, note.trim(), n.action === 'inspect' ? { condition } : undefined)
                  setNote('')
                }}
              >
                {n.label}
              </button>
            ))}
          </div>
        </div>
      )}
    </section>
  )
}

function formatTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}
