/**
 * A decision's progress, derived from its facts in their Y.Array order (which every replica
 * shares, so every device derives the same state). Rules (DOMAIN.md §3.3; quorum in quorum.ts):
 * - steps run in order (steps.ts); a step is done once, by the first fact that completes it;
 * - a step's date is not before the previous step's date;
 * - a meeting without quorum does not count: the step stays open and may be held again;
 * - a failed vote stops the record until it is restarted (from step 1) or closed;
 * - a resolution cannot be disclosed before it passes, nor the results before the resolution;
 * - an 组织法 art. 24 matter is decided by the 村民会议, or by a 村民代表会议 it authorised;
 * - a step's linked meeting is of the kind that step needs (meetingTypes.ts), when its type is known.
 * A fact that breaks a rule (typically two devices recording the same step offline) is not
 * applied; it is returned as a conflict with the reason, so people can see and sort it out.
 */
import { exhaustiveSwitchError } from '../exhaustive.js'
import type { MeetingFact, NoticeFact } from './facts.js'
import { isArt24Matter } from './matters.js'
import type { MeetingType } from '../meetingIndex.js'
import { meetingTypeProblem } from './meetingTypes.js'
import { bodyOf, judgeMeeting } from './quorum.js'
import { DECISION, type DecisionRecord } from './record.js'
import { STEP_LABELS, type StepKind, stepsInOrder } from './steps.js'

export const DECISION_STATUSES = ['draft', 'in_progress', 'failed', 'closed', 'completed'] as const
export type DecisionStatus = (typeof DECISION_STATUSES)[number]
export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = {
  draft: '未开始',
  in_progress: '进行中',
  failed: '表决未通过',
  closed: '已结束',
  completed: '已完成',
}

export type Conflict = { factId: string | null; reason: string }
export type Attempt = { round: number; fact: MeetingFact; outcome: 'passed' | 'noQuorum' | 'rejected'; note: string | null }
export type StepView = {
  kind: StepKind
  state: 'done' | 'next' | 'waiting'
  fact: MeetingFact | NoticeFact | null
  /** Why this step cannot be recorded now (null when it can). */
  blocked: string | null
}
export type Progress = {
  status: DecisionStatus
  round: number
  steps: StepView[]
  next: StepKind | null
  attempts: Attempt[]
  conflicts: Conflict[]
  /** The reason of the failed vote or of closing. */
  stopReason: string | null
}

type Fold = {
  round: number
  done: Map<StepKind, MeetingFact | NoticeFact>
  phase: 'open' | 'failed' | 'closed'
  stopReason: string | null
  attempts: Attempt[]
  conflicts: Conflict[]
}

/** `meetingType` looks a linked meeting up in the meta doc's index (undefined: not known here, not checked). */
export function deriveProgress(
  record: Pick<DecisionRecord, 'matter' | 'mergedProposal'>,
  rawFacts: readonly unknown[],
  meetingType: (meetingId: string) => MeetingType | undefined = () => undefined,
): Progress {
  const order = stepsInOrder(record.mergedProposal)
  const s: Fold = { round: 1, done: new Map(), phase: 'open', stopReason: null, attempts: [], conflicts: [] }
  for (const raw of rawFacts) {
    const parsed = DECISION.facts.facts.safeParse(raw)
    if (!parsed.success) {
      s.conflicts.push({ factId: idOf(raw), reason: `无法识别的记录：${parsed.error.issues[0]?.message ?? ''}` })
      continue
    }
    const fact = parsed.data
    switch (fact.type) {
      case 'meeting':
      case 'notice': {
        const problem =
          stepProblem(record, order, s, fact.step) ??
          dateProblem(order, s, fact) ??
          (fact.type === 'meeting' ? meetingTypeProblem(fact.step, fact, meetingType(fact.meetingId)) : null) ??
          (fact.type === 'meeting' && fact.step === 'resolve' ? assemblyProblem(record.matter, fact) : null)
        if (problem) s.conflicts.push({ factId: fact.id, reason: problem })
        else if (fact.type === 'notice') s.done.set(fact.step, fact)
        else applyMeeting(s, fact)
        break
      }
      case 'restart':
        if (s.phase !== 'failed') s.conflicts.push({ factId: fact.id, reason: '只有表决未通过后才能重新启动' })
        else Object.assign(s, { round: s.round + 1, done: new Map(), phase: 'open', stopReason: null })
        break
      case 'close':
        if (s.phase === 'closed') s.conflicts.push({ factId: fact.id, reason: '本事项已经结束' })
        else Object.assign(s, { phase: 'closed', stopReason: fact.reason })
        break
      default:
        exhaustiveSwitchError(fact)
    }
  }
  return summarise(record, order, s)
}

function applyMeeting(s: Fold, fact: MeetingFact): void {
  const verdict = judgeMeeting(bodyOf(fact.step, fact), fact)
  s.attempts.push({ round: s.round, fact, outcome: verdict.kind, note: verdict.kind === 'passed' ? null : verdict.reason })
  if (verdict.kind === 'passed') s.done.set(fact.step, fact)
  if (verdict.kind === 'rejected') Object.assign(s, { phase: 'failed', stopReason: `${STEP_LABELS[fact.step]}：${verdict.reason}` })
}

/** Why `step` cannot be recorded in the state folded so far (null if it can). */
function stepProblem(record: Pick<DecisionRecord, 'matter'>, order: StepKind[], s: Fold, step: StepKind): string | null {
  if (s.phase === 'closed') return '本事项已经结束'
  if (s.phase === 'failed') return '表决未通过：须先重新启动或结束本事项'
  if (!order.includes(step)) return '已选择一肩挑合并召开，提议在两委会上一并进行'
  if (s.done.has(step)) return `「${STEP_LABELS[step]}」已有记录`
  const next = order.find((k) => !s.done.has(k))
  if (next !== step) return waitingReason(step, next)
  return null
}

function waitingReason(step: StepKind, next: StepKind | undefined): string {
  if (step === 'publish_resolution') return '决议通过后才能公开'
  if (step === 'publish_result') return '决议公开后才能公开实施结果'
  return next ? `须先完成「${STEP_LABELS[next]}」` : '各步骤已完成'
}

/** A step is not dated before the step it follows. */
function dateProblem(order: StepKind[], s: Fold, fact: MeetingFact | NoticeFact): string | null {
  const previous = order
    .slice(0, order.indexOf(fact.step))
    .map((k) => s.done.get(k))
    .at(-1)
  if (previous && fact.date < previous.date) return `日期不能早于上一步骤（${previous.date}）`
  return null
}

/** The art. 24 rule, checked before recording step 4 (and applied when folding). */
export function assemblyProblem(matter: DecisionRecord['matter'], fact: Pick<MeetingFact, 'assembly' | 'authorised'>): string | null {
  if (!isArt24Matter(matter) || fact.assembly === 'villagers' || fact.authorised) return null
  return '组织法第24条事项须由村民会议决定，或由经村民会议授权的村民代表会议决定'
}

function summarise(record: Pick<DecisionRecord, 'matter'>, order: StepKind[], s: Fold): Progress {
  const next = s.phase === 'open' ? (order.find((k) => !s.done.has(k)) ?? null) : null
  const steps: StepView[] = order.map((kind) => {
    const fact = s.done.get(kind) ?? null
    if (fact) return { kind, state: 'done', fact, blocked: null }
    const blocked = stepProblem(record, order, s, kind)
    return { kind, state: kind === next ? 'next' : 'waiting', fact: null, blocked }
  })
  const status: DecisionStatus =
    s.phase === 'closed' ? 'closed' : s.phase === 'failed' ? 'failed' : next === null ? 'completed' : s.done.size === 0 && s.round === 1 ? 'draft' : 'in_progress'
  return { status, round: s.round, steps, next, attempts: s.attempts, conflicts: s.conflicts, stopReason: s.stopReason }
}

function idOf(raw: unknown): string | null {
  return typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null
}
