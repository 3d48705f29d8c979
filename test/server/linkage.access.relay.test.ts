/**
 * 联网联户 scoped access at the real relay (#17 item 7): a township cadre linked to households in a
 * village opens and writes their own linkage doc and gets 403 for every other doc of the village —
 * over the websocket and over HTTP sync — and the background-sync manifest offers them only their
 * own doc, so that is all their phone keeps offline. Village cadres write any linkage doc.
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { api } from '../helpers/api.js'
import { syncUpdate } from '../helpers/fakeSocket.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

let relay: TestRelay
const tokens: Record<string, string> = {}
const ids: Record<string, string> = {}
const PASSWORD = 'member-pass-1'
const USERS = [
  { key: 'linked', phone: '13900000011', role: 'linked_cadre' },
  { key: 'otherLinked', phone: '13900000012', role: 'linked_cadre' },
  { key: 'cadre', phone: '13900000013', role: 'village_cadre' },
] as const

function open(docName: string, token: string): Promise<{ status: number; ws?: WebSocket }> {
  const ws = new WebSocket(`${relay.wsUrl}/${docName}?token=${encodeURIComponent(token)}`)
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('open', () => resolve({ status: 101, ws }))
    ws.once('error', () => undefined)
  })
}

beforeAll(async () => {
  relay = await startTestRelay()
  for (const u of USERS) {
    const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: u.phone, name: u.key, password: PASSWORD, role: u.role } })
    expect(created.status).toBe(201)
    ids[u.key] = (created.json as { id: string }).id
    const set = await api(relay.url, `/api/users/${ids[u.key]}/memberships/${relay.villageId}`, {
      token: relay.token,
      method: 'PUT',
      body: { role: u.role, gridIds: [], sensitive: false },
    })
    expect(set.status).toBe(200)
    tokens[u.key] = await login(relay.url, u.phone, PASSWORD)
  }
}, 60_000)
afterAll(() => relay.close())

describe('a linked township cadre at the relay', () => {
  it('writes their own linkage doc', async () => {
    const name = `${relay.villageId}/linkage/${ids.linked}`
    const opened = await open(name, tokens.linked ?? '')
    expect(opened.status).toBe(101)
    const doc = new Y.Doc()
    doc.getMap('visits').set('v1', 'probe')
    opened.ws?.send(syncUpdate(Y.encodeStateAsUpdate(doc)))
    await waitFor(async () => (await relay.store.docs.load(name)).updates.length > 0, 'the contact is stored')
    opened.ws?.close()
  })

  it('gets 403 for everything else of the village, another member’s linkage doc included', async () => {
    const others = ['meta', 'ledger/g1', 'sensitive/g1', 'minutes/m1', 'decisions', `linkage/${ids.otherLinked}`, 'linkage/someoneElse']
    const statuses = []
    for (const doc of others) statuses.push((await open(`${relay.villageId}/${doc}`, tokens.linked ?? '')).status)
    expect(statuses).toEqual(others.map(() => 403))
  })

  it('is refused over HTTP sync too, and the manifest offers only their own doc', async () => {
    // Something stored in a grid doc and in another member's linkage doc, so the manifest has them to leave out.
    const cadreLedger = await open(`${relay.villageId}/ledger/g1`, tokens.cadre ?? '')
    const cadreOther = await open(`${relay.villageId}/linkage/${ids.otherLinked}`, tokens.cadre ?? '')
    expect([cadreLedger.status, cadreOther.status]).toEqual([101, 101])
    for (const [opened, name] of [
      [cadreLedger, `${relay.villageId}/ledger/g1`],
      [cadreOther, `${relay.villageId}/linkage/${ids.otherLinked}`],
    ] as const) {
      const doc = new Y.Doc()
      doc.getMap('m').set('k', 'v')
      opened.ws?.send(syncUpdate(Y.encodeStateAsUpdate(doc)))
      await waitFor(async () => (await relay.store.docs.load(name)).updates.length > 0, `${name} stored`)
      opened.ws?.close()
    }
    const manifest = await api(relay.url, '/api/sync/manifest', { token: tokens.linked ?? '' })
    expect(manifest.status).toBe(200)
    expect((manifest.json as { docs: { name: string; access: string }[] }).docs).toEqual([
      { name: `${relay.villageId}/linkage/${ids.linked}`, version: expect.anything(), access: 'write' },
    ])
    const emptyVector = Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64')
    const sync = await api(relay.url, '/api/sync', { token: tokens.linked ?? '', body: { docs: [{ name: `${relay.villageId}/ledger/g1`, stateVector: emptyVector }] } })
    expect(sync.status).toBe(200)
    expect((sync.json as { docs: unknown[] }).docs).toEqual([{ name: `${relay.villageId}/ledger/g1`, error: 'forbidden' }])
  })
})
