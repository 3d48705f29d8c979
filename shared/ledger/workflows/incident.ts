/**
 * The incident closed loop (DOMAIN.md §3.1): 上报 → 受理 → 处置 → 办结 → 核查 → 反馈 → 归档.
 * - Routing by work type (F003§4, F004 接诉即办、分级响应): only 一般性 matters may be handled on
 *   site (现场处理) straight to 办结; 协调性 matters go to the village (村级牵头); 突发性 matters and
 *   any marked 须第一时间上报 go straight to the township centre, and nothing but that report can
 *   happen before it — the reporter who sent it up tracks on site. 审批性 follows the ordinary path.
 * - Escalation moves the matter up 网格 → 村 → 镇 and waits to be accepted there (分级响应;
 *   微事不出格、小事不出村、大事不出镇, F004); 「重大事件直接报…乡有关部门」 (F003): an escalation with
 *   data.to = 镇 goes straight to the township from any level.
 * - 谁上报、谁核查 (F001§4): only the reporter (the member who entered the record) may check it,
 *   unless they have left (`departed`); a check by anyone else is kept as a conflict. A failed
 *   check returns it for rework; after three failures it is flagged for supervision (限期督办).
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
  reportTownship: { label: '重大事件直接上报镇级', from: ['reported', 'accepted', 'handling', 'returned'], to: 'escalated' },
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

/** Where a matter must go by its work type (F003§4): handled on site, to the village, or straight to the township. */
export type IncidentRoute = 'site' | 'village' | 'township'
export const INCIDENT_ROUTE_LABELS: Record<IncidentRoute, string> = { site: '网格现场处置', village: '报村级牵头办理', township: '第一时间报镇综治中心' }

export function incidentRoute(values: Record<string, unknown>): IncidentRoute {
  const workType = text(values, 'workType')
  if (workType === '突发性' || values.mustReport === true) return 'township'
  return workType === '协调性' ? 'village' : 'site'
}

const REQUIRED_LEVEL: Record<IncidentRoute, IncidentLevel> = { site: '网格', village: '村', township: '镇' }
const NEEDS_LEVEL: readonly IncidentAction[] = ['accept', 'handle', 'onsite', 'resolve']

type Machine = { state: IncidentState; level: IncidentLevel; failures: number; resolvedAt: string | null; tracker: string | null; trackerName: string }

/** Who the record's facts are judged against: the reporter (member id) and members who have left. */
export type IncidentContext = { route: IncidentRoute; reporterId: string; departed: ReadonlySet<string> }

export type IncidentStatus = Machine & {
  label: string
  done: boolean
  overdue: boolean
  supervised: boolean
  rejected: Rejected[]
  route: IncidentRoute
  /** What can be done next (for the buttons). */
  next: IncidentAction[]
}

export function incidentStatus(record: Pick<LedgerRecord, 'facts' | 'values' | 'createdById'>, today: string, departed: ReadonlySet<string> = new Set()): IncidentStatus {
  const initial: Machine = { state: 'reported', level: '网格', failures: 0, resolvedAt: null, tracker: null, trackerName: '' }
  const context: IncidentContext = { route: incidentRoute(record.values), reporterId: record.createdById ?? '', departed }
  const result = replay<Machine>(record.facts, initial, (m, f) => step(m, f, context))
  const machine = result.state
  const deadline = text(record.values, 'deadline')
  const done = DONE.includes(machine.state)
  return {
    ...machine,
    label: machine.state === 'escalated' ? `已上报${machine.level}级` : INCIDENT_STATE_LABELS[machine.state],
    done,
    overdue: !done && deadline !== '' && today > deadline,
    supervised: machine.failures >= SUPERVISION_AFTER_FAILURES,
    route: context.route,
    rejected: result.rejected,
    next: nextActions(machine, context),
  }
}

function step(machine: Machine, fact: Fact, context: IncidentContext): Machine | { reject: string } {
  const action = INCIDENT_ACTIONS[fact.action as IncidentAction] as (typeof INCIDENT_ACTIONS)[IncidentAction] | undefined
  if (!action) return { reject: `未知操作：${fact.action}` }
  if (!(action.from as readonly IncidentState[]).includes(machine.state)) return { reject: `事件${INCIDENT_STATE_LABELS[machine.state]}，不能${action.label}` }
  const routed = routeRefusal(machine, fact.action as IncidentAction, context.route)
  if (routed) return { reject: routed }
  if ((fact.action === 'verify' || fact.action === 'reject') && context.reporterId && fact.by !== context.reporterId && !context.departed.has(context.reporterId))
    return { reject: '谁上报谁核查：只有上报人可以核查' }
  if (fact.action === 'escalate' || fact.action === 'reportTownship') {
    const index = INCIDENT_LEVELS.indexOf(machine.level)
    if (index === INCIDENT_LEVELS.length - 1) return { reject: '已在镇级办理，不能再上报' }
    const direct = fact.action === 'reportTownship' || fact.data?.to === '镇' || context.route === 'township'
    // 突发性: whoever sends it up tracks on site unless the report names someone (data.tracker, trackerName).
    const named = typeof fact.data?.tracker === 'string'
    const tracking = context.route === 'township' && machine.tracker === null
    return {
      ...machine,
      state: 'escalated',
      level: direct ? '镇' : INCIDENT_LEVELS[index + 1]!,
      tracker: tracking ? (named ? String(fact.data?.tracker) : fact.by) : machine.tracker,
      trackerName: tracking ? (named ? String(fact.data?.trackerName ?? '') : fact.byName) : machine.trackerName,
    }
  }
  return {
    ...machine,
    state: action.to,
    failures: fact.action === 'reject' ? machine.failures + 1 : machine.failures,
    resolvedAt: action.to === 'resolved' ? fact.at : machine.resolvedAt,
  }
}

/** Why the work type forbids this step at the matter's level, or null. */
function routeRefusal(machine: Machine, action: IncidentAction, route: IncidentRoute): string | null {
  if (action === 'onsite' && route !== 'site') return route === 'township' ? '突发性或须第一时间上报的事件须报镇综治中心，不能现场办结' : '协调性事项须报村级牵头办理，不能现场办结'
  if (!NEEDS_LEVEL.includes(action)) return null
  const required = INCIDENT_LEVELS.indexOf(REQUIRED_LEVEL[route])
  if (INCIDENT_LEVELS.indexOf(machine.level) >= required) return null
  return route === 'township' ? '突发性或须第一时间上报的事件须先上报镇综治中心' : '协调性事项须先报村级牵头办理'
}

function nextActions(machine: Machine, context: IncidentContext): IncidentAction[] {
  return (Object.keys(INCIDENT_ACTIONS) as IncidentAction[]).filter(
    (key) =>
      (INCIDENT_ACTIONS[key].from as readonly IncidentState[]).includes(machine.state) &&
      !(key === 'escalate' && machine.level === '镇') &&
      // The direct report is offered only where a plain escalation would not already reach 镇.
      !(key === 'reportTownship' && (machine.level !== '网格' || context.route === 'township')) &&
      routeRefusal(machine, key, context.route) === null,
  )
}
