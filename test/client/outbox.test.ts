/**
 * The outbox on fake IndexedDB against a real relay: an id is queued once, a send that fails on
 * the network is retried (scheduled by hand, no clock), a lost response followed by a resend
 * publishes once, and a refusal for good stays visible as failed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { actSender as noticeSender } from '../../client/workspace/acts'
import { openUserDb, type UserDb } from '../../client/sync/db'
import { backoffDelay, Outbox, type OutboxSender } from '../../client/sync/outbox'
import { newId } from '../../shared/ids'
import { api } from '../helpers/api'
import { startTestRelay, type TestRelay } from '../helpers/relay'
import { freshIdb } from './idb'

let relay: TestRelay
let db: UserDb
let outbox: Outbox | null = null
let clock = 1_000
const timers: Array<{ fn: () => void; at: number }> = []
const schedule = (fn: () => void, ms: number) => {
  const timer = { fn, at: clock + ms }
  timers.push(timer)
  return () => {
    const i = timers.indexOf(timer)
    if (i >= 0) timers.splice(i, 1)
  }
}

beforeAll(async () => {
  relay = await startTestRelay()
}, 30_000)
afterAll(() => relay.close())
afterEach(() => {
  outbox?.destroy()
  db?.close()
  timers.length = 0
})

const item = (title = '三月财务公开') => {
  const id = newId()
  return {
    id,
    kind: 'notice.publish' as const,
    villageId: relay.villageId,
    payload: { id, kind: 'finance', title, body: '收入 1 万元', periodFrom: '2026-03-01', periodTo: '2026-03-10' },
  }
}

async function published(): Promise<Array<{ id: string; seq: number }>> {
  return ((await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token })).json as { notices: Array<{ id: string; seq: number }> }).notices
}

function make(send: OutboxSender): Outbox {
  db = openUserDb('u1', freshIdb())
  outbox = new Outbox({ db, send, now: () => clock, schedule })
  return outbox
}

describe('Outbox', () => {
  it('queues an id once and sends it once', async () => {
    const box = make(noticeSender({ baseUrl: relay.url, token: relay.token }))
    const a = item()
    const before = (await published()).length
    expect(await box.enqueue(a)).toBe(true)
    expect(await box.enqueue(a)).toBe(false)
    await box.flush()
    expect(await box.list()).toEqual([])
    const after = await published()
    expect(after).toHaveLength(before + 1)
    expect(after.filter((n) => n.id === a.id)).toHaveLength(1)
  })

  it('retries after a network failure with backoff, then publishes', async () => {
    const offline: OutboxSender = noticeSender({ baseUrl: 'http://127.0.0.1:9', token: relay.token })
    let sender = offline
    const box = make((row) => sender(row))
    const a = item('离线发布')
    await box.enqueue(a)
    await box.flush()
    const [queued] = await box.list()
    expect(queued).toMatchObject({ id: a.id, state: 'pending', attempts: 1, lastError: '无法连接服务器，请检查网络' })
    expect(queued?.nextAttemptAt).toBe(clock + backoffDelay(1))
    expect(timers.map((t) => t.at)).toContain(clock + backoffDelay(1))

    sender = noticeSender({ baseUrl: relay.url, token: relay.token })
    await box.flush() // not due yet: nothing is sent
    expect(await box.list()).toHaveLength(1)
    clock += backoffDelay(1)
    await box.flush()
    expect(await box.list()).toEqual([])
    expect((await published()).filter((n) => n.id === a.id)).toHaveLength(1)
  })

  it('a response lost after the server published: the resend publishes once', async () => {
    const real = noticeSender({ baseUrl: relay.url, token: relay.token })
    let lose = true
    const box = make(async (row) => {
      const result = await real(row)
      if (lose) {
        lose = false
        return { kind: 'retry', message: 'connection reset' }
      }
      return result
    })
    const a = item('丢失回应')
    await box.enqueue(a)
    await box.flush()
    expect(await box.list()).toHaveLength(1)
    await box.retry(a.id)
    expect(await box.list()).toEqual([])
    expect((await published()).filter((n) => n.id === a.id)).toHaveLength(1)
  })

  it('a refusal for good stays as failed with the server message until discarded', async () => {
    const box = make(noticeSender({ baseUrl: relay.url, token: relay.token }))
    const bad = item()
    bad.payload.periodTo = '2026-02-01'
    await box.enqueue(bad)
    await box.flush()
    expect(await box.list()).toEqual([expect.objectContaining({ state: 'failed', lastError: '公示结束日期不能早于开始日期' })])
    await box.discard(bad.id)
    expect(await box.list()).toEqual([])
  })

  it('sends when the online source comes online', async () => {
    let online = false
    const listeners = new Set<() => void>()
    const source = { getState: () => ({ online }), subscribe: (fn: () => void) => (listeners.add(fn), () => listeners.delete(fn)) }
    const sent: string[] = []
    const box = make(async (row) => (online ? (sent.push(row.id), { kind: 'sent' }) : { kind: 'retry', message: 'offline' }))
    box.watchOnline(source)
    const a = item()
    await box.enqueue(a)
    await box.flush()
    expect(sent).toEqual([])
    online = true
    clock += backoffDelay(1)
    for (const fn of listeners) fn()
    await box.flush()
    expect(sent).toEqual([a.id])
  })
})

describe('Outbox: an act that waits for others (after)', () => {
  const act = (id: string, after?: string[]) => ({ id, kind: 'attachment.upload' as const, villageId: 'v1', payload: {}, ...(after ? { after } : {}) })

  it('goes once every act it names has been sent, in the same run when they go first', async () => {
    const sent: string[] = []
    const results: Record<string, 'sent' | 'retry' | 'rejected'> = { photo: 'retry' }
    const box = make(async (row) => {
      const kind = results[row.id] ?? 'sent'
      if (kind === 'sent') sent.push(row.id)
      return kind === 'sent' ? { kind } : { kind, message: kind === 'retry' ? '网络错误' : '被拒绝' }
    })
    await box.enqueue(act('photo'))
    clock += 1
    await box.enqueue(act('posting', ['photo']))
    await box.flush()
    // The photo did not upload: the posting waits (it is not sent ahead of its photo).
    expect(sent).toEqual([])
    expect((await box.list()).map((r) => [r.id, r.attempts])).toEqual([['photo', 1], ['posting', 0]])
    // The photo's backoff has not run out, but something else kicks a flush: the posting still waits.
    await box.flush()
    expect(sent).toEqual([])
    results.photo = 'sent'
    clock += backoffDelay(1)
    await box.flush()
    expect(sent).toEqual(['photo', 'posting'])
    expect(await box.list()).toEqual([])
  })

  it('a photo refused for good holds the act until it is discarded; then the act goes at once', async () => {
    const sent: string[] = []
    const box = make(async (row) => {
      if (row.id === 'photo') return { kind: 'rejected', message: '文件太大' }
      sent.push(row.id)
      return { kind: 'sent' }
    })
    await box.enqueue(act('photo'))
    clock += 1
    await box.enqueue(act('posting', ['photo']))
    await box.flush()
    expect(sent).toEqual([])
    expect((await box.list()).map((r) => [r.id, r.state])).toEqual([['photo', 'failed'], ['posting', 'pending']])
    await box.discard('photo')
    await box.flush()
    expect(sent).toEqual(['posting'])
  })
})
