/**
 * Websocket sessions at the real relay (issue #14 items 8 and 10): a broken percent-encoding in
 * the doc path is a 400, not a 500; a socket opened before its session expires is closed with
 * 4401 when it does, not left open until it happens to reconnect.
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
