/**
 * Reveal reports (a masked ID number shown in full): accepted for a ledger doc the user may open
 * and written to the audit log with ids only; refused for a grid the user has no access to, and
 * for docs that are not ledgers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../helpers/api.js'
import { login, startTestApp, type TestApp } from '../helpers/relay.js'

let relay: TestApp
let workerToken: string
const WORKER = { phone: '13900000031', password: 'worker-pass-31' }

beforeAll(async () => {
  relay = await startTestApp()
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { ...WORKER, name: '赵网格', role: 'grid_worker' } })
  expect(created.status).toBe(201)
  const id = (created.json as { id: string }).id
  const set = await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'grid_worker', gridIds: ['gridAAAA'], sensitive: false } })
  expect(set.status).toBe(200)
  workerToken = await login(relay.url, WORKER.phone, WORKER.password)
})
afterAll(() => relay.close())

const reveal = (docName: string) => ({ docName, kind: 'resident', field: 'idNumber', recordIds: ['rec1', 'rec2'], count: 2, at: '2026-11-23T08:00:00.000Z' })

describe('POST /api/audit/reveal', () => {
  it('logs a reveal on the worker\'s own grid, with ids and never a value', async () => {
    const res = await api(relay.url, '/api/audit/reveal', { token: workerToken, body: reveal(`${relay.villageId}/ledger/gridAAAA`) })
    expect(res.status).toBe(200)
    await expect
      .poll(async () => {
        const log = await api(relay.url, '/api/audit?action=ledger.reveal', { token: relay.token })
        return (log.json as { entries: { target: string; detail: string; actorName: string }[] }).entries
      })
      .toEqual([expect.objectContaining({ target: `${relay.villageId}/ledger/gridAAAA`, actorName: '赵网格', detail: '人·身份证号 ×2（设备时间 2026-11-23T08:00:00.000Z）: rec1,rec2' })])
  })

  it('refuses another grid, a non-ledger doc, a bad body and no session', async () => {
    expect((await api(relay.url, '/api/audit/reveal', { token: workerToken, body: reveal(`${relay.villageId}/ledger/gridBBBB`) })).status).toBe(403)
    expect((await api(relay.url, '/api/audit/reveal', { token: workerToken, body: reveal(`${relay.villageId}/meta`) })).status).toBe(400)
    expect((await api(relay.url, '/api/audit/reveal', { token: workerToken, body: { ...reveal(`${relay.villageId}/ledger/gridAAAA`), recordIds: [] } })).status).toBe(400)
    // The entry's words are the server's: an unknown kind, or a field that is not masked, is refused.
    expect((await api(relay.url, '/api/audit/reveal', { token: workerToken, body: { ...reveal(`${relay.villageId}/ledger/gridAAAA`), kind: '<b>假</b>' } })).status).toBe(400)
    expect((await api(relay.url, '/api/audit/reveal', { token: workerToken, body: { ...reveal(`${relay.villageId}/ledger/gridAAAA`), field: 'name' } })).status).toBe(400)
    expect((await api(relay.url, '/api/audit/reveal', { body: reveal(`${relay.villageId}/ledger/gridAAAA`) })).status).toBe(401)
  })
})
