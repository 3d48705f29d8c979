/**
 * One item of the township inbox: where it came from, where it stands, its 办理时限, and the acts
 * the township can take — 受理, 交办 to a member of that village (by user id) with an optional
 * 办理时限, 退回 with a reason; for a 审批性 application submitted to the township, 批准 or 不予批准
 * with the reason the applicant is told. A missing choice is said in Chinese before anything is written.
 */
import { useState } from 'react'
import { isCivilDate, shanghaiDate } from '../../../shared/civilDate'
import type { Fact } from '../../../shared/ledger/kind'
import { INBOX_STATE_LABELS, type InboxItem } from '../../../shared/ledger/townshipInbox'
import type { InboxMember } from './useInboxMembers'

type Props = {
  item: InboxItem
  today: string
  members: InboxMember[]
  /** Appends the fact; returns a Chinese error, or null when written. */
  onAct(action: string, note: string, data?: Fact['data']): string | null
  onOpen(): void
}

type Mode = 'none' | 'assign' | 'sendBack' | 'deny'

export function InboxItemCard({ item, today, members, onAct, onOpen }: Props) {
  const [mode, setMode] = useState<Mode>('none')
  const [assignee, setAssignee] = useState('')
  const [deadline, setDeadline] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)

  const done = (result: string | null) => {
    setError(result)
    if (result === null) {
      setMode('none')
      setReason('')
    }
  }
  const assign = () => {
    const member = members.find((m) => m.id === assignee)
    if (!member) return setError('请选择承办人')
    if (deadline && !isCivilDate(deadline)) return setError('办理时限应为有效日期')
    if (deadline && deadline < today) return setError('办理时限不能早于今天')
    done(onAct('assign', '', { assignee: member.id, assigneeName: member.name, ...(deadline ? { deadline } : {}) }))
  }
  const deny = () => {
    if (reason.trim() === '') return setError('请写明不予批准的理由')
    done(onAct('deny', reason.trim()))
  }
  const sendBack = () => {
    if (reason.trim() === '') return setError('请写明退回原因')
    done(onAct('sendBack', reason.trim()))
  }

  return (
    <li className="card inbox-item" data-testid="inbox-item" data-record-id={item.record.id} data-state={item.state}>
      <p className="muted">
        {item.villageName} · {item.kind === 'incident' ? '事件' : '矛盾纠纷'}
        {item.arrivedAt && ` · ${shanghaiDate(new Date(item.arrivedAt))} 上报`}
      </p>
      <h2>
        <button type="button" className="link" onClick={onOpen} data-testid="inbox-open">
          {item.title}
        </button>
      </h2>
      <p>
        {item.urgent && (
          <span className="pill conflict" data-testid="inbox-urgent">
            {item.urgent === '突发' ? '突发·第一时间处置' : '重大纠纷'}
          </span>
        )}{' '}
        <span className={`pill ${item.state === 'waiting' ? 'conflict' : `inbox-${item.state}`}`} data-testid="inbox-state">
          {INBOX_STATE_LABELS[item.state]}
        </span>{' '}
        <span data-testid="inbox-line">{item.line}</span>
        {item.deadline && <span className="muted">｜时限 {item.deadline}</span>}
        {item.overdue && <span className="pill conflict">超期</span>}
        {item.conflicts > 0 && <span className="pill conflict">{item.conflicts} 项冲突</span>}
      </p>
      <div className="actions wrap">
        {item.approval && (
          <>
            <button type="button" className="primary" onClick={() => done(onAct('approve', ''))} data-testid="inbox-approve">
              批准
            </button>
            <button type="button" className="secondary" aria-expanded={mode === 'deny'} onClick={() => setMode(mode === 'deny' ? 'none' : 'deny')} data-testid="inbox-deny">
              不予批准
            </button>
          </>
        )}
        {item.state === 'waiting' && !item.approval && (
          <button type="button" className="primary" onClick={() => done(onAct(item.acceptAction, ''))} data-testid="inbox-accept">
            受理
          </button>
        )}
        {item.state !== 'waiting' && (
          <button type="button" className="secondary" aria-expanded={mode === 'assign'} onClick={() => setMode(mode === 'assign' ? 'none' : 'assign')} data-testid="inbox-assign">
            {item.assignee ? '改派' : '交办'}
          </button>
        )}
        <button type="button" className="secondary" aria-expanded={mode === 'sendBack'} onClick={() => setMode(mode === 'sendBack' ? 'none' : 'sendBack')} data-testid="inbox-sendback">
          退回
        </button>
      </div>
      {mode === 'assign' && (
        <div className="field-group" data-testid="inbox-assign-form">
          <label>
            承办人
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="inbox-assignee">
              <option value="">请选择{item.villageName}的成员</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            办理时限（可不填）
            <input type="date" value={deadline} min={today} onChange={(e) => setDeadline(e.target.value)} data-testid="inbox-deadline" />
          </label>
          <button type="button" className="primary" onClick={assign} data-testid="inbox-assign-confirm">
            确定交办
          </button>
        </div>
      )}
      {mode === 'deny' && (
        <div className="field-group" data-testid="inbox-deny-form">
          <label>
            不予批准的理由（申请人会被告知）
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="inbox-deny-reason" placeholder="如：家庭人均收入高于当地低保标准" />
          </label>
          <button type="button" className="primary" onClick={deny} data-testid="inbox-deny-confirm">
            确定不予批准
          </button>
        </div>
      )}
      {mode === 'sendBack' && (
        <div className="field-group" data-testid="inbox-sendback-form">
          <label>
            退回原因（上报人会看到）
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="inbox-reason" placeholder="如：属村级可办事项，请村两委牵头办理" />
          </label>
          <button type="button" className="primary" onClick={sendBack} data-testid="inbox-sendback-confirm">
            确定退回
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="inbox-error">
          {error}
        </p>
      )}
    </li>
  )
}
