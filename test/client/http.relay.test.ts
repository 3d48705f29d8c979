/**
 * The app's one way to call the relay (client/app/api/http.ts), against a real relay and a real
 * socket that answers in plain text: JSON parsed by its schema, a refusal as the server's Chinese
 * message and field, a 401 told to the shell, a file as a Blob with the same errors, an answer
 * that is not JSON as 服务器错误（status）, and an unreachable relay as the network message.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as z from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { villageListSchema } from '../../shared/api/villages'
import { ApiError, NETWORK_ERROR, request, requestFile, type ApiContext } from '../../client/app/api/http'
import { startTestRelay, type TestRelay } from '../helpers/relay'

let relay: TestRelay
let plain: Server
let plainUrl: string

beforeAll(async () => {
  relay = await startTestRelay()
  plain = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'))
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
  plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`
}, 30_000)
afterAll(async () => {
  await relay?.close()
  await new Promise((resolve) => plain?.close(resolve))
})

const failure = async (call: Promise<unknown>): Promise<ApiError> => {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

describe('request', () => {
  it('parses a JSON answer with its schema, and refuses one of the wrong shape', async () => {
    const api: ApiContext = { baseUrl: `${relay.url}/`, token: relay.token }
    const { villages } = await request(api, '/api/villages', villageListSchema)
    expect(villages.map((v) => v.id)).toContain(relay.villageId)
    const wrong = await failure(request(api, '/api/villages', z.object({ count: z.number() })))
    expect([wrong.message, wrong.status]).toEqual(['服务器返回的数据格式不对', 200])
  })

  it('a refusal carries the server’s Chinese message and the field it names', async () => {
    const api: ApiContext = { baseUrl: relay.url, token: relay.token }
    const refused = await failure(request(api, '/api/villages', villageListSchema, { method: 'POST', body: { name: ' ' } }))
    expect([refused.message, refused.status, refused.field]).toEqual(['请输入村名', 400, 'name'])
    const unknown = await failure(request(api, '/api/no-such-thing', villageListSchema))
    expect([unknown.message, unknown.status]).toEqual(['没有这个接口', 404])
  })

  it('tells the shell of a 401 to a call that carried a token, not of one made before signing in', async () => {
    let told = 0
    const stale: ApiContext = { baseUrl: relay.url, token: 'not-a-session', onUnauthorised: () => told++ }
    expect((await failure(request(stale, '/api/villages', villageListSchema))).status).toBe(401)
    expect(told).toBe(1)
    const anonymous: ApiContext = { baseUrl: relay.url, token: null, onUnauthorised: () => told++ }
    expect((await failure(request(anonymous, '/api/villages', villageListSchema))).status).toBe(401)
    expect(told).toBe(1)
  })

  it('an answer that is not JSON reads 服务器错误（status）; an unreachable relay reads the network message', async () => {
    const bad = await failure(request({ baseUrl: plainUrl, token: null }, '/api/villages', villageListSchema))
    expect([bad.message, bad.status]).toEqual(['服务器错误（502）', 502])
    const gone = await failure(request({ baseUrl: 'http://127.0.0.1:9', token: null }, '/api/villages', villageListSchema))
    expect([gone.message, gone.status]).toEqual([NETWORK_ERROR, 0])
  })
})

describe('requestFile', () => {
  it('gives the file as a Blob, with the same errors as request', async () => {
    const api: ApiContext = { baseUrl: relay.url, token: relay.token }
    const workbook = await requestFile(api, '/api/audit/export')
    // An .xlsx is a zip: it starts with PK.
    expect(new TextDecoder().decode((await workbook.arrayBuffer()).slice(0, 2))).toBe('PK')
    const unknown = await failure(requestFile(api, '/api/reports/sheet/no-such-village?period=2026-Q1&format=xlsx'))
    expect([unknown.message, unknown.status]).toEqual(['没有这个村庄', 404])
    expect((await failure(requestFile({ baseUrl: plainUrl, token: null }, '/x.xlsx'))).message).toBe('服务器错误（502）')
    expect((await failure(requestFile({ baseUrl: 'http://127.0.0.1:9', token: null }, '/x.xlsx'))).message).toBe(NETWORK_ERROR)
  })
})
