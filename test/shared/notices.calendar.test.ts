import { describe, expect, it } from 'vitest'
import { disclosureCalendar } from '../../shared/notices/calendar.js'

const base = { financeMonthly: true, resolutions: [] }

describe('disclosure calendar (组织法 art. 30)', () => {
  it('village affairs are due by the end of the quarter; a missed previous quarter is overdue', () => {
    const items = disclosureCalendar({ ...base, today: '2026-05-10', notices: [] })
    const affairs = items.filter((i) => i.key.startsWith('affairs'))
    expect(affairs).toEqual([
      expect.objectContaining({ due: '2026-03-31', overdue: true, done: false }),
      expect.objectContaining({ due: '2026-06-30', overdue: false, done: false }),
    ])
  })

  it('a decision disclosure counts as village affairs; dates are read in Asia/Shanghai', () => {
    // 2026-03-31T17:00Z is 2026-04-01 01:00 in Shanghai: it belongs to Q2, so Q1 was missed.
    const items = disclosureCalendar({ ...base, today: '2026-04-02', notices: [{ kind: 'decision_resolution', publishedAt: '2026-03-31T17:00:00Z' }] })
    const affairs = items.filter((i) => i.key.startsWith('affairs'))
    expect(affairs.map((i) => [i.due, i.done, i.overdue])).toEqual([
      ['2026-03-31', false, true],
      ['2026-06-30', true, false],
    ])
  })

  it('a posting record (张贴记录) is not a disclosure of its own', () => {
    const posted = { kind: 'finance' as const, publishedAt: '2026-05-02T02:00:00Z', posting: { of: 1, postedOn: '2026-05-02', places: ['村委会公开栏'] } }
    const finance = disclosureCalendar({ ...base, today: '2026-05-03', notices: [posted] }).filter((i) => i.key.startsWith('finance'))
    expect(finance.every((i) => !i.done)).toBe(true)
    expect(disclosureCalendar({ ...base, today: '2026-05-03', notices: [{ ...posted, posting: undefined }] }).some((i) => i.key.startsWith('finance') && i.done)).toBe(true)
  })

  it('finance is monthly where required, quarterly otherwise', () => {
    const notices = [{ kind: 'finance' as const, publishedAt: '2026-04-15T02:00:00Z' }]
    const monthly = disclosureCalendar({ ...base, today: '2026-05-03', notices }).filter((i) => i.key.startsWith('finance'))
    expect(monthly.map((i) => [i.due, i.done, i.overdue])).toEqual([['2026-05-31', false, false]])
    const quarterly = disclosureCalendar({ ...base, financeMonthly: false, today: '2026-05-03', notices }).filter((i) => i.key.startsWith('finance'))
    expect(quarterly.map((i) => [i.due, i.done])).toEqual([
      ['2026-03-31', false],
      ['2026-06-30', true],
    ])
  })

  it('periods before `since` are not flagged', () => {
    const items = disclosureCalendar({ ...base, today: '2026-05-10', notices: [], since: '2026-05-01' })
    expect(items.some((i) => i.overdue)).toBe(false)
  })

  it('a passed resolution is due at once and overdue the day after next', () => {
    const resolutions = [{ decisionId: 'd', title: '村道硬化', resolvedOn: '2026-05-10', disclosedOn: null }]
    const due = (today: string) => disclosureCalendar({ ...base, today, notices: [], resolutions }).find((i) => i.key === 'decision:d')
    expect(due('2026-05-11')).toMatchObject({ due: '2026-05-11', overdue: false })
    expect(due('2026-05-12')).toMatchObject({ overdue: true })
    const disclosed = disclosureCalendar({ ...base, today: '2026-06-01', notices: [], resolutions: [{ ...resolutions[0]!, disclosedOn: '2026-05-10' }] })
    expect(disclosed.find((i) => i.key === 'decision:d')).toMatchObject({ done: true, overdue: false })
  })
})
