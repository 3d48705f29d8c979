/**
 * requireDocAccess: every HTTP route on a doc (notices, minutes, audit reveal, and the websocket
 * upgrade) answers a missing doc or village with 404 and a user without the access it needs with
 * 403, each with one text, decided by the shared access table. Driven with app.request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOC_ACCESS_ERRORS } from '../../server/http/requireDocAccess.js'
import { api } from '../helpers/api.js'
import { login, startTestApp, type TestApp } from '../helpers/relay.js'

let app: TestApp
let supervisor: string
let worker: string

async function member(phone: string, role: string, gridIds: string[] = []): Promise<string> {
  const created = await api(app.url, '/api/users', { token: app.token, body: { phone, name: `成员${phone.slice(-2)}`, password: 'member-pass-1', role } })
  const id = (created.json as { id: string }).id
  await api(app.url, `/api/users/${id}/memberships/${app.villageId}`, { token: app.token, method: 'PUT', body: { role, gridIds, sensitive: false } })
  return login(app.url, phone, 'member-pass-1')
}

beforeAll(async () => {
  app = await startTestApp()
  supervisor = await member('13900000041', 'supervisor')
  worker = await member('13900000042', 'grid_worker', ['gridA'])
})
afterAll(() => app.close())

const hash = { hash: 'a'.repeat(64) }
const reveal = (docName: string) => ({ docName, kind: 'resident', field: 'idNumber', recordIds: ['r1'], count: 1, at: '2026-11-23T08:00:00.000Z' })

describe('requireDocAccess', () => {
  it('lets a supervisor read minutes and notices but write neither, with one 403 text', async () => {
    const v = app.villageId
    expect((await api(app.url, `/api/notices/${v}`, { token: supervisor })).status).toBe(200)
    expect((await api(app.url, `/api/minutes/${v}/m1/versions`, { token: supervisor })).status).toBe(200)
    for (const [path, body] of [
      [`/api/notices/${v}`, { id: 'n1', kind: 'finance', title: '财务公开', body: '收支', periodFrom: '2026-03-01', periodTo: '2026-03-10' }],
      [`/api/minutes/${v}/m1/finalise`, hash],
      [`/api/minutes/${v}/m1/checkpoint`, {}],
    ] as const) {
      const res = await api(app.url, path, { token: supervisor, body })
      expect([path, res.status, res.json]).toEqual([path, 403, { error: DOC_ACCESS_ERRORS.write }])
    }
  })

  it('refuses a grid worker what the table refuses, with the read text', async () => {
    const v = app.villageId
    for (const [path, body] of [
      [`/api/notices/${v}`, undefined],
      [`/api/minutes/${v}/m1/versions`, undefined],
      ['/api/audit/reveal', reveal(`${v}/ledger/gridB`)],
    ] as const) {
      const res = await api(app.url, path, { token: worker, ...(body ? { body } : {}) })
      expect([path, res.status, res.json]).toEqual([path, 403, { error: DOC_ACCESS_ERRORS.read }])
    }
    expect((await api(app.url, '/api/audit/reveal', { token: worker, body: reveal(`${v}/ledger/gridA`) })).status).toBe(200)
  })

  it('answers a missing village or a malformed doc with 404', async () => {
    const missing = await api(app.url, '/api/notices/noSuchVillage', { token: app.token })
    expect([missing.status, missing.json]).toEqual([404, { error: DOC_ACCESS_ERRORS.unknownVillage }])
    const malformed = await api(app.url, `/api/minutes/${app.villageId}/${'x'.repeat(65)}/versions`, { token: app.token })
    expect([malformed.status, malformed.json]).toEqual([404, { error: DOC_ACCESS_ERRORS.unknownDoc }])
    expect((await api(app.url, '/ws/not-a-doc?token=x')).status).toBe(404)
    expect((await api(app.url, `/ws/${app.villageId}/meta?token=x`)).status).toBe(401)
    expect((await api(app.url, `/ws/${app.villageId}/decisions?token=${worker}`)).status).toBe(403)
  })
})
