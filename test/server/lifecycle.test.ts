/**
 * Readiness: /api/health answers "alive" whenever the process answers; /api/ready answers 200
 * only while serving. While the store is still opening (here: migrations waiting on a lock held
 * by "another relay") and while stopping, ready is 503 and other routes refuse new work.
 */
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startRelay } from '../../server/app.js'
import { MIGRATION_LOCK } from '../../server/storage/migrations.js'
import { api } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON } from '../helpers/postgres.js'
import { startTestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const pgUp = await requirePostgres('the readiness-while-loading test')
const cleanups: (() => Promise<unknown> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

describe('readiness', () => {
  it('is 503 while stopping, when health is still 200 and new work is refused', async () => {
    const relay = await startTestRelay()
    cleanups.push(() => relay.close())
    expect(await api(relay.url, '/api/ready')).toMatchObject({ status: 200, json: { ready: true, state: 'serving' } })
    relay.lifecycle.state = 'stopping'
    expect(await api(relay.url, '/api/ready')).toMatchObject({ status: 503, json: { ready: false, state: 'stopping' } })
    expect((await api(relay.url, '/api/health')).status).toBe(200)
    const refused = await api(relay.url, '/api/villages', { token: relay.token })
    expect(refused).toMatchObject({ status: 503, json: { error: '服务正在重启，请稍候再试' } })
    expect(refused.headers.get('retry-after')).toBe('5')
    relay.lifecycle.state = 'serving'
  })

  ;(pgUp ? it : it.skip)(`is 503 while the store is still loading${pgUp ? '' : ` ${SKIP_REASON}`}`, async () => {
    const db = await freshPostgresDatabase('cunwu_ready')
    cleanups.push(() => db.drop())
    // Another relay migrating: hold the migration lock so this one waits in "starting".
    const other = new pg.Client({ connectionString: db.url })
    await other.connect()
    await other.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const starting = startRelay({ dataDir: tmpdir(), databaseUrl: db.url, port, logLevel: 'error' })
    await waitFor(async () => (await fetch(`${url}/api/health`).then((r) => r.status, () => 0)) === 200, 'port answering')
    expect(await api(url, '/api/health')).toMatchObject({ status: 200, json: { ok: true, state: 'starting' } })
    expect(await api(url, '/api/ready')).toMatchObject({ status: 503, json: { ready: false, state: 'starting' } })
    expect((await api(url, '/api/auth/login', { body: {} })).status).toBe(503)
    await other.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
    await other.end()
    const running = await starting
    cleanups.push(() => running.close())
    expect(await api(url, '/api/ready')).toMatchObject({ status: 200, json: { ready: true } })
  })
})
