/** 联动小组: suggestion from the ledger, cadre's moves, and the 轮值户 across moves and month boundaries. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { shanghaiDate } from '../../shared/civilDate.js'
import { suggestGroups, type GroupCandidate } from '../../shared/liulian/groups.js'
import { applySuggestion, groupViews, moveHousehold, readGroups, readMemberships, setLeader } from '../../shared/liulian/liulianDoc.js'
import { dutyNow, dutyRoster } from '../../shared/liulian/rotation.js'

/** A village of `n` households in 8 村民小组, addresses numbered, handed over in shuffled order (seeded). */
function village(n: number): GroupCandidate[] {
  const out: GroupCandidate[] = []
  for (let i = 0; i < n; i++) {
    const vg = (i % 8) + 1
    out.push({ id: `h${i}`, gridId: vg <= 4 ? 'g1' : 'g2', villagerGroup: `${vg}组`, address: `${vg}组${Math.floor(i / 8) + 1}号` })
  }
  let seed = 7
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('suggestGroups', () => {
  it('cuts a village of 500 households into groups of about 12 neighbours, none crossing a 村民小组', () => {
    const households = village(500)
    const groups = suggestGroups(households)
    const byId = new Map(households.map((h) => [h.id, h]))
    // every household placed exactly once
    const placed = groups.flatMap((g) => g.householdIds)
    expect(placed.length).toBe(500)
    expect(new Set(placed).size).toBe(500)
    for (const g of groups) {
      expect(g.householdIds.length).toBeGreaterThanOrEqual(9)
      expect(g.householdIds.length).toBeLessThanOrEqual(15)
      expect(new Set(g.householdIds.map((id) => byId.get(id)!.villagerGroup))).toEqual(new Set([g.villagerGroup]))
      // neighbours: consecutive house numbers within the 村民小组
      const numbers = g.householdIds.map((id) => Number(/(\d+)号/.exec(byId.get(id)!.address)![1]))
      expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i))
    }
    expect(groups.length).toBe(40)
    expect(groups[0]!.name).toBe('1组第1联动小组')
    expect(groups.filter((g) => g.villagerGroup === '1组').map((g) => g.gridId)).toEqual(['g1', 'g1', 'g1', 'g1', 'g1'])
  })

  it('never mixes two grids in one group; names count on within the 村民小组', () => {
    const households = Array.from({ length: 30 }, (_, i) => ({ id: `h${i}`, gridId: i < 20 ? 'gA' : 'gB', villagerGroup: '2组', address: `2组${i + 1}号` }))
    const groups = suggestGroups(households)
    expect(groups.map((g) => [g.name, g.gridId, g.householdIds.length])).toEqual([
      ['2组第1联动小组', 'gA', 10],
      ['2组第2联动小组', 'gA', 10],
      ['2组第3联动小组', 'gB', 10],
    ])
  })

  it('keeps a small 村民小组 whole and puts households without one together', () => {
    const groups = suggestGroups([
      { id: 'a', gridId: 'g', villagerGroup: '3组', address: '2号' },
      { id: 'b', gridId: 'g', villagerGroup: '3组', address: '10号' },
      { id: 'c', gridId: 'g', villagerGroup: '', address: '1号' },
    ])
    expect(groups.map((g) => [g.name, g.householdIds])).toEqual([
      ['3组第1联动小组', ['a', 'b']],
      ['未填村民小组第1联动小组', ['c']],
    ])
  })
})

describe('groups in the 六联 doc', () => {
  it('applying the suggestion twice places only newcomers; the cadre moves a household and names a 组长', () => {
    const doc = new Y.Doc()
    const first = applySuggestion(doc, suggestGroups(village(50)), 'u1', '2026-05-10')
    expect(first.placed).toBe(50)
    const again = applySuggestion(doc, suggestGroups([...village(50), { id: 'new', gridId: 'g1', villagerGroup: '1组', address: '1组99号' }]), 'u1', '2026-05-12')
    expect(again).toEqual({ groups: 1, placed: 1 })
    const [a, b] = readGroups(doc)
    const mover = groupViews(doc, '2026-05-20').find((g) => g.id === a!.id)!.members[0]!
    setLeader(doc, a!.id, mover)
    moveHousehold(doc, mover, b!.id, 'u1', '2026-05-20')
    const views = groupViews(doc, '2026-05-20')
    expect(views.find((g) => g.id === a!.id)!.members).not.toContain(mover)
    expect(views.find((g) => g.id === b!.id)!.members).toContain(mover)
    expect(views.find((g) => g.id === a!.id)!.leaderMissing).toBe(true)
  })
})

describe('轮值户 rotation', () => {
  function group(ids: string[], at: string) {
    const doc = new Y.Doc()
    applySuggestion(doc, [{ name: '1组第1联动小组', villagerGroup: '1组', gridId: 'g', householdIds: ids }], 'u1', at)
    return { doc, id: readGroups(doc)[0]!.id }
  }

  it('goes round the group a household a month, starting in the month the group was formed', () => {
    const { doc, id } = group(['a', 'b', 'c'], '2026-05-18')
    expect(dutyRoster(readMemberships(doc), id, '2026-10').map((r) => r.householdId)).toEqual(['a', 'b', 'c', 'a', 'b', 'c'])
    expect(dutyNow(readMemberships(doc), id, '2026-05-31')).toEqual({ month: '2026-05', current: 'a', next: 'b' })
  })

  it('changes on the 1st of the month in Beijing time, not in UTC', () => {
    const { doc, id } = group(['a', 'b', 'c'], '2026-05-18')
    // 2026-06-30T16:30Z is 00:30 on 1 July in Beijing, still 30 June in UTC.
    const today = shanghaiDate(new Date('2026-06-30T16:30:00Z'))
    expect(today).toBe('2026-07-01')
    expect(dutyNow(readMemberships(doc), id, today)).toEqual({ month: '2026-07', current: 'c', next: 'a' })
    expect(dutyNow(readMemberships(doc), id, shanghaiDate(new Date('2026-06-30T15:59:00Z'))).current).toBe('b')
    // across the year end
    expect(dutyRoster(readMemberships(doc), id, '2027-01').slice(-2)).toEqual([
      { month: '2026-12', householdId: 'b' },
      { month: '2027-01', householdId: 'c' },
    ])
  })

  it('a move during the month counts from next month; this month and past months stay as they were', () => {
    const { doc, id } = group(['a', 'b', 'c', 'd'], '2026-05-01')
    const before = dutyRoster(readMemberships(doc), id, '2026-06')
    // b is on duty in June and moves away on 10 June
    moveHousehold(doc, 'b', null, 'u1', '2026-06-10')
    const after = dutyRoster(readMemberships(doc), id, '2026-08')
    expect(after.slice(0, 2)).toEqual(before)
    expect(after.map((r) => r.householdId)).toEqual(['a', 'b', 'c', 'd'])
    expect(dutyNow(readMemberships(doc), id, '2026-06-15')).toEqual({ month: '2026-06', current: 'b', next: 'c' })
  })

  it('a leaver is skipped and the walk goes on from where they stood; a newcomer joins at the end of this cycle', () => {
    const { doc, id } = group(['a', 'b', 'c', 'd'], '2026-01-01')
    // Jan a, Feb b; c leaves before March, e moves in before March
    moveHousehold(doc, 'c', null, 'u1', '2026-02-20')
    moveHousehold(doc, 'e', id, 'u1', '2026-02-21')
    expect(dutyRoster(readMemberships(doc), id, '2026-07').map((r) => r.householdId)).toEqual(['a', 'b', 'd', 'e', 'a', 'b', 'd'])
  })

  it('the household on duty leaving does not restart the rotation', () => {
    const { doc, id } = group(['a', 'b', 'c', 'd'], '2026-01-01')
    // March is c's; c leaves in March, so April goes to d (after c), not back to a
    moveHousehold(doc, 'c', null, 'u1', '2026-03-05')
    expect(dutyRoster(readMemberships(doc), id, '2026-05').map((r) => r.householdId)).toEqual(['a', 'b', 'c', 'd', 'a'])
  })

  it('moving between groups: out of one rotation, into the end of the other', () => {
    const doc = new Y.Doc()
    applySuggestion(
      doc,
      [
        { name: 'A组', villagerGroup: '1组', gridId: 'g', householdIds: ['a1', 'a2', 'a3'] },
        { name: 'B组', villagerGroup: '1组', gridId: 'g', householdIds: ['b1', 'b2'] },
      ],
      'u1',
      '2026-01-01',
    )
    const [A, B] = readGroups(doc)
    moveHousehold(doc, 'a2', B!.id, 'u1', '2026-01-15')
    const m = readMemberships(doc)
    expect(dutyRoster(m, A!.id, '2026-04').map((r) => r.householdId)).toEqual(['a1', 'a3', 'a1', 'a3'])
    expect(dutyRoster(m, B!.id, '2026-04').map((r) => r.householdId)).toEqual(['b1', 'b2', 'a2', 'b1'])
  })

  it('two cadres moving the same household offline agree after the merge', () => {
    const one = new Y.Doc()
    applySuggestion(
      one,
      [
        { name: 'A组', villagerGroup: '1组', gridId: 'g', householdIds: ['a1', 'a2'] },
        { name: 'B组', villagerGroup: '1组', gridId: 'g', householdIds: ['b1'] },
        { name: 'C组', villagerGroup: '1组', gridId: 'g', householdIds: ['c1'] },
      ],
      'u1',
      '2026-01-01',
    )
    const two = new Y.Doc()
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    const [, B, C] = readGroups(one)
    moveHousehold(one, 'a2', B!.id, 'u1', '2026-02-03')
    moveHousehold(two, 'a2', C!.id, 'u2', '2026-02-03')
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    const inOne = groupViews(one, '2026-03-01').map((g) => g.members)
    expect(groupViews(two, '2026-03-01').map((g) => g.members)).toEqual(inOne)
    expect(inOne.flat().filter((h) => h === 'a2')).toHaveLength(1)
  })
})
