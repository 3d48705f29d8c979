/**
 * Dispute mediation (DOMAIN.md §3.2, F003§3): 驻片调处 → 两委会商 → 书面上报 → 归口办理, each
 * level taking over what the one below could not settle; mediation records along the way; the
 * case ends 已调结 (settled) or 未调结 (closed unsettled, reported in detail) and can be reopened.
 * A village cannot give up on a dispute: 未调结结案 is refused below the township (书面上报 to the
 * 乡综治办 and on), so a dispute it cannot settle goes up (F003§3). A 重大 or 重大复杂疑难 dispute
 * may be reported straight to the township (reportTownship → 书面上报).
 * 化解率 (F004: "排查16起…化解率100%") = settled ÷ all disputes found in the period.
 * Overdue: still open after its 调处时限 date.
 */
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { replay, type Rejected } from './replay.js'

export const DISPUTE_STAGES = ['驻片调处', '两委会商', '书面上报', '归口办理'] as const
export type DisputeStage = (typeof DISPUTE_STAGES)[number]

export const DISPUTE_ACTIONS = {
  mediate: { label: '记录调解' },
  escalate: { label: '上报上一级调处' },
  reportTownship: { label: '重大纠纷直接书面上报镇综治办' },
  settle: { label: '调结' },
  close: { label: '未调结结案' },
  reopen: { label: '重新调处' },
} as const
export type DisputeAction = keyof typeof DISPUTE_ACTIONS

export type DisputeOutcome = 'open' | 'settled' | 'unsettled'
export const DISPUTE_OUTCOME_LABELS: Record<DisputeOutcome, string> = { open: '调处中', settled: '已调结', unsettled: '未调结' }

type Machine = { stage: DisputeStage; outcome: DisputeOutcome; mediations: number; closedAt: string | null }

export type DisputeStatus = Machine & { label: string; overdue: boolean; rejected: Rejected[]; next: DisputeAction[] }

/** The first stage at the township: 书面上报 to the 乡综治办. */
const TOWNSHIP_STAGE = DISPUTE_STAGES.indexOf('书面上报')
const MAJOR = ['重大', '重大复杂疑难']

export function disputeStatus(record: Pick<LedgerRecord, 'facts' | 'values'>, today: string): DisputeStatus {
  const major = MAJOR.includes(text(record.values, 'severity'))
  const result = replay<Machine>(record.facts, { stage: '驻片调处', outcome: 'open', mediations: 0, closedAt: null }, (m, f) => step(m, f, major))
  const machine = result.state
  const deadline = text(record.values, 'deadline')
  return {
    ...machine,
    label: machine.outcome === 'open' ? `调处中（${machine.stage}）` : DISPUTE_OUTCOME_LABELS[machine.outcome],
    overdue: machine.outcome === 'open' && deadline !== '' && today > deadline,
    rejected: result.rejected,
    next: nextActions(machine, major),
  }
}

function step(machine: Machine, fact: Fact, major: boolean): Machine | { reject: string } {
  const open = machine.outcome === 'open'
  switch (fact.action) {
    case 'mediate':
      return open ? { ...machine, mediations: machine.mediations + 1 } : { reject: '纠纷已结案，不能再记录调解' }
    case 'escalate': {
      if (!open) return { reject: '纠纷已结案，不能上报' }
      const index = DISPUTE_STAGES.indexOf(machine.stage)
      if (index === DISPUTE_STAGES.length - 1) return { reject: '已在归口办理，不能再上报' }
      return { ...machine, stage: DISPUTE_STAGES[index + 1]! }
    }
    case 'reportTownship':
      if (!open) return { reject: '纠纷已结案，不能上报' }
      if (!major) return { reject: '只有重大纠纷可以直接书面上报镇综治办' }
      if (DISPUTE_STAGES.indexOf(machine.stage) >= TOWNSHIP_STAGE) return { reject: '已在镇级调处，无需直接上报' }
      return { ...machine, stage: '书面上报' }
    case 'settle':
    case 'close':
      if (!open) return { reject: `纠纷${DISPUTE_OUTCOME_LABELS[machine.outcome]}，不能重复结案` }
      if (fact.action === 'close' && DISPUTE_STAGES.indexOf(machine.stage) < TOWNSHIP_STAGE) return { reject: '村级不能未调结结案，调处不了的须上报镇综治办' }
      return { ...machine, outcome: fact.action === 'settle' ? 'settled' : 'unsettled', closedAt: fact.at }
    case 'reopen':
      return open ? { reject: '纠纷正在调处，无需重新调处' } : { ...machine, outcome: 'open', closedAt: null }
    default:
      return { reject: `未知操作：${fact.action}` }
  }
}

function nextActions(machine: Machine, major: boolean): DisputeAction[] {
  if (machine.outcome !== 'open') return ['reopen']
  const stage = DISPUTE_STAGES.indexOf(machine.stage)
  const actions: DisputeAction[] = ['mediate']
  if (machine.stage !== '归口办理') actions.push('escalate')
  if (major && stage < TOWNSHIP_STAGE) actions.push('reportTownship')
  actions.push('settle')
  if (stage >= TOWNSHIP_STAGE) actions.push('close')
  return actions
}

/** 化解率 of a set of disputes: settled ÷ all, or null when there are none. */
export function resolutionRate(statuses: readonly Pick<DisputeStatus, 'outcome'>[]): number | null {
  if (statuses.length === 0) return null
  return statuses.filter((s) => s.outcome === 'settled').length / statuses.length
}
