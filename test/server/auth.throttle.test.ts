/**
 * Sign-in hardening (issue #14): attempts counted before any await, equal work for unknown
 * phones, limits that an office NAT survives, a lock-out a stranger cannot impose on the owner's
 * own device, the admin's unlock, and the password-change throttle. The throttle's rules are
 * driven with a fake clock; the races run against a real relay.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { checkCredentials } from '../../server/auth/credentials.js'
import { LOGIN_THROTTLE, LoginThrottle, type ThrottleTicket, type ThrottleRefusal } from '../../server/auth/throttle.js'
import { addressBehind, parseTrustProxy } from '../../server/http/clientAddress.js'
import type { UserRow } from '../../server/storage/types.js'
import { adminUserSchema } from '../../shared/api/accounts.js'
import { api } from '../helpers/api.js'
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js'

const isTicket = (t: ThrottleTicket | ThrottleRefusal): t is ThrottleTicket => !('retryAfter' in t)

function fakeClock() {
  let t = 1_000_000
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('LoginThrottle', () => {
  it('counts attempts in flight, so a parallel burst gets no more than the limit', () => {
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: fakeClock().now })
    const tickets = Array.from({ length: 12 }, () => throttle.beginLogin('13800000000', '10.0.0.1'))
    expect(tickets.filter(isTicket)).toHaveLength(LOGIN_THROTTLE.maxPerPhoneAddress)
    expect(tickets.filter((t) => !isTicket(t))[0]).toMatchObject({ scope: 'account' })
  })

  it('gives back only the succeeding attempt its own place, not the others', () => {
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: fakeClock().now })
    const tickets = Array.from({ length: 5 }, () => throttle.beginLogin('13800000000', '10.0.0.1'))
    tickets.slice(0, 4).forEach((t) => isTicket(t) && t.fail())
    const last = tickets[4]
    if (!last || !isTicket(last)) throw new Error('expected a ticket')
    last.succeed()
    // Four failures remain: one more attempt is allowed, the sixth is not.
    expect(isTicket(throttle.beginLogin('13800000000', '10.0.0.1'))).toBe(true)
    expect(isTicket(throttle.beginLogin('13800000000', '10.0.0.1'))).toBe(false)
  })

  it('lets an office behind one address sign in when several people mistype', () => {
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: fakeClock().now })
    for (let person = 0; person < 15; person++) {
      for (let typo = 0; typo < 4; typo++) {
        const t = throttle.beginLogin(`1390000${String(person).padStart(4, '0')}`, '10.0.0.1')
        if (!isTicket(t)) throw new Error(`person ${person} was refused after ${typo} typos`)
        t.fail()
      }
    }
    expect(isTicket(throttle.beginLogin('13900009999', '10.0.0.1'))).toBe(true)
  })

  it('stops spraying many phones from one address', () => {
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: fakeClock().now })
    for (let i = 0; i < LOGIN_THROTTLE.maxPerIp; i++) {
      const t = throttle.beginLogin(`138${String(i).padStart(8, '0')}`, '10.0.0.9')
      if (isTicket(t)) t.fail()
    }
    expect(throttle.beginLogin('13999999999', '10.0.0.9')).toMatchObject({ scope: 'address' })
    expect(isTicket(throttle.beginLogin('13999999999', '10.0.0.10'))).toBe(true)
  })

  it("locks a phone guessed from many addresses, but not for the owner's known device", () => {
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: fakeClock().now })
    const owner = throttle.beginLogin('13800000000', '10.0.0.1', 'owner-device-000001')
    if (!isTicket(owner)) throw new Error('expected a ticket')
    owner.succeed()
    for (let i = 0; i < LOGIN_THROTTLE.maxPerPhone; i++) {
      const t = throttle.beginLogin('13800000000', `172.16.0.${i}`)
      if (isTicket(t)) t.fail()
    }
    expect(throttle.isLocked('13800000000')).toBe(true)
    expect(throttle.beginLogin('13800000000', '172.16.1.1')).toMatchObject({ scope: 'locked' })
    expect(throttle.beginLogin('13800000000', '172.16.1.1', 'made-up-device-0001')).toMatchObject({ scope: 'locked' })
    expect(isTicket(throttle.beginLogin('13800000000', '10.0.0.1', 'owner-device-000001'))).toBe(true)
    throttle.unlock('13800000000')
    expect(throttle.isLocked('13800000000')).toBe(false)
    expect(isTicket(throttle.beginLogin('13800000000', '172.16.1.1'))).toBe(true)
  })

  it('forgets failures once the window has passed', () => {
    const clock = fakeClock()
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: clock.now })
    for (let i = 0; i < 5; i++) throttle.beginLogin('13800000000', '10.0.0.1')
    const refused = throttle.beginLogin('13800000000', '10.0.0.1')
    expect(refused).toMatchObject({ retryAfter: 15 * 60 })
    clock.advance(LOGIN_THROTTLE.windowMs + 1)
    expect(isTicket(throttle.beginLogin('13800000000', '10.0.0.1'))).toBe(true)
  })

  it('limits wrong current passwords per user', () => {
    const throttle = new LoginThrottle({ ...LOGIN_THROTTLE, now: fakeClock().now })
    for (let i = 0; i < LOGIN_THROTTLE.maxPasswordChanges; i++) {
      const t = throttle.beginPasswordChange('u1')
      if (isTicket(t)) t.fail()
    }
    expect(isTicket(throttle.beginPasswordChange('u1'))).toBe(false)
    expect(isTicket(throttle.beginPasswordChange('u2'))).toBe(true)
  })
})

describe('checkCredentials', () => {
  const user: UserRow = { id: 'u1', phone: '13800000000', name: '王', role: 'township_admin', passwordHash: 'real-hash', createdAt: '2026-01-01T00:00:00Z', disabledAt: null }
  const store = { findUserByPhone: async (phone: string) => (phone === user.phone ? user : phone === '13800000001' ? { ...user, disabledAt: '2026-02-01T00:00:00Z' } : null) }

  it('checks exactly one password, against a decoy for unknown and disabled phones', async () => {
    const checked: string[] = []
    const verify = async (_password: string, stored: string) => (checked.push(stored), stored === 'real-hash')
    expect(await checkCredentials(store, '13800000000', 'pw', verify)).toEqual({ user, accountId: 'u1' })
    expect(await checkCredentials(store, '13900000000', 'pw', verify)).toEqual({ user: null, accountId: null })
    expect(await checkCredentials(store, '13800000001', 'pw', verify)).toEqual({ user: null, accountId: 'u1' })
    expect(checked).toHaveLength(3)
    expect(checked[0]).toBe('real-hash')
    expect(checked[1]).toMatch(/^scrypt\$/)
    expect(checked[2]).toBe(checked[1])
  })
})

describe('client address behind a proxy', () => {
  it('believes X-Forwarded-For only from a trusted proxy, taking the right-most untrusted hop', () => {
    const trusted = parseTrustProxy('loopback, 10.1.1.1')
    expect(addressBehind('127.0.0.1', '203.0.113.7', trusted)).toBe('203.0.113.7')
    expect(addressBehind('127.0.0.1', '1.2.3.4, 203.0.113.7, 10.1.1.1', trusted)).toBe('203.0.113.7')
    expect(addressBehind('198.51.100.2', '203.0.113.7', trusted)).toBe('198.51.100.2')
    expect(addressBehind('127.0.0.1', undefined, trusted)).toBe('127.0.0.1')
    expect(addressBehind('127.0.0.1', '203.0.113.7', parseTrustProxy(undefined))).toBe('127.0.0.1')
  })
})

describe('sign-in over HTTP', () => {
  let relay: TestRelay | null = null
  afterEach(async () => {
    await relay?.close()
    relay = null
  })
  const login = (phone: string, password: string, headers: Record<string, string> = {}, device?: string) =>
    api(relay?.url ?? '', '/api/auth/login', { body: { phone, password, ...(device ? { device } : {}) }, headers })

  it('checks no more than the limit when wrong passwords arrive in parallel', async () => {
    relay = await startTestRelay()
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(ADMIN.phone, 'wrong-password')))
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5)
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7)
  })

  it('counts clients behind a trusted proxy apart, and ignores the header from anyone else', async () => {
    relay = await startTestRelay({ trustProxy: 'loopback', throttle: { maxPerPhoneAddress: 2 } })
    for (const ip of ['203.0.113.1', '203.0.113.1']) expect((await login(ADMIN.phone, 'wrong-pass', { 'x-forwarded-for': ip })).status).toBe(401)
    expect((await login(ADMIN.phone, ADMIN.password, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429)
    expect((await login(ADMIN.phone, ADMIN.password, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200)
    await relay.close()
    relay = await startTestRelay({ throttle: { maxPerPhoneAddress: 2 } })
    for (const ip of ['203.0.113.1', '203.0.113.2']) expect((await login(ADMIN.phone, 'wrong-pass', { 'x-forwarded-for': ip })).status).toBe(401)
    expect((await login(ADMIN.phone, ADMIN.password, { 'x-forwarded-for': '203.0.113.3' })).status).toBe(429)
  })

  it('locks an account guessed from many places; its owner device still gets in; the admin unlocks it', async () => {
    relay = await startTestRelay({ trustProxy: 'loopback', throttle: { maxPerPhone: 4 } })
    const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000009', name: '张三', password: 'zhang-pass-1', role: 'grid_worker' } })
    const userId = adminUserSchema.parse(created.json).id
    const device = 'zhangs-phone-0000001'
    expect((await login('13900000009', 'zhang-pass-1', { 'x-forwarded-for': '10.9.9.9' }, device)).status).toBe(200)
    for (let i = 0; i < 4; i++) expect((await login('13900000009', 'guess', { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401)
    const locked = await login('13900000009', 'zhang-pass-1', { 'x-forwarded-for': '203.0.113.50' })
    expect(locked).toMatchObject({ status: 429, json: { locked: true } })
    expect((locked.json as { error: string }).error).toContain('管理员解锁')
    expect((await login('13900000009', 'zhang-pass-1', { 'x-forwarded-for': '10.9.9.10' }, device)).status).toBe(200)
    const listed = await api(relay.url, '/api/users', { token: relay.token })
    expect((listed.json as { users: { id: string; locked: boolean }[] }).users.find((u) => u.id === userId)?.locked).toBe(true)
    const unlocked = await api(relay.url, `/api/users/${userId}/unlock`, { token: relay.token, body: {} })
    expect(unlocked).toMatchObject({ status: 200, json: { locked: false } })
    expect((await login('13900000009', 'zhang-pass-1', { 'x-forwarded-for': '203.0.113.51' })).status).toBe(200)
  })

  it('throttles wrong current passwords on password change', async () => {
    relay = await startTestRelay({ throttle: { maxPasswordChanges: 2 } })
    const change = (currentPassword: string) =>
      api(relay?.url ?? '', '/api/auth/password', { token: relay?.token, body: { currentPassword, newPassword: 'a-new-password-1' } })
    expect((await change('nope-1')).status).toBe(400)
    expect((await change('nope-2')).status).toBe(400)
    expect((await change(ADMIN.password)).status).toBe(429)
  })
})
