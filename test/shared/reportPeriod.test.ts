/** Report period keys (issue #16): 月 / 季 / 半年 / 年, civil bounds, strict parsing, and the key of a date. */
import { describe, expect, it } from 'vitest'
import { parseReportPeriod, REPORT_PERIOD_KINDS, reportPeriodKey, reportPeriodLabel } from '../../shared/reports/reportPeriod.js'

describe('parseReportPeriod', () => {
  it.each([
    ['2026-11', 'month', '2026-11-01', '2026-11-30', '2026年11月'],
    ['2028-02', 'month', '2028-02-01', '2028-02-29', '2028年2月'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31', '2026年第1季度'],
    ['2026-Q4', 'quarter', '2026-10-01', '2026-12-31', '2026年第4季度'],
    ['2026-H1', 'half', '2026-01-01', '2026-06-30', '2026年上半年'],
    ['2026-H2', 'half', '2026-07-01', '2026-12-31', '2026年下半年'],
    ['2026', 'year', '2026-01-01', '2026-12-31', '2026年'],
  ])('%s is a %s from %s to %s (%s)', (key, kind, start, end, label) => {
    const period = parseReportPeriod(key)
    expect(period).toEqual({ key, kind, start, end })
    expect(reportPeriodLabel(period!)).toBe(label)
  })

  it.each(['2026-13', '2026-00', '2026-Q0', '2026-Q5', '2026-H0', '2026-H3', '2026-q1', '2026-h1', '202', '20261', '2026-1', '2026-11-01', ' 2026', '0999'])('refuses %j', (key) => {
    expect(parseReportPeriod(key)).toBeNull()
  })

  it('names the period containing a date, and that key parses back to bounds containing the date', () => {
    expect(reportPeriodKey('month', '2026-02-28')).toBe('2026-02')
    expect(reportPeriodKey('quarter', '2026-07-01')).toBe('2026-Q3')
    expect(reportPeriodKey('half', '2026-06-30')).toBe('2026-H1')
    expect(reportPeriodKey('half', '2026-07-01')).toBe('2026-H2')
    expect(reportPeriodKey('year', '2026-07-01')).toBe('2026')
    for (const kind of REPORT_PERIOD_KINDS)
      for (const date of ['2026-01-01', '2026-03-31', '2026-06-30', '2026-07-01', '2026-12-31']) {
        const period = parseReportPeriod(reportPeriodKey(kind, date))!
        expect(period.kind).toBe(kind)
        expect(date >= period.start && date <= period.end).toBe(true)
      }
  })
})
