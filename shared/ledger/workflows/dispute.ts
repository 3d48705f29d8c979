/**
 * Dispute mediation (DOMAIN.md §3.2, F003§3): 驻片调处 → 两委会商 → 书面上报 → 归口办理, each
 * level taking over what the one below could not settle; mediation records along the way; the
 * case ends 已调结 (settled) or 未调结 (closed unsettled, reported in detail) and can be reopened.
 * A village cannot give up on a dispute: 未调结结案 is refused below the township (书面上报 to the
 * 乡综治办 and on), so a dispute it cannot settle goes up (F003§3). A 重大 or 重大复杂疑难 dispute
 * may be reported straight to the township (reportTownship → 书面上报).
 * 化解率 (F004: "排查16起…化解率100%") = settled ÷ all disputes found in the period.
 * Overdue: still open after its 调处时限 date.
 *
 * A resident's 邻里纠纷 (民呼我应, #23; channel 群众反映) enters the same chain and adds the
 * resident's side of the loop: 受理 (someone took it on), 反馈当事人 once it is closed (the note is
 * the reply the resident reads; no other note is ever shown to them), the resident's rating, and
 * 标记为无效信息 for spam. 不满意 reopens the dispute for the village: the resident says the level
 * that closed it did not settle it, so it goes on at 两委会商 at least (the level above 驻片调处,
 * as an escalation would), or stays at the township stage it had reached.
 *
 * Each stage is entered with its own facts, carried on the fact that enters it (F003§3
 * 「确定包案领导、责任单位、协办单位、完成时限」, 「附上村两委处理意见」; F001§9 「落实到人」):
 * 两委会商 needs 责任人 (data.responsible, a member's user id or, from older devices, a name;
 * data.responsibleName) and 时限 (data.deadline); 书面上报 needs the written opinion
 * (data.opinion; the scan once attachments exist); 归口办理 needs 包案领导 (data.caseLeader,
 * caseLeaderName) and the 责任单位 (data.leadUnit) with any 协办单位 (data.coUnits); 联合调处
 * follows 归口办理. 三调联动 (F004: 人民调解、司法调解、行政调解) is a hand-over (handOver,
 * data.method, data.receiver: who received the case); the case stays open and the hand-overs
 * are listed. Escalations recorded before STAGE_FACTS_FROM (an earlier version did not ask for
 * these) are read as they were, with the stage's facts marked missing, so old docs still open
 * unchanged.
 *
 * The township inbox (townshipInbox.ts) acts on the same log: once a dispute reaches 书面上报 the
 * township 受理 it (townAccept; its 归口办理 counts as accepting it too), 交办 it to a member (assign: data.assignee user id, assigneeName,
 * optional data.deadline as 办理时限) or 退回 it with the reason (sendBack: back to 两委会商, the
 * village goes on with it and may report it again).
 */
import type { Fact, LedgerRecord } from '../kind.js'
import { text } from '../kind.js'
import { isCivilDate } from '../../civilDate.js'
import { MATTER_RATINGS, RESIDENT_CHANNEL, type MatterRating } from './incident.js'
import { replay, type Rejected } from './replay.js'

export const DISPUTE_STAGES = ['驻片调处', '两委会商', '书面上报', '归口办理', '联合调处'] as const
export type DisputeStage = (typeof DISPUTE_STAGES)[number]

export const DISPUTE_ACTIONS = {
  mediate: { label: '记录调解' },
  escalate: { label: '上报上一级调处' },
  reportTownship: { label: '重大纠纷直接书面上报镇综治办' },
  settle: { label: '调结' },
  close: { label: '未调结结案' },
  reopen: { label: '重新调处' },
  // A resident's matter only (民呼我应).
  accept: { label: '受理' },
  feedback: { label: '反馈当事人' },
  rate: { label: '群众评价' },
  spam: { label: '标记为无效信息' },
  // 三调联动.
  handOver: { label: '三调联动移交' },
  // The township inbox.
  townAccept: { label: '镇级受理' },
  assign: { label: '交办' },
  sendBack: { label: '退回' },
} as const
export type DisputeAction = keyof typeof DISPUTE_ACTIONS

export const HANDOVER_METHODS = ['人民调解', '司法调解', '行政调解'] as const
export type HandOverMethod = (typeof HANDOVER_METHODS)[number]

/** Facts a stage is entered with; '' where an older version did not ask for them. */
export type StageFacts = { by: string; byName: string; at: string; responsible: string; responsibleName: string; deadline: string; opinion: string; caseLeader: string; caseLeaderName: string; leadUnit: string; coUnits: string; legacy: boolean }
export type HandOver = { method: HandOverMethod; receiver: string; at: string; byName: string }

/** Escalations before this time were written by a version that asked for no stage facts. */
export const STAGE_FACTS_FROM = '2026-12-01T00:00:00Z'

export type DisputeOutcome = 'open' | 'settled' | 'unsettled'
export const DISPUTE_OUTCOME_LABELS: Record<DisputeOutcome, string> = { open: '调处中', settled: '已调结', unsettled: '未调结' }

type Machine = {
  stage: DisputeStage
  outcome: DisputeOutcome
  mediations: number
  closedAt: string | null
  /** Someone took it on (受理, or any step of the chain) at least once since it came in or was reopened by the resident. */
  taken: boolean
  /** The latest 反馈当事人 note: the reply the resident reads. */
  reply: string | null
  feedbackAt: string | null
  /** A 反馈当事人 was given since the dispute was last closed. */
  fedBack: boolean
  rating: MatterRating | null
  /** Every rating the resident gave, in order (a 不满意 one reopened the dispute). */
  ratings: { rating: MatterRating; at: string }[]
  /** Reopened by the resident's 不满意 and not yet taken up again. */
  reopenedByResident: boolean
  spam: boolean
  /** The township took it on since it last arrived there. */
  townAccepted: boolean
  assignee: string | null
  assigneeName: string
  assignedDeadline: string
  /** The reason of the latest 退回 while it stands. */
  sentBackReason: string | null
  atTownshipSince: string | null
  /** The facts each stage reached was entered with (the latest entry of each). */
  stageFacts: Partial<Record<DisputeStage, StageFacts>>
  handOvers: HandOver[]
}

const INITIAL: Machine = {
  stage: '驻片调处',
  outcome: 'open',
  mediations: 0,
  closedAt: null,
  taken: false,
  reply: null,
  feedbackAt: null,
  fedBack: false,
  rating: null,
  ratings: [],
  reopenedByResident: false,
  spam: false,
  townAccepted: false,
  assignee: null,
  assigneeName: '',
  assignedDeadline: '',
  sentBackReason: null,
  atTownshipSince: null,
  stageFacts: {},
  handOvers: [],
}

/** `deadline`: the 时限 the case answers to now: the township's 交办, else 归口办理's 调处时限, else 两委会商's 化解时限, else the record's own. */
export type DisputeStatus = Machine & { label: string; deadline: string; overdue: boolean; rejected: Rejected[]; next: DisputeAction[] }

/** The first stage at the township: 书面上报 to the 乡综治办. */
const TOWNSHIP_STAGE = DISPUTE_STAGES.indexOf('书面上报')
const MAJOR = ['重大', '重大复杂疑难']

/** A 重大 or 重大复杂疑难 dispute (by its 纠纷等级). */
export const isMajorDispute = (values: Record<string, unknown>) => MAJOR.includes(text(values, 'severity'))

export function disputeStatus(record: Pick<LedgerRecord, 'facts' | 'values'>, today: string): DisputeStatus {
  const major = isMajorDispute(record.values)
  const fromResident = text(record.values, 'channel') === RESIDENT_CHANNEL
  const result = replay<Machine>(record.facts, INITIAL, (m, f) => step(m, f, major))
  const machine = result.state
  const deadline = machine.assignedDeadline || machine.stageFacts.归口办理?.deadline || machine.stageFacts.两委会商?.deadline || text(record.values, 'deadline')
  return {
    ...machine,
    deadline,
    label: machine.reopenedByResident
      ? '群众不满意，重新调处'
      : machine.outcome !== 'open'
        ? DISPUTE_OUTCOME_LABELS[machine.outcome]
        : machine.sentBackReason !== null
          ? `镇已退回（${machine.stage}）`
          : `调处中（${machine.stage}）`,
    // Spam waits for nobody: it is kept, never overdue.
    overdue: machine.outcome === 'open' && !machine.spam && deadline !== '' && today > deadline,
    rejected: result.rejected,
    next: nextActions(machine, major, fromResident),
  }
}

/** Steps of the chain itself: each also takes the dispute on and ends a resident's reopening. */
const CHAIN_STEPS = ['mediate', 'escalate', 'reportTownship', 'settle', 'close', 'townAccept', 'assign']

function step(machine: Machine, fact: Fact, major: boolean): Machine | { reject: string } {
  const next = chainStep(machine, fact, major)
  if ('reject' in next || !CHAIN_STEPS.includes(fact.action)) return next
  return { ...next, taken: true, reopenedByResident: false }
}

function chainStep(machine: Machine, fact: Fact, major: boolean): Machine | { reject: string } {
  const open = machine.outcome === 'open'
  switch (fact.action) {
    case 'mediate':
      return open ? { ...machine, mediations: machine.mediations + 1 } : { reject: '纠纷已结案，不能再记录调解' }
    case 'escalate': {
      if (!open) return { reject: '纠纷已结案，不能上报' }
      const index = DISPUTE_STAGES.indexOf(machine.stage)
      if (index === DISPUTE_STAGES.length - 1) return { reject: '已在联合调处，不能再上报' }
      const stage = DISPUTE_STAGES[index + 1]!
      const entered = enterStage(machine, fact, stage)
      if ('reject' in entered) return entered
      if (index + 1 === TOWNSHIP_STAGE) return arrive(entered, fact)
      // 归口办理 and beyond are the township's own steps: routing the case is accepting it.
      return { ...entered, stage, townAccepted: index + 1 > TOWNSHIP_STAGE || entered.townAccepted }
    }
    case 'handOver': {
      if (!open) return { reject: '纠纷已结案，不能移交' }
      const method = HANDOVER_METHODS.find((m) => m === fact.data?.method)
      if (!method) return { reject: '三调联动移交须选择人民调解、司法调解或行政调解' }
      const receiver = str(fact, 'receiver')
      if (!receiver) return { reject: '移交须写明接收人或接收单位' }
      return { ...machine, handOvers: [...machine.handOvers, { method, receiver, at: fact.at, byName: fact.byName }] }
    }
    case 'reportTownship':
      if (!open) return { reject: '纠纷已结案，不能上报' }
      if (!major) return { reject: '只有重大纠纷可以直接书面上报镇综治办' }
      if (DISPUTE_STAGES.indexOf(machine.stage) >= TOWNSHIP_STAGE) return { reject: '已在镇级调处，无需直接上报' }
      {
        const entered = enterStage(machine, fact, '书面上报')
        return 'reject' in entered ? entered : arrive(entered, fact)
      }
    case 'townAccept':
      if (!open) return { reject: '纠纷已结案，不能受理' }
      if (DISPUTE_STAGES.indexOf(machine.stage) < TOWNSHIP_STAGE) return { reject: '纠纷尚未上报到镇，镇级不能受理' }
      return machine.townAccepted ? { reject: '镇级已受理' } : { ...machine, townAccepted: true }
    case 'assign': {
      if (!open) return { reject: '纠纷已结案，不能交办' }
      const assignee = typeof fact.data?.assignee === 'string' ? fact.data.assignee : ''
      if (!assignee) return { reject: '交办须选定承办人' }
      const deadline = typeof fact.data?.deadline === 'string' ? fact.data.deadline : ''
      if (deadline && !isCivilDate(deadline)) return { reject: '办理时限应为日期' }
      return { ...machine, assignee, assigneeName: String(fact.data?.assigneeName ?? ''), assignedDeadline: deadline || machine.assignedDeadline }
    }
    case 'sendBack': {
      if (!open) return { reject: '纠纷已结案，不能退回' }
      if (DISPUTE_STAGES.indexOf(machine.stage) < TOWNSHIP_STAGE) return { reject: '纠纷不在镇级，不能退回' }
      const reason = fact.note?.trim() ?? ''
      if (!reason) return { reject: '退回须写明原因' }
      // Back with the village: the township's stages (their 包案领导, units, 调处时限) no longer hold.
      const stageFacts = Object.fromEntries(Object.entries(machine.stageFacts).filter(([stage]) => DISPUTE_STAGES.indexOf(stage as DisputeStage) < TOWNSHIP_STAGE))
      return { ...machine, stage: '两委会商', stageFacts, townAccepted: false, assignee: null, assigneeName: '', assignedDeadline: '', sentBackReason: reason, atTownshipSince: null }
    }
    case 'settle':
    case 'close':
      if (!open) return { reject: `纠纷${DISPUTE_OUTCOME_LABELS[machine.outcome]}，不能重复结案` }
      if (fact.action === 'close' && DISPUTE_STAGES.indexOf(machine.stage) < TOWNSHIP_STAGE) return { reject: '村级不能未调结结案，调处不了的须上报镇综治办' }
      return { ...machine, outcome: fact.action === 'settle' ? 'settled' : 'unsettled', closedAt: fact.at, fedBack: false }
    case 'reopen':
      return open ? { reject: '纠纷正在调处，无需重新调处' } : { ...machine, outcome: 'open', closedAt: null, fedBack: false }
    case 'accept':
      if (!open) return { reject: '纠纷已结案，不能受理' }
      return machine.taken ? { reject: '纠纷已受理' } : { ...machine, taken: true, reopenedByResident: false }
    case 'feedback':
      if (open) return { reject: '纠纷尚未结案，不能反馈当事人' }
      if (machine.fedBack) return { reject: '本次结案已反馈当事人' }
      return { ...machine, reply: fact.note ?? '', feedbackAt: fact.at, fedBack: true, rating: null }
    case 'rate':
      return rate(machine, fact)
    case 'spam':
      if (!open) return { reject: '纠纷已结案，不能标记为无效信息' }
      return machine.spam ? { reject: '已标记为无效信息' } : { ...machine, spam: true }
    default:
      return { reject: `未知操作：${fact.action}` }
  }
}

function str(fact: Fact, key: string): string {
  const value = fact.data?.[key]
  return typeof value === 'string' ? value.trim() : ''
}

/** The facts a stage must be entered with (F003§3), or why the escalation is refused. */
function enterStage(machine: Machine, fact: Fact, stage: DisputeStage): Machine | { reject: string } {
  const facts: StageFacts = {
    by: fact.by,
    byName: fact.byName,
    at: fact.at,
    responsible: str(fact, 'responsible'),
    responsibleName: str(fact, 'responsibleName'),
    deadline: str(fact, 'deadline'),
    opinion: str(fact, 'opinion'),
    caseLeader: str(fact, 'caseLeader'),
    caseLeaderName: str(fact, 'caseLeaderName'),
    leadUnit: str(fact, 'leadUnit'),
    coUnits: str(fact, 'coUnits'),
    legacy: fact.at < STAGE_FACTS_FROM,
  }
  const missing = facts.legacy ? null : stageRefusal(stage, facts)
  if (missing) return { reject: missing }
  return { ...machine, stageFacts: { ...machine.stageFacts, [stage]: facts } }
}

function stageRefusal(stage: DisputeStage, f: StageFacts): string | null {
  switch (stage) {
    case '两委会商':
      if (!f.responsible && !f.responsibleName) return '提交两委会商须明确责任人'
      if (!isCivilDate(f.deadline)) return '提交两委会商须定下化解时限（日期）'
      return null
    case '书面上报':
      return f.opinion ? null : '书面上报须附村两委书面处理意见'
    case '归口办理':
      if (!f.caseLeader && !f.caseLeaderName) return '归口办理须明确包案领导'
      if (!f.leadUnit) return '归口办理须明确责任单位（协办单位可选）'
      return f.deadline === '' || isCivilDate(f.deadline) ? null : '调处时限应为日期'
    case '驻片调处':
    case '联合调处':
      return null
  }
}

/** Why these facts cannot enter the stage (a form checks before it writes), or null. */
export function checkStageFacts(stage: DisputeStage, data: Readonly<Record<string, string>>): string | null {
  const get = (key: string) => (data[key] ?? '').trim()
  return stageRefusal(stage, {
    by: '',
    byName: '',
    at: '',
    responsible: get('responsible'),
    responsibleName: get('responsibleName'),
    deadline: get('deadline'),
    opinion: get('opinion'),
    caseLeader: get('caseLeader'),
    caseLeaderName: get('caseLeaderName'),
    leadUnit: get('leadUnit'),
    coUnits: get('coUnits'),
    legacy: false,
  })
}

/** The stage an action on this status enters: the next one, or 书面上报 for the 重大 fast path. */
export function stageEnteredBy(status: Pick<DisputeStatus, 'stage'>, action: 'escalate' | 'reportTownship'): DisputeStage | null {
  if (action === 'reportTownship') return '书面上报'
  return DISPUTE_STAGES[DISPUTE_STAGES.indexOf(status.stage) + 1] ?? null
}

/** What is still missing of the stage's facts (entered by an older version), for the record page. */
export function missingStageFacts(status: Pick<DisputeStatus, 'stage' | 'stageFacts'>): string | null {
  const facts = status.stageFacts[status.stage]
  if (!facts?.legacy) return null
  return stageRefusal(status.stage, facts)
}

/** Reaching the township (书面上报): a new arrival in its inbox, nobody there has it yet. */
function arrive(machine: Machine, fact: Fact): Machine {
  return { ...machine, stage: '书面上报', townAccepted: false, assignee: null, assigneeName: '', assignedDeadline: '', sentBackReason: null, atTownshipSince: fact.at }
}

function rate(machine: Machine, fact: Fact): Machine | { reject: string } {
  const rating = MATTER_RATINGS.find((r) => r === fact.data?.rating)
  if (!rating) return { reject: '评价应为满意、基本满意或不满意' }
  if (machine.outcome === 'open' || !machine.fedBack) return { reject: '纠纷尚未结案反馈，不能评价' }
  if (machine.rating) return { reject: '已评价过' }
  const ratings = [...machine.ratings, { rating, at: fact.at }]
  if (rating !== '不满意') return { ...machine, rating, ratings }
  const village = DISPUTE_STAGES.indexOf('两委会商')
  const stage = DISPUTE_STAGES.indexOf(machine.stage) < village ? DISPUTE_STAGES[village]! : machine.stage
  return { ...machine, rating, ratings, outcome: 'open', closedAt: null, fedBack: false, stage, taken: false, reopenedByResident: true }
}

function nextActions(machine: Machine, major: boolean, fromResident: boolean): DisputeAction[] {
  // Only the resident rates (through the server); accept, feedback and spam are for a resident's matter.
  if (machine.outcome !== 'open') return fromResident && !machine.fedBack ? ['feedback', 'reopen'] : ['reopen']
  const stage = DISPUTE_STAGES.indexOf(machine.stage)
  const actions: DisputeAction[] = fromResident && !machine.taken ? ['accept', 'mediate'] : ['mediate']
  if (machine.stage !== '联合调处') actions.push('escalate')
  if (major && stage < TOWNSHIP_STAGE) actions.push('reportTownship')
  if (stage >= TOWNSHIP_STAGE && !machine.townAccepted) actions.push('townAccept')
  actions.push('settle')
  if (stage >= TOWNSHIP_STAGE) actions.push('close', 'assign', 'sendBack')
  actions.push('handOver')
  if (fromResident && !machine.spam) actions.push('spam')
  return actions
}

/** 化解率 of a set of disputes: settled ÷ all, or null when there are none. */
export function resolutionRate(statuses: readonly Pick<DisputeStatus, 'outcome'>[]): number | null {
  if (statuses.length === 0) return null
  return statuses.filter((s) => s.outcome === 'settled').length / statuses.length
}
