/**
 * Several relays on one PostgreSQL database and one Redis, as behind a load balancer: clients on
 * different relays converge; a relay killed with SIGKILL loses nothing acknowledged and its
 * clients move to another relay; compaction under concurrent writes keeps everything; a relay
 * started later serves the current state; sync-step-2 replies are never fanned out; a Redis
 * outage degrades to single-relay behaviour and recovers.
 *
 * Needs PostgreSQL (127.0.0.1:5432, trust auth, database `test`) and Redis (6379). Without them
 * a developer machine skips this suite loudly; under CI it fails instead.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeFanout } from '../../server/relay/fanout.js'
import { SKIP_REASON, freshPostgresDatabase, requirePostgres, type FreshDatabase } from '../helpers/postgres.js'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { ADMIN, createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { PrivateRedis, TEST_REDIS_URL, freePort, redisAvailable } from '../helpers/redis.js'
import { startTcpProxy } from '../helpers/tcpProxy.js'
import { waitFor } from '../helpers/waitFor.js'

const pgUp = await requirePostgres('the scale-out suite')
const redisUp = await redisAvailable()
if (!redisUp && process.env.CI) throw new Error('scale-out suite: Redis (127.0.0.1:6379) is unreachable; CI must not skip it')
if (!redisUp) console.warn('\n' + '!'.repeat(78) + '\n!! SKIPPING the scale-out suite: Redis is not reachable on this machine.\n' + '!'.repeat(78) + '\n')
const available = pgUp && redisUp

let database: FreshDatabase | null = null
let databaseUrl = ''
const relays: TestRelay[] = []
const clients: TestClient[] = []
const children: ChildProcess[] = []
const dirs: string[] = []

beforeAll(async () => {
  if (!available) return
  database = await freshPostgresDatabase('cunwu_scale')
  databaseUrl = database.url
})
afterAll(() => database?.drop())
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const r of relays.splice(0)) await r.stop()
  for (const p of children.splice(0)) p.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cunwu-scale-'))
  dirs.push(dir)
  return dir
}

async function relayInProcess(redisUrl = TEST_REDIS_URL, overrides: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
  const relay = await startTestRelay({ databaseUrl, redisUrl, ...overrides }, tempDir())
  relays.push(relay)
  return relay
}

function relayProcess(): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, ADMIN_PHONE: ADMIN.phone, ADMIN_PASSWORD: ADMIN.password, STATIC_DIR: '', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(proc)
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = out.match(/listening on http:\/\/[\d.]+:(\d+)/)?.[1]
      if (port) resolve({ proc, port: Number(port) })
    })
    proc.once('exit', (code) => reject(new Error(`relay exited with ${code}`)))
  })
}

function client(relay: { wsUrl: string }, docName: string, token: string, durable = false): TestClient {
  const c = connectClient(relay.wsUrl, docName, token, { durable })
  clients.push(c)
  return c
}

describe.skipIf(!available)(`several relays on PostgreSQL and Redis${available ? '' : ` ${SKIP_REASON}`}`, () => {
  it('clients on different relays converge, and a relay started later serves the current state', async () => {
    const a = await relayInProcess()
    const b = await relayInProcess()
    const doc = `${a.villageId}/meta`
    const ca = client(a, doc, a.token)
    const cb = client(b, doc, a.token)
    await waitFor(() => ca.provider.synced && cb.provider.synced, 'synced')
    ca.doc.getMap('profile').set('address', 'A 写的')
    cb.doc.getMap('profile').set('phone', 'B 写的')
    await waitFor(() => ca.doc.getMap('profile').get('phone') === 'B 写的' && cb.doc.getMap('profile').get('address') === 'A 写的', 'converged')
    const late = await relayInProcess()
    const cl = client(late, doc, a.token)
    await waitFor(() => cl.provider.synced, 'late synced')
    expect(cl.doc.getMap('profile').toJSON()).toEqual(ca.doc.getMap('profile').toJSON())
  })

  it('never fans out the sync-step-2 reply a relay sends to a connecting client', async () => {
    const a = await relayInProcess()
    const doc = `${a.villageId}/minutes/m1`
    const writer = client(a, doc, a.token, true)
    await waitFor(() => writer.provider.synced, 'writer synced')
    writer.doc.getText('body').insert(0, '已有内容')
    await waitFor(() => writer.allSaved(), 'saved')
    const spy = new Redis(TEST_REDIS_URL)
    const frames: string[] = []
    spy.on('messageBuffer', (_channel: Buffer, message: Buffer) => frames.push(decodeFanout(new Uint8Array(message)).kind))
    await spy.subscribe(`cunwu:doc:${doc}`)
    const reader = client(a, doc, a.token)
    await waitFor(() => reader.provider.synced && reader.doc.getText('body').toString() === '已有内容', 'reader got content')
    writer.doc.getText('body').insert(0, '新')
    await waitFor(() => frames.includes('update'), 'a real update is fanned out')
    expect(frames.filter((k) => k === 'update')).toHaveLength(1)
    spy.disconnect()
  })

  it('compacts on one relay at a time without dropping updates appended meanwhile', async () => {
    const a = await relayInProcess(TEST_REDIS_URL, { compactRows: 5 })
    const b = await relayInProcess(TEST_REDIS_URL, { compactRows: 5 })
    const doc = `${a.villageId}/minutes/busy`
    const ca = client(a, doc, a.token, true)
    const cb = client(b, doc, a.token, true)
    await waitFor(() => ca.provider.synced && cb.provider.synced, 'synced')
    for (let i = 0; i < 120; i++) {
      ;(i % 2 ? ca : cb).doc.getArray<number>('n').push([i])
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve))
    }
    await waitFor(() => ca.allSaved() && cb.allSaved(), 'all saved')
    const stored = await a.store.docs.load(doc)
    expect(stored.updates.length).toBeLessThan(120)
    const fresh = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(fresh, u)
    expect([...fresh.getArray<number>('n').toArray()].sort((x, y) => x - y)).toEqual([...Array(120).keys()])
  })

  it('a relay killed with SIGKILL loses nothing acknowledged; its clients move to another relay', async () => {
    const first = await relayProcess()
    const second = await relayProcess()
    const url1 = `http://127.0.0.1:${first.port}`
    const token = await login(url1)
    const villageId = await createVillage(url1, token, '多中继村')
    const balancer = await startTcpProxy(first.port)
    const doc = `${villageId}/minutes/m1`
    const writer = client({ wsUrl: balancer.url.replace(/^http/, 'ws') + '/ws' }, doc, token, true)
    const watcher = client({ wsUrl: `ws://127.0.0.1:${second.port}/ws` }, doc, token)
    await waitFor(() => writer.provider.synced && watcher.provider.synced, 'synced')
    const items = writer.doc.getArray<number>('items')
    const clocks: number[] = []
    for (let i = 0; i < 300; i++) {
      items.push([i])
      clocks.push(Y.getState(writer.doc.store, writer.doc.clientID))
      if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve))
    }
    await waitFor(() => (writer.acked().get(writer.doc.clientID) ?? 0) > 0, 'some acked')
    first.proc.kill('SIGKILL')
    const acked = clocks.filter((c) => c <= (writer.acked().get(writer.doc.clientID) ?? 0)).length
    expect(acked).toBeGreaterThan(0)
    balancer.retarget(second.port)
    balancer.cut()
    balancer.restore()
    // The writer reconnects through the balancer to the second relay, which must have every
    // acknowledged item, and then everything converges.
    await waitFor(() => writer.allSaved(), 'all saved via the second relay', 20_000)
    await waitFor(() => watcher.doc.getArray('items').length === 300, 'watcher converged', 20_000)
    const fresh = await login(`http://127.0.0.1:${second.port}`)
    const check = client({ wsUrl: `ws://127.0.0.1:${second.port}/ws` }, doc, fresh)
    await waitFor(() => check.provider.synced, 'check synced')
    expect(check.doc.getArray<number>('items').toArray().slice(0, acked)).toEqual([...Array(acked).keys()])
    await balancer.close()
  })

  it('a Redis outage degrades to single-relay behaviour and recovers', async () => {
    const redis = new PrivateRedis(await freePort())
    await redis.start()
    try {
      const a = await relayInProcess(redis.url)
      const b = await relayInProcess(redis.url)
      const doc = `${a.villageId}/meta`
      const ca = client(a, doc, a.token, true)
      const cb = client(b, doc, a.token)
      await waitFor(() => ca.provider.synced && cb.provider.synced, 'synced')
      await redis.stop()
      ca.doc.getMap('profile').set('note', 'Redis 停了')
      await waitFor(() => ca.allSaved(), 'saved on its own relay while Redis is down')
      expect(cb.doc.getMap('profile').get('note')).toBeUndefined()
      await redis.start()
      await waitFor(() => cb.doc.getMap('profile').get('note') === 'Redis 停了', 'caught up after Redis returned', 20_000)
      cb.doc.getMap('profile').set('phone', '恢复后')
      await waitFor(() => ca.doc.getMap('profile').get('phone') === '恢复后', 'fan-out resumed', 20_000)
    } finally {
      await redis.stop()
    }
  })
})
