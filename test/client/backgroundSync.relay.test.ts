/**
 * Background sync against a real relay: every permitted doc is brought up to date without being
 * opened, in one manifest request plus one sync request; docs that did not change cost nothing
 * more than their manifest line; offline changes are pushed and acknowledged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { syncAllDocs } from '../../client/sync/backgroundSync'
import { openUserDb, type UserDb } from '../../client/sync/db'
import { LocalStore } from '../../client/sync/localStore'
import { pendingMarks } from '../../client/sync/pending'
import { startTestRelay, type TestRelay } from '../helpers/relay'
import { freshIdb } from './idb'

let relay: TestRelay
let db: UserDb
beforeEach(async () => {
  relay = await startTestRelay()
  db = openUserDb('device-user', freshIdb())
})
afterEach(async () => {
  db.close()
  await relay.close()
})

const names = (n: number) => Array.from({ length: n }, (_, i) => `${relay.villageId}/minutes/m${i}`)

async function serverWrite(name: string, text: string): Promise<void> {
  await relay.relay.withDoc(name, async (room) => {
    room.doc.getText('body').insert(0, text)
    await room.flush()
  })
}

/** Counts the docs sent in each sync request, to see what a sync really transfers. */
function countingFetch(sent: number[]): typeof fetch {
  return async (input, init) => {
    if (String(input).endsWith('/api/sync') && typeof init?.body === 'string') sent.push((JSON.parse(init.body) as { docs: unknown[] }).docs.length)
    return fetch(input, init)
  }
}

async function localText(name: string): Promise<string> {
  const doc = new Y.Doc()
  const store = await LocalStore.open(db, name, doc)
  const text = doc.getText('body').toString()
  await store.close()
  return text
}

describe('background sync', () => {
  it('pulls every permitted doc once, then only the ones that changed', async () => {
    for (const [i, name] of names(30).entries()) await serverWrite(name, `会议 ${i}`)
    const sent: number[] = []
    const options = { db, baseUrl: relay.url, token: relay.token, fetchImpl: countingFetch(sent) }
    const first = await syncAllDocs(options)
    expect(first.listed).toBe(31) // 30 meetings + the village meta doc
    expect(first.pulled).toHaveLength(31)
    expect(await localText(names(30)[7] ?? '')).toBe('会议 7')
    const idle = await syncAllDocs(options)
    expect(idle.exchanged).toEqual([])
    await serverWrite(names(30)[3] ?? '', '改:')
    await serverWrite(names(30)[20] ?? '', '改:')
    const second = await syncAllDocs(options)
    expect(second.exchanged.sort()).toEqual([names(30)[20], names(30)[3]].sort())
    expect(sent).toEqual([31, 2])
    expect(await localText(names(30)[3] ?? '')).toBe('改:会议 3')
  })

  it('pushes changes made offline without opening the doc live, and clears them once acknowledged', async () => {
    const name = names(1)[0] ?? ''
    await serverWrite(name, '服务器')
    await syncAllDocs({ db, baseUrl: relay.url, token: relay.token })
    // Edit the doc on the device the way an open doc does: stored update + pending mark.
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, name, doc, { marksFor: (origin, tr) => (origin === 'local' ? pendingMarks(doc, tr) : []) })
    doc.transact(() => doc.getText('body').insert(0, '离线:'), 'local')
    await store.close()
    expect(await db.pending.count()).toBe(1)
    const report = await syncAllDocs({ db, baseUrl: relay.url, token: relay.token })
    expect(report.pushed).toEqual([name])
    expect(await db.pending.count()).toBe(0)
    const stored = new Y.Doc()
    for (const u of (await relay.store.docs.load(name)).updates) Y.applyUpdate(stored, u)
    expect(stored.getText('body').toString()).toBe('离线:服务器')
  })
})
