/**
 * The facts a dispute's next stage is entered with (shared/ledger/workflows/dispute.ts): 两委会商
 * 责任人 + 时限, 书面上报 the written opinion, 归口办理 包案领导 + 责任/协办单位; and the 三调联动
 * hand-over with who received the case; and a 协调性 incident's lead unit and co-units, named
 * when the village takes it on. Only renders and reports edits; the panel checks the
 * facts with checkStageFacts before it writes.
 */
import type { RosterMember } from '../../../shared/ledger/members'
import { HANDOVER_METHODS, type DisputeStage } from '../../../shared/ledger/workflows/dispute'

export type StageDraft = Record<string, string>

type Props = { stages: readonly DisputeStage[]; draft: StageDraft; onChange(draft: StageDraft): void; members: readonly RosterMember[] | null }

export function DisputeStageFields({ stages, draft, onChange, members }: Props) {
  // 责任人 and 包案领导 are members: the id, and the name at the time for readers offline.
  const member = (key: 'responsible' | 'caseLeader', label: string) => (
    <label key={key}>
      {label}
      <select
        value={draft[key] ?? ''}
        disabled={members === null}
        onChange={(e) => onChange({ ...draft, [key]: e.target.value, [`${key}Name`]: members?.find((m) => m.id === e.target.value)?.name ?? '' })}
        data-testid={`stage-${key}`}
      >
        <option value="">{members === null ? '本机还没有本村成员名单，请联网后再选' : '（请选择本村成员）'}</option>
        {(members ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  )
  const field = (key: string, label: string, kind: 'text' | 'date' | 'area' = 'text') => (
    <label key={key}>
      {label}
      {kind === 'area' ? (
        <textarea rows={3} value={draft[key] ?? ''} onChange={(e) => onChange({ ...draft, [key]: e.target.value })} data-testid={`stage-${key}`} />
      ) : (
        <input type={kind} value={draft[key] ?? ''} onChange={(e) => onChange({ ...draft, [key]: e.target.value })} data-testid={`stage-${key}`} maxLength={200} />
      )}
    </label>
  )
  return (
    <>
      {stages.includes('两委会商') && (
        <fieldset className="stage-facts" data-testid="stage-两委会商">
          <legend>提交两委会商：明确责任人和化解时限</legend>
          {member('responsible', '责任人')}
          {field('deadline', '化解时限', 'date')}
        </fieldset>
      )}
      {stages.includes('书面上报') && (
        <fieldset className="stage-facts" data-testid="stage-书面上报">
          <legend>书面上报镇综治办：附村两委书面处理意见</legend>
          {field('opinion', '村两委处理意见', 'area')}
        </fieldset>
      )}
      {stages.includes('归口办理') && (
        <fieldset className="stage-facts" data-testid="stage-归口办理">
          <legend>归口办理：确定包案领导、责任单位、协办单位和调处时限</legend>
          {member('caseLeader', '包案领导')}
          {field('leadUnit', '责任单位')}
          {field('coUnits', '协办单位（可选，多个用顿号分隔）')}
          {field('deadline', '调处时限', 'date')}
        </fieldset>
      )}
    </>
  )
}

export function HandOverFields({ draft, onChange }: { draft: StageDraft; onChange(draft: StageDraft): void }) {
  return (
    <fieldset className="stage-facts" data-testid="handover">
      <legend>三调联动：移交人民调解、司法调解或行政调解</legend>
      <label>
        调解方式
        <select value={draft.method ?? ''} onChange={(e) => onChange({ ...draft, method: e.target.value })} data-testid="handover-method">
          <option value="">（请选择）</option>
          {HANDOVER_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        接收人或接收单位
        <input value={draft.receiver ?? ''} onChange={(e) => onChange({ ...draft, receiver: e.target.value })} data-testid="handover-receiver" maxLength={100} placeholder="如：镇司法所 李所长" />
      </label>
    </fieldset>
  )
}

export function LeadUnitFields({ draft, onChange }: { draft: StageDraft; onChange(draft: StageDraft): void }) {
  return (
    <fieldset className="stage-facts" data-testid="lead-units">
      <legend>协调性事项：村级受理时明确牵头单位和协办单位</legend>
      <label>
        牵头单位
        <input value={draft.leadUnit ?? ''} onChange={(e) => onChange({ ...draft, leadUnit: e.target.value })} data-testid="stage-leadUnit" maxLength={100} />
      </label>
      <label>
        协办单位（可选，多个用顿号分隔）
        <input value={draft.coUnits ?? ''} onChange={(e) => onChange({ ...draft, coUnits: e.target.value })} data-testid="stage-coUnits" maxLength={200} />
      </label>
    </fieldset>
  )
}
