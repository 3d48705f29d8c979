/**
 * The relay over real sockets on an ephemeral port with the stock y-websocket provider:
 * convergence, offline edits, restarts, authorisation at upgrade and bad frames.
 */
import WebSocket from 'ws'
import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol/messages.js'
import { lifetimes } from '../helpers/lifetimes.js'
import type { connectClient } from '../helpers/provider.js'
import type { TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const t = lifetimes()

const meta = (r: TestRelay) => `${r.villageId}/meta`
const open = (r: TestRelay, options: Parameters<typeof connectClient>[3] = {}) => t.client(r, meta(r), r.token, options)

function rawSocket(r: TestRelay): Promise<WebSocket> {
  const ws = new WebSocket(`${r.wsUrl}/${meta(r)}?token=${r.token}`)
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}
const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))

describe('relay over real sockets', () => {
  it('two stock clients converge, and the village name written at creation is there', async () => {
    const relay = await t.relay()
    const a = open(relay)
    const b = open(relay)
    await waitFor(() => a.provider.synced && b.provider.synced, 'both synced')
    expect(a.doc.getMap('profile').get('name')).toBe('测试村')
    a.doc.getMap('profile').set('address', '东风路 1 号')
    b.doc.getMap('profile').set('phone', '0931-1234567')
    await waitFor(() => a.doc.getMap('profile').get('phone') === '0931-1234567', 'a sees b')
    await waitFor(() => b.doc.getMap('profile').get('address') === '东风路 1 号', 'b sees a')
  })

  it('a client with 1,000 offline edits reconnects and both converge, all acknowledged', async () => {
    const relay = await t.relay()
    const online = open(relay)
    const offline = open(relay, { connect: false, durable: true })
    await waitFor(() => online.provider.synced, 'online synced')
    const text = offline.doc.getText('minutes')
    for (let i = 0; i < 1000; i++) text.insert(text.length, `${i % 10}`)
    online.doc.getText('minutes').insert(0, '在线:')
    offline.provider.connect()
    await waitFor(() => offline.allSaved(), 'offline edits acknowledged')
    await waitFor(() => online.doc.getText('minutes').length === 1003, 'online sees all edits')
    expect(offline.doc.getText('minutes').toString()).toBe(online.doc.getText('minutes').toString())
  })

  it('keeps every acknowledged update across a restart', async () => {
    let relay = await t.relay()
    const writer = open(relay, { durable: true })
    await waitFor(() => writer.provider.synced, 'synced')
    const list = writer.doc.getArray<number>('items')
    for (let i = 0; i < 200; i++) list.push([i])
    await waitFor(() => writer.allSaved(), 'all acknowledged')
    writer.destroy()
    const { dataDir } = relay
    await relay.stop()
    relay = await t.relay({}, dataDir)
    const reader = open(relay)
    await waitFor(() => reader.provider.synced, 'reader synced')
    expect(reader.doc.getArray<number>('items').toArray()).toEqual([...Array(200).keys()])
  })

  it('refuses the upgrade without a valid token (401) or for an unknown doc (404), with no socket', async () => {
    const relay = await t.relay()
    const statusOf = (path: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${relay.wsUrl}/${path}`)
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.once('open', () => resolve(101))
        ws.once('error', () => undefined)
      })
    expect(await statusOf(`${meta(relay)}`)).toBe(401)
    expect(await statusOf(`${meta(relay)}?token=not-a-token`)).toBe(401)
    expect(await statusOf(`${relay.villageId}/nonsense?token=${relay.token}`)).toBe(404)
    expect(await statusOf(`no-such-village/meta?token=${relay.token}`)).toBe(404)
    expect(relay.relay.connectionCount()).toBe(0)
  })

  it.each([
    ['malformed', Buffer.from([0, 2, 50, 1, 2, 3]), CLOSE.malformed.code],
    ['oversized', Buffer.alloc(1500, 7), CLOSE.tooLarge.code],
    ['unknown type', Buffer.from([99]), CLOSE.unknownMessage.code],
  ])('closes a socket sending a %s frame; the server and other clients carry on', async (_what, frame, code) => {
    const relay = await t.relay({ maxMessageBytes: 1024 })
    const good = open(relay)
    await waitFor(() => good.provider.synced, 'good client synced')
    const bad = await rawSocket(relay)
    const closed = closeCode(bad)
    bad.send(frame)
    expect(await closed).toBe(code)
    const health = await fetch(`${relay.url}/api/health`)
    expect(health.status).toBe(200)
    const other = open(relay)
    good.doc.getMap('profile').set('note', '正常')
    await waitFor(() => other.doc.getMap('profile').get('note') === '正常', 'others still sync')
    expect(good.provider.wsconnected).toBe(true)
  })

  it('signing out closes the sockets of that session with 4401 and the token stops working', async () => {
    const relay = await t.relay()
    const client = open(relay)
    await waitFor(() => client.provider.synced, 'synced')
    const closed = new Promise<number>((resolve) => client.provider.on('closed', ({ code }: { code: number }) => resolve(code)))
    const res = await fetch(`${relay.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${relay.token}` } })
    expect(res.status).toBe(200)
    expect(await closed).toBe(CLOSE.unauthorised.code)
    const me = await fetch(`${relay.url}/api/auth/me`, { headers: { authorization: `Bearer ${relay.token}` } })
    expect(me.status).toBe(401)
  })
})

describe('relay under hostile upgrades', () => {
  it('survives clients that reset their connection while a refused upgrade is answered', async () => {
    const relay = await t.relay()
    const { port } = relay
    const { connect } = await import('node:net')
    for (let i = 0; i < 50; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('GET /ws/x/minutes/y HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')
          setImmediate(() => {
            socket.resetAndDestroy()
            resolve()
          })
        })
        socket.on('error', () => resolve())
      })
    }
    expect((await fetch(`${relay.url}/api/health`)).status).toBe(200)
  })
})
