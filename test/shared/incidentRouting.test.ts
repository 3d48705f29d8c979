import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Fact } from '../../shared/ledger/kind.js'
import { appendFact, createRecord, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { incidentRoute, incidentStatus } from '../../shared/ledger/workflows/incident.js'

const TODAY = '2026-11-23'
let seq = 0
const fact = (action: string, hour: number, by = 'grid', data?: Fact['data']): Fact => ({
  id: `r${String(++seq).padStart(4, '0')}`,
  action,
  by,
  byName: by,
  at: `2026-11-02T${String(hour).padStart(2, '0')}:00:00Z`,
  ...(data ? { data } : {}),
})
const status = (values: Record<string, unknown>, facts: Fact[], createdById = 'grid', departed?: Set<string>) => incidentStatus({ values, facts, createdById }, TODAY, departed)

describe('incident routing by work type (F003§4, F004)', () => {
  it('routes 一般性 on site, 协调性 to the village, and 突发性 or 须第一时间上报 to the township', () => {
    expect(incidentRoute({ workType: '一般性' })).toBe('site')
    expect(incidentRoute({ workType: '审批性' })).toBe('approval')
    expect(incidentRoute({ workType: '协调性' })).toBe('village')
    expect(incidentRoute({ workType: '突发性' })).toBe('township')
    expect(incidentRoute({ workType: '一般性', mustReport: true })).toBe('township')
  })

  it('refuses to close a 突发性 event on site or accept it below the township; its report goes straight to 镇 with the reporter tracking', () => {
    const values = { workType: '突发性' }
    const first = status(values, [])
    expect(first.next).toEqual(['escalate'])
    const s = status(values, [fact('onsite', 1), fact('accept', 2), fact('escalate', 3), fact('accept', 4, 'township')])
    expect(s.rejected.map((r) => [r.fact.action, r.reason])).toEqual([
      ['onsite', '突发性或须第一时间上报的事件须报镇综治中心，不能现场办结'],
      ['accept', '突发性或须第一时间上报的事件须先上报镇综治中心'],
    ])
    expect(s).toMatchObject({ state: 'accepted', level: '镇', tracker: 'grid' })
    // A named tracker is kept instead of the reporter.
    expect(status(values, [fact('escalate', 3, 'grid', { tracker: 'u9' })]).tracker).toBe('u9')
    // 须第一时间上报 on any work type routes the same way.
    expect(status({ workType: '一般性', mustReport: true }, [fact('onsite', 1)]).rejected).toHaveLength(1)
  })

  it('sends a 协调性 matter to the village before anyone accepts it', () => {
    const s = status({ workType: '协调性' }, [fact('onsite', 1), fact('escalate', 2), fact('accept', 3, 'village'), fact('handle', 4, 'village')])
    expect(s.rejected.map((r) => r.reason)).toEqual(['协调性事项须报村级牵头办理，不能现场办结'])
    expect(s).toMatchObject({ state: 'handling', level: '村' })
  })

  it('lets a grid worker report a major matter straight to the township (data.to = 镇)', () => {
    const s = status({ workType: '一般性' }, [fact('escalate', 1, 'grid', { to: '镇' })])
    expect(s).toMatchObject({ state: 'escalated', level: '镇', label: '已上报镇级' })
    expect(s.next).not.toContain('escalate')
    // The same as its own action, offered at grid level only.
    expect(status({ workType: '一般性' }, []).next).toContain('reportTownship')
    expect(status({ workType: '一般性' }, [fact('reportTownship', 1)])).toMatchObject({ state: 'escalated', level: '镇' })
    expect(status({ workType: '一般性' }, [fact('escalate', 1)]).next).not.toContain('reportTownship')
    expect(status({ workType: '突发性' }, []).next).not.toContain('reportTownship')
  })

  it('enforces 谁上报谁核查: a check by anyone else is a conflict unless the reporter has left', () => {
    const facts = [fact('accept', 1), fact('onsite', 2), fact('verify', 3, 'other')]
    const refused = status({ workType: '一般性' }, facts)
    expect(refused.state).toBe('resolved')
    expect(refused.rejected.map((r) => r.reason)).toEqual(['谁上报谁核查：只有上报人可以核查'])
    expect(status({ workType: '一般性' }, [...facts.slice(0, 2), fact('verify', 3, 'grid')]).state).toBe('verified')
    expect(status({ workType: '一般性' }, facts, 'grid', new Set(['grid'])).state).toBe('verified')
  })

  it('lets a cadre check a resident’s matter (群众反映): the resident’s own check is the rating', () => {
    const facts = [fact('accept', 1), fact('onsite', 2), fact('verify', 3, 'other')]
    expect(status({ workType: '一般性', channel: '群众反映' }, facts, 'public').state).toBe('verified')
    expect(status({ workType: '一般性', channel: '网格员巡查' }, facts, 'public').state).toBe('resolved')
  })

  it('two offline devices acting across the routing boundary: both facts kept, status derived, the conflict shown', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    a.clientID = 1
    b.clientID = 2
    const id = createRecord(a, incident, { title: '暴雨致农房漏水', workType: '突发性' }, { id: 'grid', name: '王网格' }, '2026-11-02T00:00:00Z')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    // Offline: the grid worker reports it to the township; a village cadre, seeing it at 网格, closes it on site.
    appendFact(a, 'incident', id, { action: 'escalate', by: 'grid', byName: '王网格', at: '2026-11-02T08:00:00Z' })
    appendFact(b, 'incident', id, { action: 'onsite', by: 'cadre', byName: '李主任', at: '2026-11-02T07:59:00Z' })
    const [updateA, updateB] = [Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]
    Y.applyUpdate(a, updateB)
    Y.applyUpdate(b, updateA)
    const statusOf = (doc: Y.Doc) => incidentStatus(readRecord('incident', 'g', id, recordsMap(doc, 'incident').get(id))!, TODAY)
    const record = readRecord('incident', 'g', id, recordsMap(a, 'incident').get(id))!
    expect(record.createdById).toBe('grid')
    expect(record.facts.map((f) => f.action).sort()).toEqual(['escalate', 'onsite'])
    expect(statusOf(a)).toEqual(statusOf(b))
    expect(statusOf(a)).toMatchObject({ state: 'escalated', level: '镇', tracker: 'grid' })
    expect(statusOf(a).rejected).toMatchObject([{ fact: { action: 'onsite', byName: '李主任' }, reason: '突发性或须第一时间上报的事件须报镇综治中心，不能现场办结' }])
  })
})
