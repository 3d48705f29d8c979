import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { deviceId } from '../../client/sync/deviceId'
import { loadPref, savePref } from '../../client/sync/prefs'
import { clearSession, loadCachedSession, login, LoginError, saveSession } from '../../client/sync/session'
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay'
import { freshIdb } from './idb'

let relay: TestRelay

beforeAll(async () => {
  relay = await startTestRelay()
})

afterAll(async () => {
  await relay.close()
})

describe('session', () => {
  it('signs in, caches, reloads and clears the session', async () => {
    const session = await login(relay.url, ADMIN.phone, ADMIN.password)
    expect(session.user.phone).toBe(ADMIN.phone)
    expect(session.baseUrl).toBe(relay.url)
    const deps = freshIdb()
    expect(await loadCachedSession(deps)).toBeNull()
    await saveSession(session, deps)
    expect(await loadCachedSession(deps)).toEqual(session)
    await clearSession(deps)
    expect(await loadCachedSession(deps)).toBeNull()
  })

  it('keeps one random device id per browser, sent with the sign-in', async () => {
    const deps = freshIdb()
    const id = await deviceId(deps)
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(await deviceId(deps)).toBe(id)
    expect(await deviceId(freshIdb())).not.toBe(id)
    const sent: unknown[] = []
    const recording: typeof fetch = (input, init) => (sent.push(JSON.parse(String(init?.body))), fetch(input, init))
    await login(relay.url, ADMIN.phone, ADMIN.password, recording, id)
    expect(sent).toEqual([{ phone: ADMIN.phone, password: ADMIN.password, device: id }])
  })

  it('surfaces the server\'s Chinese message on a wrong password', async () => {
    const failure = await login(relay.url, ADMIN.phone, 'wrong-password').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(LoginError)
    expect((failure as LoginError).status).toBe(401)
    expect((failure as LoginError).message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('reports an unreachable server as a network error', async () => {
    const offline: typeof fetch = () => Promise.reject(new TypeError('fetch failed'))
    await expect(login('http://relay.invalid', ADMIN.phone, ADMIN.password, offline)).rejects.toMatchObject({ status: 0 })
  })

  it('rejects a response that does not match the schema', async () => {
    const odd: typeof fetch = () => Promise.resolve(new Response(JSON.stringify({ token: 1 }), { status: 200 }))
    await expect(login('http://x', ADMIN.phone, ADMIN.password, odd)).rejects.toBeInstanceOf(LoginError)
  })

  it('stores UI prefs and falls back on a value that no longer fits', async () => {
    const deps = freshIdb()
    const fontScale = z.number().min(1).max(2)
    expect(await loadPref('fontScale', fontScale, 1, deps)).toBe(1)
    await savePref('fontScale', 1.5, deps)
    expect(await loadPref('fontScale', fontScale, 1, deps)).toBe(1.5)
    await savePref('fontScale', 'huge', deps)
    expect(await loadPref('fontScale', fontScale, 1, deps)).toBe(1)
  })
})
