/**
 * 民呼我应 tracking codes on both stores (SQLite file, PostgreSQL): a code is found as stored,
 * a code is added once (a second add of the same code fails rather than re-points it), and a
 * second relay on the same data finds it.
 */
import { expect, it } from 'vitest'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the tracking code conformance suite')

const ROW = { code: 'K7P3Q9XQZ2', villageId: 'v1', gridId: 'g1', recordId: 'r1', createdAt: '2026-12-01T00:00:00.000Z' }

describeEachStore('store conformance: resident matters', pgUp, (backend, store) => {
  it('finds a code as stored, and nothing for an unknown one', async () => {
    await store().matters.add(ROW)
    expect(await store().matters.find(ROW.code)).toEqual(ROW)
    expect(await store().matters.find('ABCDEFGHJK')).toBeNull()
  })

  it('never re-points a code', async () => {
    await expect(store().matters.add({ ...ROW, recordId: 'r2' })).rejects.toThrow()
    expect((await store().matters.find(ROW.code))?.recordId).toBe('r1')
  })

  it('is seen by a second relay on the same data', async () => {
    const other = await backend.openAnother()
    try {
      expect(await other.matters.find(ROW.code)).toEqual(ROW)
    } finally {
      await other.close()
    }
  })
})
