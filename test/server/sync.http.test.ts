/**
 * Background sync over HTTP: one manifest for every permitted doc with its version, one request
 * to pull and push many docs, the same access rules as the socket, acks only for what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fromBase64, manifestSchema, syncResponseSchema, toBase64 } from '../../shared/api/sync.js'
import { api } from '../helpers/api.js'
import { connectClient } from '../helpers/provider.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

let relay: TestRelay
let workerToken = ''
const doc = (suffix: string) => `${relay.villageId}/${suffix}`

async function seed(name: string, text: string): Promise<void> {
  const d = new Y.Doc()
  d.getText('t').insert(0, text)
  await relay.store.docs.append(name, Y.encodeStateAsUpdate(d))
}

const manifest = async (token: string) => manifestSchema.parse((await api(relay.url, '/api/sync/manifest', { token })).json)
const sync = async (token: string, docs: unknown[]) => {
  const res = await api(relay.url, '/api/sync', { token, body: { docs } })
  return { status: res.status, body: res.status === 200 ? syncResponseSchema.parse(res.json) : null, json: res.json }
}

beforeAll(async () => {
  relay = await startTestRelay()
  for (const g of ['g1', 'g2']) await seed(doc(`ledger/${g}`), `台账 ${g}`)
  await seed(doc('minutes/m1'), '会议')
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000200', name: '网格员', password: 'worker-pass-1', role: 'grid_worker' } })
  const id = (created.json as { id: string }).id
  await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'grid_worker', gridIds: ['g1'], sensitive: false } })
  workerToken = await login(relay.url, '13900000200', 'worker-pass-1')
}, 30_000)
afterAll(() => relay.close())

describe('HTTP sync', () => {
  it('lists every stored doc the user may open, with its version and access', async () => {
    const admin = await manifest(relay.token)
    expect(admin.docs.map((d) => d.name).sort()).toEqual([doc('ledger/g1'), doc('ledger/g2'), doc('meta'), doc('minutes/m1')].sort())
    const worker = await manifest(workerToken)
    expect(worker.docs.map((d) => [d.name, d.access]).sort()).toEqual([[doc('ledger/g1'), 'write'], [doc('meta'), 'read']].sort())
  })

  it('pulls what the client lacks and pushes its changes, which then reach open sockets', async () => {
    const live = connectClient(relay.wsUrl, doc('ledger/g1'), relay.token)
    await waitFor(() => live.provider.synced, 'live client synced')
    const local = new Y.Doc()
    const pulled = await sync(workerToken, [{ name: doc('ledger/g1'), stateVector: toBase64(Y.encodeStateVector(local)) }])
    const first = pulled.body?.docs[0]
    if (!first || 'error' in first) throw new Error('expected a result')
    Y.applyUpdate(local, fromBase64(first.update))
    expect(local.getText('t').toString()).toBe('台账 g1')
    const before = Y.encodeStateVector(local)
    local.getText('t').insert(0, '离线:')
    const pushed = await sync(workerToken, [{ name: doc('ledger/g1'), stateVector: toBase64(Y.encodeStateVector(local)), update: toBase64(Y.encodeStateAsUpdate(local, before)) }])
    const result = pushed.body?.docs[0]
    if (!result || 'error' in result) throw new Error('expected a result')
    expect(Y.decodeStateVector(fromBase64(result.stateVector)).get(local.clientID)).toBe(Y.getState(local.store, local.clientID))
    await waitFor(() => live.doc.getText('t').toString() === '离线:台账 g1', 'open socket sees the pushed change')
    live.destroy()
    const versions = await manifest(workerToken)
    expect(versions.docs.find((d) => d.name === doc('ledger/g1'))?.version).toBeGreaterThan(0)
  })

  it('refuses docs outside the user’s access, ignores read-only pushes, and stores nothing malformed', async () => {
    const metaBefore = Buffer.concat((await relay.store.docs.load(doc('meta'))).updates)
    const d = new Y.Doc()
    d.getMap('profile').set('name', '改名?')
    const res = await sync(workerToken, [
      { name: doc('ledger/g2'), stateVector: toBase64(Y.encodeStateVector(new Y.Doc())) },
      { name: doc('meta'), stateVector: toBase64(Y.encodeStateVector(d)), update: toBase64(Y.encodeStateAsUpdate(d)) },
      { name: doc('ledger/g1'), stateVector: 'AA==', update: toBase64(new Uint8Array([1, 1, 5, 0, 4])) },
      { name: 'nonsense', stateVector: 'AA==' },
    ])
    expect(res.body?.docs.map((r) => ('error' in r ? r.error : r.readOnly ? 'readOnly' : 'ok'))).toEqual(['forbidden', 'readOnly', 'malformed', 'unknown'])
    expect(Buffer.concat((await relay.store.docs.load(doc('meta'))).updates).equals(metaBefore)).toBe(true)
  })

  it('answers 400 naming the field for a bad request, and 401 without a session', async () => {
    expect((await api(relay.url, '/api/sync', { token: relay.token, body: { docs: [{ name: 'x', stateVector: '%%%' }] } })).json).toMatchObject({ field: 'docs.0.stateVector' })
    expect((await api(relay.url, '/api/sync/manifest')).status).toBe(401)
  })
})
