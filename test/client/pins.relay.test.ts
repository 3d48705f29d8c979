/**
 * Records pinned for offline use (client/attachments/pins.ts) against a real relay: a pin fetches
 * the record's files, also one another device attaches after the pin, and keeps them; a file it
 * cannot fetch now is retried on the next run without stopping the others; clearing removes only
 * files the relay has that no pin holds and no queued upload needs.
 */
import { createHash, randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addAttachmentLink, recordOwner } from '../../shared/attachments/links'
import { fetchFile, fileKey, readLocalFile, storeLocalFile, uploadFile } from '../../client/attachments/files'
import { Pins } from '../../client/attachments/pins'
import type { ApiContext } from '../../client/app/api/http'
import { openUserDb } from '../../client/sync/db'
import { api } from '../helpers/api'
import { startTestRelay, type TestRelay } from '../helpers/relay'
import { freshIdb } from './idb'

let relay: TestRelay
let adminId: string
const DEAD = 'http://127.0.0.1:9'

beforeAll(async () => {
  relay = await startTestRelay()
  adminId = ((await api(relay.url, '/api/auth/me', { token: relay.token })).json as { user: { id: string } }).user.id
}, 30_000)
afterAll(() => relay.close())

const photo = () => {
  const bytes = Uint8Array.from(randomBytes(300_000))
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), type: 'image/jpeg', size: bytes.length }
}

it('a pinned record keeps its files, also those attached later elsewhere; clearing spares them', async () => {
  const v = relay.villageId
  const docName = `${v}/ledger/g1`
  const hazard = recordOwner('hazard', 'h1')
  const other = recordOwner('hazard', 'h2')
  // The grid's doc as both devices see it once synced (the sync itself is the engine's, tested elsewhere).
  const doc = new Y.Doc()
  const link = (file: ReturnType<typeof photo>, owner: string) => addAttachmentLink(doc, owner, { sha256: file.sha256, name: 'p.jpg', type: file.type, size: file.size, takenAt: null, addedAt: new Date().toISOString() })

  // Device A uploads a before-photo of hazard h1 and a photo of h2.
  const a = { db: openUserDb('a', freshIdb()), key: null, userId: adminId }
  const before = photo()
  const elsewhere = photo()
  for (const [file, owner] of [[before, hazard], [elsewhere, other]] as const) {
    await storeLocalFile(a.db, null, v, file)
    await uploadFile({ baseUrl: relay.url, token: relay.token }, a, v, { sha256: file.sha256, doc: docName, type: file.type, size: file.size })
    link(file, owner)
  }

  // Device B pins h1 while offline: nothing can come yet, and the pin says so.
  const b = openUserDb('b', freshIdb())
  const context: ApiContext = { baseUrl: DEAD, token: relay.token }
  let opened = 0
  const pins = new Pins({
    db: b,
    openDoc: async () => (opened++, { doc, release: () => undefined }),
    fetchFile: (name, l) => fetchFile(context, b, null, v, l, name),
  })
  await pins.pin(docName, hazard, '第一网格 · 隐患')
  expect(pins.isPinned(docName, hazard)).toMatchObject({ label: '第一网格 · 隐患', files: [before.sha256], here: 0 })
  expect(pins.getSnapshot()).toMatchObject({ keeping: false })

  // Online, after A attached an after-photo: one run fetches both; h2's file is not fetched.
  const after = photo()
  await storeLocalFile(a.db, null, v, after)
  await uploadFile({ baseUrl: relay.url, token: relay.token }, a, v, { sha256: after.sha256, doc: docName, type: after.type, size: after.size })
  link(after, hazard)
  context.baseUrl = relay.url
  await pins.keep()
  expect(pins.isPinned(docName, hazard)).toMatchObject({ files: [before.sha256, after.sha256], here: 2 })
  for (const file of [before, after]) expect(Buffer.from((await readLocalFile(b, null, v, file.sha256)) ?? []).equals(Buffer.from(file.bytes))).toBe(true)
  expect(await b.files.get(fileKey(v, elsewhere.sha256))).toBeUndefined()
  expect(opened).toBe(2)

  // B showed h2's photo once (kept), and took a photo of its own not uploaded yet.
  await fetchFile(context, b, null, v, elsewhere, docName)
  const mine = photo()
  await storeLocalFile(b, null, v, mine)
  await b.outbox.put({ id: `attachment:${docName}:${mine.sha256}`, kind: 'attachment.upload', villageId: v, payload: { sha256: mine.sha256, doc: docName, type: mine.type, size: mine.size }, createdAt: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null })
  // Clearing frees only h2's photo: the pinned files and the one only this device has stay.
  expect(await pins.clearUnpinned()).toEqual({ files: 1, bytes: elsewhere.size })
  expect(await b.files.get(fileKey(v, elsewhere.sha256))).toBeUndefined()
  for (const file of [before, after, mine]) expect(await b.files.get(fileKey(v, file.sha256))).toBeDefined()

  // Unpinned, its files may go too (the relay has them).
  await pins.unpin(docName, hazard)
  expect(pins.isPinned(docName, hazard)).toBeNull()
  expect(await pins.clearUnpinned()).toEqual({ files: 2, bytes: before.size + after.size })
  expect(await b.files.get(fileKey(v, mine.sha256))).toBeDefined()
  pins.close()
  a.db.close()
  b.close()
}, 60_000)

it('a file that cannot come now does not stop the others, and comes on a later run', async () => {
  const v = relay.villageId
  const docName = `${v}/ledger/g1`
  const doc = new Y.Doc()
  const owner = recordOwner('incident', 'i1')
  const a = { db: openUserDb('a2', freshIdb()), key: null, userId: adminId }
  const files = [photo(), photo()]
  for (const file of files) {
    await storeLocalFile(a.db, null, v, file)
    await uploadFile({ baseUrl: relay.url, token: relay.token }, a, v, { sha256: file.sha256, doc: docName, type: file.type, size: file.size })
    addAttachmentLink(doc, owner, { sha256: file.sha256, name: 'p.jpg', type: file.type, size: file.size, takenAt: null, addedAt: new Date(Date.now() + files.indexOf(file)).toISOString() })
  }
  const b = openUserDb('b2', freshIdb())
  let failFirst = true
  const pins = new Pins({
    db: b,
    openDoc: async () => ({ doc, release: () => undefined }),
    fetchFile: async (name, l) => {
      if (failFirst && l.sha256 === files[0]?.sha256) throw new Error('connection dropped')
      return fetchFile({ baseUrl: relay.url, token: relay.token }, b, null, v, l, name)
    },
  })
  await pins.pin(docName, owner, '事件')
  expect(pins.isPinned(docName, owner)).toMatchObject({ here: 1 })
  failFirst = false
  await pins.keep()
  expect(pins.isPinned(docName, owner)).toMatchObject({ here: 2 })
  pins.close()
  a.db.close()
  b.close()
}, 60_000)
