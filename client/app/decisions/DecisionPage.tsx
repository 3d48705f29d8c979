/**
 * One decision: its six steps with what was recorded, why a step cannot be taken yet, the
 * attempts that did not pass, conflicts from offline edits, and the form for the next step.
 * Everything shown is derived from the facts (shared/decisions/progress.ts).
 */
import { docName } from '../../../shared/docNames'
import { AttachmentsPanel } from '../attachments/AttachmentsPanel'
import { useState } from 'react'
import type * as Y from 'yjs'
import { appendFact, readDecision, setMergedProposal } from '../../../shared/decisions/decisionsDoc'
import type { MeetingFact, NoticeFact } from '../../../shared/decisions/facts'
import { CATEGORY_LABELS, MATTER_TYPE_LABELS } from '../../../shared/decisions/matters'
import { DECISION_STATUS_LABELS, deriveProgress, type Progress, type StepView } from '../../../shared/decisions/progress'
import { ASSEMBLY_LABELS, STEP_LABELS, isMeetingStep } from '../../../shared/decisions/steps'
import { newId } from '../../../shared/ids'
import type { MeetingIndexEntry } from '../../../shared/meetingIndex'
import type { DecisionsContext } from './context'
import { MeetingStepForm } from './MeetingStepForm'
import { NoticeForm } from './NoticeForm'
import { NoticeStatus } from './NoticeStatus'
import { decisionsView } from '../../workspace/views'
import { useStore } from '../hooks/useStore'

type Props = { ctx: DecisionsContext; doc: Y.Doc; decisionId: string; meetings: MeetingIndexEntry[] }

export function DecisionPage({ ctx, doc, decisionId, meetings }: Props) {
  const entry = useStore(decisionsView(doc)).find((e) => e.record.id === decisionId) ?? null
  if (!entry) return <p className="muted">找不到这个事项（可能还没同步到本机）。</p>
  const { record, facts } = entry
  const meetingType = (id: string) => meetings.find((m) => m.id === id)?.type
  const progress = deriveProgress(record, facts, meetingType)
  const meetingTitle = (id: string) => meetings.find((m) => m.id === id)?.title ?? '（会议记录未同步）'

  return (
    <section className="decision" data-testid="decision-page" data-status={progress.status}>
      <button type="button" className="link back" onClick={() => ctx.go([])}>
        ‹ 全部事项
      </button>
      <h2>{record.title}</h2>
      <p className="muted">
        {CATEGORY_LABELS[record.category]} · {MATTER_TYPE_LABELS[record.matter]} · {record.createdBy} 创建
      </p>
      <p>
        <span className={`pill decision-${progress.status}`} data-testid="decision-status">
          {DECISION_STATUS_LABELS[progress.status]}
        </span>
        {progress.round > 1 && <span className="muted"> 第 {progress.round} 轮</span>}
      </p>
      {progress.stopReason && <p className="error">{progress.stopReason}</p>}
      {record.unreadableFields && (
        <p className="error" role="alert" data-testid="unreadable-fields">
          有内容无法识别（可能来自其他版本的程序），已保留但未采用：{record.unreadableFields.map((u) => u.reason).join('；')}
        </p>
      )}
      {!ctx.readOnly && facts.length === 0 && (
        <label className="check">
          <input type="checkbox" data-testid="merged-proposal" checked={record.mergedProposal} onChange={(e) => setMergedProposal(doc, record.id, e.target.checked)} />
          一肩挑：党支部提议与两委会商议合并召开
        </label>
      )}
      {record.mergedProposal && <p className="muted">本事项按一肩挑合并召开党支部会与两委会。</p>}
      <ol className="steps">
        {progress.steps.map((step) => (
          <li key={step.kind} className={`step ${step.state}`} data-testid={`step-${step.kind}`} data-state={step.state}>
            <strong>{STEP_LABELS[step.kind]}</strong>
            {step.fact ? <DoneStep ctx={ctx} fact={step.fact} meetingTitle={meetingTitle} /> : <OpenStep ctx={ctx} doc={doc} record={record} step={step} progress={progress} meetings={meetings} />}
            {/* A done step's evidence: the photo of the posted notice, the signed opinion. */}
            {step.fact && (
              <AttachmentsPanel
                workspace={ctx.workspace}
                villageId={ctx.villageId}
                docName={docName({ kind: 'decisions', villageId: ctx.villageId })}
                doc={doc}
                owner={`decision/${record.id}/${step.kind}`}
                label={`${record.title} · ${STEP_LABELS[step.kind]}`}
                canWrite={!ctx.readOnly}
              />
            )}
          </li>
        ))}
      </ol>
      <History progress={progress} meetingTitle={meetingTitle} />
      {!ctx.readOnly && (progress.status === 'failed' || progress.status === 'in_progress' || progress.status === 'draft') && (
        <StopForm failed={progress.status === 'failed'} onStop={(type, reason) => appendFact(doc, record.id, { id: newId(), type, reason, by: ctx.user.name, atClient: new Date().toISOString() })} />
      )}
    </section>
  )
}

function DoneStep({ ctx, fact, meetingTitle }: { ctx: DecisionsContext; fact: MeetingFact | NoticeFact; meetingTitle(id: string): string }) {
  if (fact.type === 'notice') {
    return (
      <p className="step-detail">
        {fact.date} {fact.by} 发布 · <NoticeStatus ctx={ctx} noticeId={fact.noticeId} />
      </p>
    )
  }
  return (
    <p className="step-detail">
      {fact.date} {fact.assembly ? ASSEMBLY_LABELS[fact.assembly] : ''} 「{meetingTitle(fact.meetingId)}」：应到 {fact.eligible}，实到 {fact.present}；赞成 {fact.for}，反对{' '}
      {fact.against}，弃权 {fact.abstain}（{fact.by} 记录）
    </p>
  )
}

type OpenProps = { ctx: DecisionsContext; doc: Y.Doc; record: NonNullable<ReturnType<typeof readDecision>>['record']; step: StepView; progress: Progress; meetings: MeetingIndexEntry[] }

function OpenStep({ ctx, doc, record, step, meetings }: OpenProps) {
  if (step.state !== 'next' || ctx.readOnly) {
    return step.blocked ? (
      <p className="step-blocked" data-testid="step-blocked">
        {step.blocked}
      </p>
    ) : (
      <p className="muted step-detail">待办理</p>
    )
  }
  if (isMeetingStep(step.kind)) return <MeetingStepForm ctx={ctx} doc={doc} record={record} step={step.kind} meetings={meetings} by={ctx.user.name} />
  const noticeStep = step.kind
  return (
    <NoticeForm
      ctx={ctx}
      kinds={[noticeStep === 'publish_resolution' ? 'decision_resolution' : 'decision_result']}
      decisionId={record.id}
      initialTitle={`关于${record.title}的${noticeStep === 'publish_resolution' ? '决议公开' : '实施结果公开'}`}
      submitLabel="发布公告"
      testId={`publish-${noticeStep}`}
      refusal={(date) => stepRefusal(doc, record.id, noticeFact(noticeStep, newId(), date, ctx.user.name), meetings)}
      beforeQueue={(noticeId, date) => {
        // Checked again at the moment it is recorded: another device may have acted meanwhile.
        const fact = noticeFact(noticeStep, noticeId, date, ctx.user.name)
        const problem = stepRefusal(doc, record.id, fact, meetings)
        if (problem) throw new Error(problem)
        appendFact(doc, record.id, fact)
      }}
    />
  )
}

function noticeFact(step: NoticeFact['step'], noticeId: string, date: string, by: string): NoticeFact {
  return { id: newId(), type: 'notice', step, noticeId, date, by, atClient: new Date().toISOString() }
}

/** Why this fact would not count under the rules, as things stand on this device (null if it would). */
function stepRefusal(doc: Y.Doc, decisionId: string, fact: NoticeFact, meetings: MeetingIndexEntry[]): string | null {
  const current = readDecision(doc, decisionId)
  if (!current) return '找不到这个事项'
  const conflict = deriveProgress(current.record, [...current.facts, fact], (id) => meetings.find((m) => m.id === id)?.type).conflicts.find((c) => c.factId === fact.id)
  return conflict?.reason ?? null
}

function History({ progress, meetingTitle }: { progress: Progress; meetingTitle(id: string): string }) {
  const notPassed = progress.attempts.filter((a) => a.outcome !== 'passed')
  if (notPassed.length === 0 && progress.conflicts.length === 0) return null
  return (
    <div className="card history">
      {notPassed.map((a) => (
        <p key={a.fact.id} className="muted" data-testid="attempt">
          第 {a.round} 轮 {STEP_LABELS[a.fact.step]}（{a.fact.date}「{meetingTitle(a.fact.meetingId)}」）：{a.note}
        </p>
      ))}
      {progress.conflicts.map((c, i) => (
        <p key={c.factId ?? i} className="error" data-testid="conflict">
          未采用的记录（可能是离线时重复录入）：{c.reason}
        </p>
      ))}
    </div>
  )
}

function StopForm({ failed, onStop }: { failed: boolean; onStop(type: 'restart' | 'close', reason: string): void }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const act = (type: 'restart' | 'close') => {
    if (!reason.trim()) return setError('请填写原因')
    onStop(type, reason.trim())
    setReason('')
    setError('')
  }
  return (
    <div className="card stop-form">
      <label htmlFor="stop-reason">{failed ? '表决未通过：重新启动或结束本事项' : '结束本事项（撤回）'}</label>
      <input id="stop-reason" data-testid="stop-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      {error && <p className="error">{error}</p>}
      <div className="actions wrap">
        {failed && (
          <button type="button" className="secondary" data-testid="restart" onClick={() => act('restart')}>
            修改方案后重新启动
          </button>
        )}
        <button type="button" className="secondary" data-testid="close" onClick={() => act('close')}>
          结束本事项
        </button>
      </div>
    </div>
  )
}
