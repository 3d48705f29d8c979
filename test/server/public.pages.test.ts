/**
 * Resident pages on a real relay (no login): board, notice, A4 print with QR code, and the chain
 * check, which finds an altered, a removed and a reordered row in the real SQLite file. Ledger
 * content in the village's docs never shows on any of them.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newId } from '../../shared/ids.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { api } from '../helpers/api.js'
import { connectClient } from '../helpers/provider.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

const SECRET_ID_NUMBER = '11010119900307425X'
const SECRET_NAME = '王秘密'
let relay: TestRelay

async function page(path: string) {
  const res = await fetch(`${relay.url}${path}`)
  return { status: res.status, text: await res.text(), headers: res.headers }
}

async function publish(title: string, over: Record<string, unknown> = {}) {
  const today = shanghaiDate()
  const res = await api(relay.url, `/api/notices/${relay.villageId}`, {
    token: relay.token,
    body: { id: newId(), kind: 'finance', title, body: `${title}的内容`, periodFrom: today, periodTo: today, ...over },
  })
  expect(res.status).toBe(201)
}

function tamper(sql: string, ...params: unknown[]) {
  const db = new Database(join(relay.dataDir, 'cunwu.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare(sql).run(...params)
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  relay = await startTestRelay()
  // A grid ledger and a sensitive doc with personal data, saved on the server.
  for (const kind of ['ledger', 'sensitive']) {
    const client = connectClient(relay.wsUrl, `${relay.villageId}/${kind}/g1`, relay.token, { durable: true })
    const person = new Y.Map<string>()
    client.doc.getMap('residents').set('r1', person)
    person.set('name', SECRET_NAME)
    person.set('idNumber', SECRET_ID_NUMBER)
    await waitFor(() => client.allSaved(), `${kind} doc saved`)
    client.destroy()
  }
  await publish('三月财务公开')
  await publish('村道硬化决议', { kind: 'village_affairs', periodFrom: '2020-01-01', periodTo: '2020-01-10' })
  await publish('三月财务公开（更正）', { correctionOf: 1 })
}, 30_000)
afterAll(() => relay.close())

describe('resident pages', () => {
  it('the board lists current and past notices without login, and with no script but the offline one', async () => {
    const board = await page(`/public/${relay.villageId}`)
    expect(board.status).toBe(200)
    expect(board.headers.get('content-type')).toMatch(/text\/html/)
    expect(board.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    expect(board.headers.get('cache-control')).toBe('public, max-age=60')
    expect(board.text).toContain('测试村 村务公开栏')
    const [current, past] = board.text.split('往期公告')
    expect(current).toContain('三月财务公开')
    expect(past).toContain('村道硬化决议')
    expect(scriptTags(board.text)).toEqual([OFFLINE_SCRIPT])
  })

  it('the bare /public/ lists every village\'s board, and nothing else', async () => {
    for (const path of ['/public/', '/public']) {
      const index = await page(path)
      expect(index.status).toBe(200)
      expect(index.headers.get('content-type')).toMatch(/text\/html/)
      expect(index.text).toContain(`<a href="/public/${relay.villageId}">测试村 村务公开栏</a>`)
      expect(index.text).not.toContain('三月财务公开')
      expect(index.text).not.toContain(SECRET_NAME)
      expect(scriptTags(index.text)).toEqual([OFFLINE_SCRIPT])
    }
  })

  it('a notice page shows the content, its hash and the correction that replaced it', async () => {
    const first = await page(`/public/${relay.villageId}/1`)
    expect(first.text).toContain('三月财务公开的内容')
    expect(first.text).toMatch(/本公告已被更正：<a href="\/public\/[^"]+\/3">第 3 号<\/a>/)
    const third = await page(`/public/${relay.villageId}/3`)
    expect(third.text).toContain('本公告更正第')
    expect((await page(`/public/${relay.villageId}/9`)).status).toBe(404)
    expect((await page('/public/no-such-village')).status).toBe(404)
  })

  it('the A4 print carries a QR code (SVG) of the notice page', async () => {
    const print = await page(`/public/${relay.villageId}/2/print`)
    expect(print.status).toBe(200)
    expect(print.text).toContain('size:A4')
    expect(print.text).toMatch(/<svg[^>]*>.*<path/s)
    expect(print.text).toContain(`${relay.url}/public/${relay.villageId}/2`)
  })

  it('no page carries ledger or sensitive data', async () => {
    const paths = ['', '/1', '/2', '/3', '/verify', '/1/print'].map((p) => `/public/${relay.villageId}${p}`)
    for (const path of paths) {
      const { text } = await page(path)
      expect(text, path).not.toContain(SECRET_ID_NUMBER)
      expect(text, path).not.toContain(SECRET_NAME)
    }
  })

  it('the verification view finds an intact chain, then each kind of tampering', async () => {
    const intact = await page(`/public/${relay.villageId}/verify`)
    expect(intact.text).toContain('data-verdict="intact"')
    expect(intact.text).toContain('共 3 条')

    tamper(`update notices set body = '<p>改过</p>' where village_id = ? and seq = 2`, relay.villageId)
    expect((await page(`/public/${relay.villageId}/verify`)).text).toMatch(/data-verdict="broken">公告记录有问题：第 2 号起内容被改动/)
    tamper(`update notices set body = '<p>村道硬化决议的内容</p>' where village_id = ? and seq = 2`, relay.villageId)
    expect((await page(`/public/${relay.villageId}/verify`)).text).toContain('data-verdict="intact"')

    // Swap the positions of rows 2 and 3.
    tamper('update notices set seq = -2 where village_id = ? and seq = 2', relay.villageId)
    tamper('update notices set seq = 2 where village_id = ? and seq = 3', relay.villageId)
    tamper('update notices set seq = 3 where village_id = ? and seq = -2', relay.villageId)
    expect((await page(`/public/${relay.villageId}/verify`)).text).toMatch(/第 2 号起顺序被改动/)

    tamper('delete from notices where village_id = ? and seq = 2', relay.villageId)
    expect((await page(`/public/${relay.villageId}/verify`)).text).toMatch(/第 2 号起缺少公告/)
  })
})
