/**
 * Starts a real relay in-process on an ephemeral port with a fresh SQLite file, signs in the
 * township admin and creates one village.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildRelay, startRelay, type RunningRelay } from '../../server/app.js'
import type { ThrottleOptions } from '../../server/auth/throttle.js'
import type { RelayConfig } from '../../server/config.js'
import { loginResponseSchema } from '../../shared/api/auth.js'
import { villageListSchema, villageSchema } from '../../shared/api/villages.js'
import { fetchFrom, type ApiTarget } from './api.js'

export const ADMIN = { phone: '13800000000', password: 'admin-pass-123' } as const

export type TestRelay = RunningRelay & {
  token: string
  villageId: string
  wsUrl: string
  dataDir: string
  /** Stops the relay and removes its data. */
  close(): Promise<void>
  /** Stops the relay but keeps its data, for restart tests. */
  stop(): Promise<void>
}

export async function startTestRelay(overrides: Partial<RelayConfig> & { throttle?: Partial<ThrottleOptions> } = {}, dataDir?: string): Promise<TestRelay> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'cunwu-test-'))
  const running = await startRelay({
    dataDir: dir,
    adminPhone: ADMIN.phone,
    adminPassword: ADMIN.password,
    logLevel: 'error',
    ...overrides,
  })
  const token = await login(running.url)
  // A restart on kept data (a data dir, or a database that may hold a restore or a migration)
  // reuses its village; a fresh relay gets a new one. Village names are unique.
  const kept = dataDir !== undefined || overrides.databaseUrl !== undefined
  const villageId = (kept ? await firstVillage(running.url, token) : null) ?? (await createVillage(running.url, token, '测试村'))
  // Stopping twice (a test that restarts it, then the suite's cleanup) stops it once.
  let stopping: Promise<void> | null = null
  const stop = () => (stopping ??= running.close())
  return {
    ...running,
    token,
    villageId,
    dataDir: dir,
    wsUrl: running.url.replace(/^http/, 'ws') + '/ws',
    stop,
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function login(url: ApiTarget, phone: string = ADMIN.phone, password: string = ADMIN.password): Promise<string> {
  const res = await fetchFrom(url, '/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  })
  if (!res.ok) throw new Error(`login failed: ${res.status}`)
  return loginResponseSchema.parse(await res.json()).token
}

export async function createVillage(url: ApiTarget, token: string, name: string): Promise<string> {
  const res = await fetchFrom(url, '/api/villages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name }),
  })
  if (!res.ok) throw new Error(`create village failed: ${res.status}`)
  return villageSchema.parse(await res.json()).id
}

async function firstVillage(url: string, token: string): Promise<string | null> {
  const res = await fetch(`${url}/api/villages`, { headers: { authorization: `Bearer ${token}` } })
  return villageListSchema.parse(await res.json()).villages[0]?.id ?? null
}

/**
 * The relay's app on a fresh SQLite file with no port and no socket: API suites call it with
 * `app.request` (through `api(app.url, …)`). Signs in the admin and creates one village.
 */
export type TestApp = { url: ApiTarget; token: string; villageId: string; close(): Promise<void> }

export async function startTestApp(overrides: Partial<RelayConfig> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'cunwu-test-'))
  const built = await buildRelay({ dataDir: dir, adminPhone: ADMIN.phone, adminPassword: ADMIN.password, logLevel: 'error', ...overrides })
  const url: ApiTarget = built.app
  const token = await login(url)
  const villageId = await createVillage(url, token, '测试村')
  return {
    url,
    token,
    villageId,
    async close() {
      await built.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
