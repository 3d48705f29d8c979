/**
 * The incident closed loop (DOMAIN.md §3.1): 上报 → 受理 → 处置 → 办结 → 核查 → 反馈 → 归档.
 * - 一般性 matters may be handled on site (现场处理) straight to 办结 (F003§4).
 * - Escalation moves the matter up 网格 → 村 → 镇 and waits to be accepted there (分级响应;
 *   微事不出格、小事不出村、大事不出镇, F004).
 * - 谁上报、谁核查 (F001§4): a failed check returns it for rework; after three failures it is
 *   flagged for supervision (限期督办).
 * - Overdue: not yet 办结 after its 办结时限 date (Asia/Shanghai calendar).
 * - 民呼我应 (issue #23): the resident who raised a matter rates the outcome after 反馈
 *   (满意 / 基本满意 / 不满意); 不满意 reopens it at the village level (重新办理). A cadre may
 *   mark a resident's matter as 无效 (spam): kept, and left out of the board's figures.
 */
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { replay, type Rejected } from './replay.js'

export const INCIDENT_STATES = ['reported', 'accepted', 'handling', 'escalated', 'resolved', 'returned', 'verified', 'feedback', 'archived', 'reopened'] as const
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
}

export const MATTER_RATINGS = ['满意', '基本满意', '不满意'] as const
export type MatterRating = (typeof MATTER_RATINGS)[number]

export const INCIDENT_ACTIONS = {
  accept: { label: '受理', from: ['reported', 'escalated', 'reopened'], to: 'accepted' },
  handle: { label: '开始处置', from: ['accepted', 'returned', 'reopened'], to: 'handling' },
  onsite: { label: '现场处理办结', from: ['reported', 'accepted'], to: 'resolved' },
  escalate: { label: '上报上级', from: ['reported', 'accepted', 'handling', 'returned', 'reopened'], to: 'escalated' },
  resolve: { label: '办结', from: ['handling'], to: 'resolved' },
  verify: { label: '核查通过', from: ['resolved'], to: 'verified' },
  reject: { label: '核查不通过，退回', from: ['resolved'], to: 'returned' },
  feedback: { label: '反馈当事人', from: ['verified'], to: 'feedback' },
  archive: { label: '归档', from: ['feedback'], to: 'archived' },
  // Written by the server from the resident's rating (data.rating); 不满意 goes to 'reopened'.
  rate: { label: '群众评价', from: ['feedback', 'archived'], to: 'feedback' },
  // A resident's matter only; the state is kept, the record is flagged.
  spam: { label: '标记为无效信息', from: ['reported', 'accepted', 'escalated', 'handling', 'reopened'], to: 'reported' },
} as const satisfies Record<string, { label: string; from: readonly IncidentState[]; to: IncidentState }>
export type IncidentAction = keyof typeof INCIDENT_ACTIONS

export const INCIDENT_LEVELS = ['网格', '村', '镇'] as const
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number]
const SUPERVISION_AFTER_FAILURES = 3
const DONE: readonly IncidentState[] = ['resolved', 'verified', 'feedback', 'archived']

type Machine = {
  state: IncidentState
  level: IncidentLevel
  failures: number
  resolvedAt: string | null
  /** Someone took it on (受理 or 现场处理) at least once. */
  taken: boolean
  /** The latest 反馈当事人 note: the reply the resident reads (never other notes). */
  reply: string | null
  feedbackAt: string | null
  rating: MatterRating | null
  /** Every rating the resident gave, in order (a 不满意 one reopened the matter). */
  ratings: { rating: MatterRating; at: string }[]
  spam: boolean
}

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
  const initial: Machine = { state: 'reported', level: '网格', failures: 0, resolvedAt: null, taken: false, reply: null, feedbackAt: null, rating: null, ratings: [], spam: false }
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
    next: nextActions(machine, text(record.values, 'channel') === RESIDENT_CHANNEL),
  }
}

function step(machine: Machine, fact: Fact): Machine | { reject: string } {
  const action = INCIDENT_ACTIONS[fact.action as IncidentAction] as (typeof INCIDENT_ACTIONS)[IncidentAction] | undefined
  if (!action) return { reject: `未知操作：${fact.action}` }
  if (!(action.from as readonly IncidentState[]).includes(machine.state)) return { reject: `事件${INCIDENT_STATE_LABELS[machine.state]}，不能${action.label}` }
  if (fact.action === 'rate') return rate(machine, fact)
  if (fact.action === 'spam') return { ...machine, spam: true }
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
    taken: machine.taken || fact.action === 'accept' || fact.action === 'onsite',
    reply: fact.action === 'feedback' ? (fact.note ?? '') : machine.reply,
    feedbackAt: fact.action === 'feedback' ? fact.at : machine.feedbackAt,
    rating: fact.action === 'feedback' ? null : machine.rating,
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

function nextActions(machine: Machine, fromResident: boolean): IncidentAction[] {
  return (Object.keys(INCIDENT_ACTIONS) as IncidentAction[]).filter(
    (key) =>
      (INCIDENT_ACTIONS[key].from as readonly IncidentState[]).includes(machine.state) &&
      !(key === 'escalate' && machine.level === '镇') &&
      // Only the resident rates (through the server); only a resident's matter can be spam.
      key !== 'rate' &&
      !(key === 'spam' && (!fromResident || machine.spam)),
  )
}
