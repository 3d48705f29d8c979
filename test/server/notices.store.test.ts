/**
 * Notice log conformance on both stores (SQLite file, PostgreSQL): appends chain in one order per
 * village, a repeated id publishes once, and appends racing — on one store and from a second
 * store on the same data, as a second relay would — still make one intact chain.
 */
import { expect, it } from 'vitest'
import { chainRow, verifyChain } from '../../shared/notices/chain.js'
import type { ChainTip } from '../../server/storage/notices.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the notice log conformance suite')

const build = (villageId: string, id: string) => (tip: ChainTip | null) =>
  chainRow(tip, {
    id,
    villageId,
    publishedAt: '2026-03-01T02:00:00.000Z',
    publisherName: '张书记',
    kind: 'finance',
    title: `公告 ${id}`,
    body: '<p>x</p>',
    periodFrom: '2026-03-01',
    periodTo: '2026-03-10',
    correctionOf: null,
    decisionId: null,
  })

describeEachStore('store conformance: notice log', pgUp, (backend, store) => {
  it('appends seq 1, 2, … per village, each linked to the previous hash', async () => {
    const a = await store().notices.append('va', 'a1', build('va', 'a1'))
    const b = await store().notices.append('va', 'a2', build('va', 'a2'))
    const other = await store().notices.append('vb', 'b1', build('vb', 'b1'))
    expect([a.row.seq, b.row.seq, other.row.seq]).toEqual([1, 2, 1])
    expect(b.row.prevHash).toBe(a.row.hash)
    expect(await store().notices.get('va', 2)).toEqual(b.row)
    expect(await store().notices.get('va', 3)).toBeNull()
    expect(await verifyChain(await store().notices.list('va'))).toMatchObject({ intact: true, count: 2 })
  })

  it('a repeated id returns the stored row and appends nothing', async () => {
    const again = await store().notices.append('va', 'a1', build('va', 'a1'))
    expect(again.created).toBe(false)
    expect(again.row.seq).toBe(1)
    expect(await store().notices.list('va')).toHaveLength(2)
  })

  it('concurrent appends, also from a second store, make one intact chain; concurrent repeats publish once', async () => {
    const second = await backend.openAnother()
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `c${i}`)
      const outcomes = await Promise.all(
        [...ids, ...ids].map((id, i) => (i % 2 === 0 ? store() : second).notices.append('vc', id, build('vc', id))),
      )
      expect(outcomes.filter((o) => o.created)).toHaveLength(12)
      const rows = await store().notices.list('vc')
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids))
      expect(await verifyChain(rows)).toMatchObject({ intact: true, count: 12 })
    } finally {
      await second.close()
    }
  })
})
