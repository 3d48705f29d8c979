import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openUserDb, type UserDb } from '../../client/sync/db'
import { LocalStore } from '../../client/sync/localStore'
import { freshIdb } from './idb'

const DOC = 'v1/meta'
const opened: UserDb[] = []

function openDb(deps = freshIdb()): { db: UserDb; deps: ReturnType<typeof freshIdb> } {
  const db = openUserDb('u1', deps)
  opened.push(db)
  return { db, deps }
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

async function reload(db: UserDb, name = DOC): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const store = await LocalStore.open(db, name, doc)
  await store.close()
  return doc
}

describe('LocalStore', () => {
  it('restores a doc into a new Y.Doc from the same db', async () => {
    const { db, deps } = openDb()
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, DOC, doc)
    doc.getMap('profile').set('name', '石桥村')
    doc.getText('note').insert(0, '会议纪要')
    await store.close()

    // A second db handle on the same factory stands for a page reload.
    const again = openDb(deps).db
    const restored = await reload(again)
    expect(restored.getMap('profile').get('name')).toBe('石桥村')
    expect(restored.getText('note').toString()).toBe('会议纪要')
  })

  it('does not write back what it loaded', async () => {
    const { db } = openDb()
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, DOC, doc)
    doc.getMap('m').set('a', 1)
    await store.close()
    const rowsBefore = await db.updates.count()
    const second = new Y.Doc()
    const store2 = await LocalStore.open(db, DOC, second)
    await store2.flush()
    await store2.close()
    expect(second.getMap('m').get('a')).toBe(1)
    expect(await db.updates.count()).toBe(rowsBefore)
  })

  it('batches 1,000 quick edits into one row', async () => {
    const { db } = openDb()
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, DOC, doc)
    const text = doc.getText('t')
    for (let i = 0; i < 1000; i++) text.insert(text.length, 'x')
    await store.flush()
    expect(await db.updates.where('docName').equals(DOC).count()).toBe(1)
    await store.close()
    expect((await reload(db)).getText('t').length).toBe(1000)
  })

  it('compacts to one row by row count and keeps the content', async () => {
    const { db } = openDb()
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, DOC, doc, { compactRows: 10 })
    const map = doc.getMap<number>('m')
    for (let i = 0; i < 10; i++) {
      map.set(`k${i}`, i)
      await store.flush()
    }
    expect(await db.updates.count()).toBe(10)
    map.set('k10', 10)
    await store.flush()
    expect(await db.updates.count()).toBe(1)
    expect(store.stats().rows).toBe(1)
    await store.close()
    const restored = (await reload(db)).getMap<number>('m')
    expect(restored.size).toBe(11)
    expect(restored.get('k10')).toBe(10)
  })

  it('compacts by bytes', async () => {
    const { db } = openDb()
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, DOC, doc, { compactBytes: 2048 })
    const text = doc.getText('t')
    for (let i = 0; i < 5; i++) {
      text.insert(text.length, 'y'.repeat(1000))
      await store.flush()
    }
    expect(await db.updates.count()).toBeLessThan(5)
    await store.close()
    expect((await reload(db)).getText('t').length).toBe(5000)
  })

  it('keeps rows appended while compaction runs', async () => {
    const { db } = openDb()
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, DOC, doc)
    doc.getMap('m').set('mine', 1)
    await store.flush()

    // Another tab's update, written to the same table around the compaction.
    const other = new Y.Doc()
    other.getMap('m').set('theirs', 2)
    const theirs = Y.encodeStateAsUpdate(other)
    const compacting = store.compact()
    const appending = db.updates.add({ docName: DOC, bytes: theirs, size: theirs.byteLength })
    const late = new Y.Doc()
    late.getMap('m').set('late', 3)
    const lateUpdate = Y.encodeStateAsUpdate(late)
    await Promise.all([compacting, appending])
    await db.updates.add({ docName: DOC, bytes: lateUpdate, size: lateUpdate.byteLength })
    await store.compact()
    await store.close()

    const restored = (await reload(db)).getMap('m')
    expect(restored.toJSON()).toEqual({ mine: 1, theirs: 2, late: 3 })
    expect(await db.updates.count()).toBe(1)
  })

  it('keeps docs apart', async () => {
    const { db } = openDb()
    const a = new Y.Doc()
    const storeA = await LocalStore.open(db, 'v1/meta', a)
    a.getMap('m').set('x', 'a')
    await storeA.close()
    const b = await reload(db, 'v1/decisions')
    expect(b.getMap('m').size).toBe(0)
  })
})
