/** Derived minutes rules: expected-meeting cadence, overdue actions, the 矛排例会 dispute snapshot block. */
import { describe, expect, it } from 'vitest'
import { isOverdue, missingMeetings, periodRange } from '../../shared/minutes/cadence.js'
import type { MeetingIndexEntry } from '../../shared/meetingIndex.js'
import { bodyLines } from '../../shared/minutes/body.js'
import { disputeSnapshotNodes } from '../../shared/minutes/disputeSnapshot.js'
import * as Y from 'yjs'
import { createRecord } from '../../shared/ledger/ledgerDoc.js'
import { resident as residentKind } from '../../shared/ledger/kinds/resident.js'
import { ledgerAttendees } from '../../shared/minutes/ledgerAttendees.js'
import { minutesFileName } from '../../shared/minutes/fileName.js'

const meeting = (type: MeetingIndexEntry['type'], date: string): MeetingIndexEntry => ({ id: `${type}-${date}`, type, title: '', date })

describe('cadence', () => {
  it('computes week, month and quarter ranges', () => {
    expect(periodRange('week', '2026-03-04')).toEqual({ from: '2026-03-02', to: '2026-03-08' })
    expect(periodRange('week', '2026-03-04', 1)).toEqual({ from: '2026-02-23', to: '2026-03-01' })
    expect(periodRange('month', '2026-03-04', 1)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(periodRange('quarter', '2026-02-10', 1)).toEqual({ from: '2025-10-01', to: '2025-12-31' })
  })

  it('flags a past quarter without a 村民代表会议 and not one that had it', () => {
    const today = '2026-05-10'
    const missing = missingMeetings([meeting('representatives', '2026-02-15')], today, '2025-10-01').filter((m) => m.type === 'representatives')
    expect(missing.map((m) => [m.from, m.to])).toEqual([['2025-10-01', '2025-12-31']])
    expect(missing[0]?.label).toContain('村民代表会议')
  })

  it('ignores periods before `since` and the still-open current period', () => {
    const missing = missingMeetings([], '2026-05-10', '2026-04-01')
    expect(missing.every((m) => m.to >= '2026-04-01' && m.to < '2026-05-10')).toBe(true)
    expect(missing.some((m) => m.type === 'dispute_review')).toBe(true)
  })

  it('derives overdue from the due date and done flag', () => {
    expect(isOverdue({ due: '2026-03-01', done: '' }, '2026-03-02')).toBe(true)
    expect(isOverdue({ due: '2026-03-01', done: 'yes' }, '2026-03-02')).toBe(false)
    expect(isOverdue({ due: '2026-03-02', done: '' }, '2026-03-02')).toBe(false)
    expect(isOverdue({ due: '', done: '' }, '2026-03-02')).toBe(false)
  })
})

describe('dispute snapshot block', () => {
  it('splits 未调结 from 已调结 and marks overdue deadlines', () => {
    const rows = [
      { summary: '宅基地纠纷', category: '邻里', status: '调处中（mediation）', caseLeader: '王书记', deadline: '2026-03-01', overdue: true, measures: '两次入户调解；约定下周复谈' },
      { summary: '水费纠纷', category: '经济', status: '已调结', caseLeader: '', deadline: '', overdue: false, measures: '' },
    ]
    expect(bodyLines(disputeSnapshotNodes(rows, '2026-03-05'))).toEqual([
      '#### 矛盾纠纷清单（2026-03-05 台账快照，共 2 件）',
      '未调结 1 件：',
      '• 宅基地纠纷｜邻里｜调处中（mediation）｜包案领导：王书记｜调处措施：两次入户调解；约定下周复谈｜时限：2026-03-01（已超期）',
      '已调结 1 件：',
      '• 水费纠纷｜经济｜已调结',
    ])
  })
})

describe('attendees from the ledger', () => {
  it('lists the residents flagged 村民代表 (or 党员) once, leaving out names already on the list', () => {
    const ledger = new Y.Doc()
    const people: [string, string[]][] = [['王芳', ['村民代表']], ['李强', ['党员', '村民代表']], ['赵敏', []], ['陈静', ['党员']]]
    people.forEach(([name, flags], i) => createRecord(ledger, residentKind, { name, ...(flags.length ? { flags } : {}) }, { id: 'u', name: '测试' }, '2026-11-30T00:00:00.000Z', `r${i}`))
    expect(ledgerAttendees([ledger], 'representatives', [{ id: 'a', name: '王芳' }])).toEqual([{ name: '李强', role: '村民代表' }])
    expect(ledgerAttendees([ledger], 'party_members', []).map((p) => p.name).sort()).toEqual(['李强', '陈静'].sort())
    expect(ledgerAttendees([ledger], 'grid_work', [])).toEqual([])
  })
})

describe('export file name', () => {
  it('names the date once, however the title already gives it', () => {
    expect(minutesFileName({ date: '2026-03-05', title: '2026-03-05 村民代表会议' }, 'docx')).toBe('2026-03-05 村民代表会议.docx')
    expect(minutesFileName({ date: '2026-03-05', title: '2026年3月5日支委会' }, 'docx')).toBe('2026年3月5日支委会.docx')
    expect(minutesFileName({ date: '2026-03-05', title: '一季度村民代表会议' }, 'docx')).toBe('2026-03-05-一季度村民代表会议.docx')
    expect(minutesFileName({ date: '2026-03-05', title: '' }, 'docx')).toBe('2026-03-05-会议记录.docx')
    expect(minutesFileName({ date: '2026-03-05', title: '关于A/B方案' }, 'docx')).toBe('2026-03-05-关于A_B方案.docx')
  })
})
