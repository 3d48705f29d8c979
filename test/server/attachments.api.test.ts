/**
 * /api/attachments over HTTP (app.request), on SQLite and on PostgreSQL: chunked upload that
 * resumes, verification at completion, access by the linking doc (403 without it), quotas with
 * Chinese messages, SVG/HTML never inline, the per-village figure.
 */
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { possessionPrefix } from '../../shared/api/attachments.js'
import { fetchFrom, api } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON, type FreshDatabase } from '../helpers/postgres.js'
import { login, startTestApp, type TestApp } from '../helpers/relay.js'

const pgUp = await requirePostgres('the PostgreSQL half of the attachments API suite')
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const MAX_FILE = 3 * 1024 * 1024
const QUOTA = 5 * 1024 * 1024

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && !pgUp
  ;(skip ? describe.skip : describe)(`attachments API: ${backend}${skip ? ` ${SKIP_REASON}` : ''}`, () => {
    let relay: TestApp
    let db: FreshDatabase | null = null
    const tokens: Record<string, string> = {}
    const ids: Record<string, string> = {}
    let v = ''

    async function member(phone: string, role: string, gridIds: string[]): Promise<string> {
      const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name: `成员${phone.slice(-2)}`, password: 'member-pass-1', role } })
      const id = (created.json as { id: string }).id
      ids[phone] = id
      await api(relay.url, `/api/users/${id}/memberships/${v}`, { token: relay.token, method: 'PUT', body: { role, gridIds, sensitive: false } })
      return login(relay.url, phone, 'member-pass-1')
    }
    const base = (hash: string, doc: string) => `/api/attachments/${v}/${hash}?doc=${encodeURIComponent(doc)}`
    const declare = (token: string, hash: string, doc: string, size: number, type = 'image/jpeg', proof?: string) => api(relay.url, base(hash, doc), { token, body: { size, type, ...(proof ? { proof } : {}) } })
    /** The proof of possession a device holding `bytes` sends (shared/api/attachments.ts possessionPrefix). */
    const proofOf = (bytes: Uint8Array, doc: string, phone: string) => createHash('sha256').update(possessionPrefix(doc, ids[phone] as string)).update(bytes).digest('hex')
    const put = (token: string, hash: string, doc: string, pos: number, data: Uint8Array) =>
      fetchFrom(relay.url, `${base(hash, doc)}&pos=${pos}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: Uint8Array.from(data) })
    const get = (token: string, hash: string, doc: string, name?: string) =>
      fetchFrom(relay.url, `${base(hash, doc)}${name ? `&name=${encodeURIComponent(name)}` : ''}`, { headers: { authorization: `Bearer ${token}` } })
    async function upload(token: string, bytes: Uint8Array, doc: string, type = 'image/jpeg') {
      const hash = sha(bytes)
      expect((await declare(token, hash, doc, bytes.length, type)).status).toBeLessThan(300)
      for (let pos = 0; pos < bytes.length; pos += 512 * 1024) {
        const res = await put(token, hash, doc, pos, bytes.subarray(pos, pos + 512 * 1024))
        expect(res.status).toBe(200)
      }
      return hash
    }

    beforeAll(async () => {
      if (backend === 'postgres') db = await freshPostgresDatabase('cunwu_att')
      relay = await startTestApp({ attachmentMaxBytes: MAX_FILE, attachmentVillageQuotaBytes: QUOTA, ...(db ? { databaseUrl: db.url } : {}) })
      v = relay.villageId
      tokens.cadre = await member('13900000001', 'village_cadre', [])
      tokens.g1 = await member('13900000002', 'grid_worker', ['g1'])
      tokens.g2 = await member('13900000003', 'grid_worker', ['g2'])
      tokens.supervisor = await member('13900000004', 'supervisor', [])
    }, 60_000)
    afterAll(async () => {
      await relay?.close()
      await db?.drop()
    })

    it('uploads in chunks, resumes from what the relay received, and serves the verified file', async () => {
      const bytes = randomBytes(600_000)
      const hash = sha(bytes)
      const doc = `${v}/ledger/g1`
      const declared = await declare(tokens.g1 as string, hash, doc, bytes.length)
      expect(declared).toMatchObject({ status: 201, json: { received: 0, size: 600_000, complete: false } })
      expect(await (await put(tokens.g1 as string, hash, doc, 0, bytes.subarray(0, 256_000))).json()).toEqual({ received: 256_000, size: 600_000, complete: false })
      // The connection dropped; the device asks again and resumes from `received`.
      expect((await declare(tokens.g1 as string, hash, doc, bytes.length)).json).toEqual({ received: 256_000, size: 600_000, complete: false })
      const wrong = await put(tokens.g1 as string, hash, doc, 0, bytes.subarray(0, 256_000))
      expect(wrong.status).toBe(409)
      expect(await wrong.json()).toMatchObject({ received: 256_000, error: expect.stringMatching(/[\u4e00-\u9fff]/) })
      expect((await get(tokens.g1 as string, hash, doc)).status).toBe(404)
      await put(tokens.g1 as string, hash, doc, 256_000, bytes.subarray(256_000, 512_000))
      const last = await put(tokens.g1 as string, hash, doc, 512_000, bytes.subarray(512_000))
      expect(await last.json()).toEqual({ received: 600_000, size: 600_000, complete: true })
      const res = await get(tokens.cadre as string, hash, doc, '隐患 整改前.jpg')
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
      expect(res.headers.get('content-type')).toBe('image/jpeg')
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="__ ___.jpg"; filename*=UTF-8''${encodeURIComponent('隐患 整改前.jpg')}`)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      // The same bytes again: stored once, nothing to upload (with the proof of holding them).
      const again = await declare(tokens.cadre as string, hash, `${v}/minutes/m1`, bytes.length, 'image/jpeg', proofOf(bytes, `${v}/minutes/m1`, '13900000001'))
      expect(again.json).toEqual({ received: 600_000, size: 600_000, complete: true })
    })

    it('links a file the village holds to another doc only with proof of holding its bytes', async () => {
      const secret = randomBytes(3000)
      const hash = await upload(tokens.g1 as string, secret, `${v}/ledger/g1`)
      // g2 learnt the hash (not the bytes) and tries to link the file to its own grid's doc, to read it there.
      const own = `${v}/ledger/g2`
      const bare = await declare(tokens.g2 as string, hash, own, 3000)
      expect(bare).toMatchObject({ status: 403, json: { error: '本村已保存过这个文件；关联到这条记录需要证明本机持有这个文件（请更新应用后重试）' } })
      const guessed = await declare(tokens.g2 as string, hash, own, 3000, 'image/jpeg', sha(randomBytes(8)))
      expect(guessed).toMatchObject({ status: 403, json: { error: '持有证明不符：本机的文件与已保存的不一致，无法关联' } })
      // A proof made for another doc or by another user does not transfer.
      expect((await declare(tokens.g2 as string, hash, own, 3000, 'image/jpeg', proofOf(secret, `${v}/ledger/g1`, '13900000003'))).status).toBe(403)
      expect((await declare(tokens.g2 as string, hash, own, 3000, 'image/jpeg', proofOf(secret, own, '13900000002'))).status).toBe(403)
      expect((await get(tokens.g2 as string, hash, own)).status).toBe(404)
      // Holding the bytes, the link is made and the file opens through it.
      expect((await declare(tokens.g2 as string, hash, own, 3000, 'image/jpeg', proofOf(secret, own, '13900000003'))).status).toBe(200)
      expect(Buffer.from(await (await get(tokens.g2 as string, hash, own)).arrayBuffer()).equals(secret)).toBe(true)
    })

    it('keeps a link made while the file uploads closed until the upload completes, then checks its proof', async () => {
      const bytes = randomBytes(700_000)
      const hash = sha(bytes)
      const first = `${v}/ledger/g1`
      await declare(tokens.g1 as string, hash, first, bytes.length)
      await put(tokens.g1 as string, hash, first, 0, bytes.subarray(0, 300_000))
      // The cadre attached the same photo to the minutes on another device; g2 only guesses.
      const minutes = `${v}/minutes/m2`
      const pending = await declare(tokens.cadre as string, hash, minutes, bytes.length, 'image/jpeg', proofOf(bytes, minutes, '13900000001'))
      expect(pending).toMatchObject({ status: 200, json: { received: 300_000, complete: false } })
      const liar = `${v}/ledger/g2`
      expect((await declare(tokens.g2 as string, hash, liar, bytes.length, 'image/jpeg', sha(randomBytes(8)))).status).toBe(200)
      // The pending link may carry the upload on (the first device went away).
      const done = await put(tokens.cadre as string, hash, minutes, 300_000, bytes.subarray(300_000))
      expect(await done.json()).toEqual({ received: 700_000, size: 700_000, complete: true })
      expect((await get(tokens.cadre as string, hash, minutes)).status).toBe(200)
      expect((await get(tokens.g1 as string, hash, first)).status).toBe(200)
      expect((await get(tokens.g2 as string, hash, liar)).status).toBe(404)
      // Its wrong proof was dropped: the link is gone, and linking again needs a right proof.
      expect((await declare(tokens.g2 as string, hash, liar, bytes.length)).status).toBe(403)
    })

    it('a user without access to the linking doc gets 403; a doc that does not link the file gets 404', async () => {
      const hash = await upload(tokens.g1 as string, randomBytes(2000), `${v}/ledger/g1`)
      for (const who of ['g2', 'supervisor'] as const) {
        const res = await get(tokens[who] as string, hash, `${v}/ledger/g1`)
        expect(res.status, who).toBe(403)
        expect(await res.json()).toEqual({ error: '没有权限查看这个文档' })
        expect(res.headers.get('content-type')).toMatch(/json/)
      }
      // g2 names its own grid's doc, which does not link the file: still no file.
      expect((await get(tokens.g2 as string, hash, `${v}/ledger/g2`)).status).toBe(404)
      // Nor can g2 link it to its own doc: declaring needs the bytes' hash only, but writing into g1's doc is refused.
      expect((await declare(tokens.g2 as string, hash, `${v}/ledger/g1`, 2000)).status).toBe(403)
      // A supervisor may read minutes but not attach to them.
      expect((await declare(tokens.supervisor as string, hash, `${v}/minutes/m1`, 2000)).status).toBe(403)
      // A doc of another village in the query is no doc of this one.
      expect((await get(tokens.cadre as string, hash, `other/ledger/g1`)).status).toBe(404)
      expect((await fetchFrom(relay.url, base(hash, `${v}/ledger/g1`))).status).toBe(401)
    })

    it('refuses bytes that do not match the name, and the upload can start over', async () => {
      const bytes = randomBytes(3000)
      const hash = sha(bytes)
      const doc = `${v}/decisions`
      await declare(tokens.cadre as string, hash, doc, 3000, 'application/pdf')
      const bad = await put(tokens.cadre as string, hash, doc, 0, randomBytes(3000))
      expect(bad.status).toBe(422)
      expect(await bad.json()).toEqual({ error: '文件校验失败（内容与 SHA-256 不符），请重新上传' })
      expect((await declare(tokens.cadre as string, hash, doc, 3000, 'application/pdf')).json).toMatchObject({ received: 0, complete: false })
      expect((await put(tokens.cadre as string, hash, doc, 0, bytes)).status).toBe(200)
      expect((await get(tokens.supervisor as string, hash, doc)).headers.get('content-type')).toBe('application/pdf')
    })

    it('never serves SVG or HTML inline', async () => {
      const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
      const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
      for (const [bytes, type] of [[svg, 'image/svg+xml'], [html, 'text/html']] as const) {
        const hash = await upload(tokens.cadre as string, bytes, `${v}/ledger/g1`, type)
        const res = await get(tokens.cadre as string, hash, `${v}/ledger/g1`, 'x.svg')
        expect(res.headers.get('content-type'), type).toBe('application/octet-stream')
        expect(res.headers.get('content-disposition'), type).toMatch(/^attachment; /)
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      }
    })

    it('refuses a file over the per-file limit and the village quota, with Chinese messages', async () => {
      const tooBig = await declare(tokens.cadre as string, sha(randomBytes(8)), `${v}/ledger/g1`, MAX_FILE + 1)
      expect(tooBig.status).toBe(413)
      expect(tooBig.json).toEqual({ error: '文件太大：单个附件最大 3.0 MB，这个文件 3.0 MB', field: 'size' })
      // Fill the village close to its 5 MB quota, then one more file does not fit.
      const used = (await api(relay.url, '/api/attachments/usage', { token: relay.token })).json as { villages: { villageId: string; bytes: number }[] }
      const now = used.villages.find((x) => x.villageId === v)?.bytes ?? 0
      const fill = QUOTA - now - 1000
      await upload(tokens.cadre as string, randomBytes(Math.ceil(fill / 2)), `${v}/ledger/g1`)
      await upload(tokens.cadre as string, randomBytes(Math.floor(fill / 2)), `${v}/ledger/g1`)
      const full = await declare(tokens.cadre as string, sha(randomBytes(8)), `${v}/ledger/g1`, 2000)
      expect(full.status).toBe(507)
      expect((full.json as { error: string }).error).toMatch(/^本村附件存储空间已满：已用 5\.0 MB，上限 5\.0 MB，放不下这个 2\.0 KB 的文件/)
      const chunk = await put(tokens.cadre as string, sha(randomBytes(8)), `${v}/ledger/g1`, 0, new Uint8Array(1024 * 1024 + 1))
      expect(chunk.status).toBe(413)
    })

    it("reports each village's stored bytes: every village to the township admin, own village to members", async () => {
      const admin = (await api(relay.url, '/api/attachments/usage', { token: relay.token })).json as { quota: number; villages: { villageId: string; files: number; bytes: number }[] }
      expect(admin.quota).toBe(QUOTA)
      expect(admin.villages.find((x) => x.villageId === v)).toMatchObject({ name: '测试村', bytes: QUOTA - 1000 })
      expect(admin.villages.find((x) => x.villageId === v)?.files).toBeGreaterThanOrEqual(5)
      const cadre = (await api(relay.url, '/api/attachments/usage', { token: tokens.cadre })).json as { villages: unknown[] }
      expect(cadre.villages).toHaveLength(1)
    })
  })
}
