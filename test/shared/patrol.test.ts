/** 巡查: findings raised into the closed loop once, across devices, and the 周结 derived from the ledger. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { patrol } from '../../shared/ledger/kinds/patrol.js'
import { visit } from '../../shared/ledger/kinds/visit.js'
import { appendFact, createRecord, listRecords, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { patrolFigures, patrolFindings, patrolWeek, raisedFrom, raisePatrolFinding, sumPatrolFigures, weekSummary, type PatrolWeekData } from '../../shared/ledger/patrol.js'
import { validateRecord } from '../../shared/ledger/validate.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { thingStatus } from '../../shared/ledger/workflows/hazard.js'

const worker = { id: 'u1', name: '张网格' }
const TODAY = '2026-12-03' // a Thursday: the week is 2026-11-30 (Mon) to 2026-12-06 (Sun)

function addPatrol(doc: Y.Doc, values: Record<string, unknown>, at = '2026-12-01T02:00:00Z'): string {
  const checked = validateRecord(patrol, { patroller: '张网格', route: '1组—3组沿河路', ...values }, TODAY)
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
  return createRecord(doc, patrol, checked.values, worker, at)
}

const read = (doc: Y.Doc, id: string): LedgerRecord => listRecords(doc, 'patrol', 'g1').find((r) => r.id === id)!

function data(doc: Y.Doc): PatrolWeekData {
  const list = (kind: string) => listRecords(doc, kind, 'g1')
  return { patrol: list('patrol'), visit: list('visit'), incident: list('incident'), dispute: list('dispute'), thing: list('thing') }
}

describe('a patrol and its findings', () => {
  it('the form asks for date, patroller and route, in Chinese, and a new one starts with today and the user', () => {
    const result = validateRecord(patrol, {}, TODAY)
    expect(result).toEqual({ ok: false, errors: { date: '请填写巡查日期', patroller: '请填写巡查人', route: '请填写巡查区域/路线' } })
    expect(patrol.newDefaults?.(TODAY, '张网格')).toEqual({ date: TODAY, patroller: '张网格' })
    expect(validateRecord(patrol, { date: '12月1日', patroller: '张网格', route: '村口' }, TODAY)).toEqual({ ok: false, errors: { date: '巡查日期应为日期，如 2026-03-01' } })
  })

  it('reads one problem a line or between ；, blanks dropped, a repeated one once', () => {
    expect(patrolFindings({ findings: '路灯2盏不亮\n\n垃圾点满溢；护栏松动 ; \n路灯2盏不亮' })).toEqual(['路灯2盏不亮', '垃圾点满溢', '护栏松动'])
    expect(patrolFindings({})).toEqual([])
  })

  it('a finding becomes an 事件 of the same grid doc once, linked from the patrol, and a 安全隐患 separately', () => {
    const doc = new Y.Doc()
    const id = addPatrol(doc, { date: '2026-12-01', time: '上午', findings: '路灯2盏不亮\n护栏松动' })
    const first = raisePatrolFinding(doc, read(doc, id), '路灯2盏不亮', 'incident', worker, '2026-12-01T03:00:00Z', TODAY)
    const again = raisePatrolFinding(doc, read(doc, id), '路灯2盏不亮', 'incident', worker, '2026-12-01T04:00:00Z', TODAY)
    expect(first.ok && first.created).toBe(true)
    expect(again).toEqual({ ok: true, recordId: first.ok ? first.recordId : '', created: false })
    const incidents = listRecords(doc, 'incident', 'g1')
    expect(incidents).toHaveLength(1)
    expect(incidents[0]!.values).toEqual({
      title: '巡查发现：路灯2盏不亮',
      description: '2026-12-01 上午巡查1组—3组沿河路时发现：路灯2盏不亮',
      occurredAt: '2026-12-01',
      channel: '网格巡查',
      workType: '一般性',
      location: '1组—3组沿河路',
      reporter: '张网格',
    })
    // The reporter is who raised it (谁上报谁核查) and the closed loop starts as any report does.
    expect(incidents[0]!.createdById).toBe('u1')
    expect(incidentStatus(incidents[0]!, TODAY).done).toBe(false)

    const hazard = raisePatrolFinding(doc, read(doc, id), '护栏松动', 'hazard', worker, '2026-12-01T05:00:00Z', TODAY)
    expect(hazard.ok && hazard.created).toBe(true)
    const things = listRecords(doc, 'thing', 'g1')
    expect(things.map((t) => [t.values.name, t.values.category, t.values.location])).toEqual([['巡查发现：护栏松动', '安全隐患', '1组—3组沿河路']])
    expect(thingStatus(things[0]!, TODAY).state).toBe('open')
    expect(raisedFrom(read(doc, id)).map((r) => [r.finding, r.target])).toEqual([
      ['路灯2盏不亮', 'incident'],
      ['护栏松动', 'hazard'],
    ])
  })

  it('refuses a line that is not on the patrol (edited on another device meanwhile) and writes nothing', () => {
    const doc = new Y.Doc()
    const id = addPatrol(doc, { date: '2026-12-01', findings: '路灯2盏不亮' })
    const stale = read(doc, id)
    updateRecord(doc, 'patrol', id, { findings: '路灯3盏不亮' })
    expect(raisePatrolFinding(doc, read(doc, id), '路灯2盏不亮', 'incident', worker, 't', TODAY)).toEqual({ ok: false, errors: { finding: '这条巡查记录里没有这个问题（可能已被修改）' } })
    expect(raisePatrolFinding(doc, stale, '路灯2盏不亮', 'incident', worker, 't', TODAY).ok).toBe(true) // the caller's snapshot is what it checks
    expect(listRecords(doc, 'incident', 'g1')).toHaveLength(1)
  })

  it('two devices raising the same finding offline both keep their records, and the patrol lists both', () => {
    const a = new Y.Doc()
    const id = addPatrol(a, { date: '2026-12-01', findings: '垃圾点满溢' })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    raisePatrolFinding(a, read(a, id), '垃圾点满溢', 'incident', worker, '2026-12-01T03:00:00Z', TODAY)
    raisePatrolFinding(b, read(b, id), '垃圾点满溢', 'incident', { id: 'u2', name: '李主任' }, '2026-12-01T03:01:00Z', TODAY)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(raisedFrom(read(a, id))).toHaveLength(2)
    expect(raisedFrom(read(b, id)).map((r) => r.recordId).sort()).toEqual(listRecords(b, 'incident', 'g1').map((r) => r.id).sort())
  })

  it('ignores a raise fact another device wrote in a shape it does not know', () => {
    const doc = new Y.Doc()
    const id = addPatrol(doc, { date: '2026-12-01', findings: '路灯2盏不亮' })
    appendFact(doc, 'patrol', id, { action: 'raise', by: 'u9', byName: '某', at: 't', data: { finding: '路灯2盏不亮', target: 'meeting', recordId: 'x' } })
    expect(raisedFrom(read(doc, id))).toEqual([])
  })
})

describe('周结', () => {
  function week() {
    const doc = new Y.Doc()
    addPatrol(doc, { date: '2026-11-30', time: '上午', route: '村委会周边' })
    addPatrol(doc, { date: '2026-11-30', time: '下午', route: '集市', findings: '集市占道经营', handled: '已劝离' })
    const raisedId = addPatrol(doc, { date: '2026-12-02', findings: '路灯2盏不亮\n护栏松动' })
    addPatrol(doc, { date: '2026-12-03', findings: '池塘边缺少警示牌' })
    addPatrol(doc, { date: '2026-11-29', findings: '上周的问题' }) // Sunday before: another week
    addPatrol(doc, { date: '2026-12-01', patroller: '李网格', findings: '别人的问题' })
    raisePatrolFinding(doc, read(doc, raisedId), '路灯2盏不亮', 'incident', worker, '2026-12-02T03:00:00Z', TODAY)
    for (const [date, householdId, visitor] of [['2026-12-01', 'h1', '张网格'], ['2026-12-01', 'h1', '张网格'], ['2026-12-03', 'h2', '张网格'], ['2026-12-02', 'h3', '李网格']] as const)
      createRecord(doc, visit, { date, householdId, visitor }, worker, `${date}T02:00:00Z`)
    return doc
  }

  it('lays the week out Monday to Sunday: patrols, problems and visits a day, days to come not counted as missed', () => {
    const w = patrolWeek(data(week()), TODAY, TODAY, '张网格')
    expect([w.start, w.end, w.asOf]).toEqual(['2026-11-30', '2026-12-06', TODAY])
    expect(w.days.map((d) => [d.date.slice(5), d.future, d.patrols, d.findings, d.visits])).toEqual([
      ['11-30', false, 2, 1, 0],
      ['12-01', false, 0, 0, 2],
      ['12-02', false, 1, 2, 0],
      ['12-03', false, 1, 1, 1],
      ['12-04', true, 0, 0, 0],
      ['12-05', true, 0, 0, 0],
      ['12-06', true, 0, 0, 0],
    ])
    expect(w.days[0]!.routes).toEqual(['村委会周边', '集市'])
    expect([w.daysPatrolled, w.daysDue, w.patrols, w.findings, w.handledOnSite]).toEqual([3, 4, 4, 4, 1])
    expect(w.raised).toEqual({ incident: 1, hazard: 0 })
    expect([w.visits, w.visitedHouseholds]).toEqual([3, 2])
    // Hanging: found, not raised, nothing done on the spot (the 集市 one was handled).
    expect(w.open.map((o) => o.finding)).toEqual(['护栏松动', '池塘边缺少警示牌'])
    expect(w.incidents).toEqual({ found: 1, done: 0 })
  })

  it('everyone in scope when no person is chosen; a closed week reads as of its Sunday', () => {
    const doc = week()
    const all = patrolWeek(data(doc), TODAY, TODAY)
    expect([all.patrols, all.daysPatrolled, all.visits]).toEqual([5, 4, 4])
    const last = patrolWeek(data(doc), '2026-11-25', TODAY, '张网格')
    expect([last.start, last.end, last.asOf, last.daysDue, last.patrols, last.open.length]).toEqual(['2026-11-23', '2026-11-29', '2026-11-29', 7, 1, 1])
  })

  it('does not count days before the village began to use Cunwu as missed, unless a patrol was entered for one', () => {
    // Started on Wednesday 12-02: Monday has a patrol entered afterwards (due, patrolled), Tuesday none (not due).
    const w = patrolWeek(data(week()), TODAY, TODAY, '张网格', '2026-12-02')
    expect(w.days.slice(0, 4).map((d) => [d.date.slice(5), d.due])).toEqual([
      ['11-30', true],
      ['12-01', false],
      ['12-02', true],
      ['12-03', true],
    ])
    expect([w.daysPatrolled, w.daysDue]).toEqual([3, 3])
    expect(weekSummary(w, '第一网格')).not.toContain('未巡查的日子')
    // Visits on a day before the start still count as visits.
    expect(w.visits).toBe(3)
  })

  it('counts the grid’s incidents closed within the week by the day they were resolved (Beijing time)', () => {
    const doc = week()
    const id = listRecords(doc, 'incident', 'g1')[0]!.id
    // 2026-12-02 16:30 UTC is 12-03 00:30 in Beijing: resolved on Thursday.
    appendFact(doc, incident.kind, id, { action: 'onsite', by: 'u1', byName: '张网格', at: '2026-12-02T16:30:00Z', note: '已修复' })
    expect(incidentStatus(listRecords(doc, 'incident', 'g1')[0]!, TODAY).resolvedAt).toBe('2026-12-02T16:30:00Z')
    expect(patrolWeek(data(doc), TODAY, TODAY).incidents).toEqual({ found: 1, done: 1 })
    expect(patrolWeek(data(doc), TODAY, '2026-12-02').incidents).toEqual({ found: 1, done: 0 })
  })

  it('writes the 周结 from the figures, naming the days missed and no resident', () => {
    const text = weekSummary(patrolWeek(data(week()), TODAY, TODAY, '张网格'), '第一网格')
    expect(text).toBe(
      [
        '张网格工作周结（2026-11-30 至 2026-12-06，截至 2026-12-03）',
        '一、巡查：巡查 3 天（应巡查 4 天）共 4 次，发现问题 4 个，转为事件 1 件、安全隐患 0 处，现场处置 1 次，尚有 2 个问题未处置、未转办。',
        '二、走访：走访 3 次，涉及 2 户。',
        '三、第一网格本周事项：新发现事件 1 件、办结 0 件；排查矛盾纠纷 0 起、化解 0 起；新发现安全隐患 0 处、销号 0 处。',
        '四、未巡查的日子：12-01。',
      ].join('\n'),
    )
  })
})

describe('巡查 in a report period', () => {
  it('counts by the patrol’s date up to the day the report is read, every day due', () => {
    const doc = new Y.Doc()
    addPatrol(doc, { date: '2026-10-31', findings: '上月的问题' })
    const id = addPatrol(doc, { date: '2026-11-02', findings: '井盖缺失\n护栏松动', handled: '护栏已临时加固' })
    addPatrol(doc, { date: '2026-11-02', time: '下午' })
    addPatrol(doc, { date: '2026-11-20', findings: '路面塌陷' })
    raisePatrolFinding(doc, read(doc, id), '井盖缺失', 'incident', worker, '2026-11-02T03:00:00Z', TODAY)
    // Raised after the day the figures are read at: not counted as of that day.
    raisePatrolFinding(doc, read(doc, id), '护栏松动', 'hazard', worker, '2026-11-25T03:00:00Z', TODAY)
    const patrols = listRecords(doc, 'patrol', 'g1')
    const november = { start: '2026-11-01', end: '2026-11-30' }
    expect(patrolFigures(patrols, november, '2026-12-03')).toEqual({ patrols: 3, gridDays: 2, gridDaysDue: 30, findings: 3, raised: 2, handled: 1, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 })
    expect(patrolFigures(patrols, november, '2026-11-10')).toEqual({ patrols: 2, gridDays: 1, gridDaysDue: 10, findings: 2, raised: 1, handled: 1, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 })
    expect(patrolFigures(patrols, { start: '2026-12-01', end: '2026-12-31' }, '2026-11-30').gridDaysDue).toBe(0)
    // A village that began on 11-15: the days before are not due, except 11-02, which has patrols.
    expect(patrolFigures(patrols, november, '2026-12-03', '2026-11-15')).toMatchObject({ gridDays: 2, gridDaysDue: 17 })
    expect(sumPatrolFigures([patrolFigures(patrols, november, '2026-12-03'), patrolFigures([], november, '2026-12-03')])).toEqual({ patrols: 3, gridDays: 2, gridDaysDue: 60, findings: 3, raised: 2, handled: 1, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 })
  })
})

describe('网格清扫 on the village’s 清扫日 (F003§8: 至少每周一、三、五早上8点前)', () => {
  const MON_WED_FRI = [1, 3, 5]

  it('the week says which 清扫日 were cleaned, before 8 or after, which was missed, and today is still open', () => {
    const doc = new Y.Doc()
    addPatrol(doc, { date: '2026-11-30', cleaning: '8点前清扫完毕' }) // Monday
    addPatrol(doc, { date: '2026-12-02', findings: '垃圾点满溢' }) // Wednesday: a patrol, no cleaning
    addPatrol(doc, { date: '2026-12-01', cleaning: '8点后清扫' }) // Tuesday: not a 清扫日, not counted
    const week = patrolWeek(data(doc), TODAY, TODAY, null, null, MON_WED_FRI)
    expect(week.days.map((d) => d.cleaning)).toEqual(['onTime', null, 'missed', null, 'upcoming', null, null])
    expect(week.cleaning).toEqual({ due: 2, done: 1, onTime: 1 })
    expect(weekSummary(week, '第一网格')).toContain('四、网格清扫（周一、周三、周五）：应清扫 2 天，已清扫 1 天，其中 8 点前 1 天；未清扫：12-02。')
    // Friday, read on Friday with no cleaning yet: still open; with one after 8: late.
    const friday = patrolWeek(data(doc), '2026-12-04', '2026-12-04', null, null, MON_WED_FRI)
    expect(friday.days[4]!.cleaning).toBe('today')
    expect(friday.cleaning.due).toBe(2)
    addPatrol(doc, { date: '2026-12-04', cleaning: '8点后清扫' })
    addPatrol(doc, { date: '2026-12-04', route: '村委会周边' })
    expect(patrolWeek(data(doc), '2026-12-04', '2026-12-04', null, null, MON_WED_FRI).cleaning).toEqual({ due: 3, done: 2, onTime: 1 })
    // A village that began on Tuesday did not miss Monday's cleaning; one with no 清扫日 has no cleaning line.
    expect(patrolWeek(data(new Y.Doc()), TODAY, TODAY, null, '2026-12-01', MON_WED_FRI).days.map((d) => d.cleaning)).toEqual([null, null, 'missed', null, 'upcoming', null, null])
    const none = patrolWeek(data(doc), TODAY, TODAY)
    expect(none.days.every((d) => d.cleaning === null)).toBe(true)
    expect(weekSummary(none, '第一网格')).not.toContain('清扫')
  })

  it('a report counts the 清扫日 due, cleaned and cleaned before 8, by the patrol’s date', () => {
    const doc = new Y.Doc()
    addPatrol(doc, { date: '2026-11-02', cleaning: '8点前清扫完毕' }) // Mon
    addPatrol(doc, { date: '2026-11-02', cleaning: '8点后清扫' }) // the same day twice: one day, on time
    addPatrol(doc, { date: '2026-11-04', cleaning: '8点后清扫' }) // Wed
    addPatrol(doc, { date: '2026-11-05', cleaning: '8点前清扫完毕' }) // Thu: not a 清扫日
    const november = { start: '2026-11-01', end: '2026-11-30' }
    const patrols = listRecords(doc, 'patrol', 'g1')
    // November 2026 has 5 Mondays, 4 Wednesdays and 4 Fridays.
    expect(patrolFigures(patrols, november, '2026-12-03', null, MON_WED_FRI)).toMatchObject({ cleaningDaysDue: 13, cleaningDays: 2, cleaningDaysOnTime: 1 })
    // Read on 11-04: Mon 2 and Wed 4 are due.
    expect(patrolFigures(patrols, november, '2026-11-04', null, MON_WED_FRI)).toMatchObject({ cleaningDaysDue: 2, cleaningDays: 2, cleaningDaysOnTime: 1 })
    expect(patrolFigures(patrols, november, '2026-12-03')).toMatchObject({ cleaningDaysDue: 0, cleaningDays: 0 })
  })
})
