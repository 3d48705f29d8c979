/** 人居环境检查: a household's 门前三包 and 院内三净 checked, its rectification derived, the period summed up. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkStatus, environmentFigures, environmentStatus, sumEnvironmentFigures } from '../../shared/ledger/environment.js'
import { exportRows } from '../../shared/ledger/exportRows.js'
import { environment } from '../../shared/ledger/kinds/environment.js'
import { createRecord, listRecords, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { validateRecord } from '../../shared/ledger/validate.js'

const TODAY = '2026-12-03'
const worker = { id: 'u1', name: '张网格' }

function addCheck(doc: Y.Doc, values: Record<string, unknown>): string {
  const checked = validateRecord(environment, { inspector: '张网格', ...values }, TODAY)
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
  return createRecord(doc, environment, checked.values, worker, `${String(values.date)}T02:00:00Z`)
}

describe('a 人居环境检查', () => {
  it('asks for date, household and inspector in Chinese, takes items as words (a village may keep its own list), and starts with today and the user', () => {
    expect(validateRecord(environment, {}, TODAY)).toEqual({ ok: false, errors: { date: '请填写检查日期', householdId: '请填写检查农户', inspector: '请填写检查人' } })
    // Not one of seed 003's six, but a village's own 检查项 (村级设置) or an earlier list's.
    const own = validateRecord(environment, { date: TODAY, householdId: 'h1', inspector: '张网格', failed: ['门前卫生'] }, TODAY)
    expect(own.ok && own.values.failed).toEqual(['门前卫生'])
    const joined = validateRecord(environment, { date: TODAY, householdId: 'h1', inspector: '张网格', failed: ['门前卫生、厕所净'] }, TODAY)
    expect(joined.ok ? {} : joined.errors).toEqual({ failed: '不合格项每项里不能有顿号、逗号、分号、斜杠或空格' })
    const repeated = validateRecord(environment, { date: TODAY, householdId: 'h1', inspector: '张网格', failed: ['厕所净', '厕所净'] }, TODAY)
    expect(repeated.ok && repeated.values.failed).toEqual(['厕所净'])
    expect(environment.newDefaults?.(TODAY, '张网格')).toEqual({ date: TODAY, inspector: '张网格' })
  })

  it('passes with no failed item; a failed one waits, runs overdue past its deadline, and is put right by a recheck from its day', () => {
    expect(environmentStatus({ date: '2026-11-01' }, TODAY)).toBe('合格')
    expect(environmentStatus({ failed: [] }, TODAY)).toBe('合格')
    const failed = { date: '2026-11-20', failed: ['院落净'], rectifyBy: '2026-12-05' }
    expect(environmentStatus(failed, TODAY)).toBe('待整改')
    expect(environmentStatus(failed, '2026-12-05')).toBe('待整改')
    expect(environmentStatus(failed, '2026-12-06')).toBe('逾期未整改')
    expect(environmentStatus({ ...failed, rectifyBy: undefined }, '2027-06-01')).toBe('待整改')
    const rechecked = { ...failed, recheckedOn: '2026-12-08', recheckResult: '已整改' }
    expect(environmentStatus(rechecked, '2026-12-07')).toBe('逾期未整改')
    expect(environmentStatus(rechecked, '2026-12-08')).toBe('已整改')
    expect(environmentStatus({ ...failed, recheckResult: '已整改' }, TODAY)).toBe('已整改')
    expect(environmentStatus({ ...failed, recheckedOn: '2026-12-04', recheckResult: '未整改' }, '2026-12-10')).toBe('逾期未整改')
    // The table's 检查结果 column is this status.
    const column = environment.derived?.find((d) => d.key === 'envStatus')
    expect(column?.value({ id: 'c', kind: 'environment', gridId: 'g1', values: failed, createdBy: '', createdAt: '', facts: [] }, '2026-12-06')).toBe('逾期未整改')
  })

  it('sums a period’s checks as of its end: 户次, households once, results, overdue, “五美”庭院 once', () => {
    const doc = new Y.Doc()
    addCheck(doc, { date: '2026-09-30', householdId: 'h0' }) // before the quarter
    addCheck(doc, { date: '2026-10-02', householdId: 'h1', fiveBeauty: true })
    addCheck(doc, { date: '2026-11-15', householdId: 'h1', fiveBeauty: true })
    addCheck(doc, { date: '2026-10-10', householdId: 'h2', failed: ['门前良好秩序', '厕所净'], rectifyBy: '2026-10-25', recheckedOn: '2026-10-24', recheckResult: '已整改' })
    addCheck(doc, { date: '2026-11-01', householdId: 'h3', failed: ['院落净'], rectifyBy: '2026-11-16' })
    const late = addCheck(doc, { date: '2026-12-20', householdId: 'h4', failed: ['厨房净'], rectifyBy: '2026-12-25' })
    addCheck(doc, { date: '2027-01-02', householdId: 'h5' }) // after it
    const checks = listRecords(doc, 'environment', 'g1')
    const quarter = { start: '2026-10-01', end: '2026-12-31' }
    // Read on 2026-12-03: the December check is not yet made, h3 is overdue.
    expect(environmentFigures(checks, quarter, TODAY)).toEqual({ checks: 4, households: 3, passed: 2, failed: 2, rectified: 1, overdue: 1, fiveBeauty: 1 })
    // Read after the quarter, with h4 put right in January: as of the quarter's end it was overdue.
    updateRecord(doc, 'environment', late, { recheckedOn: '2027-01-05', recheckResult: '已整改' })
    const after = environmentFigures(listRecords(doc, 'environment', 'g1'), quarter, '2027-02-01')
    expect(after).toEqual({ checks: 5, households: 4, passed: 2, failed: 3, rectified: 1, overdue: 2, fiveBeauty: 1 })
    expect(sumEnvironmentFigures([after, after])).toEqual({ checks: 10, households: 8, passed: 4, failed: 6, rectified: 2, overdue: 4, fiveBeauty: 2 })
  })

  it('is put right by a later check of the same household that passed, from that check’s day; not by a later failed one, nor by another household’s', () => {
    const doc = new Y.Doc()
    const first = addCheck(doc, { date: '2026-11-01', householdId: 'h1', failed: ['院落净'], rectifyBy: '2026-11-10' })
    addCheck(doc, { date: '2026-11-05', householdId: 'h2' }) // another household passed
    addCheck(doc, { date: '2026-11-12', householdId: 'h1', failed: ['院落净'], rectifyBy: '2026-11-20' }) // still not right
    const status = (id: string, day: string) => {
      const checks = listRecords(doc, 'environment', 'g1')
      return checkStatus(checks.find((c) => c.id === id)!, checks, day)
    }
    expect(status(first, '2026-11-30')).toBe('逾期未整改')
    const pass = addCheck(doc, { date: '2026-12-01', householdId: 'h1' })
    expect(status(first, '2026-11-30')).toBe('逾期未整改')
    expect(status(first, '2026-12-01')).toBe('已整改')
    expect(status(pass, TODAY)).toBe('合格')
    // In the table and the export, the 检查结果 column reads the household's other checks.
    const checks = listRecords(doc, 'environment', 'g1')
    const column = environment.derived!.find((d) => d.key === 'envStatus')!
    expect(column.value(checks.find((c) => c.id === first)!, TODAY, checks)).toBe('已整改')
    expect(exportRows(environment, checks.filter((c) => c.id === first), TODAY, { fullIdNumbers: false, all: checks }).rows[0]).toContain('已整改')
    // The quarter: both failed checks of h1 put right by December's, as of the quarter's end; as of November's end neither.
    expect(environmentFigures(checks, { start: '2026-10-01', end: '2026-12-31' }, TODAY)).toMatchObject({ checks: 4, failed: 2, rectified: 2, overdue: 0 })
    expect(environmentFigures(checks, { start: '2026-11-01', end: '2026-11-30' }, TODAY)).toMatchObject({ checks: 3, failed: 2, rectified: 0, overdue: 2 })
  })

  it('on the same day, counts a passing check entered after the failed one, not one entered before', () => {
    const doc = new Y.Doc()
    const failed = { date: '2026-12-01', householdId: 'h1', inspector: '张网格', failed: ['厕所净'], rectifyBy: '2026-12-02' }
    const morning = createRecord(doc, environment, { date: '2026-12-01', householdId: 'h1', inspector: '张网格' }, worker, '2026-12-01T01:00:00Z')
    const noon = createRecord(doc, environment, failed, worker, '2026-12-01T04:00:00Z')
    const checks = () => listRecords(doc, 'environment', 'g1')
    const statusOf = (id: string) => checkStatus(checks().find((c) => c.id === id)!, checks(), TODAY)
    expect(statusOf(morning)).toBe('合格')
    expect(statusOf(noon)).toBe('逾期未整改')
    createRecord(doc, environment, { date: '2026-12-01', householdId: 'h1', inspector: '张网格' }, worker, '2026-12-01T08:00:00Z')
    expect(statusOf(noon)).toBe('已整改')
  })
})
