/** 1+1+n linkage records: the radiating-households warning (on what the viewer sees) and coverage. */
import { describe, expect, it } from 'vitest'
import { checkRadiating, coverage, linkageSchema, type Assignment, type VisibleHousehold } from '../../shared/linkage/linkage.js'

const visible = (list: VisibleHousehold[]) => new Map(list.map((h) => [h.id, h]))

describe('checkRadiating', () => {
  const five = ['h1', 'h2', 'h3', 'h4', 'h5']
  it('passes when a radiating household is a hardship or petition household', () => {
    const seen = visible(five.map((id) => ({ id, flags: id === 'h4' ? ['信访户'] : [] })))
    expect(checkRadiating(five, seen)).toEqual([])
  })
  it('warns when none of the radiating households is hardship or petition', () => {
    const seen = visible(five.map((id) => ({ id, flags: ['出租户'] })))
    const checks = checkRadiating(five, seen)
    expect(checks.map((c) => c.kind)).toEqual(['missing'])
    expect(checks[0]?.kind === 'missing' && checks[0].message).toContain('困难群众或信访对象')
  })
  it('says it cannot tell when households are hidden from the viewer, without hinting what they are', () => {
    const seen = visible([{ id: 'h1', flags: [] }, { id: 'h2', flags: [] }])
    const checks = checkRadiating(five, seen)
    expect(checks).toEqual([{ kind: 'unknown', hidden: 3, message: expect.stringContaining('3 户您无权查看') }])
  })
  it('a visible hardship household settles it even with hidden ones', () => {
    expect(checkRadiating(five, visible([{ id: 'h1', flags: ['低保户'] }]))).toEqual([])
  })
  it('notes a radiating set much smaller than five', () => {
    const checks = checkRadiating(['h1', 'h2'], visible([{ id: 'h1', flags: ['困难户'] }, { id: 'h2', flags: [] }]))
    expect(checks.map((c) => c.kind)).toEqual(['small'])
  })
})

describe('linkageSchema', () => {
  const base = { id: 'l1', memberName: '王明', memberType: '镇机关干部', post: '党政办主任', centreHouseholdId: 'c1', radiatingHouseholdIds: ['h1', 'h2'], since: '2026-01-01' }
  it('accepts a 1+1+n record', () => {
    expect(linkageSchema.safeParse(base).success).toBe(true)
  })
  it('refuses the centre household among the radiating ones, in Chinese', () => {
    const result = linkageSchema.safeParse({ ...base, radiatingHouseholdIds: ['h1', 'c1'] })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('中心户不能同时是辐射户')
  })
  it('refuses an empty radiating set', () => {
    expect(linkageSchema.safeParse({ ...base, radiatingHouseholdIds: [] }).error?.issues[0]?.message).toBe('请至少选择一户辐射户')
  })
})

describe('coverage', () => {
  const households = [
    { id: 'c1', flags: [] },
    { id: 'h1', flags: ['低保户'] },
    { id: 'h2', flags: [] },
    { id: 'h3', flags: ['特困户'] },
    { id: 'h4', flags: [] },
  ]
  const residents = [
    { id: 'r1', householdId: 'h1', flags: [] }, // 一困 via household, linked through h1
    { id: 'r2', householdId: 'h3', flags: [] }, // 一困, unlinked
    { id: 'r3', householdId: 'h4', flags: ['留守儿童'] }, // 一少, named by a 三包一联 assignment
    { id: 'r4', householdId: 'h4', flags: [], age: 86 }, // 一老 by age, unlinked
    { id: 'r5', householdId: 'h2', flags: [] }, // none of the three
  ]
  const linkages = [{ centreHouseholdId: 'c1', radiatingHouseholdIds: ['h1'] }]
  const assignments: Assignment[] = [{ id: 'a1', kind: '联系一老一少一困', memberName: '李党员', memberType: '党员', residentIds: ['r3'] }]

  it('lists households and 一老一少一困 residents nobody is linked to', () => {
    const got = coverage(households, residents, linkages, assignments)
    expect(got.linkedHouseholds).toBe(2)
    expect(got.unlinkedHouseholdIds).toEqual(['h2', 'h3', 'h4'])
    expect(got.unlinkedPeople).toEqual([
      { residentId: 'r2', householdId: 'h3', category: '一困' },
      { residentId: 'r4', householdId: 'h4', category: '一老' },
    ])
  })
  it('a new linkage covers the household and its people', () => {
    const got = coverage(households, residents, [...linkages, { centreHouseholdId: 'h2', radiatingHouseholdIds: ['h3', 'h4'] }], [])
    expect(got.unlinkedHouseholdIds).toEqual([])
    expect(got.unlinkedPeople).toEqual([])
  })
})
