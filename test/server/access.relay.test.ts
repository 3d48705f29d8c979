/**
 * Access control at the real relay: every role × every doc kind × read/write, against the
 * access table of DESIGN.md written out here independently of the implementation. Read-only
 * writes must leave the stored doc byte-for-byte unchanged. Plus cross-village denial, and
 * revocation closing open sockets at once.
 */
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE, MESSAGE } from '../../shared/protocol/messages.js'
import { api } from '../helpers/api.js'
import { syncUpdate } from '../helpers/fakeSocket.js'
import { createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

let relay: TestRelay
let otherVillage = ''
const tokens: Record<string, string> = {}
const userIds: Record<string, string> = {}

const USERS = [
  { key: 'cadre', phone: '13900000001', role: 'village_cadre', gridIds: [], sensitive: false },
  { key: 'secretary', phone: '13900000002', role: 'village_cadre', gridIds: [], sensitive: true },
  { key: 'worker', phone: '13900000003', role: 'grid_worker', gridIds: ['g1'], sensitive: false },
  { key: 'supervisor', phone: '13900000004', role: 'supervisor', gridIds: [], sensitive: false },
] as const
const PASSWORD = 'member-pass-1'

// Expected: W = may write, R = read-only, 403 = refused.
const DOCS = ['meta', 'ledger/g1', 'ledger/g2', 'sensitive/g1', 'sensitive/g2', 'minutes/m1', 'decisions'] as const
const TABLE: Record<string, readonly ('W' | 'R' | 403)[]> = {
  admin: ['W', 'W', 'W', 'W', 'W', 'W', 'W'],
  cadre: ['W', 'W', 'W', 403, 403, 'W', 'W'],
  secretary: ['W', 'W', 'W', 'W', 'W', 'W', 'W'],
  worker: ['R', 'W', 403, 'W', 403, 403, 403],
  supervisor: ['R', 403, 403, 403, 403, 'R', 'R'],
}

type Opened = { status: number; ws?: WebSocket; frames: Uint8Array[] }
function openSocket(docName: string, token: string | null): Promise<Opened> {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  const ws = new WebSocket(`${relay.wsUrl}/${docName}${query}`)
  const frames: Uint8Array[] = []
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, frames }))
    ws.once('open', () => resolve({ status: 101, ws, frames }))
    ws.once('error', () => undefined)
  })
}

const storedBytes = async (docName: string) => Buffer.concat((await relay.store.docs.load(docName)).updates)

/** Sends one update; resolves with whether the relay stored it (W) or refused it (R). */
async function tryWrite(opened: Opened, docName: string): Promise<'W' | 'R'> {
  const before = await storedBytes(docName)
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'probe')
  opened.ws?.send(syncUpdate(Y.encodeStateAsUpdate(doc)))
  const types = () => opened.frames.map((f) => decoding.readVarUint(decoding.createDecoder(f)))
  let stored = false
  await waitFor(async () => {
    stored = !(await storedBytes(docName)).equals(before)
    return stored || types().includes(MESSAGE.auth)
  }, `${docName}: stored or refused`)
  if (!stored) {
    // Refused: give the relay one more round trip, then check nothing was stored.
    opened.ws?.send(new Uint8Array([MESSAGE.queryAwareness]))
    await waitFor(() => types().filter((t) => t === MESSAGE.awareness).length > 0, 'awareness reply')
    expect((await storedBytes(docName)).equals(before)).toBe(true)
  }
  return stored ? 'W' : 'R'
}

beforeAll(async () => {
  relay = await startTestRelay()
  tokens.admin = relay.token
  otherVillage = await createVillage(relay.url, relay.token, '邻村')
  for (const u of USERS) {
    const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: u.phone, name: u.key, password: PASSWORD, role: u.role } })
    expect(created.status).toBe(201)
    const id = (created.json as { id: string }).id
    userIds[u.key] = id
    const set = await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, {
      token: relay.token,
      method: 'PUT',
      body: { role: u.role, gridIds: u.gridIds, sensitive: u.sensitive },
    })
    expect(set.status).toBe(200)
    tokens[u.key] = await login(relay.url, u.phone, PASSWORD)
  }
}, 60_000)
afterAll(() => relay.close())

describe('access at the relay', () => {
  for (const who of Object.keys(TABLE)) {
    it(`${who}: every doc kind opens, is read-only or is refused as the table says`, async () => {
      const got: ('W' | 'R' | number)[] = []
      for (const doc of DOCS) {
        const docName = `${relay.villageId}/${doc}`
        const opened = await openSocket(docName, tokens[who] ?? '')
        got.push(opened.status === 101 ? await tryWrite(opened, docName) : opened.status)
        opened.ws?.close()
      }
      expect(got).toEqual(TABLE[who])
    })
  }

  it('members are refused in a village they do not belong to; only the admin gets in', async () => {
    for (const u of USERS) expect((await openSocket(`${otherVillage}/meta`, tokens[u.key] ?? '')).status).toBe(403)
    const admin = await openSocket(`${otherVillage}/meta`, relay.token)
    expect(admin.status).toBe(101)
    admin.ws?.close()
  })

  it('no token or a wrong token is 401 before any socket exists', async () => {
    expect((await openSocket(`${relay.villageId}/meta`, null)).status).toBe(401)
    expect((await openSocket(`${relay.villageId}/meta`, 'x'.repeat(43))).status).toBe(401)
  })

  it('removing a membership closes that member’s open sockets with 4403', async () => {
    const opened = await openSocket(`${relay.villageId}/minutes/m1`, tokens.cadre ?? '')
    expect(opened.status).toBe(101)
    const closed = new Promise<number>((resolve) => opened.ws?.once('close', (code) => resolve(code)))
    const removed = await api(relay.url, `/api/users/${userIds.cadre}/memberships/${relay.villageId}`, { token: relay.token, method: 'DELETE' })
    expect(removed.status).toBe(200)
    expect(await closed).toBe(CLOSE.forbidden.code)
    expect((await openSocket(`${relay.villageId}/minutes/m1`, tokens.cadre ?? '')).status).toBe(403)
  })

  it('revoking a user’s sessions closes their sockets with 4401 and the token stops working', async () => {
    const opened = await openSocket(`${relay.villageId}/minutes/m1`, tokens.secretary ?? '')
    expect(opened.status).toBe(101)
    const closed = new Promise<number>((resolve) => opened.ws?.once('close', (code) => resolve(code)))
    expect((await api(relay.url, `/api/users/${userIds.secretary}/revoke-sessions`, { token: relay.token, method: 'POST', body: {} })).status).toBe(200)
    expect(await closed).toBe(CLOSE.unauthorised.code)
    expect((await openSocket(`${relay.villageId}/meta`, tokens.secretary ?? '')).status).toBe(401)
  })

  it('a role change from write to read reconnects the socket under the new access', async () => {
    const opened = await openSocket(`${relay.villageId}/meta`, tokens.worker ?? '')
    expect(opened.status).toBe(101)
    const closed = new Promise<number>((resolve) => opened.ws?.once('close', (code) => resolve(code)))
    const set = await api(relay.url, `/api/users/${userIds.worker}/memberships/${relay.villageId}`, {
      token: relay.token,
      method: 'PUT',
      body: { role: 'village_cadre', gridIds: [], sensitive: false },
    })
    expect(set.status).toBe(200)
    expect(await closed).toBe(CLOSE.accessChanged.code)
    const again = await openSocket(`${relay.villageId}/meta`, tokens.worker ?? '')
    expect(await tryWrite(again, `${relay.villageId}/meta`)).toBe('W')
    again.ws?.close()
  })
})
