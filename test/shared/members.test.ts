/**
 * People are members, not text (issue #15): member fields hold a user id with the name at the
 * time; old records keep their free-text name; 我的案件 matches by id (the name only for records
 * without one); 谁上报谁核查 is judged by user id, and "the reporter has left" comes from the roster.
 */
import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { thing } from '../../shared/ledger/kinds/thing.js'
import { departedFrom, memberFields, memberNameKeys, memberPick, namesMember } from '../../shared/ledger/members.js'
import { myCases } from '../../shared/ledger/myCases.js'
import { recordStatus } from '../../shared/ledger/status.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { exportColumns } from '../../shared/ledger/exportRows.js'
import { validateRecord } from '../../shared/ledger/validate.js'

const TODAY = '2026-12-01'
let n = 0
const fact = (action: string, by: string, hour: number, data?: Fact['data']): Fact => ({ id: `f${++n}`, action, by, byName: `名${by}`, at: `2026-12-01T${String(hour).padStart(2, '0')}:00:00Z`, ...(data ? { data } : {}) })
const rec = (kind: string, values: Record<string, unknown>, facts: Fact[] = [], createdById?: string): LedgerRecord => ({
  id: `${kind}${++n}`,
  kind,
  gridId: 'g',
  values,
  createdBy: '',
  ...(createdById ? { createdById } : {}),
  createdAt: '',
  facts,
})
const roster = [
  { id: 'u1', name: '王书记', role: 'village_cadre' },
  { id: 'u2', name: '李网格', role: 'grid_worker' },
]

describe('member fields', () => {
  it('describe 包案领导, 责任人, 调解员, 整改责任人 and a hazard’s 包案领导 as member ids with a name beside them, exported by name only', () => {
    expect(memberFields(dispute).map((f) => [f.key, f.nameKey])).toEqual([
      ['caseLeaderId', 'caseLeader'],
      ['responsibleId', 'responsible'],
      ['mediatorId', 'mediator'],
    ])
    expect(memberFields(thing).map((f) => [f.key, f.nameKey])).toEqual([
      ['planResponsibleId', 'planResponsible'],
      ['caseLeaderId', 'caseLeader'],
    ])
    expect([...memberNameKeys(thing)]).toEqual(['planResponsible', 'caseLeader'])
    expect(exportColumns(thing)).not.toContain('caseLeaderId')
    expect(exportColumns(thing)).toContain('caseLeader')
  })

  it('writes the id and the name at the time on a pick, and clears both when nobody is picked', () => {
    const field = memberFields(thing)[1]!
    expect(memberPick(field, roster[0]!)).toEqual({ caseLeaderId: 'u1', caseLeader: '王书记' })
    expect(memberPick(field, null)).toEqual({ caseLeaderId: '', caseLeader: '' })
    const valid = validateRecord(thing, { name: '危桥', category: '安全隐患', location: '三组', ...memberPick(field, roster[0]!) }, TODAY)
    expect(valid.ok && valid.values).toMatchObject({ caseLeaderId: 'u1', caseLeader: '王书记' })
  })

  it('matches a member by id, and a record from before (a name, no id) by the name', () => {
    const me = { id: 'u1', name: '王书记' }
    expect(namesMember({ caseLeaderId: 'u1', caseLeader: '王书记' }, 'caseLeaderId', 'caseLeader', me)).toBe(true)
    // A namesake with another id is not me.
    expect(namesMember({ caseLeaderId: 'u9', caseLeader: '王书记' }, 'caseLeaderId', 'caseLeader', me)).toBe(false)
    expect(namesMember({ caseLeader: '王书记' }, 'caseLeaderId', 'caseLeader', me)).toBe(true)
    expect(namesMember({}, 'caseLeaderId', 'caseLeader', me)).toBe(false)
  })
})

describe('我的案件 by member id', () => {
  it('finds hazards by 整改责任人 or 包案领导 and disputes by the member named in the stage facts, not a namesake', () => {
    const me = { id: 'u1', name: '王书记' }
    const hazardLed = rec('thing', { category: '安全隐患', caseLeaderId: 'u1', caseLeader: '王书记', planDeadline: '2026-12-05' })
    const hazardFixer = rec('thing', { category: '安全隐患', planResponsibleId: 'u1', planResponsible: '王书记', planDeadline: '2026-12-03' })
    const namesake = rec('thing', { category: '安全隐患', caseLeaderId: 'u9', caseLeader: '王书记' })
    const facility = rec('thing', { category: '公益设施', caseLeaderId: 'u1' })
    const staged = rec('dispute', { summary: 's', severity: '一般' }, [fact('escalate', 'u2', 1, { responsible: 'u1', responsibleName: '王书记', deadline: '2026-12-10' })])
    const mediated = rec('dispute', { summary: 'm', severity: '一般', mediatorId: 'u1', mediator: '王书记' })
    const cases = myCases({ incident: [], dispute: [staged, mediated], thing: [hazardLed, hazardFixer, namesake, facility] }, me, TODAY)
    expect(cases.map((c) => [c.record.id, c.role, c.deadline])).toEqual([
      [hazardFixer.id, '整改责任人', '2026-12-03'],
      [hazardLed.id, '包案领导', '2026-12-05'],
      [staged.id, '责任人', '2026-12-10'],
      [mediated.id, '调解员', ''],
    ])
  })
})

describe('谁上报谁核查 by user id', () => {
  const resolved = (extra: Fact[]) => rec('incident', { workType: '一般性', channel: '网格巡查' }, [fact('onsite', 'u2', 1), ...extra], 'u2')

  it('refuses a check by anyone but the reporter as a conflict; the reporter’s own check applies', () => {
    const other = recordStatus(incident, resolved([fact('verify', 'u1', 2)]), TODAY, { departed: departedFrom(roster) })!
    expect(other.rejected.map((r) => r.reason)).toEqual(['谁上报谁核查：只有上报人可以核查'])
    expect(other.label).toBe('已办结待核查')
    const own = recordStatus(incident, resolved([fact('verify', 'u1', 2), fact('verify', 'u2', 3)]), TODAY, { departed: departedFrom(roster) })!
    expect(own.label).toBe('核查通过')
    expect(own.rejected).toHaveLength(1)
  })

  it('lets another member check once the reporter has left the roster, and not while no roster is known', () => {
    const record = resolved([fact('verify', 'u1', 2)])
    const left = departedFrom([roster[0]!])
    expect(left.has('u2')).toBe(true)
    expect(left.has('u1')).toBe(false)
    expect(recordStatus(incident, record, TODAY, { departed: left })!.label).toBe('核查通过')
    // A device that never fetched the roster knows of nobody who left.
    expect(departedFrom(null).has('u2')).toBe(false)
    expect(recordStatus(incident, record, TODAY, { departed: departedFrom(null) })!.rejected).toHaveLength(1)
  })
})
