import { describe, expect, it } from 'vitest'
import type { Fact } from '../../shared/ledger/kind.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { recordStatus } from '../../shared/ledger/status.js'
import { incidentStatus, REVISIT_REQUIRED_FROM } from '../../shared/ledger/workflows/incident.js'

const TODAY = '2026-12-20'
let seq = 0
const fact = (action: string, day: number, by = 'grid', extra: { note?: string; data?: Fact['data'] } = {}, month = '12'): Fact => ({
  id: `c${String(++seq).padStart(4, '0')}`,
  action,
  by,
  byName: by === 'grid' ? '张网格' : by,
  at: `2026-${month}-${String(day).padStart(2, '0')}T02:00:00Z`,
  ...extra,
})
const status = (facts: Fact[], values: Record<string, unknown> = { workType: '一般性' }) => incidentStatus({ values, facts, createdById: 'grid' }, TODAY)

describe('closing an incident: 首问, 已解释、暂不能解决, 件件回访', () => {
  it('the member who first took it on is its first responder (首问负责)', () => {
    const s = status([fact('accept', 2, 'li'), fact('escalate', 3, 'li'), fact('accept', 4, 'wang')])
    expect(s.firstResponder).toEqual({ id: 'li', name: 'li' })
    expect(recordStatus(incident, { id: 'i', kind: 'incident', gridId: 'g', values: { workType: '一般性' }, facts: [fact('onsite', 2)], createdBy: '', createdById: 'grid', createdAt: '' }, TODAY)?.detail).toContain('首问：张网格')
  })

  it('「已解释、暂不能解决」 closes the handling only with the explanation recorded', () => {
    const explained = { data: { outcome: '已解释、暂不能解决' } }
    const s = status([fact('accept', 2), fact('handle', 3), fact('resolve', 4, 'grid', explained), fact('resolve', 5, 'grid', { ...explained, note: '涉及土地确权，须待县里统一安排，已向当事人解释政策' })])
    expect(s.rejected.map((r) => r.reason)).toEqual(['「已解释、暂不能解决」须记录向群众所作的解释'])
    expect(s).toMatchObject({ state: 'resolved', outcome: '已解释、暂不能解决', explanation: '涉及土地确权，须待县里统一安排，已向当事人解释政策' })
    expect(status([fact('onsite', 2)]).outcome).toBe('已解决')
  })

  it('件件回访: archived only after a return visit (with how it went) or the resident’s rating', () => {
    const closed = [fact('onsite', 2), fact('verify', 3), fact('feedback', 4)]
    expect(status(closed).next).toEqual(['revisit'])
    const refused = status([...closed, fact('archive', 5), fact('revisit', 6), fact('revisit', 7, 'grid', { note: '电话回访，群众满意' }), fact('archive', 8)])
    expect(refused.rejected.map((r) => r.reason)).toEqual(['件件回访：归档前须先回访', '回访须记录回访情况'])
    expect(refused.state).toBe('archived')
    const rated = status([...closed, fact('rate', 5, 'public', { data: { rating: '满意' } }), fact('archive', 6)], { workType: '一般性', channel: '群众反映' })
    expect(rated.state).toBe('archived')
    // An archive an older version wrote (before the rule) still applies.
    expect(REVISIT_REQUIRED_FROM).toBe('2026-12-01T00:00:00Z')
    const old = status([fact('onsite', 2, 'grid', {}, '11'), fact('verify', 3, 'grid', {}, '11'), fact('feedback', 4, 'grid', {}, '11'), fact('archive', 5, 'grid', {}, '11')])
    expect(old).toMatchObject({ state: 'archived', rejected: [] })
  })

  it('a 协调性 matter is taken on at the village only with its 牵头单位 (协办单位 optional); older 受理 still apply', () => {
    const values = { workType: '协调性' }
    const s = status([fact('escalate', 2), fact('accept', 3, 'li'), fact('accept', 4, 'li', { data: { leadUnit: '村委会', coUnits: '村民小组、水管站' } })], values)
    expect(s.rejected.map((r) => r.reason)).toEqual(['协调性事项须明确牵头单位（协办单位可选）'])
    expect(s).toMatchObject({ state: 'accepted', leadUnit: '村委会', coUnits: '村民小组、水管站' })
    const facts = [fact('escalate', 2), fact('accept', 4, 'li', { data: { leadUnit: '村委会', coUnits: '村民小组、水管站' } })]
    expect(recordStatus(incident, { id: 'i', kind: 'incident', gridId: 'g', values, facts, createdBy: '', createdById: 'grid', createdAt: '' }, TODAY)?.detail).toContain('牵头单位：村委会，协办单位：村民小组、水管站')
    expect(status([fact('escalate', 2, 'grid', {}, '11'), fact('accept', 3, 'li', {}, '11')], values)).toMatchObject({ state: 'accepted', rejected: [] })
    // 一般性 matters need none.
    expect(status([fact('accept', 2)]).rejected).toEqual([])
  })
})
