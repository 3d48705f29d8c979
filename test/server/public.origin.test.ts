/**
 * Printed links and QR codes use PUBLIC_URL, or the first request's origin, never a request's
 * own Host header (issue #14 item 5), and the print page is kept out of shared caches.
 */
import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { newId } from '../../shared/ids.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { api } from '../helpers/api.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay | null = null
afterEach(async () => {
  await relay?.close()
  relay = null
})

/** A GET with a Host header of our choosing (fetch does not allow setting it). */
function getWithHost(url: string, host: string): Promise<{ status: number; text: string; cacheControl: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), cacheControl: res.headers['cache-control'] }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function publishOne(r: TestRelay) {
  const today = shanghaiDate()
  const res = await api(r.url, `/api/notices/${r.villageId}`, {
    token: r.token,
    body: { id: newId(), kind: 'finance', title: '财务公开', body: '内容', periodFrom: today, periodTo: today },
  })
  expect(res.status).toBe(201)
}

describe('the printed address', () => {
  it('is PUBLIC_URL when set, whatever Host a request names', async () => {
    relay = await startTestRelay({ publicUrl: 'https://cunwu.example.gov.cn' })
    await publishOne(relay)
    const print = await getWithHost(`${relay.url}/public/${relay.villageId}/1/print`, 'evil.example.com')
    expect(print.status).toBe(200)
    expect(print.text).toContain(`https://cunwu.example.gov.cn/public/${relay.villageId}/1`)
    expect(print.text).not.toContain('evil.example.com')
    expect(print.cacheControl).toBe('private, no-store')
  })

  it('without PUBLIC_URL is fixed by the first request, not taken from each later one', async () => {
    relay = await startTestRelay()
    await publishOne(relay)
    const first = await getWithHost(`${relay.url}/public/${relay.villageId}/1/print`, `127.0.0.1:${relay.port}`)
    expect(first.text).toContain(`http://127.0.0.1:${relay.port}/public/${relay.villageId}/1`)
    const spoofed = await getWithHost(`${relay.url}/public/${relay.villageId}/1/print`, 'evil.example.com')
    expect(spoofed.text).not.toContain('evil.example.com')
    expect(spoofed.text).toContain(`http://127.0.0.1:${relay.port}/public/${relay.villageId}/1`)
  })
})
