/**
 * Attributed history conformance, one body for SQLite and PostgreSQL (storage/types.ts
 * Attribution): rows come back in order with every field and byte; an update and its attribution
 * commit together; compaction (both forms) never touches history; history is append-only even for
 * someone with SQL access; a second store on the same data (another relay) sees the same rows.
 */
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { coarsenAll } from '../../server/history/coarsenDaily.js'
import { createLogger } from '../../server/log.js'
import type { Attribution } from '../../server/storage/types.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the history conformance suite')

function edit(doc: Y.Doc, key: string, value: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getMap('households').set(key, value)
  return Y.encodeStateAsUpdate(doc, before)
}

const row = (update: Uint8Array, at: string, extra: Partial<Attribution> = {}): Attribution => ({
  at,
  userId: 'u1',
  sessionKey: 's1',
  device: 'd1',
  offline: false,
  deviceAt: null,
  records: 1,
  removed: 0,
  update,
  ...extra,
})

describeEachStore('history conformance', pgUp, (backend, store) => {
  it('stores attribution with its update, in order, every field and byte intact', async () => {
    const doc = new Y.Doc()
    const a = edit(doc, 'h1', '张')
    const b = edit(doc, 'h2', '李')
    await store().docs.append('v/h', a, [row(a, '2026-11-30T01:00:00.000Z')])
    await store().docs.append('v/h', b, [row(b, '2026-11-30T02:00:00.000Z', { userId: 'u2', offline: true, deviceAt: '2026-11-29T23:00:00.000Z', device: null, records: 7, removed: 3 })])
    const rows = await store().docs.history('v/h')
    expect(rows.map((r) => ({ ...r, id: 0, update: [...r.update] }))).toEqual([
      { ...row(a, '2026-11-30T01:00:00.000Z'), id: 0, update: [...a] },
      { ...row(b, '2026-11-30T02:00:00.000Z', { userId: 'u2', offline: true, deviceAt: '2026-11-29T23:00:00.000Z', device: null, records: 7, removed: 3 }), id: 0, update: [...b] },
    ])
    expect((await store().docs.history('v/h', '2026-11-30T01:30:00.000Z')).map((r) => r.userId)).toEqual(['u1'])
    expect(await store().docs.hasHistory('v/h')).toBe(true)
    expect(await store().docs.hasHistory('v/other')).toBe(false)
    expect(await store().docs.historyBytes('v/h')).toBeGreaterThanOrEqual(a.byteLength + b.byteLength)
  })

  it('keeps the whole history through both forms of compaction, and another relay sees it', async () => {
    const doc = new Y.Doc()
    let last = 0
    for (let i = 0; i < 5; i++) {
      const u = edit(doc, `h${i}`, `户${i}`)
      last = await store().docs.append('v/c', u, [row(u, `2026-11-30T0${i}:00:00.000Z`)])
    }
    await store().docs.compact('v/c', last, Y.encodeStateAsUpdate(doc))
    const u = edit(doc, 'h9', '户9')
    await store().docs.append('v/c', u, [row(u, '2026-11-30T09:00:00.000Z')])
    expect(await store().docs.compactFromLog('v/c', (us) => Y.mergeUpdates(us))).not.toBeNull()
    expect((await store().docs.load('v/c')).updates).toHaveLength(1)
    const other = await backend.openAnother()
    try {
      const rows = await other.docs.history('v/c')
      expect(rows).toHaveLength(6)
      const replay = new Y.Doc()
      for (const r of rows) Y.applyUpdate(replay, r.update)
      expect(replay.getMap('households').toJSON()).toEqual(doc.getMap('households').toJSON())
    } finally {
      await other.close()
    }
  })

  it('refuses to edit a history row', async () => {
    const u = edit(new Y.Doc(), 'h1', '张')
    await store().docs.append('v/t', u, [row(u, '2026-11-30T01:00:00.000Z')])
    await backend.tamper("update doc_history set user_id = 'forged'").catch(() => undefined)
    expect((await store().docs.history('v/t')).map((r) => r.userId)).toEqual(['u1'])
  })

  it('coarsens old days to one row per author, once, even with another relay coarsening at the same time', async () => {
    const doc = new Y.Doc()
    // Day 1 (Beijing 2026-08-01): u1 edits h1 five times, u2 once; day 2: u1 twice. Then a recent edit.
    const times = ['2026-08-01T01:00:00.000Z', '2026-08-01T02:00:00.000Z', '2026-08-01T03:00:00.000Z', '2026-08-01T04:00:00.000Z', '2026-08-01T05:00:00.000Z']
    for (const [i, at] of times.entries()) {
      const u = edit(doc, 'h1', `张${i}`)
      await store().docs.append('v/o', u, [row(u, at)])
    }
    // u2 on a device of their own (one Yjs client per device).
    const device2 = new Y.Doc()
    Y.applyUpdate(device2, Y.encodeStateAsUpdate(doc))
    const w = edit(device2, 'h2', '李')
    Y.applyUpdate(doc, w)
    await store().docs.append('v/o', w, [row(w, '2026-08-01T06:00:00.000Z', { userId: 'u2' })])
    for (const at of ['2026-08-02T01:00:00.000Z', '2026-08-02T02:00:00.000Z']) {
      const u = edit(doc, 'h3', at)
      await store().docs.append('v/o', u, [row(u, at)])
    }
    const recent = edit(doc, 'h1', '最新')
    await store().docs.append('v/o', recent, [row(recent, '2026-11-30T01:00:00.000Z')])
    const single = edit(new Y.Doc(), 'h1', '一次')
    await store().docs.append('v/single', single, [row(single, '2026-08-01T01:00:00.000Z')])

    const before = '2026-09-01T00:00:00.000Z'
    expect(await store().docs.historyDocs(before)).toEqual(['v/o'])
    const rowsBefore = await store().docs.history('v/o')
    const other = await backend.openAnother()
    try {
      const log = createLogger('silent')
      const [a, b] = await Promise.all([coarsenAll(store().docs, before, log), coarsenAll(other.docs, before, log)])
      // One of the two did the work; the other found the rows gone and changed nothing.
      expect(a.replaced + b.replaced).toBe(7)
      expect(a.written + b.written).toBe(2)
    } finally {
      await other.close()
    }
    const rows = await store().docs.history('v/o')
    expect(rows.map((r) => [r.userId, r.at])).toEqual([
      ['u1', '2026-08-01T06:00:00.000Z'],
      ['u2', '2026-08-01T06:00:00.000Z'],
      ['u1', '2026-08-02T02:00:00.000Z'],
      ['u1', '2026-11-30T01:00:00.000Z'],
    ])
    expect(rows[0]?.id).toBe(rowsBefore[0]?.id)
    expect(rows.at(-1)).toEqual(rowsBefore.at(-1))
    const replay = new Y.Doc()
    for (const r of rows) Y.applyUpdate(replay, r.update)
    expect(replay.getMap('households').toJSON()).toEqual(doc.getMap('households').toJSON())
    expect(await store().docs.historyDocs(before)).toEqual([])
    // Rows of another doc, one per author and day, are left alone.
    expect(await store().docs.history('v/single')).toHaveLength(1)
  })
})
