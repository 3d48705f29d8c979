/**
 * Submitted report snapshots on both stores (SQLite file, PostgreSQL): one row per scope and
 * period; a second submission of the same is refused and leaves the first exactly as it was,
 * even when many race; listing is per scope.
 */
import { expect, it } from 'vitest'
import type { ReportSnapshotRow } from '../../server/storage/reportSnapshots.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the report snapshot conformance suite')

const row = (over: Partial<ReportSnapshotRow> = {}): ReportSnapshotRow => ({
  scope: 'township',
  period: '2026-10',
  submittedAt: '2026-11-02T01:00:00.000Z',
  submittedBy: 'u1',
  figures: '{"period":"2026-10"}',
  hash: 'a'.repeat(64),
  ...over,
})

describeEachStore('store conformance: report snapshots', pgUp, (backend, store) => {
  it('keeps the first submission of a scope and period; later ones are refused, even racing', async () => {
    expect(await store().reportSnapshots.submit(row())).toBe(true)
    const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => store().reportSnapshots.submit(row({ figures: `{"n":${i}}`, hash: String(i).repeat(64) }))))
    expect(racing.every((ok) => !ok)).toBe(true)
    expect(await store().reportSnapshots.get('township', '2026-10')).toEqual(row())
  })

  it('keeps scopes and periods apart and lists a scope newest first', async () => {
    await store().reportSnapshots.submit(row({ period: '2026-Q3', submittedAt: '2026-10-05T00:00:00.000Z' }))
    await store().reportSnapshots.submit(row({ period: '2026-11', submittedAt: '2026-12-01T00:00:00.000Z' }))
    await store().reportSnapshots.submit(row({ scope: 'v1', period: '2026-11' }))
    expect((await store().reportSnapshots.list('township')).map((r) => r.period)).toEqual(['2026-11', '2026-10', '2026-Q3'])
    expect((await store().reportSnapshots.list('v1')).map((r) => r.period)).toEqual(['2026-11'])
    expect(await store().reportSnapshots.get('v2', '2026-11')).toBeNull()
  })
})
