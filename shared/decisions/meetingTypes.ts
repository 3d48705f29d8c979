/**
 * Which meeting a 四议两公开 step must be held at (DOMAIN.md §3.3): 党支部会提议 at a 党支部委员会
 * 会议, 两委会商议 at a 两委联席会议 (also the 一肩挑 joint meeting that merges steps 1 and 2),
 * 党员大会审议 at a 党员大会, and the resolution at the 村民代表会议 or the 村民会议 the step names.
 * A step linked to minutes of another kind of meeting (a 村民代表会议 offered as the proposal) is
 * refused. The meeting index (shared/meetingIndex.ts) gives each linked meeting's type.
 */
import { MEETING_TYPE_LABELS, type MeetingType } from '../meetingIndex.js'
import type { MeetingFact } from './facts.js'
import { bodyOf } from './quorum.js'
import { STEP_LABELS, type MeetingStep } from './steps.js'

/** The meeting type a step needs (the quorum body and the meeting type share their names). */
export function meetingTypeFor(step: MeetingStep, fact: Pick<MeetingFact, 'assembly'>): MeetingType {
  return bodyOf(step, fact)
}

/** Why the linked meeting cannot stand for this step (null when it fits, or when its type is unknown on this device). */
export function meetingTypeProblem(step: MeetingStep, fact: Pick<MeetingFact, 'assembly'>, linkedType: MeetingType | undefined): string | null {
  if (linkedType === undefined) return null
  const needed = meetingTypeFor(step, fact)
  if (linkedType === needed) return null
  return `「${STEP_LABELS[step]}」须关联${MEETING_TYPE_LABELS[needed]}的记录，所选会议是${MEETING_TYPE_LABELS[linkedType]}`
}
