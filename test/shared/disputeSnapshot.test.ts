import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { disputeSnapshotRows } from '../../shared/ledger/disputeSnapshot.js'
import { dispute as disputeKind } from '../../shared/ledger/kinds/dispute.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'

const actor = { id: 'u', name: '测试' }

describe('矛排例会 dispute snapshot', () => {
  it('covers only the civil week\'s new, open and closed disputes', () => {
    const doc = new Y.Doc()
    const add = (summary: string, discoveredAt: string, closeAt?: string) => {
      const id = createRecord(doc, disputeKind, { summary, discoveredAt, category: '邻里纠纷' }, actor, `${discoveredAt}T01:00:00.000Z`, summary)
      if (closeAt) appendFact(doc, 'dispute', id, { action: 'settle', by: 'u', byName: '测试', at: closeAt })
    }
    // Meeting on Wednesday 2026-11-25; the week runs Monday 11-23 to Sunday 11-29 in Shanghai.
    add('早已化解', '2026-03-01', '2026-03-10T02:00:00.000Z')
    add('上周结案', '2026-11-10', '2026-11-22T15:30:00.000Z') // 11-22 23:30 Shanghai: last week
    add('本周结案', '2026-11-10', '2026-11-22T16:30:00.000Z') // 11-23 00:30 Shanghai: this week
    add('仍在调处', '2026-10-01')
    add('本周新发现并化解', '2026-11-24', '2026-11-24T03:00:00.000Z')
    const rows = disputeSnapshotRows([doc], '2026-11-25')
    expect(rows.map((r) => r.summary)).toEqual(['仍在调处', '本周新发现并化解', '本周结案'])
  })
})

describe('矛排例会 snapshot measures', () => {
  it('carries the latest mediation notes of each dispute as its 调处措施, oldest first', () => {
    const doc = new Y.Doc()
    const id = createRecord(doc, disputeKind, { summary: '宅基地边界', discoveredAt: '2026-11-20', category: '邻里纠纷' }, actor, '2026-11-20T01:00:00.000Z', 'd1')
    const notes = ['村调委会第一次调解', '', '丈量土地边界', '约双方周五复谈', '乡司法所参与']
    notes.forEach((note, i) => appendFact(doc, 'dispute', id, { action: 'mediate', by: 'u', byName: '测试', at: `2026-11-2${i}T02:00:00.000Z`, ...(note ? { note } : {}) }))
    appendFact(doc, 'dispute', id, { action: 'escalate', by: 'u', byName: '测试', at: '2026-11-25T03:00:00.000Z', note: '上报两委' })
    createRecord(doc, disputeKind, { summary: '无措施', discoveredAt: '2026-11-24', category: '邻里纠纷' }, actor, '2026-11-24T01:00:00.000Z', 'd2')
    const rows = disputeSnapshotRows([doc], '2026-11-25')
    expect(rows.map((r) => [r.summary, r.measures])).toEqual([
      ['无措施', ''],
      ['宅基地边界', '丈量土地边界；约双方周五复谈；乡司法所参与'],
    ])
  })
})
