/**
 * The incident closed loop (DOMAIN.md §3.1): 上报 → 受理 → 处置 → 办结 → 核查 → 反馈 → 归档.
 * - Routing by work type (F003§4, F004 接诉即办、分级响应): only 一般性 matters may be handled on
 *   site (现场处理) straight to 办结; 协调性 matters go to the village (村级牵头); 突发性 matters and
 *   any marked 须第一时间上报 go straight to the township centre, and nothing but that report can
 *   happen before it — the reporter who sent it up tracks on site. 审批性 matters (代办 services,
 *   F003§5 「代办服务」; F003§4 审批性) follow the approval path: 受理 → 报审 (submitApproval, to the
 *   village or the township: data.to) → 批准 or 不予批准 (approve / deny, the reason recorded) →
 *   办结 (the result, or the refusal explained to the applicant). They are never handled on site or
 *   closed before a decision; a refused application may be submitted again with more material.
 * - Escalation moves the matter up 网格 → 村 → 镇 and waits to be accepted there (分级响应;
 *   微事不出格、小事不出村、大事不出镇, F004); 「重大事件直接报…乡有关部门」 (F003): an escalation with
 *   data.to = 镇 goes straight to the township from any level.
 * - 谁上报、谁核查 (F001§4): only the reporter (the member who entered the record) may check it,
 *   unless they have left (`departed`); a check by anyone else is kept as a conflict. A failed
 *   check returns it for rework; after three failures it is flagged for supervision (限期督办).
 * - Overdue: not yet 办结 after its 办结时限 date (Asia/Shanghai calendar).
 * - 协调性 matters are taken on at the village with a 牵头单位 (data.leadUnit) and any 协办单位
 *   (data.coUnits) on the 受理 that takes them on there (F004 协同处理); older 受理 still apply.
 * - 首问负责: the member who first took the matter on (受理 or 现场处理) is its first responder.
 * - An outcome 「已解释、暂不能解决」 (resolve or onsite with data.outcome) closes the handling with
 *   the explanation given to the people concerned, which must be recorded (the note).
 * - 件件回访 (F003§4): a matter is archived only after a return visit (回访, its note saying how it
 *   went) or the resident's own rating; archives recorded before STAGE_FACTS_FROM (an older
 *   version did not ask) still apply.
 * - The township inbox (townshipInbox.ts) acts on the same facts: 受理 (accept at 镇), 交办 (assign:
 *   data.assignee is a member's user id, data.assigneeName their name as shown, data.deadline an
 *   optional 办理时限) and 退回 (sendBack, the reason in the note): the matter goes back to the level
 *   it came from, where it may be handled (as far as its work type allows) or reported again.
 */
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { isCivilDate } from '../../civilDate.js'
import { replay, type Rejected } from './replay.js'

export const INCIDENT_STATES = ['reported', 'accepted', 'handling', 'escalated', 'resolved', 'returned', 'verified', 'feedback', 'archived', 'reopened', 'sentBack', 'reviewing', 'approved', 'denied'] as const
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
  reopened: '群众不满意，重新办理',
  sentBack: '上级已退回',
  reviewing: '审核审批中',
  approved: '已批准，待办结',
  denied: '不予批准',
}

export const MATTER_RATINGS = ['满意', '基本满意', '不满意'] as const
export type MatterRating = (typeof MATTER_RATINGS)[number]

export const INCIDENT_ACTIONS = {
  accept: { label: '受理', from: ['reported', 'escalated', 'reopened', 'sentBack'], to: 'accepted' },
  handle: { label: '开始处置', from: ['accepted', 'returned', 'reopened'], to: 'handling' },
  onsite: { label: '现场处理办结', from: ['reported', 'accepted', 'sentBack'], to: 'resolved' },
  escalate: { label: '上报上级', from: ['reported', 'accepted', 'handling', 'returned', 'reopened', 'sentBack'], to: 'escalated' },
  reportTownship: { label: '重大事件直接上报镇级', from: ['reported', 'accepted', 'handling', 'returned', 'reopened', 'sentBack'], to: 'escalated' },
  // 交办: the state is kept; the assignee (a member's user id) and an optional 办理时限 are set.
  assign: { label: '交办', from: ['accepted', 'handling', 'returned', 'reopened'], to: 'accepted' },
  // 退回: back to the level it was reported from, with the reason (note).
  sendBack: { label: '退回', from: ['escalated', 'accepted', 'reviewing'], to: 'sentBack' },
  resolve: { label: '办结', from: ['handling', 'approved', 'denied'], to: 'resolved' },
  // 审批性: 报审 to the village or township (data.to), then 批准 / 不予批准 (the reason in the note).
  submitApproval: { label: '报送审核审批', from: ['accepted', 'denied', 'returned', 'reopened', 'sentBack'], to: 'reviewing' },
  approve: { label: '审批通过', from: ['reviewing'], to: 'approved' },
  deny: { label: '不予批准', from: ['reviewing'], to: 'denied' },
  verify: { label: '核查通过', from: ['resolved'], to: 'verified' },
  reject: { label: '核查不通过，退回', from: ['resolved'], to: 'returned' },
  feedback: { label: '反馈当事人', from: ['verified'], to: 'feedback' },
  revisit: { label: '回访', from: ['feedback'], to: 'feedback' },
  archive: { label: '归档', from: ['feedback'], to: 'archived' },
  // Written by the server from the resident's rating (data.rating); 不满意 goes to 'reopened'.
  rate: { label: '群众评价', from: ['feedback', 'archived'], to: 'feedback' },
  // A resident's matter only; the state is kept, the record is flagged.
  spam: { label: '标记为无效信息', from: ['reported', 'accepted', 'escalated', 'handling', 'reopened'], to: 'reported' },
} as const satisfies Record<string, { label: string; from: readonly IncidentState[]; to: IncidentState }>
export type IncidentAction = keyof typeof INCIDENT_ACTIONS

export const INCIDENT_OUTCOMES = ['已解决', '已解释、暂不能解决'] as const
export type IncidentOutcome = (typeof INCIDENT_OUTCOMES)[number]
/** Archives (and 协调性 受理) before this time were written by a version that asked for no return visit (or lead unit). */
export const REVISIT_REQUIRED_FROM = '2026-12-01T00:00:00Z'

export const INCIDENT_LEVELS = ['网格', '村', '镇'] as const
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number]
const SUPERVISION_AFTER_FAILURES = 3
const DONE: readonly IncidentState[] = ['resolved', 'verified', 'feedback', 'archived']

/** Where a matter must go by its work type (F003§4): handled on site, to the village, or straight to the township. */
export type IncidentRoute = 'site' | 'village' | 'township' | 'approval'
export const INCIDENT_ROUTE_LABELS: Record<IncidentRoute, string> = { site: '网格现场处置', village: '报村级牵头办理', township: '第一时间报镇综治中心', approval: '审批性：受理后报村（镇）审核审批' }

export function incidentRoute(values: Record<string, unknown>): IncidentRoute {
  const workType = text(values, 'workType')
  if (workType === '突发性' || values.mustReport === true) return 'township'
  return workType === '协调性' ? 'village' : workType === '审批性' ? 'approval' : 'site'
}

const REQUIRED_LEVEL: Record<IncidentRoute, IncidentLevel> = { site: '网格', village: '村', township: '镇', approval: '网格' }
const APPROVAL_ACTIONS: readonly IncidentAction[] = ['submitApproval', 'approve', 'deny']

/** The decision on a 审批性 matter: who decided, at which level, and the reason (required for 不予批准). */
export type ApprovalDecision = { approved: boolean; by: string; byName: string; at: string; level: IncidentLevel; reason: string }
const NEEDS_LEVEL: readonly IncidentAction[] = ['accept', 'handle', 'onsite', 'resolve']

type Machine = {
  state: IncidentState
  level: IncidentLevel
  failures: number
  resolvedAt: string | null
  /** Who tracks a matter sent to the township on site (突发性), and their name. */
  tracker: string | null
  trackerName: string
  /** Someone took it on (受理 or 现场处理) at least once. */
  taken: boolean
  /** The latest 反馈当事人 note: the reply the resident reads (never other notes). */
  reply: string | null
  feedbackAt: string | null
  rating: MatterRating | null
  /** Every rating the resident gave, in order (a 不满意 one reopened the matter). */
  ratings: { rating: MatterRating; at: string }[]
  spam: boolean
  /** The level each escalation came from (the last one is where 退回 sends it). */
  fromLevels: IncidentLevel[]
  /** 交办: the member (user id) carrying it, their name, and the 办理时限 set with it ('' if none). */
  assignee: string | null
  assigneeName: string
  assignedDeadline: string
  /** The reason of the latest 退回 while it stands (cleared when the matter is reported again). */
  sentBackReason: string | null
  /** When it last reached the township (for the inbox's order), or null. */
  atTownshipSince: string | null
  /** 首问: who first took it on. */
  firstResponder: { id: string; name: string } | null
  /** How the handling ended, and the explanation recorded with 已解释、暂不能解决. */
  outcome: IncidentOutcome | null
  explanation: string
  /** A 回访 since the latest 反馈. */
  revisited: boolean
  /** 协调性: the lead unit and co-units named when the village took it on. */
  leadUnit: string
  coUnits: string
  /** 审批性: the level it was submitted to for approval, and the latest decision. */
  approvalLevel: IncidentLevel | null
  decision: ApprovalDecision | null
}

/** Who the record's facts are judged against: the reporter (member id) and members who have left. */
export type IncidentContext = { route: IncidentRoute; reporterId: string; departed: Departed; fromResident: boolean }

/** Members who have left the village (a Set, or the roster's complement: shared/ledger/members.ts). */
export type Departed = { has(userId: string): boolean }

export type IncidentStatus = Machine & {
  label: string
  /** The deadline that counts: the one a 交办 set, else the record's own ('' if none). */
  deadline: string
  done: boolean
  overdue: boolean
  supervised: boolean
  rejected: Rejected[]
  route: IncidentRoute
  /** What can be done next (for the buttons). */
  next: IncidentAction[]
}

export function incidentStatus(record: Pick<LedgerRecord, 'facts' | 'values' | 'createdById'>, today: string, departed: Departed = new Set<string>()): IncidentStatus {
  const initial: Machine = {
    state: 'reported',
    level: '网格',
    failures: 0,
    resolvedAt: null,
    tracker: null,
    trackerName: '',
    taken: false,
    reply: null,
    feedbackAt: null,
    rating: null,
    ratings: [],
    spam: false,
    fromLevels: [],
    assignee: null,
    assigneeName: '',
    assignedDeadline: '',
    sentBackReason: null,
    atTownshipSince: null,
    firstResponder: null,
    outcome: null,
    explanation: '',
    revisited: false,
    leadUnit: '',
    coUnits: '',
    approvalLevel: null,
    decision: null,
  }
  const context: IncidentContext = {
    route: incidentRoute(record.values),
    reporterId: record.createdById ?? '',
    departed,
    fromResident: text(record.values, 'channel') === RESIDENT_CHANNEL,
  }
  const result = replay<Machine>(record.facts, initial, (m, f) => step(m, f, context))
  const machine = result.state
  const deadline = machine.assignedDeadline || text(record.values, 'deadline')
  const done = DONE.includes(machine.state)
  return {
    ...machine,
    label: machine.state === 'escalated' ? `已上报${machine.level}级` : machine.state === 'sentBack' ? `${machine.level === '网格' ? '' : machine.level}已退回` : INCIDENT_STATE_LABELS[machine.state],
    done,
    deadline,
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
  if (fact.action === 'rate') return rate(machine, fact)
  if (fact.action === 'spam') return { ...machine, spam: true }
  const routed = routeRefusal(machine, fact.action as IncidentAction, context.route)
  if (routed) return { reject: routed }
  // A resident's matter has no member as reporter: cadres check it, and the resident's own check is the rating.
  const reporterChecks = context.reporterId && !context.fromResident && !context.departed.has(context.reporterId)
  if ((fact.action === 'verify' || fact.action === 'reject') && reporterChecks && fact.by !== context.reporterId)
    return { reject: '谁上报谁核查：只有上报人可以核查' }
  if (fact.action === 'escalate' || fact.action === 'reportTownship') {
    const index = INCIDENT_LEVELS.indexOf(machine.level)
    if (index === INCIDENT_LEVELS.length - 1) return { reject: '已在镇级办理，不能再上报' }
    const direct = fact.action === 'reportTownship' || fact.data?.to === '镇' || context.route === 'township'
    // 突发性: whoever sends it up tracks on site unless the report names someone (data.tracker, trackerName).
    const named = typeof fact.data?.tracker === 'string'
    const tracking = context.route === 'township' && machine.tracker === null
    const level = direct ? '镇' : INCIDENT_LEVELS[index + 1]!
    return {
      ...machine,
      state: 'escalated',
      level,
      fromLevels: [...machine.fromLevels, machine.level],
      sentBackReason: null,
      assignee: null,
      assigneeName: '',
      assignedDeadline: '',
      atTownshipSince: level === '镇' ? fact.at : null,
      tracker: tracking ? (named ? String(fact.data?.tracker) : fact.by) : machine.tracker,
      trackerName: tracking ? (named ? String(fact.data?.trackerName ?? '') : fact.byName) : machine.trackerName,
    }
  }
  if (fact.action === 'submitApproval' || fact.action === 'approve' || fact.action === 'deny') return approval(machine, fact)
  if (fact.action === 'assign') return assign(machine, fact)
  if (fact.action === 'sendBack') return sendBack(machine, fact)
  if (fact.action === 'revisit') return fact.note?.trim() ? { ...machine, revisited: true } : { reject: '回访须记录回访情况' }
  if (fact.action === 'archive' && !machine.revisited && machine.rating === null && fact.at >= REVISIT_REQUIRED_FROM) return { reject: '件件回访：归档前须先回访' }
  const leadUnit = typeof fact.data?.leadUnit === 'string' ? fact.data.leadUnit.trim() : ''
  const coUnits = typeof fact.data?.coUnits === 'string' ? fact.data.coUnits.trim() : ''
  const villageTakesOn = fact.action === 'accept' && context.route === 'village' && machine.level === '村'
  if (villageTakesOn && !leadUnit && !machine.leadUnit && fact.at >= REVISIT_REQUIRED_FROM) return { reject: '协调性事项须明确牵头单位（协办单位可选）' }
  let outcome = machine.outcome
  let explanation = machine.explanation
  if (fact.action === 'resolve' && machine.state === 'denied') {
    // 办结 of a refused application: the refusal, explained to the applicant (the note, else the reason given).
    outcome = '已解释、暂不能解决'
    explanation = fact.note?.trim() || (machine.decision?.reason ?? '')
  } else if (fact.action === 'resolve' || fact.action === 'onsite') {
    outcome = fact.data?.outcome === '已解释、暂不能解决' ? '已解释、暂不能解决' : '已解决'
    explanation = outcome === '已解决' ? '' : (fact.note?.trim() ?? '')
    if (outcome !== '已解决' && !explanation) return { reject: '「已解释、暂不能解决」须记录向群众所作的解释' }
  }
  const first = machine.firstResponder ?? (fact.action === 'accept' || fact.action === 'onsite' ? { id: fact.by, name: fact.byName } : null)
  return {
    ...machine,
    firstResponder: first,
    leadUnit: villageTakesOn && leadUnit ? leadUnit : machine.leadUnit,
    coUnits: villageTakesOn && leadUnit ? coUnits : machine.coUnits,
    outcome,
    explanation,
    revisited: fact.action === 'feedback' ? false : machine.revisited,
    state: action.to,
    failures: fact.action === 'reject' ? machine.failures + 1 : machine.failures,
    resolvedAt: action.to === 'resolved' ? fact.at : machine.resolvedAt,
    taken: machine.taken || fact.action === 'accept' || fact.action === 'onsite',
    reply: fact.action === 'feedback' ? (fact.note ?? '') : machine.reply,
    feedbackAt: fact.action === 'feedback' ? fact.at : machine.feedbackAt,
    rating: fact.action === 'feedback' ? null : machine.rating,
  }
}

function approval(machine: Machine, fact: Fact): Machine | { reject: string } {
  if (fact.action === 'submitApproval') {
    const level: IncidentLevel = fact.data?.to === '镇' ? '镇' : '村'
    const up = INCIDENT_LEVELS.indexOf(level) > INCIDENT_LEVELS.indexOf(machine.level)
    return {
      ...machine,
      state: 'reviewing',
      approvalLevel: level,
      level: up ? level : machine.level,
      fromLevels: up ? [...machine.fromLevels, machine.level] : machine.fromLevels,
      atTownshipSince: level === '镇' ? fact.at : machine.atTownshipSince,
      sentBackReason: null,
    }
  }
  const reason = fact.note?.trim() ?? ''
  if (fact.action === 'deny' && !reason) return { reject: '不予批准须写明理由' }
  const decision: ApprovalDecision = { approved: fact.action === 'approve', by: fact.by, byName: fact.byName, at: fact.at, level: machine.approvalLevel ?? machine.level, reason }
  return { ...machine, state: fact.action === 'approve' ? 'approved' : 'denied', decision }
}

function assign(machine: Machine, fact: Fact): Machine | { reject: string } {
  const assignee = typeof fact.data?.assignee === 'string' ? fact.data.assignee : ''
  if (!assignee) return { reject: '交办须选定承办人' }
  const deadline = typeof fact.data?.deadline === 'string' ? fact.data.deadline : ''
  if (deadline && !isCivilDate(deadline)) return { reject: '办理时限应为日期' }
  return { ...machine, assignee, assigneeName: String(fact.data?.assigneeName ?? ''), assignedDeadline: deadline || machine.assignedDeadline }
}

function sendBack(machine: Machine, fact: Fact): Machine | { reject: string } {
  const reason = fact.note?.trim() ?? ''
  if (!reason) return { reject: '退回须写明原因' }
  const from = machine.fromLevels.at(-1)
  if (!from) return { reject: '事件未经上报，不能退回' }
  return {
    ...machine,
    state: 'sentBack',
    level: from,
    fromLevels: machine.fromLevels.slice(0, -1),
    sentBackReason: reason,
    approvalLevel: null,
    assignee: null,
    assigneeName: '',
    assignedDeadline: '',
    atTownshipSince: null,
  }
}

function rate(machine: Machine, fact: Fact): Machine | { reject: string } {
  const rating = MATTER_RATINGS.find((r) => r === fact.data?.rating)
  if (!rating) return { reject: '评价应为满意、基本满意或不满意' }
  if (machine.rating) return { reject: '已评价过' }
  // 不满意 reopens the matter for the village (村级重新办理).
  const ratings = [...machine.ratings, { rating, at: fact.at }]
  if (rating === '不满意') return { ...machine, rating, ratings, state: 'reopened', level: machine.level === '镇' ? '镇' : '村' }
  return { ...machine, rating, ratings }
}

/** 群众反映: the channel of a matter a resident raised on the public board. */
export const RESIDENT_CHANNEL = '群众反映'

/** Why the work type forbids this step at the matter's level, or null. */
function routeRefusal(machine: Machine, action: IncidentAction, route: IncidentRoute): string | null {
  if (APPROVAL_ACTIONS.includes(action) && route !== 'approval') return '只有审批性事项走审核审批'
  if (route === 'approval') {
    if (action === 'onsite') return '审批性事项须经审核审批，不能现场办结'
    if (action === 'handle') return '审批性事项受理后报村（镇）审核审批'
    if (action === 'resolve' && machine.decision === null) return '审批性事项须先审核审批，才能办结'
    if ((action === 'approve' || action === 'deny') && machine.approvalLevel === null) return '尚未报送审核审批'
  }
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
      // Only the resident rates (through the server); only a resident's matter can be spam.
      key !== 'rate' &&
      !(key === 'spam' && (!context.fromResident || machine.spam)) &&
      !(key === 'sendBack' && machine.fromLevels.length === 0) &&
      !(key === 'revisit' && machine.revisited) &&
      !(key === 'archive' && !machine.revisited && machine.rating === null) &&
      routeRefusal(machine, key, context.route) === null,
  )
}
