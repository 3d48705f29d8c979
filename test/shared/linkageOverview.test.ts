/** The village's and township's 联网联户 overview: coverage, 一老一少一困 left unlinked, members' due and overdue, counts under 3 as "<3". */
import { describe, expect, it } from 'vitest'
import type { Linkage } from '../../shared/linkage/linkage.js'
import { memberDueRow, sensitiveCount, townshipVillageRow, villageOverview, type MemberRecords } from '../../shared/linkage/overview.js'

const linkage = (id: string, name: string, centre: string, radiating: string[], since = '2026-01-01'): Linkage => ({
  id,
  memberName: name,
  memberType: '村干部',
  post: '委员',
  rank: '一般工作人员',
  centreHouseholdId: centre,
  radiatingHouseholdIds: radiating,
  since,
})
const member = (l: Linkage, contacts: MemberRecords['contacts'] = []): MemberRecords => ({ memberId: l.id, linkage: l, contacts, triggers: [], aid: [], evaluations: [] })

const households = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((id) => ({ id, flags: id === 'h5' ? ['低保户'] : [] }))
const residents = [
  { id: 'old-linked', householdId: 'h1', flags: ['独居老人'] },
  { id: 'old-alone', householdId: 'h4', flags: ['独居老人'] },
  { id: 'old-by-age', householdId: 'h4', flags: [], age: 86 },
  { id: 'child', householdId: 'h6', flags: ['留守儿童'] },
  { id: 'child-named', householdId: 'h6', flags: ['留守儿童'] },
  { id: 'poor', householdId: 'h5', flags: [] },
  { id: 'plain', householdId: 'h4', flags: [] },
]

describe('villageOverview', () => {
  const today = '2026-11-20'
  // Since after 重阳节 and before the next 春节's visit window opens: no festival 四到 falls due.
  const kept = linkage('m1', '甲', 'h1', ['h2'], '2026-10-19')
  const late = linkage('m2', '乙', 'h3', ['h2'], '2026-10-19')
  const o = villageOverview(
    households,
    residents,
    [
      member(kept, [
        { householdId: 'h1', date: '2026-10-20' },
        { householdId: 'h1', date: '2026-11-02' },
        { householdId: 'h2', date: '2026-10-25' },
      ]),
      member(late),
    ],
    [{ id: 'a1', kind: '联系一老一少一困', memberName: '丙', memberType: '党员', residentIds: ['child-named'] }],
    today,
  )

  it('counts linked households and lists the unlinked', () => {
    expect(o.households).toBe(6)
    expect(o.linkedHouseholds).toBe(3)
    expect(o.unlinkedHouseholdIds).toEqual(['h4', 'h5', 'h6'])
  })

  it('counts 一老一少一困 nobody is linked to, by household or by name, and names only 一老 and 一少', () => {
    expect(o.unlinkedPeople).toEqual({ 一老: 2, 一少: 1, 一困: 1 })
    expect(o.unlinkedNamed.map((p) => p.residentId).sort()).toEqual(['child', 'old-alone', 'old-by-age'])
    expect(o.unlinkedNamed.some((p) => p.residentId === 'poor')).toBe(false)
  })

  it('derives each member’s due and overdue, overdue first', () => {
    expect(o.members.map((m) => m.memberName)).toEqual(['乙', '甲'])
    const [second, first] = o.members
    expect(second!.overdue).toBe(true)
    expect(second!.centreOverdueMonths).toBe(1)
    expect(second!.centreDone).toBe(false)
    expect(second!.roundOverdueQuarters).toBe(0)
    expect(first!.overdue).toBe(false)
    expect(first!.centreDone).toBe(true)
    expect(first!.roundVisited).toBe(1)
    expect(first!.aid).toMatchObject({ given: 0, minimum: 200, met: false })
    expect(o.membersOverdue).toBe(1)
    expect(o.contactsThisMonth).toBe(1)
  })

  it('gives the township counts only, small ones as <3', () => {
    const row = townshipVillageRow('v1', '一村', o)
    expect(row.unlinkedPeople).toEqual({ 一老: '<3', 一少: '<3', 一困: '<3' })
    expect(row.overdueMembers).toEqual(['乙'])
    expect(JSON.stringify(row)).not.toMatch(/"h[1-6]"|old-|child|poor/)
    expect([0, 1, 2, 3, 10].map(sensitiveCount)).toEqual(['0', '<3', '<3', '3', '10'])
  })

  it('counts this half-year’s household ratings into satisfaction', () => {
    const rated = memberDueRow(
      {
        ...member(kept),
        evaluations: [
          { id: 'e1', action: 'evaluate', by: 'u', byName: 'x', at: '2026-09-01T00:00:00Z', data: { householdId: 'h1', period: '2026H2', rating: '满意', source: 'code' } },
          { id: 'e2', action: 'evaluate', by: 'u', byName: 'x', at: '2026-09-02T00:00:00Z', data: { householdId: 'h2', period: '2026H2', rating: '不满意', source: 'paper' } },
          { id: 'e3', action: 'evaluate', by: 'u', byName: 'x', at: '2026-03-02T00:00:00Z', data: { householdId: 'h2', period: '2026H1', rating: '不满意', source: 'paper' } },
        ],
      },
      today,
    )
    expect(rated.rated).toBe(2)
    expect(rated.satisfaction).toBe(50)
  })
})
