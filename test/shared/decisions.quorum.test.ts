import { describe, expect, it } from 'vitest'
import { judgeMeeting, quorumProblem } from '../../shared/decisions/quorum.js'

const tally = (eligible: number, present: number, yes: number, no = 0, abstain = 0, households?: { total: number; represented: number }) => ({
  eligible,
  present,
  for: yes,
  against: no,
  abstain,
  households,
})

describe('村民代表会议 (art. 26): ≥ 2/3 present, majority of those present', () => {
  it('opens with exactly two thirds present', () => {
    expect(quorumProblem('representatives', tally(30, 20, 0))).toBeNull()
    expect(quorumProblem('representatives', tally(3, 2, 0))).toBeNull()
  })
  it('does not open one short of two thirds', () => {
    expect(quorumProblem('representatives', tally(30, 19, 19))).toMatch(/三分之二/)
    expect(judgeMeeting('representatives', tally(31, 20, 20)).kind).toBe('noQuorum') // 20/31 < 2/3
  })
  it('a tie is not a majority; one more vote is', () => {
    expect(judgeMeeting('representatives', tally(30, 20, 10, 10)).kind).toBe('rejected')
    expect(judgeMeeting('representatives', tally(30, 20, 11, 9)).kind).toBe('passed')
  })
  it('abstentions count as present, not in favour', () => {
    expect(judgeMeeting('representatives', tally(30, 21, 10, 1, 10)).kind).toBe('rejected')
    expect(judgeMeeting('representatives', tally(30, 21, 11, 0, 10)).kind).toBe('passed')
  })
})

describe('村民会议 (art. 22): > 1/2 of adults, or ≥ 2/3 of households represented', () => {
  it('exactly half of adults is not enough, one more is', () => {
    expect(judgeMeeting('villagers', tally(200, 100, 100)).kind).toBe('noQuorum')
    expect(judgeMeeting('villagers', tally(200, 101, 51)).kind).toBe('passed')
  })
  it('representatives of exactly two thirds of households suffice; one short does not', () => {
    expect(judgeMeeting('villagers', tally(200, 60, 31, 0, 0, { total: 90, represented: 60 })).kind).toBe('passed')
    expect(judgeMeeting('villagers', tally(200, 59, 31, 0, 0, { total: 90, represented: 59 })).kind).toBe('noQuorum')
  })
  it('passes only with a majority of those present', () => {
    expect(judgeMeeting('villagers', tally(200, 120, 60, 60)).kind).toBe('rejected')
  })
})

describe('党员大会 (local practice): ≥ 2/3 present and majority approval', () => {
  it('edges', () => {
    expect(judgeMeeting('party_members', tally(45, 30, 16)).kind).toBe('passed')
    expect(judgeMeeting('party_members', tally(45, 29, 29)).kind).toBe('noQuorum')
    expect(judgeMeeting('party_members', tally(45, 30, 15, 15)).kind).toBe('rejected')
  })
})

describe('党支部委员会 and 两委会: > 1/2 present', () => {
  it('edges', () => {
    expect(judgeMeeting('party_branch', tally(6, 3, 3)).kind).toBe('noQuorum')
    expect(judgeMeeting('joint_committee', tally(6, 4, 3)).kind).toBe('passed')
  })
})
