/**
 * A peer that never answers the close frame (a phone that lost its signal mid-handshake, a
 * client too busy to read) must not hold up a graceful stop: after the grace period the relay
 * cuts the socket off, so close() finishes long before ws's own 30 s close timeout; and with a
 * short SHUTDOWN_TIMEOUT_MS the wait is half of it, so the stop still ends inside its budget.
 */
import { rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay | null = null
let raw: Socket | null = null
let stopped = false
afterEach(async () => {
  raw?.destroy()
  if (relay && !stopped) await relay.stop()
  if (relay) rmSync(relay.dataDir, { recursive: true, force: true })
  relay = null
  stopped = false
})

/** Upgrades a bare TCP socket to a websocket and then never reads another byte. */
function silentUpgrade(url: string, path: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let head = ''
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]))
      socket.removeAllListeners('data')
      socket.pause()
      resolve(socket)
    })
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    )
  })
}

describe('graceful stop with a silent peer', () => {
  it('cuts off a socket that never answers the close frame and finishes well inside the timeout', async () => {
    relay = await startTestRelay()
    raw = await silentUpgrade(relay.url, `/ws/${relay.villageId}/meta?token=${encodeURIComponent(relay.token)}`)
    await expect.poll(() => relay?.relay.connectionCount()).toBe(1)
    const ended = new Promise<void>((resolve) => raw?.once('close', () => resolve()))

    const started = performance.now()
    await relay.stop()
    stopped = true
    const tookMs = performance.now() - started

    // The grace period is 2 s; anything near ws's 30 s close timeout means the socket held the stop.
    expect(tookMs).toBeLessThan(5000)
    // Reading again, the peer finds its connection gone.
    raw.resume()
    await ended
    expect(relay.relay.connectionCount()).toBe(0)
  }, 40_000)

  it('waits for the close handshake at most half of a short shutdown budget', async () => {
    relay = await startTestRelay({ shutdownTimeoutMs: 1000 })
    raw = await silentUpgrade(relay.url, `/ws/${relay.villageId}/meta?token=${encodeURIComponent(relay.token)}`)
    await expect.poll(() => relay?.relay.connectionCount()).toBe(1)
    const started = performance.now()
    await relay.stop()
    stopped = true
    // 2 s of grace would overrun a 1 s budget (exit code 1); half of it is 500 ms.
    const tookMs = performance.now() - started
    expect(tookMs).toBeGreaterThanOrEqual(450)
    expect(tookMs).toBeLessThan(1000)
    expect(relay.relay.connectionCount()).toBe(0)
  }, 40_000)
})
