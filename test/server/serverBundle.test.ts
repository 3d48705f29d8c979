/**
 * The relay as `npm start` runs it: the esbuild bundle (server/ops/serverBundle.ts) on plain
 * node, no TypeScript loader. Built once into node_modules/.cache, then run as a real process
 * with real sockets: sign-in, a village, a doc synced with a durable ack, routes that load on
 * their first request (their own chunks), validation, metrics, and SIGTERM; `npm start` and the
 * systemd unit pass the relay's Node flags.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServerBundle, RELAY_NODE_FLAGS } from '../../server/ops/serverBundle.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import { connectClient } from '../helpers/provider.js'
import { createVillage, login } from '../helpers/relay.js'
import { type RelayProcess, startRelayProcess } from '../helpers/relayProcess.js'
import { loadDoc } from '../helpers/storeContents.js'
import { waitFor } from '../helpers/waitFor.js'

const OUT = `node_modules/.cache/cunwu-test/server-bundle-${process.pid}`
let entry = ''
let dataDir = ''
let relay: RelayProcess | null = null

beforeAll(async () => {
  entry = await buildServerBundle(OUT)
  dataDir = mkdtempSync(join(tmpdir(), 'cunwu-bundle-'))
}, 60_000)
afterAll(() => {
  relay?.proc.kill('SIGKILL')
  rmSync(dirname(entry), { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the built server', () => {
  it('is plain JavaScript with the lazily loaded routes as their own chunks', () => {
    expect(existsSync(entry)).toBe(true)
    const main = readFileSync(entry, 'utf8')
    expect(main).not.toMatch(/\bimport type\b|: Promise<void>/)
    // The route modules loaded on first request are imported from chunks, not inlined.
    expect(main).toMatch(/import\("\.\/reports-[A-Z0-9]+\.js"\)/)
  })

  it('is started with the relay Node flags by npm start and by the systemd unit', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start
    const unit = /^ExecStart=(.*)$/m.exec(readFileSync('README.md', 'utf8'))?.[1]
    expect(RELAY_NODE_FLAGS.length).toBeGreaterThan(0)
    for (const command of [start, unit]) expect(command).toContain(`node ${RELAY_NODE_FLAGS.join(' ')} dist-server/main.js`)
  })

  it('serves sign-in, docs with durable acks and lazily loaded routes, and stops cleanly on SIGTERM', async () => {
    relay = await startRelayProcess(dataDir, {}, entry)
    const token = await login(relay.url)
    const villageId = await createVillage(relay.url, token, '打包测试村')

    const client = connectClient(relay.wsUrl, `${villageId}/decisions`, token, { durable: true })
    try {
      client.doc.getMap('m').set('k', '打包后的服务端')
      await waitFor(() => client.provider.synced && client.allSaved(), 'the edit acknowledged as saved')
    } finally {
      client.destroy()
    }

    const notices = await fetch(`${relay.url}/api/notices/${villageId}`, { headers: { authorization: `Bearer ${token}` } })
    expect(notices.status).toBe(200)
    expect(await notices.json()).toEqual({ notices: [] })
    const board = await fetch(`${relay.url}/public/${villageId}`)
    expect(board.status).toBe(200)
    expect(await board.text()).toContain('打包测试村')

    // zod is bundled: a bad body is refused with the field named, as from the source.
    const bad = await fetch(`${relay.url}/api/villages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 42 }),
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ field: 'name' })
    // prom-client stays a package: the relay's own figures are there.
    const metrics = await fetch(`${relay.url}/metrics`)
    expect(metrics.status).toBe(200)
    expect(await metrics.text()).toMatch(/^cunwu_updates_total \d+/m)

    relay.proc.kill('SIGTERM')
    expect(await relay.exited).toBe(0)
    relay = null

    const store = openSqliteStore(dataDir)
    try {
      expect((await loadDoc(store, `${villageId}/decisions`)).getMap('m').get('k')).toBe('打包后的服务端')
    } finally {
      await store.close()
    }
  })
})
