/** 待受理: what came in and nobody has taken on yet, at the level that must take it on, oldest first. */
import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { waitingToAccept, WAITS_FOR } from '../../shared/ledger/toAccept.js'

const TODAY = '2026-12-03'
let n = 0
const fact = (action: string, at: string, data?: Fact['data'], note?: string): Fact => ({ id: `f${++n}`, action, by: 'u2', byName: '李网格', at, ...(data ? { data } : {}), ...(note ? { note } : {}) })
const rec = (kind: string, values: Record<string, unknown>, createdAt: string, facts: Fact[] = []): LedgerRecord => ({
  id: `${kind}${++n}`,
  kind,
  gridId: 'g1',
  values,
  createdBy: '李网格',
  createdById: 'u2',
  createdAt,
  facts,
})
const RESIDENT = { channel: '群众反映', severity: '一般' }
const ids = (list: ReturnType<typeof waitingToAccept>) => list.map((w) => [w.record.id, w.level, w.label, w.fromResident])

describe('待受理', () => {
  it('holds a new report at 网格 until someone 受理 or handles it on site, and one sent up at 村 until 村 takes it on', () => {
    const fresh = rec('incident', { title: '路灯不亮', workType: '一般性' }, '2026-12-02T01:00:00Z')
    const matter = rec('incident', { title: '垃圾满溢', workType: '一般性', ...RESIDENT }, '2026-12-01T01:00:00Z')
    const taken = rec('incident', { title: 'b', workType: '一般性' }, '2026-11-20T01:00:00Z', [fact('accept', '2026-11-20T02:00:00Z')])
    const onsite = rec('incident', { title: 'c', workType: '一般性' }, '2026-11-20T01:00:00Z', [fact('onsite', '2026-11-20T02:00:00Z')])
    const upToVillage = rec('incident', { title: '水渠堵塞', workType: '协调性' }, '2026-11-25T01:00:00Z', [fact('escalate', '2026-11-28T01:00:00Z')])
    const villageTook = rec('incident', { title: 'd', workType: '协调性' }, '2026-11-25T01:00:00Z', [fact('escalate', '2026-11-25T02:00:00Z'), fact('accept', '2026-11-25T03:00:00Z', { leadUnit: '村委会' })])
    const sentBack = rec('incident', { title: '占道经营', workType: '一般性' }, '2026-11-26T01:00:00Z', [fact('escalate', '2026-11-26T02:00:00Z'), fact('sendBack', '2026-11-29T01:00:00Z', undefined, '网格可自行处置')])
    const toTownship = rec('incident', { title: '火情', workType: '突发性' }, '2026-11-30T01:00:00Z', [fact('escalate', '2026-11-30T01:05:00Z', { to: '镇', tracker: 'u2' })])
    const spam = rec('incident', { title: '广告', workType: '一般性', ...RESIDENT }, '2026-11-30T01:00:00Z', [fact('spam', '2026-11-30T02:00:00Z')])
    const incident = [fresh, matter, taken, onsite, upToVillage, villageTook, sentBack, toTownship, spam]

    // A grid worker: what waits at 网格, the one waiting longest first.
    expect(ids(waitingToAccept({ incident, dispute: [] }, WAITS_FOR.grid_worker!, TODAY))).toEqual([
      [sentBack.id, '网格', '已退回', false],
      [matter.id, '网格', '已上报', true],
      [fresh.id, '网格', '已上报', false],
    ])
    // A village cadre: 村 as well, in the same order of waiting.
    expect(waitingToAccept({ incident, dispute: [] }, WAITS_FOR.village_cadre!, TODAY).map((w) => [w.record.id, w.level])).toEqual([
      [upToVillage.id, '村'],
      [sentBack.id, '网格'],
      [matter.id, '网格'],
      [fresh.id, '网格'],
    ])
    // A supervisor or a 联户干部 takes nothing on.
    expect(WAITS_FOR.supervisor).toBeUndefined()
    expect(WAITS_FOR.linked_cadre).toBeUndefined()
  })

  it('holds a resident’s 邻里纠纷 until 受理, and again at 两委会商 once the resident’s 不满意 reopened it; not a member’s dispute', () => {
    const fresh = rec('dispute', { summary: '装修扰民', ...RESIDENT }, '2026-12-01T01:00:00Z')
    const accepted = rec('dispute', { summary: 'a', ...RESIDENT }, '2026-11-20T01:00:00Z', [fact('accept', '2026-11-20T02:00:00Z')])
    const reopened = rec('dispute', { summary: '宅基地边界', ...RESIDENT }, '2026-11-01T01:00:00Z', [
      fact('accept', '2026-11-01T02:00:00Z'),
      fact('mediate', '2026-11-02T02:00:00Z'),
      fact('settle', '2026-11-03T02:00:00Z'),
      fact('feedback', '2026-11-03T03:00:00Z'),
      fact('rate', '2026-11-10T02:00:00Z', { rating: '不满意' }),
    ])
    const members = rec('dispute', { summary: 'b', severity: '一般' }, '2026-11-15T01:00:00Z')
    const dispute = [fresh, accepted, reopened, members]
    expect(ids(waitingToAccept({ incident: [], dispute }, ['网格', '村'], TODAY)).map(([id, level]) => [id, level])).toEqual([
      [reopened.id, '村'],
      [fresh.id, '网格'],
    ])
    expect(waitingToAccept({ incident: [], dispute }, ['网格'], TODAY).map((w) => w.record.id)).toEqual([fresh.id])
  })
})
