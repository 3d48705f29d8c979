/**
 * API answers are never kept in the browser's disk cache (issue #14): a copied profile would
 * otherwise hold the users list, memberships and exported records the app fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchFrom } from '../helpers/api.js'
import { startTestApp, type TestApp } from '../helpers/relay.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app?.close())

describe('Cache-Control on /api', () => {
  it.each(['/api/auth/me', '/api/users', '/api/villages', '/api/sync/manifest'])('%s is no-store', async (path) => {
    const res = await fetchFrom(app.url, path, { headers: { authorization: `Bearer ${app.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('a refusal is no-store too', async () => {
    const res = await fetchFrom(app.url, '/api/users')
    expect(res.status).toBe(401)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
