/**
 * The audit log over HTTP on a real relay (issue #14 item 4): entries written when things happen
 * (a websocket's first change while it is still open, each doc of a background sync, refusals,
 * sign-ins with the client's address, notice-list reads), filters by person, doc, village and
 * date, the chain check, and the .xlsx export, all for the township admin only.
 */
import ExcelJS from 'exceljs'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { auditListSchema, auditVerdictSchema, type AuditEntryView } from '../../shared/api/accounts.js'
import { toBase64 } from '../../shared/api/sync.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { api } from '../helpers/api.js'
import { syncUpdate } from '../helpers/fakeSocket.js'
import { ADMIN, login, startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay
let workerToken = ''
let workerId = ''

beforeAll(async () => {
  relay = await startTestRelay({ trustProxy: 'loopback' })
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000300', name: '钱网格', password: 'worker-pass-1', role: 'grid_worker' } })
  workerId = (created.json as { id: string }).id
  await api(relay.url, `/api/users/${workerId}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'grid_worker', gridIds: ['g1'], sensitive: false } })
  workerToken = await login(relay.url, '13900000300', 'worker-pass-1')
}, 30_000)
afterAll(() => relay.close())

async function entries(query: string): Promise<AuditEntryView[]> {
  const res = await api(relay.url, `/api/audit?${query}`, { token: relay.token })
  expect(res.status).toBe(200)
  return auditListSchema.parse(res.json).entries
}

function update(text: string): Uint8Array {
  const d = new Y.Doc()
  d.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(d)
}

describe('audit log', () => {
  it('records a sign-in with the client address behind the trusted proxy', async () => {
    const res = await api(relay.url, '/api/auth/login', { body: { phone: ADMIN.phone, password: ADMIN.password }, headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(res.status).toBe(200)
    await expect.poll(async () => (await entries('action=login')).map((e) => e.address)).toContain('203.0.113.9')
  })

  it("records a websocket's first change while the socket is still open", async () => {
    const name = `${relay.villageId}/ledger/g1`
    const ws = new WebSocket(`${relay.wsUrl}/${name}?token=${encodeURIComponent(workerToken)}`)
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    ws.send(syncUpdate(update('走访记录')))
    await expect
      .poll(async () => (await entries(`action=doc.push&docName=${encodeURIComponent(name)}`)).map((e) => [e.actorId, e.villageId, e.detail?.startsWith('实时编辑：首次修改')]))
      .toContainEqual([workerId, relay.villageId, true])
    expect(ws.readyState).toBe(WebSocket.OPEN)
    ws.close()
  })

  it('records a refused upgrade with who asked and for which doc', async () => {
    const name = `${relay.villageId}/ledger/g2`
    const res = await fetch(`${relay.url}/ws/${name}?token=${encodeURIComponent(workerToken)}`)
    expect(res.status).toBe(403)
    await expect.poll(async () => (await entries(`action=doc.refused&actorId=${workerId}`)).map((e) => e.docName)).toContain(name)
  })

  it('records every doc of a background sync on its own: a push, a read and a refusal', async () => {
    const own = `${relay.villageId}/ledger/g1`
    const meta = `${relay.villageId}/meta`
    const other = `${relay.villageId}/ledger/g2`
    const empty = toBase64(Y.encodeStateVector(new Y.Doc()))
    const res = await api(relay.url, '/api/sync', {
      token: workerToken,
      body: { docs: [{ name: own, stateVector: empty, update: toBase64(update('离线修改')) }, { name: meta, stateVector: empty }, { name: other, stateVector: empty }] },
    })
    expect(res.status).toBe(200)
    await expect
      .poll(async () => (await entries(`actorId=${workerId}`)).filter((e) => e.detail?.startsWith('后台同步')).map((e) => `${e.action} ${e.docName}`))
      .toEqual(expect.arrayContaining([`doc.push ${own}`, `doc.read ${meta}`, `doc.refused ${other}`]))
  })

  it('records notice-list reads, filters by village and date, verifies the chain, and exports .xlsx', async () => {
    expect((await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token })).status).toBe(200)
    await expect.poll(async () => (await entries(`action=notice.list&villageId=${relay.villageId}`)).map((e) => e.actorName)).toContain('镇管理员')

    const today = shanghaiDate()
    expect((await entries(`from=${today}&to=${today}`)).length).toBeGreaterThan(3)
    expect(await entries('from=2020-01-01&to=2020-01-31')).toEqual([])
    expect((await api(relay.url, '/api/audit?from=2026-13-01', { token: relay.token })).status).toBe(400)

    const verdict = auditVerdictSchema.parse((await api(relay.url, '/api/audit/verify', { token: relay.token })).json)
    expect(verdict).toMatchObject({ intact: true })

    const res = await fetch(`${relay.url}/api/audit/export?villageId=${relay.villageId}`, { headers: { authorization: `Bearer ${relay.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const sheet = book.getWorksheet('审计日志')
    expect(sheet?.getRow(2).getCell(1).value).toBe('序号')
    const actions = new Set<string>()
    sheet?.eachRow((row, n) => n > 2 && actions.add(String(row.getCell(4).value)))
    expect(actions).toContain('查看公告列表')
  })

  it('writes its details in Chinese: a published notice, a read of the minutes versions', async () => {
    const body = { id: 'n-audit', kind: 'finance', title: '十月财务公开', body: '<p>明细</p>', periodFrom: '2026-11-01', periodTo: '2026-11-10', correctionOf: null, decisionId: null }
    expect((await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token, body })).status).toBe(201)
    expect((await api(relay.url, `/api/minutes/${relay.villageId}/m1/versions`, { token: relay.token })).status).toBe(200)
    expect((await entries('action=notice.publish')).map((e) => e.detail)).toEqual(['第 1 号公告'])
    expect((await entries('action=minutes.read')).map((e) => e.detail)).toEqual(['版本列表'])
  })

  it('is for the township admin only', async () => {
    for (const path of ['/api/audit', '/api/audit/verify', '/api/audit/export']) {
      expect((await api(relay.url, path, { token: workerToken })).status).toBe(403)
    }
  })
})
