/**
 * 四培五考 tables on both stores (SQLite file, PostgreSQL): training records are withdrawn, never
 * deleted, and listed per worker by date; the township's settings are one row, replaced; a
 * 民主测评 is one score per worker and period, replaced when entered again; a closed period's
 * ranking is stored once, and later submissions (even racing) leave the first as it was. The
 * SQLite → PostgreSQL copy carries all four tables over unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copySqliteToPg } from '../../server/ops/copySqliteToPg.js'
import type { TrainingRow } from '../../server/storage/assessment.js'
import { openPgStore } from '../../server/storage/store.pg.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import { freshPostgresDatabase, requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the assessment store conformance suite')

const training = (over: Partial<TrainingRow> = {}): TrainingRow => ({
  id: 't1',
  userId: 'w1',
  kind: '岗前培训',
  date: '2026-03-02',
  topic: '网格员职责',
  hours: 2.5,
  trainer: '镇综治办',
  note: '',
  createdAt: '2026-03-02T08:00:00.000Z',
  createdBy: 'admin',
  removedAt: null,
  removedBy: null,
  ...over,
})

describeEachStore('store conformance: assessment', pgUp, (_backend, store) => {
  it('lists a worker’s live training records by date, and withdraws one once', async () => {
    const a = store().assessment
    await a.addTraining(training())
    await a.addTraining(training({ id: 't2', date: '2026-01-15', kind: '帮带培训', hours: 1 }))
    await a.addTraining(training({ id: 't3', userId: 'w2', kind: '业务培训' }))
    expect((await a.listTraining('w1')).map((t) => [t.id, t.hours])).toEqual([
      ['t2', 1],
      ['t1', 2.5],
    ])
    expect((await a.listTraining()).map((t) => t.id)).toEqual(['t2', 't1', 't3'])
    expect(await a.removeTraining('t1', '2026-03-03T00:00:00.000Z', 'admin')).toBe(true)
    expect(await a.removeTraining('t1', '2026-03-04T00:00:00.000Z', 'admin')).toBe(false)
    expect(await a.removeTraining('nope', '2026-03-04T00:00:00.000Z', 'admin')).toBe(false)
    expect((await a.listTraining('w1')).map((t) => t.id)).toEqual(['t2'])
  })

  it('keeps one settings row and replaces it', async () => {
    const a = store().assessment
    expect(await a.getSettings()).toBeNull()
    await a.setSettings({ settings: '{"a":1}', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin' })
    await a.setSettings({ settings: '{"a":2}', updatedAt: '2026-01-02T00:00:00.000Z', updatedBy: 'admin2' })
    expect(await a.getSettings()).toEqual({ settings: '{"a":2}', updatedAt: '2026-01-02T00:00:00.000Z', updatedBy: 'admin2' })
  })

  it('keeps one 民主测评 per worker and period', async () => {
    const a = store().assessment
    await a.setRating({ userId: 'w1', period: '2026-Q3', score: 86.5, enteredAt: '2026-10-02T00:00:00.000Z', enteredBy: 'admin' })
    await a.setRating({ userId: 'w1', period: '2026-Q3', score: 90, enteredAt: '2026-10-03T00:00:00.000Z', enteredBy: 'admin' })
    await a.setRating({ userId: 'w2', period: '2026-Q3', score: 70.1, enteredAt: '2026-10-03T00:00:00.000Z', enteredBy: 'admin' })
    await a.setRating({ userId: 'w1', period: '2026-09', score: 60, enteredAt: '2026-10-03T00:00:00.000Z', enteredBy: 'admin' })
    expect((await a.ratings('2026-Q3')).map((r) => [r.userId, r.score])).toEqual([
      ['w1', 90],
      ['w2', 70.1],
    ])
  })

  it('stores a closed period once; later submissions, even racing, are refused', async () => {
    const a = store().assessment
    const row = { period: '2026-10', submittedAt: '2026-11-01T00:00:00.000Z', submittedBy: 'admin', figures: '{"period":"2026-10"}', hash: 'a'.repeat(64) }
    expect(await a.submitSnapshot(row)).toBe(true)
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => a.submitSnapshot({ ...row, figures: `{"n":${i}}` })))
    expect(racing.every((ok) => !ok)).toBe(true)
    expect(await a.getSnapshot('2026-10')).toEqual(row)
    await a.submitSnapshot({ ...row, period: '2026-Q3', submittedAt: '2026-10-05T00:00:00.000Z' })
    expect((await a.listSnapshots()).map((r) => r.period)).toEqual(['2026-10', '2026-Q3'])
    expect(await a.getSnapshot('2026-09')).toBeNull()
  })
})

describe.skipIf(!pgUp)('moving to PostgreSQL (npm run migrate:pg)', () => {
  it('copies training records, settings, 民主测评 and closed assessments as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunwu-assess-move-'))
    const db = await freshPostgresDatabase('cunwu_assess_move')
    try {
      const sqlite = openSqliteStore(dir)
      await sqlite.assessment.addTraining(training({ hours: 1.5 }))
      await sqlite.assessment.addTraining(training({ id: 't2', removedAt: '2026-03-03T00:00:00.000Z', removedBy: 'admin' }))
      await sqlite.assessment.setSettings({ settings: '{"w":1}', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin' })
      await sqlite.assessment.setRating({ userId: 'w1', period: '2026-Q3', score: 86.5, enteredAt: '2026-10-02T00:00:00.000Z', enteredBy: 'admin' })
      const closed = { period: '2026-10', submittedAt: '2026-11-01T00:00:00.000Z', submittedBy: 'admin', figures: '{}', hash: 'b'.repeat(64) }
      await sqlite.assessment.submitSnapshot(closed)
      await sqlite.close()
      const report = await copySqliteToPg(dir, db.url)
      expect(report.rows).toMatchObject({ training_records: 2, assessment_settings: 1, assessment_ratings: 1, assessment_snapshots: 1 })
      const moved = await openPgStore(db.url)
      try {
        expect(await moved.assessment.listTraining('w1')).toEqual([training({ hours: 1.5 })])
        expect(await moved.assessment.getSettings()).toEqual({ settings: '{"w":1}', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'admin' })
        expect((await moved.assessment.ratings('2026-Q3'))[0]?.score).toBe(86.5)
        expect(await moved.assessment.getSnapshot('2026-10')).toEqual(closed)
      } finally {
        await moved.close()
      }
    } finally {
      await db.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
