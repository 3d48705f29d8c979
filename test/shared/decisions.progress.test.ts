import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendFact, createDecision, readDecision, setMergedProposal } from '../../shared/decisions/decisionsDoc.js'
import type { MeetingFact, NoticeFact, StepFact } from '../../shared/decisions/facts.js'
import { deriveProgress } from '../../shared/decisions/progress.js'
import type { MeetingStep } from '../../shared/decisions/steps.js'
import { meetingTypeProblem } from '../../shared/decisions/meetingTypes.js'
import type { MeetingType } from '../../shared/meetingIndex.js'

let n = 0
const meeting = (step: MeetingStep, over: Partial<MeetingFact> = {}): MeetingFact => ({
  id: `f${++n}`,
  type: 'meeting',
  step,
  date: '2026-03-0' + String(Math.min(9, ['propose', 'consult', 'review', 'resolve'].indexOf(step) + 1)),
  meetingId: `m-${step}`,
  assembly: step === 'resolve' ? 'representatives' : undefined,
  authorised: step === 'resolve' ? true : undefined,
  eligible: 30,
  present: 24,
  for: 20,
  against: 2,
  abstain: 2,
  by: '张书记',
  atClient: '2026-03-01T00:00:00.000Z',
  ...over,
})
const notice = (step: NoticeFact['step'], date = '2026-03-06'): NoticeFact => ({ id: `f${++n}`, type: 'notice', step, noticeId: `n${n}`, date, by: '张书记', atClient: 'x' })
const record = { matter: 'major_other', mergedProposal: false } as const
const ALL: StepFact[] = [meeting('propose'), meeting('consult'), meeting('review'), meeting('resolve'), notice('publish_resolution'), notice('publish_result', '2026-06-01')]

describe('deriveProgress', () => {
  it('starts as a draft whose next step is the proposal', () => {
    const p = deriveProgress(record, [])
    expect(p.status).toBe('draft')
    expect(p.next).toBe('propose')
    expect(p.steps.find((s) => s.kind === 'consult')?.blocked).toBe('须先完成「党支部会提议」')
  })

  it('walks all six steps in order to completed', () => {
    const p = deriveProgress(record, ALL)
    expect(p.conflicts).toEqual([])
    expect(p.status).toBe('completed')
    expect(p.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done'])
  })

  it('refuses a step out of order and says which comes first', () => {
    const p = deriveProgress(record, [meeting('propose'), meeting('review')])
    expect(p.conflicts).toEqual([{ factId: expect.any(String), reason: '须先完成「两委会商议」' }])
    expect(p.next).toBe('consult')
  })

  it('cannot disclose a resolution before it passes', () => {
    const p = deriveProgress(record, [meeting('propose'), meeting('consult'), meeting('review'), notice('publish_resolution')])
    expect(p.conflicts[0]?.reason).toBe('决议通过后才能公开')
    expect(p.steps.find((s) => s.kind === 'publish_resolution')?.blocked).toBe('决议通过后才能公开')
    expect(p.steps.find((s) => s.kind === 'publish_result')?.blocked).toBe('决议公开后才能公开实施结果')
  })

  it('a meeting without quorum leaves the step open to be held again', () => {
    const p = deriveProgress(record, [meeting('propose'), meeting('consult'), meeting('review'), meeting('resolve', { present: 19, for: 15 })])
    expect(p.next).toBe('resolve')
    expect(p.attempts.at(-1)?.outcome).toBe('noQuorum')
    expect(p.status).toBe('in_progress')
  })

  it('a failed vote stops the record until restarted (from step 1) or closed', () => {
    const failed = [meeting('propose'), meeting('consult'), meeting('review'), meeting('resolve', { for: 12, against: 12, abstain: 0 })]
    const p = deriveProgress(record, failed)
    expect(p.status).toBe('failed')
    expect(p.steps.every((s) => s.state === 'done' || s.blocked === '表决未通过：须先重新启动或结束本事项')).toBe(true)
    const late = deriveProgress(record, [...failed, notice('publish_resolution')])
    expect(late.conflicts[0]?.reason).toMatch(/表决未通过/)

    const restarted = deriveProgress(record, [...failed, { id: 'r', type: 'restart', reason: '修改方案', by: 'a', atClient: 'x' }])
    expect(restarted.round).toBe(2)
    expect(restarted.next).toBe('propose')
    expect(restarted.status).toBe('in_progress')

    const closed = deriveProgress(record, [...failed, { id: 'c', type: 'close', reason: '不再推进', by: 'a', atClient: 'x' }])
    expect(closed.status).toBe('closed')
    expect(closed.stopReason).toBe('不再推进')
  })

  it('restart is only for a failed vote', () => {
    const p = deriveProgress(record, [meeting('propose'), { id: 'r', type: 'restart', reason: 'x', by: 'a', atClient: 'x' }])
    expect(p.conflicts[0]?.reason).toBe('只有表决未通过后才能重新启动')
    expect(p.round).toBe(1)
  })

  it('一肩挑 merging is explicit: step 1 is skipped and refused', () => {
    const merged = { ...record, mergedProposal: true }
    expect(deriveProgress(merged, []).next).toBe('consult')
    const p = deriveProgress(merged, [meeting('propose')])
    expect(p.conflicts[0]?.reason).toMatch(/一肩挑/)
    expect(deriveProgress(merged, ALL.slice(1)).status).toBe('completed')
  })

  it('an art. 24 matter needs the 村民会议 or an authorised 村民代表会议', () => {
    const art24 = { matter: 'art24_homesteads', mergedProposal: false } as const
    const before = [meeting('propose'), meeting('consult'), meeting('review')]
    expect(deriveProgress(art24, [...before, meeting('resolve', { authorised: false })]).conflicts[0]?.reason).toMatch(/第24条/)
    expect(deriveProgress(art24, [...before, meeting('resolve', { authorised: true })]).next).toBe('publish_resolution')
    const villagers = meeting('resolve', { assembly: 'villagers', authorised: false, eligible: 200, present: 101, for: 60 })
    expect(deriveProgress(art24, [...before, villagers]).next).toBe('publish_resolution')
  })

  it('a step dated before the previous one is refused', () => {
    const p = deriveProgress(record, [meeting('propose', { date: '2026-03-05' }), meeting('consult', { date: '2026-03-04' })])
    expect(p.conflicts[0]?.reason).toMatch(/日期不能早于上一步骤/)
  })

  it('an unreadable or impossible fact from a peer is a conflict, not applied', () => {
    const p = deriveProgress(record, [{ id: 'junk', type: 'meeting' }, meeting('propose', { present: 40 })])
    expect(p.conflicts.map((c) => c.factId)).toEqual(['junk', expect.any(String)])
    expect(p.next).toBe('propose')
  })
})

describe('decisions doc: concurrent offline facts', () => {
  it('two devices recording the same step offline converge to one done step and one conflict', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const id = createDecision(a, { title: '村道硬化', category: 'public_works', matter: 'major_other', mergedProposal: false }, '张', '2026-03-01T00:00:00Z')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    appendFact(a, id, meeting('propose', { id: 'from-a' }))
    appendFact(b, id, meeting('propose', { id: 'from-b' }))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const pa = deriveProgress(readDecision(a, id)!.record, readDecision(a, id)!.facts)
    const pb = deriveProgress(readDecision(b, id)!.record, readDecision(b, id)!.facts)
    expect(pa).toEqual(pb)
    expect(pa.conflicts).toHaveLength(1)
    expect(pa.conflicts[0]?.reason).toBe('「党支部会提议」已有记录')
    expect(pa.next).toBe('consult')
  })

  it('appendFact refuses an invalid fact and 一肩挑 is fixed once a step is recorded', () => {
    const doc = new Y.Doc()
    const id = createDecision(doc, { title: 't', category: 'other', matter: 'major_other', mergedProposal: false }, '张', 'now')
    expect(() => appendFact(doc, id, meeting('propose', { for: 30 }))).toThrow()
    expect(setMergedProposal(doc, id, true)).toBe(true)
    appendFact(doc, id, meeting('consult'))
    expect(setMergedProposal(doc, id, false)).toBe(false)
    expect(readDecision(doc, id)?.record.mergedProposal).toBe(true)
  })
})

describe('meeting type per step', () => {
  const types: Record<string, MeetingType> = { 'm-propose': 'party_branch', 'm-consult': 'joint_committee', 'm-review': 'party_members', 'm-resolve': 'representatives', 'm-assembly': 'representatives', 'm-villagers': 'villagers' }
  const lookup = (id: string) => types[id]

  it('accepts each step linked to the meeting that step needs', () => {
    expect(deriveProgress(record, ALL, lookup)).toMatchObject({ status: 'completed', conflicts: [] })
  })

  it('refuses a 村民代表会议 record offered as the 党支部会提议', () => {
    const p = deriveProgress(record, [meeting('propose', { meetingId: 'm-assembly' })], lookup)
    expect(p.conflicts).toEqual([{ factId: expect.any(String), reason: '「党支部会提议」须关联党支部委员会会议的记录，所选会议是村民代表会议' }])
    expect(p.next).toBe('propose')
  })

  it('needs the 村民会议 when the resolution names it, and the joint meeting for a merged proposal', () => {
    const villagers = meeting('resolve', { assembly: 'villagers', meetingId: 'm-resolve' })
    const p = deriveProgress(record, [meeting('propose'), meeting('consult'), meeting('review'), villagers], lookup)
    expect(p.conflicts.map((c) => c.reason)).toEqual(['「村民代表会议（或村民会议）决议」须关联村民会议的记录，所选会议是村民代表会议'])
    expect(meetingTypeProblem('consult', {}, 'joint_committee')).toBeNull()
    expect(deriveProgress({ ...record, mergedProposal: true }, [meeting('consult', { meetingId: 'm-propose' })], lookup).conflicts).toHaveLength(1)
  })

  it('does not judge a meeting this device does not know', () => {
    expect(deriveProgress(record, [meeting('propose', { meetingId: 'elsewhere' })], lookup).conflicts).toEqual([])
  })
})
