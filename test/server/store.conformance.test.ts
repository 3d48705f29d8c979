/**
 * Doc log conformance, one suite body for every Store (SQLite file, PostgreSQL). Rules checked:
 * the log loads in append order with exact bytes; compaction replaces rows up to a seq by one
 * snapshot stored at that seq and keeps later rows; a failed compaction changes nothing; one
 * relay at a time compacts a doc (types.ts). Accounts: accounts.conformance.test.ts.
 * PostgreSQL unreachable: skipped loudly on a developer machine, a failure under CI.
 */
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the store conformance suite')

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getText('t').insert(doc.getText('t').length, text)
  return Y.encodeStateAsUpdate(doc, before)
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc.getText('t').toString()
}

const merge = (updates: Uint8Array[]) => Y.mergeUpdates(updates)

describeEachStore('store conformance: doc log', pgUp, (backend, store) => {
  it('appends and loads a doc log in order; an unknown doc is empty', async () => {
    const doc = new Y.Doc()
    const seqs = [await store().docs.append('v/a', textUpdate(doc, '甲')), await store().docs.append('v/a', textUpdate(doc, '乙'))]
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? Infinity)
    const loaded = await store().docs.load('v/a')
    expect(loaded.lastSeq).toBe(seqs[1])
    expect(textOf(loaded.updates)).toBe('甲乙')
    expect(await store().docs.load('v/none')).toEqual({ updates: [], lastSeq: 0, bytes: 0 })
  })

  it('returns every byte as stored, and counts them', async () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const small = new Uint8Array([0])
    await store().docs.append('v/bytes', all)
    await store().docs.append('v/bytes', small)
    const loaded = await store().docs.load('v/bytes')
    expect(loaded.updates.map((u) => Array.from(u))).toEqual([Array.from(all), [0]])
    // pg hands back Buffers sliced from a shared pool: the views must cover exactly their bytes.
    expect(loaded.updates.map((u) => [u instanceof Uint8Array, u.byteLength])).toEqual([[true, 256], [true, 1]])
    expect(loaded.bytes).toBe(257)
  })

  it('keeps seqs increasing across docs and appends made at once', async () => {
    const doc = new Y.Doc()
    const updates = '0123456789'.split('').map((ch) => textUpdate(doc, ch))
    const seqs = await Promise.all(updates.map((u, i) => store().docs.append(i % 2 ? 'v/odd' : 'v/even', u)))
    expect(new Set(seqs).size).toBe(10)
    const odd = await store().docs.load('v/odd')
    const even = await store().docs.load('v/even')
    expect(odd.lastSeq).toBe(Math.max(...seqs.filter((_, i) => i % 2)))
    expect(textOf([...even.updates, ...odd.updates])).toBe('0123456789')
  })

  it('lists the latest seq of each doc of one village only', async () => {
    const a = await store().docs.append('v1/meta', new Uint8Array([1]))
    const b = await store().docs.append('v1/minutes/m1', new Uint8Array([2]))
    const b2 = await store().docs.append('v1/minutes/m1', new Uint8Array([3]))
    await store().docs.append('v10/meta', new Uint8Array([4]))
    await store().docs.append('v1x', new Uint8Array([5]))
    expect(b2).toBeGreaterThan(b)
    expect(await store().docs.docVersions('v1')).toEqual(new Map([['v1/meta', a], ['v1/minutes/m1', b2]]))
    expect(await store().docs.docVersions('nobody')).toEqual(new Map())
  })

  it('compaction replaces rows up to a seq and keeps rows appended after it', async () => {
    const doc = new Y.Doc()
    for (const ch of '一二三四') await store().docs.append('v/c', textUpdate(doc, ch))
    const { lastSeq } = await store().docs.load('v/c')
    const snapshot = Y.encodeStateAsUpdate(doc) // covers exactly the four rows so far
    const late = await store().docs.append('v/c', textUpdate(doc, '五'))
    await store().docs.compact('v/c', lastSeq, snapshot)
    const after = await store().docs.load('v/c')
    expect(after.updates).toHaveLength(2)
    expect(after.lastSeq).toBe(late)
    expect(textOf(after.updates)).toBe('一二三四五')
    // The snapshot is stored as given, ahead of the late row.
    expect(Array.from(after.updates[0] ?? [])).toEqual(Array.from(snapshot))
  })

  it('compaction is all or nothing: when its insert fails, no row is deleted', async () => {
    const doc = new Y.Doc()
    for (const ch of '天地') await store().docs.append('v/atomic', textUpdate(doc, ch))
    // seq is global, so storing the snapshot at another doc's seq violates the primary key
    // after the delete has run; the transaction must take the delete back.
    const taken = await store().docs.append('v/other', new Uint8Array([9]))
    await expect(store().docs.compact('v/atomic', taken, Y.encodeStateAsUpdate(doc))).rejects.toThrow()
    const after = await store().docs.load('v/atomic')
    expect(after.updates).toHaveLength(2)
    expect(textOf(after.updates)).toBe('天地')
    expect((await store().docs.load('v/other')).updates).toHaveLength(1)
  })

  it('compacts from the log: one snapshot of exactly the rows read, at the highest seq read', async () => {
    const doc = new Y.Doc()
    for (const ch of '春夏秋冬') await store().docs.append('v/log', textUpdate(doc, ch))
    const { lastSeq } = await store().docs.load('v/log')
    let seen = 0
    const size = await store().docs.compactFromLog('v/log', (updates) => {
      seen = updates.length
      return merge(updates)
    })
    expect(seen).toBe(4)
    expect(size).toBeGreaterThan(0)
    const after = await store().docs.load('v/log')
    expect(after.updates).toHaveLength(1)
    expect(after.lastSeq).toBe(lastSeq)
    expect(textOf(after.updates)).toBe('春夏秋冬')
    expect(await store().docs.compactFromLog('v/log', () => new Uint8Array())).toBeNull() // one row: nothing to do
    expect(await store().docs.compactFromLog('v/never', () => new Uint8Array())).toBeNull()
  })

  it('a snapshot build that throws leaves the log as it was and releases the doc', async () => {
    const doc = new Y.Doc()
    for (const ch of 'xyz') await store().docs.append('v/throws', textUpdate(doc, ch))
    const failing = () => {
      throw new Error('build failed')
    }
    await expect(store().docs.compactFromLog('v/throws', failing)).rejects.toThrow('build failed')
    expect((await store().docs.load('v/throws')).updates).toHaveLength(3)
    // Released: the next attempt (here or on another relay) gets the doc.
    const another = await backend.openAnother()
    try {
      expect(await another.docs.compactFromLog('v/throws', merge)).toBeGreaterThan(0)
    } finally {
      await another.close()
    }
    expect(textOf((await store().docs.load('v/throws')).updates)).toBe('xyz')
  })

  it('two relays compacting one doc at once: exactly one compacts, nothing is lost', async () => {
    const doc = new Y.Doc()
    for (const ch of '东南西北中') await store().docs.append('v/race', textUpdate(doc, ch))
    const another = await backend.openAnother()
    try {
      const sizes = await Promise.all([store().docs.compactFromLog('v/race', merge), another.docs.compactFromLog('v/race', merge)])
      expect(sizes.filter((s) => s !== null)).toHaveLength(1)
    } finally {
      await another.close()
    }
    const after = await store().docs.load('v/race')
    expect(after.updates).toHaveLength(1)
    expect(textOf(after.updates)).toBe('东南西北中')
  })

  it('skips a doc another relay is compacting (PostgreSQL advisory lock; SQLite serialises writers itself)', async () => {
    const doc = new Y.Doc()
    for (const ch of 'ab') await store().docs.append('v/locked', textUpdate(doc, ch))
    if (backend.name === 'sqlite') {
      expect(await store().docs.compactFromLog('v/locked', merge)).toBeGreaterThan(0)
      return
    }
    const other = await backend.otherRelay?.()
    if (!other) throw new Error('postgres backend without a second connection')
    try {
      await other.query('begin')
      await other.query("select pg_advisory_xact_lock(hashtext('compact:' || $1))", ['v/locked'])
      expect(await store().docs.compactFromLog('v/locked', merge)).toBeNull()
      expect((await store().docs.load('v/locked')).updates).toHaveLength(2)
      await other.query('commit')
    } finally {
      await other.end()
    }
    expect(await store().docs.compactFromLog('v/locked', merge)).toBeGreaterThan(0)
  })
})
