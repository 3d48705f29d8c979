/** Duty work of the six domains, a finding raised into the grid ledger once, and the figures. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { thingStatus } from '../../shared/ledger/workflows/hazard.js'
import { DOMAINS, DOMAIN_KEYS, DUTY_TYPES } from '../../shared/liulian/domains.js'
import { townshipFigures, villageFigures } from '../../shared/liulian/figures.js'
import { findingText, raiseFinding } from '../../shared/liulian/findings.js'
import { applySuggestion, hasFinding, listDuty, readGroups, recordDuty, type DutyInput } from '../../shared/liulian/liulianDoc.js'
import { appendFact } from '../../shared/ledger/ledgerDoc.js'

const actor = { id: 'u1', name: '张网格' }
const allGood = { appearance: true, sanitation: true, facilities: true }

function setup() {
  const doc = new Y.Doc()
  applySuggestion(doc, [{ name: '1组第1联动小组', villagerGroup: '1组', gridId: 'g1', householdIds: ['a', 'b', 'c'] }], 'u1', '2026-05-18')
  return { doc, groupId: readGroups(doc)[0]!.id }
}

const base = (groupId: string, over: Partial<DutyInput> = {}): DutyInput => ({ groupId, householdId: 'a', type: 'inspection', date: '2026-05-20', checks: allGood, by: 'u1', byName: '张网格', ...over })

describe('six domains', () => {
  it('every domain has its township department(s) from seed 000, and every duty type counts in one', () => {
    expect(DOMAIN_KEYS.map((k) => [DOMAINS[k].label, DOMAINS[k].departments.join('、')])).toEqual([
      ['文明联创', '镇党政办'],
      ['卫生联洁', '镇创优办、镇卫办、镇药监站'],
      ['治安联防', '镇综治办、镇派出所、镇平安办、镇司法所'],
      ['应急联动', '镇平安办'],
      ['困难联帮', '镇社事办'],
      ['致富联带', '镇农业服务中心'],
    ])
    expect(new Set(Object.values(DUTY_TYPES).map((t) => t.domain))).toEqual(new Set(DOMAIN_KEYS))
  })
})

describe('duty records', () => {
  it('refuses bad input in Chinese and writes nothing', () => {
    const { doc, groupId } = setup()
    const bad = recordDuty(doc, base(groupId, { date: '2026-02-31' }), '2026-05-20')
    expect(bad).toEqual({ ok: false, errors: { date: '请选择日期' } })
    expect(recordDuty(doc, base(groupId, { date: '2026-05-21' }), '2026-05-20')).toEqual({ ok: false, errors: { date: '日期不能晚于今天' } })
    expect(recordDuty(doc, base(groupId, { type: 'patrol', checks: undefined }), '2026-05-20')).toEqual({ ok: false, errors: { place: '请填写巡逻路线' } })
    expect(recordDuty(doc, base(groupId, { checks: undefined }), '2026-05-20')).toEqual({ ok: false, errors: { checks: '请逐项勾选门前三包' } })
    expect(listDuty(doc)).toEqual([])
  })

  it('a failed 包 or a written finding is a finding; all three passing with nothing written is not', () => {
    const { doc, groupId } = setup()
    const clean = recordDuty(doc, base(groupId), '2026-05-20')
    const dirty = recordDuty(doc, base(groupId, { checks: { ...allGood, sanitation: false }, finding: '门口堆放垃圾' }), '2026-05-20')
    const patrol = recordDuty(doc, base(groupId, { type: 'patrol', checks: undefined, place: '村东—小学—河堤', time: '19:00-21:00', finding: '河堤护栏缺失' }), '2026-05-20')
    if (!clean.ok || !dirty.ok || !patrol.ok) throw new Error('should record')
    expect(hasFinding(clean.fact)).toBe(false)
    expect(hasFinding(dirty.fact)).toBe(true)
    expect(findingText(dirty.fact)).toBe('二包门前环境卫生整洁不合格；门口堆放垃圾')
    expect(hasFinding(patrol.fact)).toBe(true)
  })
})

describe('raising a finding', () => {
  it('creates a 安全隐患 in the grid ledger once, through the ledger validation, and the figures count it closed after 销号', () => {
    const { doc, groupId } = setup()
    const ledger = new Y.Doc()
    const rec = recordDuty(doc, base(groupId, { checks: { ...allGood, facilities: false }, finding: '路灯杆倾斜', place: '1组3号门前' }), '2026-05-20')
    if (!rec.ok) throw new Error('should record')
    const first = raiseFinding(doc, ledger, 'g1', rec.fact, 'hazard', '1组第1联动小组', actor, '2026-05-20T02:00:00Z', '2026-05-20')
    const again = raiseFinding(doc, ledger, 'g1', rec.fact, 'hazard', '1组第1联动小组', actor, '2026-05-20T03:00:00Z', '2026-05-20')
    expect(first.ok && first.created).toBe(true)
    expect(again.ok && !again.created).toBe(true)
    const things = listRecords(ledger, 'thing', 'g1')
    expect(things).toHaveLength(1)
    expect(things[0]!.values).toMatchObject({ category: '安全隐患', location: '1组3号门前' })
    expect(String(things[0]!.values.problem)).toContain('三包责任区设施绿地整洁不合格；路灯杆倾斜')
    expect(thingStatus(things[0]!, '2026-05-20').state).toBe('open')

    const closedIds = () => new Set(listRecords(ledger, 'thing', 'g1').filter((r) => thingStatus(r, '2026-06-01').state === 'closed').map((r) => r.id))
    const figures = () => villageFigures(doc, '2026-06-01', (r) => closedIds().has(r.recordId))
    expect(figures()).toMatchObject({ groups: 1, households: 3, findingsRaised: 1, findingsClosed: 0 })
    appendFact(ledger, 'thing', things[0]!.id, { action: 'rectify', at: '2026-05-25T00:00:00Z', by: 'u1', byName: '张网格' })
    appendFact(ledger, 'thing', things[0]!.id, { action: 'close', at: '2026-05-26T00:00:00Z', by: 'u1', byName: '张网格' })
    expect(figures()).toMatchObject({ findingsRaised: 1, findingsClosed: 1 })
  })

  it('an incident carries the date, a 网格巡查 channel and the category of its domain', () => {
    const { doc, groupId } = setup()
    const ledger = new Y.Doc()
    const rec = recordDuty(doc, base(groupId, { type: 'patrol', checks: undefined, place: '村东—河堤', time: '19:00-21:00', finding: '有陌生人夜间撬门' }), '2026-05-20')
    if (!rec.ok) throw new Error('should record')
    const result = raiseFinding(doc, ledger, 'g1', rec.fact, 'incident', '1组第1联动小组', actor, '2026-05-20T12:00:00Z', '2026-05-20')
    expect(result.ok).toBe(true)
    expect(listRecords(ledger, 'incident', 'g1')[0]!.values).toMatchObject({ occurredAt: '2026-05-20', channel: '网格巡查', category: '治安', workType: '一般性' })
  })

  it('a record without a finding is not raised', () => {
    const { doc, groupId } = setup()
    const rec = recordDuty(doc, base(groupId), '2026-05-20')
    if (!rec.ok) throw new Error('should record')
    expect(raiseFinding(doc, new Y.Doc(), 'g1', rec.fact, 'hazard', 'x', actor, 't', '2026-05-20')).toEqual({ ok: false, errors: { finding: '这条记录没有发现问题' } })
  })
})

describe('figures', () => {
  it('counts duty months due up to this month and done when the group worked in that month', () => {
    const { doc, groupId } = setup()
    recordDuty(doc, base(groupId, { date: '2026-05-20' }), '2026-08-10')
    recordDuty(doc, base(groupId, { date: '2026-07-02', householdId: 'c' }), '2026-08-10')
    const v = villageFigures(doc, '2026-08-10', () => false)
    // May, June, July, August due; May and July done
    expect(v).toMatchObject({ dutyMonthsDue: 4, dutyMonthsDone: 2 })
    expect(townshipFigures([v, v])).toMatchObject({ groups: 2, households: 6, dutyMonthsDue: 8, dutyMonthsDone: 4 })
  })
})
