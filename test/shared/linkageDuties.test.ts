/** Duties of a linked member: monthly/quarterly due and overdue across boundaries, and 四到 triggers. */
import { describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../shared/civilDate.js'
import { fourToDues, linkageDuties, type Contact } from '../../shared/linkage/duties.js'
import { ledgerTriggers } from '../../shared/linkage/ledgerTriggers.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'

const linkage = { centreHouseholdId: 'c', radiatingHouseholdIds: ['r1', 'r2', 'r3', 'r4', 'r5'], since: '2026-01-01' }
const visit = (householdId: string, date: string): Contact => ({ householdId, date })

describe('centre household: monthly', () => {
  it('a contact on the last day of a month counts for that month only', () => {
    const contacts = [visit('c', '2026-03-31')]
    expect(linkageDuties(linkage, contacts, '2026-03-31').centre.status).toBe('done')
    const april = linkageDuties(linkage, contacts, '2026-04-01')
    expect(april.centre).toEqual({ start: '2026-04-01', end: '2026-04-30', status: 'due' })
    expect(april.centreOverdue.map((p) => p.start)).toEqual(['2026-01-01', '2026-02-01'])
  })
  it('a month becomes overdue only once it has ended, read in Asia/Shanghai', () => {
    // 2026-01-31T16:30Z is already 1 February in Beijing: January has ended without a contact.
    const today = shanghaiDate(new Date('2026-01-31T16:30:00Z'))
    expect(today).toBe('2026-02-01')
    const duties = linkageDuties(linkage, [], today)
    expect(duties.centreOverdue).toEqual([{ start: '2026-01-01', end: '2026-01-31', status: 'overdue' }])
    expect(duties.centre.status).toBe('due')
    // Half an hour earlier in UTC terms it is still 31 January there: nothing overdue yet.
    expect(linkageDuties(linkage, [], shanghaiDate(new Date('2026-01-31T15:30:00Z'))).centreOverdue).toEqual([])
  })
  it('February in a leap year and periods before the linkage began', () => {
    const late = { ...linkage, since: '2028-02-15' }
    const duties = linkageDuties(late, [], '2028-03-01')
    expect(duties.centreOverdue).toEqual([{ start: '2028-02-01', end: '2028-02-29', status: 'overdue' }])
  })
  it('a future-dated contact does not satisfy today', () => {
    expect(linkageDuties(linkage, [visit('c', '2026-05-20')], '2026-05-10').centre.status).toBe('due')
  })
})

describe('radiating households: a round per quarter', () => {
  it('shows 3/5 visited and which are missing', () => {
    const contacts = [visit('r1', '2026-04-02'), visit('r2', '2026-05-02'), visit('r3', '2026-06-30'), visit('r3', '2026-06-01')]
    const { round } = linkageDuties(linkage, contacts, '2026-06-30')
    expect(round).toMatchObject({ start: '2026-04-01', end: '2026-06-30', status: 'due', visited: ['r1', 'r2', 'r3'], missing: ['r4', 'r5'] })
  })
  it('visits in March do not count for the second quarter; Q1 becomes overdue on 1 April', () => {
    const contacts = ['r1', 'r2', 'r3', 'r4'].map((id) => visit(id, '2026-03-31'))
    const march = linkageDuties(linkage, contacts, '2026-03-31')
    expect(march.round.visited).toHaveLength(4)
    expect(march.roundOverdue).toEqual([])
    const april = linkageDuties(linkage, contacts, '2026-04-01')
    expect(april.round.visited).toEqual([])
    expect(april.roundOverdue).toEqual([{ start: '2026-01-01', end: '2026-03-31', status: 'overdue', visited: ['r1', 'r2', 'r3', 'r4'], missing: ['r5'] }])
  })
  it('a completed round is done and never overdue; across the year boundary last year counts', () => {
    const contacts = linkage.radiatingHouseholdIds.map((id) => visit(id, '2026-11-15'))
    const jan = linkageDuties({ ...linkage, since: '2026-10-01' }, contacts, '2027-01-05')
    expect(jan.roundOverdue).toEqual([])
    expect(jan.round).toMatchObject({ start: '2027-01-01', end: '2027-03-31', status: 'due' })
    expect(jan.centreOverdue.map((p) => p.start)).toEqual(['2026-10-01', '2026-11-01', '2026-12-01'])
  })
})

describe('四到 triggers', () => {
  const linked = ['c', 'r1', 'r2']
  it('an illness raises a visit that becomes overdue after seven days unless visited', () => {
    const triggers = [{ kind: 'illness' as const, householdId: 'r1', date: '2026-05-10', sourceId: 'care1' }]
    expect(fourToDues(linked, triggers, [], [], '2026-01-01', '2026-05-17')).toEqual([
      { householdId: 'r1', trigger: '重病', source: 'care1', since: '2026-05-10', dueBy: '2026-05-17', status: 'due' },
    ])
    expect(fourToDues(linked, triggers, [], [], '2026-01-01', '2026-05-18')[0]?.status).toBe('overdue')
    const visited = fourToDues(linked, triggers, [], [visit('r1', '2026-05-12')], '2026-01-01', '2026-05-18')
    expect(visited[0]).toMatchObject({ status: 'done', visitedOn: '2026-05-12' })
    // A visit before the illness does not answer it.
    expect(fourToDues(linked, triggers, [], [visit('r1', '2026-05-09')], '2026-01-01', '2026-05-11')[0]?.status).toBe('due')
  })
  it('a disaster with no household named reaches every linked household; one naming others reaches none', () => {
    const all = fourToDues(linked, [{ kind: 'disaster', householdIds: 'all', date: '2026-07-01', sourceId: 'i1' }], [], [], '2026-01-01', '2026-07-02')
    expect(all.map((d) => [d.householdId, d.trigger, d.dueBy])).toEqual([
      ['c', '灾害', '2026-07-04'],
      ['r1', '灾害', '2026-07-04'],
      ['r2', '灾害', '2026-07-04'],
    ])
    expect(fourToDues(linked, [{ kind: 'disaster', householdIds: ['x9'], date: '2026-07-01', sourceId: 'i1' }], [], [], '2026-01-01', '2026-07-02')).toEqual([])
  })
  it('a festival opens a week before and is due by the day', () => {
    const festivals = [{ name: '中秋节', date: '2026-09-25' }]
    expect(fourToDues(['c'], [], festivals, [], '2026-01-01', '2026-09-17')).toEqual([])
    expect(fourToDues(['c'], [], festivals, [], '2026-01-01', '2026-09-18')[0]).toMatchObject({ trigger: '特殊节日', since: '2026-09-18', dueBy: '2026-09-25', status: 'due' })
    expect(fourToDues(['c'], [], festivals, [], '2026-01-01', '2026-09-26')[0]?.status).toBe('overdue')
  })
  it('reads the triggers from ledger records: 重病 care records, 自然灾害 and other incidents', () => {
    const rec = (id: string, kind: string, values: Record<string, unknown>): LedgerRecord => ({ id, kind, gridId: 'g1', values, createdBy: 'u', createdAt: '2026-01-01T00:00:00Z', facts: [] })
    const records = [
      rec('res1', 'resident', { name: '张三', householdId: 'r2' }),
      rec('care1', 'careRecord', { residentId: 'res1', category: '重病', enrolledAt: '2026-08-03' }),
      rec('care2', 'careRecord', { residentId: 'res1', category: '低保', enrolledAt: '2026-08-03' }),
      rec('inc1', 'incident', { title: '暴雨', category: '自然灾害', occurredAt: '2026-08-05' }),
      rec('inc2', 'incident', { title: '家庭矛盾', category: '矛盾纠纷', occurredAt: '2026-08-06', householdIds: ['c'] }),
      rec('inc3', 'incident', { title: '路灯坏', category: '基础设施', occurredAt: '2026-08-06' }),
    ]
    const triggers = ledgerTriggers(records)
    expect(triggers).toEqual([
      { kind: 'illness', householdId: 'r2', date: '2026-08-03', sourceId: 'care1' },
      { kind: 'disaster', householdIds: 'all', date: '2026-08-05', sourceId: 'inc1' },
      { kind: 'incident', householdIds: ['c'], date: '2026-08-06', sourceId: 'inc2' },
    ])
    const dues = fourToDues(linked, triggers, [], [visit('c', '2026-08-06')], '2026-01-01', '2026-08-07')
    expect(dues.map((d) => `${d.householdId}:${d.trigger}:${d.status}`)).toEqual(['r2:重病:due', 'c:灾害:done', 'r1:灾害:due', 'r2:灾害:due', 'c:思想异常:done'])
  })
})
