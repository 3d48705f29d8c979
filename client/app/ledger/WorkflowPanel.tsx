/**
 * The closed loop of an incident, dispute or hazard: derived status, every fact in order, facts
 * that could not apply shown as conflicts for a person to settle, facts another device wrote that
 * do not parse (kept, never applied: shared/facts.ts) said so, and the next possible steps.
 * Acting appends a fact; nothing here sets a status.
 */
import { useState } from 'react'
import type { DeadlineDays } from '../../../shared/settings/effective'
import type { CadencePeriod } from '../../../shared/settings/layer'
import type { Fact, KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { recordStatus } from '../../../shared/ledger/status'
import { actionLabel } from '../../../shared/ledger/actionLabel'
import { incidentStatus, RESIDENT_CHANNEL } from '../../../shared/ledger/workflows/incident'
import { orderFacts } from '../../../shared/ledger/workflows/replay'
import { formatShanghaiTime as formatTime, isCivilDate } from '../../../shared/civilDate'
import { parseUpkeepCost, UPKEEP_WORKS } from '../../../shared/ledger/workflows/hazard'
import { toHalfWidth } from '../../../shared/text/halfWidth'
import { StatusBadge } from './RecordTable'
import { checkStageFacts, disputeStatus, HANDOVER_METHODS, missingStageFacts, stageEnteredBy, type DisputeStage } from '../../../shared/ledger/workflows/dispute'
import { DisputeStageFields, HandOverFields, LeadUnitFields, type StageDraft } from './DisputeStageFields'
import type { Role } from '../../../shared/roles'
import type { VillageRoster } from './useVillageMembers'

type Props = {
  def: KindDef
  record: LedgerRecord
  today: string
  /** The default time limits in force (村级设置), for records without their own. */
  deadlines?: DeadlineDays
  /** How often a 公益设施 is to be inspected (村级设置), for its 本月未检查. */
  inspectEvery?: CadencePeriod
  readOnly: boolean
  /** Who acts: 谁上报谁核查 and who may decide an application (审批) are judged by id and role. */
  actor: { id: string; role: Role }
  /** The village roster: members to name (责任人, 包案领导) and who has left. */
  roster: VillageRoster
  onAct(action: string, note: string, data?: Fact['data']): void
}

/** Who decides a 审批性 application at each level: the village's cadres, or the township. */
const DECIDERS: Record<'村' | '镇', readonly Role[]> = { 村: ['village_cadre', 'township_admin'], 镇: ['township_admin'] }


const STAGE_KEYS: Record<DisputeStage, readonly string[]> = {
  驻片调处: [],
  两委会商: ['responsible', 'responsibleName', 'deadline'],
  书面上报: ['opinion'],
  归口办理: ['caseLeader', 'caseLeaderName', 'leadUnit', 'coUnits', 'deadline'],
  联合调处: [],
}

/** What a fact carried, as the timeline shows it (labels in Chinese; ids are not shown). */
const DATA_LABELS: readonly [string, string][] = [
  ['condition', '检查情况'],
  ['assigneeName', '承办人'],
  ['responsibleName', '责任人'],
  ['deadline', '时限'],
  ['caseLeaderName', '包案领导'],
  ['leadUnit', '责任单位'],
  ['coUnits', '协办单位'],
  ['method', '移交'],
  ['receiver', '接收'],
  ['opinion', '书面意见'],
  ['to', '报送至'],
  ['work', '内容'],
  ['on', '日期'],
]

function factDetails(fact: Fact): string {
  const parts = DATA_LABELS.flatMap(([key, label]) => (typeof fact.data?.[key] === 'string' && fact.data[key] !== '' ? [`${label}：${String(fact.data[key])}`] : []))
  if (typeof fact.data?.cost === 'number') parts.push(`费用：${fact.data.cost} 元`)
  return parts.length > 0 ? `（${parts.join('，')}）` : ''
}

export function WorkflowPanel({ def, record, today, deadlines, inspectEvery, readOnly, actor, roster, onAct }: Props) {
  const [note, setNote] = useState('')
  const [approvalTo, setApprovalTo] = useState<'村' | '镇'>('村')
  const [condition, setCondition] = useState('良好')
  const [upkeep, setUpkeep] = useState<{ work: string; on: string; cost: string }>({ work: UPKEEP_WORKS[0], on: today, cost: '' })
  const [draft, setDraft] = useState<StageDraft>({})
  const [explained, setExplained] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const v = recordStatus(def, record, today, { deadlines, departed: roster.departed, ...(inspectEvery ? { inspectEvery } : {}) })
  if (!v) return null
  const incident = def.workflow === 'incident' ? incidentStatus(record, today, roster.departed) : null
  // 审批: only the level it was submitted to decides (its cadres, or the township).
  const decider = incident?.approvalLevel ? DECIDERS[incident.approvalLevel === '镇' ? '镇' : '村'].includes(actor.role) : false
  // 交办 (a member picked) and 退回 are the township's acts, taken in its inbox (client/app/inbox/).
  const next = v.next
    .filter((action) => action !== 'assign' && action !== 'sendBack' && ((action !== 'approve' && action !== 'deny') || decider))
    .map((action) => ({ action, label: actionLabel(def, action) }))
  // 谁上报谁核查: said before anything is written (the replay would keep it as a conflict).
  const reporter = incident && record.createdById && record.values.channel !== RESIDENT_CHANNEL && !roster.departed.has(record.createdById) ? record.createdById : null
  const reporterName = reporter ? (roster.members?.find((m) => m.id === reporter)?.name ?? record.createdBy) : ''
  const rejectedIds = new Set(v.rejected.map((r) => r.fact.id))
  const dispute = def.workflow === 'dispute' ? disputeStatus(record, today) : null
  const targets = new Map<string, DisputeStage>()
  for (const action of ['escalate', 'reportTownship'] as const) {
    const stage = dispute && v.next.includes(action) ? stageEnteredBy(dispute, action) : null
    if (stage) targets.set(action, stage)
  }
  // The facts the act carries, or why it cannot be written yet (said before anything is stored).
  const factData = (action: string): { data?: Fact['data'] } | { error: string } => {
    if (action === 'inspect') return { data: { condition } }
    if (action === 'maintain') {
      const cost = parseUpkeepCost(toHalfWidth(upkeep.cost))
      if (!cost.ok) return { error: cost.error }
      if (!isCivilDate(upkeep.on)) return { error: '请填写管护日期' }
      if (upkeep.on > today) return { error: '管护日期不能晚于今天' }
      return { data: { work: upkeep.work, on: upkeep.on, ...(cost.cost !== null ? { cost: cost.cost } : {}) } }
    }
    if ((action === 'verify' || action === 'reject') && reporter && reporter !== actor.id) return { error: `谁上报谁核查：只有上报人${reporterName ? ` ${reporterName} ` : ''}可以核查` }
    if (action === 'submitApproval') return { data: { to: approvalTo } }
    if (action === 'deny' && note.trim() === '') return { error: '不予批准须在办理说明中写明理由' }
    if (action === 'accept' && needsLead) {
      const leadUnit = (draft.leadUnit ?? '').trim()
      if (!leadUnit) return { error: '协调性事项须明确牵头单位（协办单位可选）' }
      const coUnits = (draft.coUnits ?? '').trim()
      return { data: { leadUnit, ...(coUnits ? { coUnits } : {}) } }
    }
    if ((action === 'resolve' || action === 'onsite') && explained) {
      if (note.trim() === '') return { error: '「已解释、暂不能解决」须在办理说明中记录向群众所作的解释' }
      return { data: { outcome: '已解释、暂不能解决' } }
    }
    if (action === 'revisit' && note.trim() === '') return { error: '请在办理说明中记录回访情况' }
    const stage = targets.get(action)
    if (stage) {
      const refused = checkStageFacts(stage, draft)
      if (refused) return { error: refused }
      const keys = STAGE_KEYS[stage]
      const data = Object.fromEntries(keys.map((k) => [k, (draft[k] ?? '').trim()]).filter(([, value]) => value !== ''))
      return Object.keys(data).length > 0 ? { data } : {}
    }
    if (action === 'handOver') {
      const method = HANDOVER_METHODS.find((m) => m === draft.method)
      if (!method) return { error: '请选择移交的调解方式' }
      const receiver = (draft.receiver ?? '').trim()
      if (!receiver) return { error: '请写明接收人或接收单位' }
      return { data: { method, receiver } }
    }
    return {}
  }
  const missing = dispute ? missingStageFacts(dispute) : null
  const needsLead = incident !== null && incident.route === 'village' && incident.level === '村' && !incident.leadUnit && v.next.includes('accept')

  return (
    <section className="card workflow" data-testid="workflow">
      <h2>
        办理情况 <StatusBadge label={v.label} overdue={v.overdue} conflicts={v.rejected.length} />
      </h2>
      <p className="muted" data-testid="workflow-status" data-label={v.label}>
        {v.detail}
      </p>
      {missing && (
        <p className="muted" data-testid="stage-missing">
          本阶段由旧版本进入，未登记：{missing.replace(/^.*须/, '')}
        </p>
      )}
      {dispute && dispute.handOvers.length > 0 && (
        <p data-testid="handovers">
          三调联动：{dispute.handOvers.map((h) => `${h.method}（接收：${h.receiver}）`).join('；')}
        </p>
      )}
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
            {factDetails(fact)}
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
          {needsLead && <LeadUnitFields draft={draft} onChange={setDraft} />}
          {targets.size > 0 && <DisputeStageFields stages={[...targets.values()]} draft={draft} onChange={setDraft} members={roster.members} />}
          {v.next.includes('submitApproval') && (
            <label>
              报送审核审批
              <select value={approvalTo} onChange={(e) => setApprovalTo(e.target.value === '镇' ? '镇' : '村')} data-testid="workflow-approval-to">
                <option value="村">村两委审核审批</option>
                <option value="镇">报镇审核审批</option>
              </select>
            </label>
          )}
          {incident?.state === 'reviewing' && !decider && (
            <p className="muted" data-testid="workflow-awaiting-decision">
              等待{incident.approvalLevel === '镇' ? '镇' : '村两委'}审核审批。
            </p>
          )}
          {v.next.includes('handOver') && <HandOverFields draft={draft} onChange={setDraft} />}
          {(v.next.includes('resolve') || v.next.includes('onsite')) && (
            <label className="check">
              <input type="checkbox" checked={explained} onChange={(e) => setExplained(e.target.checked)} data-testid="workflow-explained" />
              办结结果为「已解释、暂不能解决」（在办理说明中写明所作解释）
            </label>
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
          {v.next.includes('maintain') && (
            <fieldset className="upkeep" data-testid="workflow-upkeep">
              <legend>管护（维管、保洁、清运）</legend>
              <label>
                管护内容
                <select value={upkeep.work} onChange={(e) => setUpkeep((u) => ({ ...u, work: e.target.value }))} data-testid="workflow-upkeep-work">
                  {UPKEEP_WORKS.map((w) => (
                    <option key={w}>{w}</option>
                  ))}
                </select>
              </label>
              <label>
                管护日期
                <input type="date" max={today} value={upkeep.on} onChange={(e) => setUpkeep((u) => ({ ...u, on: e.target.value }))} data-testid="workflow-upkeep-on" />
              </label>
              <label>
                管护费用（元，没有花费不填）
                <input inputMode="decimal" value={upkeep.cost} onChange={(e) => setUpkeep((u) => ({ ...u, cost: e.target.value }))} placeholder="如：120" data-testid="workflow-upkeep-cost" />
              </label>
            </fieldset>
          )}
          {error && (
            <p className="error" role="alert" data-testid="workflow-error">
              {error}
            </p>
          )}
          <div className="actions wrap">
            {next.map((n) => (
              <button
                key={n.action}
                type="button"
                className="secondary"
                data-testid={`act-${n.action}`}
                onClick={() => {
                  const carried = factData(n.action)
                  if ('error' in carried) return setError(carried.error)
                  setError(null)
                  onAct(n.action, note.trim(), carried.data)
                  setNote('')
                  setDraft({})
                  setUpkeep((u) => ({ ...u, cost: '' }))
                  setExplained(false)
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

