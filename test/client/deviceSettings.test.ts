/**
 * This browser's own settings (issue #14): 这是公用电脑 is remembered per device, and a sign-out
 * made offline revokes its token at the relay on the next connection, not never.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flushRevocations, isSharedDevice, pendingRevocations, queueRevocation, setSharedDevice } from '../../client/sync/deviceSettings'
import { api } from '../helpers/api'
import { login, startTestRelay, type TestRelay } from '../helpers/relay'
import { freshIdb } from './idb'

let relay: TestRelay
beforeAll(async () => {
  relay = await startTestRelay()
})
afterAll(() => relay.close())

describe('device settings', () => {
  it('remembers 这是公用电脑 on this device only', async () => {
    const deps = freshIdb()
    expect(await isSharedDevice(deps)).toBe(false)
    await setSharedDevice(true, deps)
    expect(await isSharedDevice(deps)).toBe(true)
    expect(await isSharedDevice(freshIdb())).toBe(false)
  })

  it('revokes a token signed out offline once the relay can be reached', async () => {
    const deps = freshIdb()
    const token = await login(relay.url)
    await queueRevocation(relay.url, token, deps)
    await queueRevocation(relay.url, token, deps)
    expect(await pendingRevocations(deps)).toBe(1)

    const offline: typeof fetch = () => Promise.reject(new TypeError('fetch failed'))
    expect(await flushRevocations(offline, deps)).toBe(0)
    expect(await pendingRevocations(deps)).toBe(1)
    expect((await api(relay.url, '/api/auth/me', { token })).status).toBe(200)

    expect(await flushRevocations(fetch, deps)).toBe(1)
    expect(await pendingRevocations(deps)).toBe(0)
    expect((await api(relay.url, '/api/auth/me', { token })).status).toBe(401)
  })

  it('drops a token the relay no longer knows', async () => {
    const deps = freshIdb()
    await queueRevocation(relay.url, 'not-a-real-token', deps)
    expect(await flushRevocations(fetch, deps)).toBe(1)
    expect(await pendingRevocations(deps)).toBe(0)
  })
})
