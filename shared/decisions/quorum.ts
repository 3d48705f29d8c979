/**
 * Quorum and passing rules of the meetings in 四议两公开. Integer arithmetic only, so "exactly
 * two thirds" is exact.
 *
 * - 村民代表会议: 《村民委员会组织法》(2018) art. 26 — held with at least two thirds of the
 *   representatives present; a decision needs more than half of those present.
 * - 村民会议: art. 22 — held with more than half of the villagers aged 18 and over present, or
 *   representatives of at least two thirds of the households; a decision needs more than half of
 *   those present.
 * - 党员大会: local practice (DOMAIN.md §3.3, confirm locally) — at least two thirds of the
 *   members present, approved by more than half of those present.
 * - 党支部委员会会议 and 两委联席会议: local practice — more than half of the members present,
 *   approved by more than half of those present.
 * A tie is not a majority; abstentions count as present but not in favour.
 */
import { exhaustiveSwitchError } from '../exhaustive.js'
import type { MeetingFact } from './facts.js'
import type { MeetingStep } from './steps.js'

export const BODIES = ['party_branch', 'joint_committee', 'party_members', 'representatives', 'villagers'] as const
export type Body = (typeof BODIES)[number]

export type Verdict = { kind: 'passed' } | { kind: 'noQuorum'; reason: string } | { kind: 'rejected'; reason: string }

export function bodyOf(step: MeetingStep, fact: Pick<MeetingFact, 'assembly'>): Body {
  switch (step) {
    case 'propose':
      return 'party_branch'
    case 'consult':
      return 'joint_committee'
    case 'review':
      return 'party_members'
    case 'resolve':
      return fact.assembly === 'villagers' ? 'villagers' : 'representatives'
    default:
      return exhaustiveSwitchError(step)
  }
}

const atLeastTwoThirds = (part: number, whole: number) => part * 3 >= whole * 2
const moreThanHalf = (part: number, whole: number) => part * 2 > whole

export type Tally = Pick<MeetingFact, 'eligible' | 'present' | 'for' | 'against' | 'abstain' | 'households'>

/** Whether the meeting was quorate (the reason if not), in Chinese for the UI. */
export function quorumProblem(body: Body, t: Tally): string | null {
  const counts = `应到 ${t.eligible} 人，实到 ${t.present} 人`
  switch (body) {
    case 'representatives':
      return atLeastTwoThirds(t.present, t.eligible) ? null : `村民代表会议须有三分之二以上代表参加（${counts}）`
    case 'villagers': {
      if (moreThanHalf(t.present, t.eligible)) return null
      const h = t.households
      if (h && h.total > 0 && atLeastTwoThirds(h.represented, h.total)) return null
      const households = h ? `；总户数 ${h.total}，到会户代表 ${h.represented}` : ''
      return `村民会议须有本村十八周岁以上村民过半数，或三分之二以上户的代表参加（${counts}${households}）`
    }
    case 'party_members':
      return atLeastTwoThirds(t.present, t.eligible) ? null : `党员大会须有三分之二以上党员到会（${counts}）`
    case 'party_branch':
    case 'joint_committee':
      return moreThanHalf(t.present, t.eligible) ? null : `须有过半数成员到会（${counts}）`
    default:
      return exhaustiveSwitchError(body)
  }
}

/** The meeting's verdict: not quorate, rejected (no majority of those present), or passed. */
export function judgeMeeting(body: Body, t: Tally): Verdict {
  const problem = quorumProblem(body, t)
  if (problem) return { kind: 'noQuorum', reason: problem }
  if (!moreThanHalf(t.for, t.present)) {
    return { kind: 'rejected', reason: `未获到会人员过半数赞成（实到 ${t.present} 人，赞成 ${t.for}，反对 ${t.against}，弃权 ${t.abstain}）` }
  }
  return { kind: 'passed' }
}
