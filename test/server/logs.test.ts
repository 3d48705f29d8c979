/**
 * Logs: one JSON object per line with a level and an event name; a websocket's upgrade, open
 * and close lines share its request id (the one a proxy sent in X-Request-Id, else a new one
 * echoed in the answer); no line carries a token, a password or doc content, nor do the lines
 * of a history listing and a restore.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startRelay, type RunningRelay } from '../../server/app.js'
import type { Logger } from '../../server/log.js'
import { historyResponseSchema } from '../../shared/api/history.js'
import { api } from '../helpers/api.js'
import { connectClient } from '../helpers/provider.js'
import { ADMIN, createVillage, login } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

type Line = Record<string, unknown> & { level: string; event: string }
const lines: Line[] = []
const capture = (level: string) => (event: string, fields?: Record<string, unknown>) => {
  // Through JSON exactly as createLogger writes it, so what is checked is what would be printed.
  lines.push(JSON.parse(JSON.stringify({ level, event, ...fields })) as Line)
}
const log: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') }

const dir = mkdtempSync(join(tmpdir(), 'cunwu-logs-'))
let relay: RunningRelay
afterAll(async () => {
  await relay.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('structured logs', () => {
  it('follow a websocket from upgrade to close by its request id, and never carry the token or content', async () => {
    relay = await startRelay({ dataDir: dir, adminPhone: ADMIN.phone, adminPassword: ADMIN.password, logLevel: 'debug' }, log)
    const token = await login(relay.url)
    const villageId = await createVillage(relay.url, token, '日志村')
    const wsUrl = `${relay.url.replace(/^http/, 'ws')}/ws`

    // A proxy-supplied id is kept.
    const socket = new WebSocket(`${wsUrl}/${villageId}/meta?token=${token}`, { headers: { 'x-request-id': 'nginx-req-0001' } })
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    socket.close()
    await waitFor(() => lines.some((l) => l.event === 'ws.close' && l.rid === 'nginx-req-0001'), 'close logged')
    const followed = lines.filter((l) => l.rid === 'nginx-req-0001').map((l) => l.event)
    expect(followed).toEqual(expect.arrayContaining(['http', 'ws.open', 'ws.close']))
    expect(lines.find((l) => l.event === 'http' && l.rid === 'nginx-req-0001')).toMatchObject({ status: 101, path: `/ws/${villageId}/meta` })

    // Without one, the relay makes one; the doc's writes and close carry it too.
    const client = connectClient(wsUrl, `${villageId}/meta`, token, { durable: true })
    await waitFor(() => client.provider.synced, 'synced')
    client.doc.getMap('m').set('secret-content', '不应出现在日志里')
    await waitFor(() => client.allSaved(), 'saved')
    client.destroy()
    await waitFor(() => lines.filter((l) => l.event === 'ws.close').length === 2, 'second close logged')
    const open = lines.filter((l) => l.event === 'ws.open').at(-1)
    expect(open?.rid).toMatch(/^[0-9a-f]{16}$/)
    expect(lines.find((l) => l.event === 'ws.close' && l.rid === open?.rid)).toMatchObject({ doc: `${villageId}/meta`, code: expect.any(Number) })

    for (const l of lines) {
      expect(typeof l.level).toBe('string')
      expect(typeof l.event).toBe('string')
      const text = JSON.stringify(l)
      expect(text).not.toContain(token)
      expect(text).not.toContain(ADMIN.password)
      expect(text).not.toContain('不应出现在日志里')
    }
  })

  it('of history and restore carry the doc and request id, never the token or content', async () => {
    const token = await login(relay.url)
    const villageId = await createVillage(relay.url, token, '历史日志村')
    const doc = `${villageId}/ledger/g1`
    const client = connectClient(`${relay.url.replace(/^http/, 'ws')}/ws`, doc, token, { durable: true })
    await waitFor(() => client.provider.synced, 'synced')
    client.doc.getMap('m').set('before', '恢复前的内容甲')
    await waitFor(() => client.allSaved(), 'saved')
    const { entries } = historyResponseSchema.parse((await api(relay.url, `/api/history/${doc}`, { token })).json)
    client.doc.getMap('m').set('after', '恢复后消失的内容乙')
    await waitFor(() => client.allSaved(), 'saved')
    const from = lines.length
    const restored = await api(relay.url, `/api/history/${doc}/restore`, { token, body: { at: entries.at(-1)?.at } })
    expect(restored.json).toMatchObject({ restored: true })
    await waitFor(() => !client.doc.getMap('m').has('after'), 'restore reached the client')
    expect((await api(relay.url, `/api/history/${villageId}/flags`, { token })).status).toBe(200)
    client.destroy()

    const restoreLine = lines.slice(from).find((l) => l.event === 'http' && l.method === 'POST')
    expect(restoreLine).toMatchObject({ path: `/api/history/${doc}/restore`, status: 200, rid: expect.stringMatching(/^[0-9a-f]{16}$/) })
    for (const l of lines) {
      const text = JSON.stringify(l)
      expect(text).not.toContain(token)
      for (const content of ['恢复前的内容甲', '恢复后消失的内容乙']) expect(text).not.toContain(content)
    }
  })
})
