/**
 * 民情联系卡 codes on both stores (SQLite file, PostgreSQL): a rating code is consumed by exactly one
 * of many concurrent calls; a card code is never consumed; issuing again revokes the earlier live
 * code of that household (and, for ratings, that member and period) and nothing else.
 */
import { expect, it } from 'vitest'
import type { LinkageCodeRow } from '../../server/storage/linkageCodes.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the linkage code conformance suite')

const hash = (c: string) => c.repeat(64).slice(0, 64)
const row = (code: string, over: Partial<LinkageCodeRow> = {}): LinkageCodeRow => ({
  codeHash: hash(code),
  kind: 'rating',
  villageId: 'v1',
  memberId: 'm1',
  householdId: 'h1',
  gridId: 'g1',
  period: '2026H2',
  issuedAt: '2026-12-01T00:00:00.000Z',
  issuedBy: 'u1',
  revokedAt: null,
  usedAt: null,
  rating: null,
  ...over,
})

describeEachStore('store conformance: linkage codes', pgUp, (backend, store) => {
  it('consumes a rating code for exactly one of ten concurrent calls', async () => {
    await store().linkageCodes.issue(row('a'))
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store().linkageCodes.consume(hash('a'), `2026-12-02T00:00:0${i}.000Z`, '满意')))
    expect(results.filter(Boolean)).toHaveLength(1)
    const stored = await store().linkageCodes.find(hash('a'))
    expect(stored?.usedAt).not.toBeNull()
    expect(stored?.rating).toBe('满意')
    expect(await store().linkageCodes.consume(hash('a'), '2026-12-03T00:00:00.000Z', '不满意')).toBe(false)
  })

  it('never consumes a card code', async () => {
    await store().linkageCodes.issue(row('b', { kind: 'card', period: null, issuedAt: '2026-12-01T00:00:01.000Z' }))
    expect(await store().linkageCodes.consume(hash('b'), '2026-12-02T00:00:00.000Z', '满意')).toBe(false)
    expect((await store().linkageCodes.find(hash('b')))?.usedAt).toBeNull()
  })

  it('revokes the earlier live code of the same household, kind and period only', async () => {
    await store().linkageCodes.issue(row('c', { householdId: 'h2', issuedAt: '2026-12-01T00:00:02.000Z' }))
    await store().linkageCodes.issue(row('d', { householdId: 'h2', period: '2027H1', issuedAt: '2026-12-01T00:00:03.000Z' }))
    await store().linkageCodes.issue(row('e', { householdId: 'h2', issuedAt: '2026-12-05T00:00:00.000Z' }))
    expect((await store().linkageCodes.find(hash('c')))?.revokedAt).toBe('2026-12-05T00:00:00.000Z')
    expect((await store().linkageCodes.find(hash('d')))?.revokedAt).toBeNull()
    expect(await store().linkageCodes.consume(hash('c'), '2026-12-06T00:00:00.000Z', '满意')).toBe(false)
    await store().linkageCodes.issue(row('f', { kind: 'card', period: null, issuedAt: '2026-12-07T00:00:00.000Z' }))
    expect((await store().linkageCodes.find(hash('b')))?.revokedAt).toBe('2026-12-07T00:00:00.000Z')
    // A used code is history, not revoked.
    expect((await store().linkageCodes.find(hash('a')))?.revokedAt).toBeNull()
  })

  it('lists a village in issue order and is seen by a second relay on the same data', async () => {
    const other = await backend.openAnother()
    try {
      expect((await other.linkageCodes.list('v1')).map((r) => r.codeHash.slice(0, 1))).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
      expect(await other.linkageCodes.list('v2')).toEqual([])
    } finally {
      await other.close()
    }
  })
})
