/**
 * Accounts over HTTP on a real relay: first-run setup code, login throttling, password change,
 * user administration, validation messages that name the field, the audit log, and abuse guards.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startRelay, type RunningRelay } from '../../server/app.js'
import { api } from '../helpers/api.js'
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay | null = null
afterEach(async () => {
  await relay?.close()
  relay = null
  vi.restoreAllMocks()
})

describe('first run without ADMIN_PHONE', () => {
  let bare: RunningRelay | null = null
  let dir = ''
  afterEach(async () => {
    await bare?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('prints a one-time setup code that creates the admin once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cunwu-setup-'))
    const printed: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true))
    bare = await startRelay({ dataDir: dir, logLevel: 'silent' })
    vi.restoreAllMocks()
    const code = printed.join('').match(/设置码 (\d{8})/)?.[1]
    expect(code).toMatch(/^\d{8}$/)
    expect((await api(bare.url, '/api/setup')).json).toEqual({ needed: true })
    const wrongCode = code === '11111111' ? '22222222' : '11111111'
    const wrong = await api(bare.url, '/api/setup', { body: { code: wrongCode, phone: '13700000000', name: '王镇长', password: 'setup-pass-1' } })
    expect(wrong).toMatchObject({ status: 400, json: { field: 'code' } })
    const ok = await api(bare.url, '/api/setup', { body: { code, phone: '13700000000', name: '王镇长', password: 'setup-pass-1' } })
    expect(ok.status).toBe(201)
    expect(ok.json).toMatchObject({ user: { role: 'township_admin', name: '王镇长' } })
    const again = await api(bare.url, '/api/setup', { body: { code, phone: '13700000001', name: '李', password: 'setup-pass-1' } })
    expect(again.status).toBe(409)
    expect((await api(bare.url, '/api/setup')).json).toEqual({ needed: false })
  })
})

describe('accounts', () => {
  it('throttles repeated failed sign-ins per phone with 429 and Retry-After', async () => {
    relay = await startTestRelay({ throttle: { maxPerPhoneAddress: 3, maxPerIp: 100, windowMs: 60_000 } })
    for (let i = 0; i < 3; i++) {
      expect((await api(relay.url, '/api/auth/login', { body: { phone: ADMIN.phone, password: 'wrong-password' } })).status).toBe(401)
    }
    const blocked = await api(relay.url, '/api/auth/login', { body: { phone: ADMIN.phone, password: ADMIN.password } })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another phone from the same address is not blocked by the per-phone limit.
    expect((await api(relay.url, '/api/auth/login', { body: { phone: '13811111111', password: 'whatever-1' } })).status).toBe(401)
  })

  it('throttles per address across phones', async () => {
    relay = await startTestRelay({ throttle: { maxPerPhone: 100, maxPerIp: 4, windowMs: 60_000 } })
    for (let i = 0; i < 4; i++) await api(relay.url, '/api/auth/login', { body: { phone: `1381111111${i}`, password: 'nope-nope' } })
    expect((await api(relay.url, '/api/auth/login', { body: { phone: ADMIN.phone, password: ADMIN.password } })).status).toBe(429)
  })

  it('answers bad input with 400 naming the field, in Chinese', async () => {
    relay = await startTestRelay()
    expect(await api(relay.url, '/api/auth/login', { body: { phone: '12345', password: 'x' } })).toMatchObject({ status: 400, json: { field: 'phone', error: '手机号应为 11 位数字' } })
    const weak = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000009', name: '张三', password: 'short', role: 'grid_worker' } })
    expect(weak).toMatchObject({ status: 400, json: { field: 'password', error: '密码至少 8 位' } })
    const badRole = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000009', name: '张三', password: 'long-enough', role: 'mayor' } })
    expect(badRole).toMatchObject({ status: 400, json: { field: 'role' } })
    const notJson = await fetch(`${relay.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })
    expect(notJson.status).toBe(400)
  })

  it('refuses a second village of the same name with 409, in Chinese, and keeps the first', async () => {
    relay = await startTestRelay()
    const first = await api(relay.url, '/api/villages', { token: relay.token, body: { name: '东山村' } })
    expect(first.status).toBe(201)
    const again = await api(relay.url, '/api/villages', { token: relay.token, body: { name: ' 东山村 ' } })
    expect(again).toMatchObject({ status: 409, json: { field: 'name', error: '已有同名村庄「东山村」，请换一个村名' } })
    const list = await api(relay.url, '/api/villages', { token: relay.token })
    expect((list.json as { villages: { id: string; name: string }[] }).villages.filter((v) => v.name === '东山村')).toEqual([expect.objectContaining({ id: (first.json as { id: string }).id })])
  })

  it('creates users, changes a password (other sessions revoked), disables a user', async () => {
    relay = await startTestRelay()
    const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000010', name: '李四', password: 'first-pass-1', role: 'village_cadre' } })
    expect(created.status).toBe(201)
    const id = (created.json as { id: string }).id
    expect((await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000010', name: '重复', password: 'first-pass-1', role: 'village_cadre' } })).status).toBe(409)
    const login = async (password: string) => api(relay?.url ?? '', '/api/auth/login', { body: { phone: '13900000010', password } })
    const t1 = ((await login('first-pass-1')).json as { token: string }).token
    const t2 = ((await login('first-pass-1')).json as { token: string }).token
    expect((await api(relay.url, '/api/auth/password', { token: t1, body: { currentPassword: 'wrong', newPassword: 'second-pass-2' } })).json).toMatchObject({ field: 'currentPassword' })
    expect((await api(relay.url, '/api/auth/password', { token: t1, body: { currentPassword: 'first-pass-1', newPassword: 'second-pass-2' } })).status).toBe(200)
    expect((await api(relay.url, '/api/auth/me', { token: t1 })).status).toBe(200)
    expect((await api(relay.url, '/api/auth/me', { token: t2 })).status).toBe(401)
    expect((await login('second-pass-2')).status).toBe(200)
    expect((await api(relay.url, `/api/users/${id}`, { token: relay.token, method: 'PATCH', body: { disabled: true } })).status).toBe(200)
    expect((await api(relay.url, '/api/auth/me', { token: t1 })).status).toBe(401)
    expect((await login('second-pass-2')).status).toBe(401)
    // Only the township admin manages users.
    await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000012', name: '周七', password: 'other-pass-1', role: 'village_cadre' } })
    const other = (await api(relay.url, '/api/auth/login', { body: { phone: '13900000012', password: 'other-pass-1' } })).json as { token: string }
    expect((await api(relay.url, '/api/users', { token: other.token })).status).toBe(403)
  })

  it('keeps an audit log the admin can read, newest first, without tokens or passwords', async () => {
    relay = await startTestRelay()
    await api(relay.url, '/api/auth/login', { body: { phone: ADMIN.phone, password: 'wrong-password' } })
    await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000011', name: '赵六', password: 'audit-pass-1', role: 'supervisor' } })
    const res = await api(relay.url, '/api/audit?limit=10', { token: relay.token })
    expect(res.status).toBe(200)
    const entries = (res.json as { entries: { action: string; actorName: string | null; id: number }[] }).entries
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'login.failed', 'login', 'village.create']))
    expect(entries[0]?.id).toBeGreaterThan(entries[1]?.id ?? Infinity)
    expect(JSON.stringify(entries)).not.toContain(relay.token)
    expect(JSON.stringify(entries)).not.toContain('audit-pass-1')
    const filtered = await api(relay.url, '/api/audit?action=user.create', { token: relay.token })
    expect((filtered.json as { entries: unknown[] }).entries).toHaveLength(1)
    expect((await api(relay.url, '/api/audit?limit=0', { token: relay.token })).json).toMatchObject({ field: 'limit' })
  })

  it('sets security headers and refuses oversized bodies', async () => {
    relay = await startTestRelay()
    const health = await fetch(`${relay.url}/api/health`)
    expect(health.headers.get('x-content-type-options')).toBe('nosniff')
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    const big = await api(relay.url, '/api/auth/login', { body: { phone: ADMIN.phone, password: 'x'.repeat(300 * 1024) } })
    expect(big.status).toBe(413)
  })
})
