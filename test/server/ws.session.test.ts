/**
 * Websocket sessions at the real relay (issue #14 items 8 and 10): a broken percent-encoding in
 * the doc path is a 400, not a 500; a socket opened before its session expires is closed with
 * 4401 when it does, not left open until it happens to reconnect. A socket path asked for
 * without an upgrade is a 426; a refused upgrade is answered with its status and no socket.
 */
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol/messages.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay | null = null
afterEach(async () => {
  await relay?.close()
  relay = null
})

describe('websocket sessions', () => {
  it('answers a broken percent-encoding in the doc path with 400', async () => {
    relay = await startTestRelay()
    const res = await fetch(`${relay.url}/ws/${relay.villageId}%2Fmeta%E0%A4?token=${encodeURIComponent(relay.token)}`)
    expect(res.status).toBe(400)
  })

  it('answers a plain GET with 426, and a refused upgrade with its status line and no socket', async () => {
    relay = await startTestRelay()
    const plain = await fetch(`${relay.url}/ws/${relay.villageId}/meta?token=${encodeURIComponent(relay.token)}`)
    expect(plain.status).toBe(426)
    expect(await plain.json()).toEqual({ error: '这个地址只接受 WebSocket 连接' })
    const refused = new WebSocket(`${relay.wsUrl}/${relay.villageId}/meta?token=wrong`)
    const status = await new Promise<number>((resolve, reject) => {
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      refused.once('open', () => reject(new Error('a bad token opened a socket')))
    })
    expect(status).toBe(401)
  })

  it('closes an open socket with 4401 when its session expires', async () => {
    relay = await startTestRelay({ sessionTtlMs: 2500 })
    const token = await login(relay.url)
    const ws = new WebSocket(`${relay.wsUrl}/${relay.villageId}/meta?token=${encodeURIComponent(token)}`)
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    // The upgrade succeeded, so the session was valid then; without the expiry timer the socket
    // would stay open and this would time out.
    await opened
    expect(await closed).toBe(CLOSE.unauthorised.code)
  })
})
