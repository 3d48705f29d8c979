/**
 * The closed loop of an incident, dispute or hazard: derived status, every fact in order, facts
 * that could not apply shown as conflicts for a person to settle, facts another device wrote that
 * do not parse (kept, never applied: shared/facts.ts) said so, and the next possible steps.
 * Acting appends a fact; nothing here sets a status.
 */
import { useState } from 'react'
import type { Fact, KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { recordStatus } from '../../../shared/ledger/status'
import { actionLabel } from '../../../shared/ledger/actionLabel'
import { RESIDENT_CHANNEL } from '../../../shared/ledger/workflows/incident'
import { orderFacts } from '../../../shared/ledger/workflows/replay'
import { formatShanghaiTime as formatTime } from '../../../shared/civilDate'
import { StatusBadge } from './RecordTable'

type Props = {
  def: KindDef
  record: LedgerRecord
  today: string
  readOnly: boolean
  onAct(action: string, note: string, data?: Fact['data']): void
}


export function WorkflowPanel({ def, record, today, readOnly, onAct }: Props) {
  const [note, setNote] = useState('')
  const [condition, setCondition] = useState('良好')
  const v = recordStatus(def, record, today)
  if (!v) return null
  // 交办 (a member picked) and 退回 are the township's acts, taken in its inbox (client/app/inbox/).
  const next = v.next.filter((action) => action !== 'assign' && action !== 'sendBack').map((action) => ({ action, label: actionLabel(def, action) }))
  const rejectedIds = new Set(v.rejected.map((r) => r.fact.id))

  return (
    <section className="card workflow" data-testid="workflow">
      <h2>
        办理情况 <StatusBadge label={v.label} overdue={v.overdue} conflicts={v.rejected.length} />
      </h2>
      <p className="muted" data-testid="workflow-status" data-label={v.label}>
        {v.detail}
      </p>
      {v.townshipLine && (
        <p className="township-line" data-testid="township-line">
          镇级办理：{v.townshipLine}
        </p>
      )}
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
      {(record.unreadableFacts?.length ?? 0) > 0 && (
        <p className="error" role="alert" data-testid="workflow-unreadable">
          有 {record.unreadableFacts?.length} 条办理记录无法读取（可能来自版本不同的设备），未计入办理状态，但仍保留在台账中。请更新各设备上的应用后再核对。
        </p>
      )}
      <ol className="timeline" data-testid="workflow-facts">
        <li className="muted">
          {record.createdAt ? formatTime(record.createdAt) : ''} {record.createdBy} 登记
        </li>
        {orderFacts(record.facts).map((fact) => (
          <li key={fact.id} className={rejectedIds.has(fact.id) ? 'rejected' : undefined}>
            {formatTime(fact.at)} {fact.byName} {actionLabel(def, fact.action)}
            {typeof fact.data?.condition === 'string' && `（${fact.data.condition}）`}
            {typeof fact.data?.assigneeName === 'string' && ` 给 ${fact.data.assigneeName}`}
            {typeof fact.data?.deadline === 'string' && `（时限 ${fact.data.deadline}）`}
            {fact.note && `：${fact.note}`}
            {rejectedIds.has(fact.id) && <span className="pill conflict">未生效</span>}
          </li>
        ))}
      </ol>
      {!readOnly && next.length > 0 && (
        <div className="act">
          <label>
            办理说明
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="workflow-note" placeholder="如：已现场协调，双方同意…" />
          </label>
          {v.next.includes('feedback') && record.values.channel === RESIDENT_CHANNEL && (
            <p className="muted" data-testid="workflow-reply-hint">
              这是群众在村务公开栏反映的事项：「反馈当事人」时填写的办理说明，会作为给反映人的答复显示在其查询页上；其他步骤的说明不会给群众看到。
            </p>
          )}
          {v.next.includes('inspect') && (
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
            {next.map((n) => (
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

