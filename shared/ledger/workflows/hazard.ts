/**
 * 物 (DOMAIN.md §2.8, §2.10): facilities are inspected (检查, with a condition) and kept up (管护:
 * F003§9 「適時進行維管、保潔、清運」, with what it cost, so the 管护基金's use is on record:
 * 「加強對…管護基金的規範使用」); hazards are rectified under the 五到位 plan and closed only by 销号
 * after a recheck (F001§14: 限期整改到位, 及时整改销号). Status derives from the facts; a hazard is
 * overdue when not yet 销号 after its 整改时限.
 */
import { isCivilDate, periodBounds, shanghaiDate, type Period } from '../../civilDate.js'
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { replay, type Rejected } from './replay.js'

export const HAZARD_ACTIONS = {
  inspect: { label: '记录检查' },
  maintain: { label: '记录管护' },
  rectify: { label: '整改完成，申请复查' },
  recheckFail: { label: '复查不合格' },
  close: { label: '复查合格，销号' },
  reopen: { label: '重新打开' },
} as const
export type HazardAction = keyof typeof HAZARD_ACTIONS

export type HazardState = 'open' | 'awaiting' | 'closed'
export const HAZARD_STATE_LABELS: Record<HazardState, string> = { open: '待整改', awaiting: '待复查', closed: '已销号' }

/** What a 管护 was (F003§9). Its fact carries `work`, the day it was done (`on`) and, when given, `cost` in 元. */
export const UPKEEP_WORKS = ['维管', '保洁', '清运'] as const
/** The most one 管护 may cost, in 元: a typo's extra zeros are refused, not summed. */
export const MAX_UPKEEP_COST = 10_000_000

/** A 管护's cost in 元 from what a cadre typed ('' = not given): a number of 元 with at most two decimals, or why not. */
export function parseUpkeepCost(typed: string): { ok: true; cost: number | null } | { ok: false; error: string } {
  const text = typed.trim()
  if (text === '') return { ok: true, cost: null }
  const cost = /^\d+(\.\d{1,2})?$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isFinite(cost)) return { ok: false, error: '管护费用应为金额（元），如 120 或 85.5' }
  if (cost > MAX_UPKEEP_COST) return { ok: false, error: `管护费用不能超过 ${MAX_UPKEEP_COST.toLocaleString('zh-CN')} 元` }
  return { ok: true, cost }
}

type Machine = {
  state: HazardState
  inspections: number
  lastCondition: string
  closedAt: string | null
  /** The day of each inspection (Beijing time of its fact). */
  inspectionDays: readonly string[]
  /** 管护 of a facility, each with the day it was done and its cost in 元 (null: none given). */
  upkeeps: readonly Upkeep[]
}

export type Upkeep = { on: string; work: (typeof UPKEEP_WORKS)[number]; cost: number | null }

/** This period's words, for a facility not yet inspected in it (本月未检查). */
export const THIS_PERIOD: Record<Exclude<Period, 'day'>, string> = { week: '本周', month: '本月', quarter: '本季度', half: '本半年', year: '本年' }

/**
 * `inspectionDue`: a facility has a period for its 定期检查 (镇级设置 / 村级设置, `inspectEvery`)
 * and no inspection yet in the one `today` falls in; its label then says so (本月未检查).
 */
export type ThingStatus = Machine & { isHazard: boolean; label: string; overdue: boolean; inspectionDue: boolean; rejected: Rejected[]; next: HazardAction[] }

export function thingStatus(record: Pick<LedgerRecord, 'facts' | 'values'>, today: string, inspectEvery: Exclude<Period, 'day'> | 'none' = 'none'): ThingStatus {
  const isHazard = text(record.values, 'category') === '安全隐患'
  const result = replay<Machine>(record.facts, { state: 'open', inspections: 0, lastCondition: '', closedAt: null, inspectionDays: [], upkeeps: [] }, (m, f) => step(m, f, isHazard))
  const machine = result.state
  const deadline = text(record.values, 'planDeadline')
  const period = inspectEvery === 'none' ? null : periodBounds(inspectEvery, today)
  const inspectionDue = !isHazard && period !== null && !machine.inspectionDays.some((day) => day >= period.start && day <= today)
  return {
    ...machine,
    isHazard,
    inspectionDue,
    label: isHazard ? HAZARD_STATE_LABELS[machine.state] : inspectionDue && inspectEvery !== 'none' ? `${THIS_PERIOD[inspectEvery]}未检查` : machine.lastCondition || '未检查',
    overdue: isHazard && machine.state !== 'closed' && deadline !== '' && today > deadline,
    rejected: result.rejected,
    next: isHazard ? nextHazardActions(machine.state) : ['inspect', 'maintain'],
  }
}

/** A facility's 管护 done from `start` to `end` (days, inclusive): how many, the day of the latest ('' for none), and their cost in 元. */
export function upkeepsBetween(status: Pick<ThingStatus, 'upkeeps'>, start: string, end: string): { count: number; last: string; cost: number } {
  const within = status.upkeeps.filter((u) => u.on >= start && u.on <= end)
  return { count: within.length, last: within.reduce((last, u) => (u.on > last ? u.on : last), ''), cost: sumYuan(within.map((u) => u.cost ?? 0)) }
}

/** The same for one calendar year. */
export function upkeepsIn(status: Pick<ThingStatus, 'upkeeps'>, year: string): { count: number; last: string; cost: number } {
  return upkeepsBetween(status, `${year}-01-01`, `${year}-12-31`)
}

/** Sums of 元, exact to the fen. */
export function sumYuan(amounts: readonly number[]): number {
  return Math.round(amounts.reduce((sum, n) => sum + Math.round(n * 100), 0)) / 100
}

function step(machine: Machine, fact: Fact, isHazard: boolean): Machine | { reject: string } {
  if (fact.action === 'inspect') {
    const condition = typeof fact.data?.condition === 'string' ? fact.data.condition : ''
    return { ...machine, inspections: machine.inspections + 1, lastCondition: condition || machine.lastCondition, inspectionDays: [...machine.inspectionDays, shanghaiDate(new Date(fact.at))] }
  }
  if (fact.action === 'maintain') {
    if (isHazard) return { reject: '安全隐患按五到位整改，不记录管护' }
    const work = UPKEEP_WORKS.find((w) => w === fact.data?.work)
    if (!work) return { reject: '管护内容应为维管、保洁或清运' }
    const cost = fact.data?.cost
    if (cost !== undefined && !(typeof cost === 'number' && cost >= 0 && cost <= MAX_UPKEEP_COST)) return { reject: '管护费用无效' }
    // The day it was done (a clerk may enter last month's 清运 today), else the day it was recorded.
    const on = fact.data?.on
    const day = typeof on === 'string' && isCivilDate(on) ? on : shanghaiDate(new Date(fact.at))
    return { ...machine, upkeeps: [...machine.upkeeps, { on: day, work, cost: typeof cost === 'number' ? cost : null }] }
  }
  if (!isHazard) return { reject: '公益设施只记录检查和管护' }
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
