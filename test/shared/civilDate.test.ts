/** One civil-date rule for forms, facts read from a doc and API bodies: the date must exist. */
import { describe, expect, it } from 'vitest'
import { publishNoticeRequestSchema } from '../../shared/api/notices'
import { formatShanghaiClock, formatShanghaiMinute, formatShanghaiTime, isCivilDate, shanghaiDate } from '../../shared/civilDate'
import { meetingFactSchema } from '../../shared/decisions/facts'
import { HEADER_FIELDS } from '../../shared/minutes/fields'

describe('civil dates', () => {
  it('accepts dates that exist and refuses those that do not', () => {
    expect(isCivilDate('2026-02-28')).toBe(true)
    expect(isCivilDate('2028-02-29')).toBe(true)
    for (const bad of ['2026-02-31', '2026-02-29', '2026-13-01', '2026-00-10', '2026-3-1', '20260301', '']) expect(isCivilDate(bad)).toBe(false)
  })

  it('refuses 2026-02-31 in a notice, a decision fact and a meeting header', () => {
    const notice = { id: 'n1', kind: 'finance', title: '二月财务公开', body: '收支', periodFrom: '2026-02-01', periodTo: '2026-02-31' }
    expect(publishNoticeRequestSchema.safeParse(notice).success).toBe(false)
    expect(publishNoticeRequestSchema.safeParse({ ...notice, periodTo: '2026-02-28' }).success).toBe(true)
    const fact = { id: 'f1', by: '王书记', atClient: '2026-03-01T09:00:00+08:00', type: 'meeting', step: 'propose', date: '2026-02-31', meetingId: 'm1', eligible: 7, present: 7, for: 7, against: 0, abstain: 0 }
    expect(meetingFactSchema.safeParse(fact).success).toBe(false)
    expect(meetingFactSchema.safeParse({ ...fact, date: '2026-02-27' }).success).toBe(true)
    expect(HEADER_FIELDS.date.schema.safeParse('2026-02-31').success).toBe(false)
  })

  it('reads today and times in Beijing time whatever the device zone', () => {
    const at = Date.UTC(2026, 0, 15, 23, 5, 9) // 07:05:09 on the 16th in Asia/Shanghai
    expect(shanghaiDate(new Date(at))).toBe('2026-01-16')
    expect(formatShanghaiClock(at)).toBe('07:05')
    expect(formatShanghaiTime(new Date(at).toISOString())).toBe('2026/01/16 07:05:09')
    expect(formatShanghaiMinute(new Date(at).toISOString())).toBe('2026/01/16 07:05')
    expect(formatShanghaiTime('not a time')).toBe('not a time')
  })
})
