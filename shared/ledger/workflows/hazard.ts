/**
 * 物 (DOMAIN.md §2.8, §2.10): facilities are inspected (检查, with a condition); hazards are
 * rectified under the 五到位 plan and closed only by 销号 after a recheck (F001§14: 限期整改到位,
 * 及时整改销号). Status derives from the facts; a hazard is overdue when not yet 销号 after its
 * 整改时限.
 */
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { replay, type Rejected } from './replay.js'

export const HAZARD_ACTIONS = {
  inspect: { label: '记录检查' },
  rectify: { label: '整改完成，申请复查' },
  recheckFail: { label: '复查不合格' },
  close: { label: '复查合格，销号' },
  reopen: { label: '重新打开' },
} as const
export type HazardAction = keyof typeof HAZARD_ACTIONS

export type HazardState = 'open' | 'awaiting' | 'closed'
export const HAZARD_STATE_LABELS: Record<HazardState, string> = { open: '待整改', awaiting: '待复查', closed: '已销号' }

type Machine = { state: HazardState; inspections: number; lastCondition: string; closedAt: string | null }

export type ThingStatus = Machine & { isHazard: boolean; label: string; overdue: boolean; rejected: Rejected[]; next: HazardAction[] }

export function thingStatus(record: Pick<LedgerRecord, 'facts' | 'values'>, today: string): ThingStatus {
  const isHazard = text(record.values, 'category') === '安全隐患'
  const result = replay<Machine>(record.facts, { state: 'open', inspections: 0, lastCondition: '', closedAt: null }, (m, f) => step(m, f, isHazard))
  const machine = result.state
  const deadline = text(record.values, 'planDeadline')
  return {
    ...machine,
    isHazard,
    label: isHazard ? HAZARD_STATE_LABELS[machine.state] : machine.lastCondition || '未检查',
    overdue: isHazard && machine.state !== 'closed' && deadline !== '' && today > deadline,
    rejected: result.rejected,
    next: isHazard ? nextHazardActions(machine.state) : ['inspect'],
  }
}

function step(machine: Machine, fact: Fact, isHazard: boolean): Machine | { reject: string } {
  if (fact.action === 'inspect') {
    const condition = typeof fact.data?.condition === 'string' ? fact.data.condition : ''
    return { ...machine, inspections: machine.inspections + 1, lastCondition: condition || machine.lastCondition }
  }
  if (!isHazard) return { reject: '公益设施只记录检查' }
  const transitions: Record<string, [HazardState, HazardState]> = { rectify: ['open', 'awaiting'], recheckFail: ['awaiting', 'open'], close: ['awaiting', 'closed'], reopen: ['closed', 'open'] }
  const transition = transitions[fact.action]
  if (!transition) return { reject: `未知操作：${fact.action}` }
  if (machine.state !== transition[0]) return { reject: `隐患${HAZARD_STATE_LABELS[machine.state]}，不能${HAZARD_ACTIONS[fact.action as HazardAction].label}` }
  return { ...machine, state: transition[1], closedAt: transition[1] === 'closed' ? fact.at : null }
}

function nextHazardActions(state: HazardState): HazardAction[] {
  switch (state) {
    case 'open':
      return ['inspect', 'rectify']
    case 'awaiting':
      return ['inspect', 'recheckFail', 'close']
    case 'closed':
      return ['inspect', 'reopen']
  }
}
