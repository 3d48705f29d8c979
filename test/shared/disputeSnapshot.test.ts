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
