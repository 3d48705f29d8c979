/**
 * The incident closed loop (DOMAIN.md §3.1): 上报 → 受理 → 处置 → 办结 → 核查 → 反馈 → 归档.
 * - 一般性 matters may be handled on site (现场处理) straight to 办结 (F003§4).
 * - Escalation moves the matter up 网格 → 村 → 镇 and waits to be accepted there (分级响应;
 *   微事不出格、小事不出村、大事不出镇, F004).
 * - 谁上报、谁核查 (F001§4): a failed check returns it for rework; after three failures it is
 *   flagged for supervision (限期督办).
 * - Overdue: not yet 办结 after its 办结时限 date (Asia/Shanghai calendar).
 */
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { replay, type Rejected } from './replay.js'

export const INCIDENT_STATES = ['reported', 'accepted', 'handling', 'escalated', 'resolved', 'returned', 'verified', 'feedback', 'archived'] as const
export type IncidentState = (typeof INCIDENT_STATES)[number]

export const INCIDENT_STATE_LABELS: Record<IncidentState, string> = {
  reported: '已上报',
  accepted: '已受理',
  handling: '处置中',
  escalated: '已上报上级',
  resolved: '已办结待核查',
  returned: '核查退回',
  verified: '核查通过',
  feedback: '已反馈',
  archived: '已归档',
}

export const INCIDENT_ACTIONS = {
  accept: { label: '受理', from: ['reported', 'escalated'], to: 'accepted' },
  handle: { label: '开始处置', from: ['accepted', 'returned'], to: 'handling' },
  onsite: { label: '现场处理办结', from: ['reported', 'accepted'], to: 'resolved' },
  escalate: { label: '上报上级', from: ['reported', 'accepted', 'handling', 'returned'], to: 'escalated' },
  resolve: { label: '办结', from: ['handling'], to: 'resolved' },
  verify: { label: '核查通过', from: ['resolved'], to: 'verified' },
  reject: { label: '核查不通过，退回', from: ['resolved'], to: 'returned' },
  feedback: { label: '反馈当事人', from: ['verified'], to: 'feedback' },
  archive: { label: '归档', from: ['feedback'], to: 'archived' },
} as const satisfies Record<string, { label: string; from: readonly IncidentState[]; to: IncidentState }>
export type IncidentAction = keyof typeof INCIDENT_ACTIONS

export const INCIDENT_LEVELS = ['网格', '村', '镇'] as const
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number]
const SUPERVISION_AFTER_FAILURES = 3
const DONE: readonly IncidentState[] = ['resolved', 'verified', 'feedback', 'archived']

type Machine = { state: IncidentState; level: IncidentLevel; failures: number; resolvedAt: string | null }

export type IncidentStatus = Machine & {
  label: string
  done: boolean
  overdue: boolean
  supervised: boolean
  rejected: Rejected[]
  /** What can be done next (for the buttons). */
  next: IncidentAction[]
}

export function incidentStatus(record: Pick<LedgerRecord, 'facts' | 'values'>, today: string): IncidentStatus {
  const initial: Machine = { state: 'reported', level: '网格', failures: 0, resolvedAt: null }
  const result = replay<Machine>(record.facts, initial, step)
  const machine = result.state
  const deadline = text(record.values, 'deadline')
  const done = DONE.includes(machine.state)
  return {
    ...machine,
    label: machine.state === 'escalated' ? `已上报${machine.level}级` : INCIDENT_STATE_LABELS[machine.state],
    done,
    overdue: !done && deadline !== '' && today > deadline,
    supervised: machine.failures >= SUPERVISION_AFTER_FAILURES,
    rejected: result.rejected,
    next: nextActions(machine),
  }
}

function step(machine: Machine, fact: Fact): Machine | { reject: string } {
  const action = INCIDENT_ACTIONS[fact.action as IncidentAction] as (typeof INCIDENT_ACTIONS)[IncidentAction] | undefined
  if (!action) return { reject: `未知操作：${fact.action}` }
  if (!(action.from as readonly IncidentState[]).includes(machine.state)) return { reject: `事件${INCIDENT_STATE_LABELS[machine.state]}，不能${action.label}` }
  if (fact.action === 'escalate') {
    const index = INCIDENT_LEVELS.indexOf(machine.level)
    if (index === INCIDENT_LEVELS.length - 1) return { reject: '已在镇级办理，不能再上报' }
    return { ...machine, state: 'escalated', level: INCIDENT_LEVELS[index + 1]! }
  }
  return {
    ...machine,
    state: action.to,
    failures: fact.action === 'reject' ? machine.failures + 1 : machine.failures,
    resolvedAt: action.to === 'resolved' ? fact.at : machine.resolvedAt,
  }
}

function nextActions(machine: Machine): IncidentAction[] {
  return (Object.keys(INCIDENT_ACTIONS) as IncidentAction[]).filter(
    (key) => (INCIDENT_ACTIONS[key].from as readonly IncidentState[]).includes(machine.state) && !(key === 'escalate' && machine.level === '镇'),
  )
}
