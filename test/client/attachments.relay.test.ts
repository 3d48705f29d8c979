/**
 * Attachments between devices through a real relay (fake IndexedDB, real sockets): a file taken
 * offline is kept sealed on the device at once, its upload waits in the outbox, goes in chunks
 * once the relay is reachable (progress recorded, a dropped connection resumes), and another
 * device fetches it on demand through the doc, verified, and keeps it for offline use. A member
 * without access to the doc gets the relay's 403; a full village quota is a refusal for good.
 */
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fetchFile, readLocalFile, storeLocalFile, uploadFile, UploadRefused } from '../../client/attachments/files'
import type { ApiContext } from '../../client/app/api/http'
import { openUserDb } from '../../client/sync/db'
import { Outbox } from '../../client/sync/outbox'
import { actSender } from '../../client/workspace/acts'
import { api } from '../helpers/api'
import { login, startTestRelay, type TestRelay } from '../helpers/relay'
import { freshIdb } from './idb'

let relay: TestRelay
let gridWorker: string
let adminId: string
const DEAD = 'http://127.0.0.1:9'
const key = () => globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
const prepared = (bytes: Buffer) => ({ bytes: Uint8Array.from(bytes), sha256: createHash('sha256').update(bytes).digest('hex'), type: 'image/jpeg', size: bytes.length })

beforeAll(async () => {
  relay = await startTestRelay({ attachmentVillageQuotaBytes: 3 * 1024 * 1024 })
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000009', name: '赵网格', password: 'member-pass-1', role: 'grid_worker' } })
  const id = (created.json as { id: string }).id
  await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'grid_worker', gridIds: ['g2'], sensitive: false } })
  gridWorker = await login(relay.url, '13900000009', 'member-pass-1')
  adminId = ((await api(relay.url, '/api/auth/me', { token: relay.token })).json as { user: { id: string } }).user.id
}, 30_000)
afterAll(() => relay.close())

it('taken offline, uploads once online in chunks, and appears on another device', async () => {
  const doc = `${relay.villageId}/ledger/g1`
  const photo = prepared(randomBytes(700_000))
  // Device A is offline: the file is kept (sealed) and the upload queued.
  const a = { db: openUserDb('u1', freshIdb()), key: await key(), userId: adminId }
  const context: ApiContext = { baseUrl: DEAD, token: relay.token }
  let clock = 0
  const timers: Array<() => void> = []
  const outbox = new Outbox({ db: a.db, send: actSender(context, a), now: () => clock, schedule: (fn) => (timers.push(fn), () => undefined) })
  await storeLocalFile(a.db, a.key, relay.villageId, photo)
  const stored = await a.db.files.get(`${relay.villageId}/${photo.sha256}`)
  expect(Buffer.from(stored?.bytes ?? []).includes(Buffer.from(photo.bytes.subarray(0, 64)))).toBe(false)
  expect(stored?.iv).toBeDefined()
  await outbox.enqueue({ id: `attachment:${doc}:${photo.sha256}`, kind: 'attachment.upload', villageId: relay.villageId, payload: { sha256: photo.sha256, doc, type: photo.type, size: photo.size } })
  await outbox.flush()
  expect(await a.db.outbox.count()).toBe(1)
  expect((await a.db.outbox.toArray())[0]).toMatchObject({ state: 'pending', attempts: 1 })
  expect((await relay.store.attachments.get(relay.villageId, photo.sha256))).toBeNull()

  // Online: the outbox sends it; the relay holds the verified file; the row says all of it arrived.
  context.baseUrl = relay.url
  clock += 60_000
  await outbox.flush()
  expect(await a.db.outbox.count()).toBe(0)
  expect(await relay.store.attachments.get(relay.villageId, photo.sha256)).toMatchObject({ complete: true, size: 700_000 })
  expect((await a.db.files.get(`${relay.villageId}/${photo.sha256}`))?.uploaded).toBe(700_000)
  outbox.destroy()

  // Device B fetches it on demand, verified, and keeps it: it opens again with the relay unreachable.
  const b = { db: openUserDb('u1', freshIdb()), key: await key() }
  const bytes = await fetchFile({ baseUrl: relay.url, token: relay.token }, b.db, b.key, relay.villageId, photo, doc)
  expect(Buffer.from(bytes).equals(Buffer.from(photo.bytes))).toBe(true)
  const offline = await fetchFile({ baseUrl: DEAD, token: relay.token }, b.db, b.key, relay.villageId, photo, doc)
  expect(Buffer.from(offline).equals(Buffer.from(photo.bytes))).toBe(true)

  // Device B attaches the same photo to a meeting's minutes: nothing is sent again, its proof of
  // holding the bytes links it. A device that lacks the bytes cannot link it.
  const minutes = `${relay.villageId}/minutes/m1`
  const payloadB = { sha256: photo.sha256, doc: minutes, type: photo.type, size: photo.size }
  const sent: string[] = []
  const counting: typeof fetch = async (input, init) => (sent.push(init?.method ?? 'GET'), fetch(input, init))
  await uploadFile({ baseUrl: relay.url, token: relay.token }, { ...b, userId: adminId }, relay.villageId, payloadB, { fetch: counting })
  expect(sent).toEqual(['POST'])
  expect(await relay.store.attachments.referenced(relay.villageId, photo.sha256, minutes)).toBe(true)
  const empty = { db: openUserDb('u1', freshIdb()), key: null, userId: adminId }
  const refused = await uploadFile({ baseUrl: relay.url, token: relay.token }, empty, relay.villageId, { ...payloadB, doc: `${relay.villageId}/minutes/m2` }).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(UploadRefused)
  expect((refused as Error).message).toMatch(/^本村已保存过这个文件/)
  empty.db.close()

  // A grid worker of another grid gets the relay's 403 for it.
  const c = { db: openUserDb('u2', freshIdb()), key: null }
  await expect(fetchFile({ baseUrl: relay.url, token: gridWorker }, c.db, c.key, relay.villageId, photo, doc)).rejects.toMatchObject({ status: 403, message: '没有权限查看这个文档' })
  expect(await readLocalFile(c.db, c.key, relay.villageId, photo.sha256)).toBeNull()
  for (const d of [a.db, b.db, c.db]) d.close()
}, 30_000)

it('a connection lost mid-upload resumes from what the relay has, reporting progress', async () => {
  const doc = `${relay.villageId}/ledger/g1`
  const file = prepared(randomBytes(900_000))
  const device = { db: openUserDb('u3', freshIdb()), key: null, userId: adminId }
  await storeLocalFile(device.db, device.key, relay.villageId, file)
  let puts = 0
  const flaky: typeof fetch = async (input, init) => {
    if (init?.method === 'PUT' && ++puts === 3) throw new TypeError('network lost')
    return fetch(input, init)
  }
  const seen: number[] = []
  const context = { baseUrl: relay.url, token: relay.token }
  const payload = { sha256: file.sha256, doc, type: file.type, size: file.size }
  await expect(uploadFile(context, device, relay.villageId, payload, { fetch: flaky, onProgress: (n) => seen.push(n) })).rejects.toMatchObject({ status: 0 })
  expect(seen).toEqual([0, 262_144, 524_288])
  await uploadFile(context, device, relay.villageId, payload, { fetch: flaky, onProgress: (n) => seen.push(n) })
  // Resumed at 512 KiB: the first two chunks were not sent again.
  expect(seen.slice(3)).toEqual([524_288, 786_432, 900_000])
  expect(puts).toBe(5)
  const served = await relay.store.attachments.read(relay.villageId, file.sha256)
  expect(Buffer.from(served ?? []).equals(Buffer.from(file.bytes))).toBe(true)
  device.db.close()
}, 30_000)

it('a full village is a refusal for good with the relay message', async () => {
  const device = { db: openUserDb('u4', freshIdb()), key: null, userId: adminId }
  const file = prepared(randomBytes(2 * 1024 * 1024))
  await storeLocalFile(device.db, device.key, relay.villageId, file)
  const error = await uploadFile({ baseUrl: relay.url, token: relay.token }, device, relay.villageId, { sha256: file.sha256, doc: `${relay.villageId}/ledger/g1`, type: file.type, size: file.size }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(UploadRefused)
  expect((error as Error).message).toMatch(/^本村附件存储空间已满：已用 1\.5 MB，上限 3\.0 MB，放不下这个 2\.0 MB 的文件/)
  device.db.close()
})
