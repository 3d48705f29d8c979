/**
 * Publishing over HTTP (app.request, no socket): who may publish, validation in Chinese naming the field,
 * server-side sanitising, idempotency by the client's id, corrections and the audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../shared/ids.js'
import { api } from '../helpers/api.js'
import { login, startTestApp, type TestApp } from '../helpers/relay.js'

let relay: TestApp
const tokens: Record<string, string> = {}

async function member(phone: string, name: string, role: string): Promise<string> {
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name, password: 'member-pass-1', role } })
  const id = (created.json as { id: string }).id
  await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role, gridIds: [], sensitive: false } })
  return login(relay.url, phone, 'member-pass-1')
}

const notice = (over: Record<string, unknown> = {}) => ({
  id: newId(),
  kind: 'village_affairs',
  title: '2026年第一季度村务公开',
  body: '一、村道硬化工程已完工。',
  periodFrom: '2026-03-01',
  periodTo: '2026-03-10',
  ...over,
})

beforeAll(async () => {
  relay = await startTestApp()
  tokens.cadre = await member('13900000001', '张书记', 'village_cadre')
  tokens.supervisor = await member('13900000002', '李监督', 'supervisor')
}, 30_000)
afterAll(() => relay.close())

describe('POST /api/notices/:villageId', () => {
  it('a cadre publishes; a repeat of the same id publishes once', async () => {
    const body = notice()
    const first = await api(relay.url, `/api/notices/${relay.villageId}`, { token: tokens.cadre, body })
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({ created: true, notice: { seq: 1, publisherName: '张书记', body: '<p>一、村道硬化工程已完工。</p>' } })
    const again = await api(relay.url, `/api/notices/${relay.villageId}`, { token: tokens.cadre, body })
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ created: false, notice: (first.json as { notice: unknown }).notice })
    const list = await api(relay.url, `/api/notices/${relay.villageId}`, { token: tokens.supervisor })
    expect((list.json as { notices: unknown[] }).notices).toHaveLength(1)
  })

  it('a supervisor may read but not publish; no token is 401', async () => {
    expect((await api(relay.url, `/api/notices/${relay.villageId}`, { token: tokens.supervisor, body: notice() })).status).toBe(403)
    expect((await api(relay.url, `/api/notices/${relay.villageId}`, { body: notice() })).status).toBe(401)
    expect((await api(relay.url, `/api/notices/nope`, { token: relay.token, body: notice() })).status).toBe(404)
  })

  it('bad input gets a Chinese message naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ periodTo: '2026-02-01' }, 'periodTo'],
      [{ kind: 'decision_resolution' }, 'decisionId'],
      [{ body: '<script>alert(1)</script>' }, 'body'],
      [{ correctionOf: 99 }, 'correctionOf'],
    ]
    for (const [over, field] of cases) {
      const res = await api(relay.url, `/api/notices/${relay.villageId}`, { token: tokens.cadre, body: notice(over) })
      expect(res.status, field).toBe(400)
      expect(res.json).toMatchObject({ field, error: expect.stringMatching(/[\u4e00-\u9fff]/) })
    }
  })

  it('sanitises the body before hashing and storing it', async () => {
    const res = await api(relay.url, `/api/notices/${relay.villageId}`, {
      token: tokens.cadre,
      body: notice({ body: '<p onclick="x()">收支<img src="https://evil.example/t.png"></p><script>alert(1)</script>' }),
    })
    expect((res.json as { notice: { body: string } }).notice.body).toBe('<p>收支</p>')
  })

  it('a correction references the notice it corrects; the audit log records the publication without content', async () => {
    const res = await api(relay.url, `/api/notices/${relay.villageId}`, { token: tokens.cadre, body: notice({ title: '更正', correctionOf: 1 }) })
    expect(res.json).toMatchObject({ notice: { correctionOf: 1 } })
    const audit = await api(relay.url, '/api/audit?action=notice.publish', { token: relay.token })
    const entries = (audit.json as { entries: Array<{ target: string; detail: string }> }).entries
    expect(entries.length).toBe(3)
    expect(entries.every((e) => e.target === relay.villageId && /^第 \d+ 号公告$/.test(e.detail))).toBe(true)
  })
})
