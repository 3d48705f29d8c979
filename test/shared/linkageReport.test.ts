/** 半年书面报告 figures and text from the records: per half-year, only periods in force, no household names. */
import { describe, expect, it } from 'vitest'
import { halfYearFigures, halfYearReportText, type ReportMember } from '../../shared/linkage/halfYearReport.js'

const member = (name: string, since: string, contacts: ReportMember['contacts'], aid: ReportMember['aid'] = []): ReportMember => ({
  linkage: { id: name, memberName: name, memberType: '镇机关干部', post: '干部', rank: '一般工作人员', centreHouseholdId: 'c', radiatingHouseholdIds: ['r1', 'r2'], since },
  contacts,
  aid,
})

describe('halfYearFigures', () => {
  it('counts months and quarters of the half the linkage was in force for', () => {
    const a = member('王明', '2026-01-01', [
      { householdId: 'c', date: '2026-01-10' },
      { householdId: 'c', date: '2026-03-10', helpGiven: '代办医保' },
      { householdId: 'r1', date: '2026-02-01' },
      { householdId: 'r2', date: '2026-03-31', trigger: '重病' },
      { householdId: 'r1', date: '2026-04-01' },
      { householdId: 'c', date: '2026-07-01' }, // next half: not counted
    ], [{ date: '2026-05-01', amount: 150 }])
    const b = member('李华', '2026-05-15', [{ householdId: 'c', date: '2026-05-20' }], [{ date: '2026-06-01', amount: 300 }])
    const f = halfYearFigures([a, b], '2026-06-30')
    expect(f).toEqual({
      start: '2026-01-01',
      end: '2026-06-30',
      members: 2,
      households: 6,
      centreMonthsDue: 6 + 2,
      centreMonthsDone: 2 + 1,
      roundsDue: 2 + 1,
      roundsDone: 1,
      fourToVisits: 1,
      helps: 1,
      aidTotal: 450,
      aidShort: ['王明'],
    })
    const text = halfYearReportText('某某村', f)
    expect(text).toContain('某某村2026年上半年联网联户工作书面报告')
    expect(text).toContain('中心户应按月联系 8 次，已联系 3 次（38%）')
    expect(text).toContain('辐射户应走访 3 轮，完成 1 轮（33%）')
    expect(text).toContain('王明 本年度帮扶资金未达到最低标准')
    expect(text).not.toContain('代办医保')
  })
})
