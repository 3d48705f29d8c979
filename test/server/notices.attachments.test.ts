/**
 * A notice's files (issue #19 item 3), on SQLite and PostgreSQL: published with the notice, its
 * hash covers their SHA-256s; residents get them from the public pages with the right type and
 * Content-Disposition; a replaced image (bytes swapped in the store) or a rewritten file list
 * fails the resident's verification page, and the public file route refuses the swapped bytes.
 */
import Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { noticeHash } from '../../shared/notices/chain.js'
import type { NoticeRow } from '../../shared/notices/row.js'
import { api, fetchFrom } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON, type FreshDatabase } from '../helpers/postgres.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { financeNotice } from '../helpers/storeContents.js'

const pgUp = await requirePostgres('the PostgreSQL half of the notice attachments suite')
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && !pgUp
  ;(skip ? describe.skip : describe)(`notice attachments: ${backend}${skip ? ` ${SKIP_REASON}` : ''}`, () => {
    let relay: TestRelay
    let db: FreshDatabase | null = null
    const photo = randomBytes(40_000)
    const scan = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    let notice: NoticeRow

    async function tamper(sql: string, params: unknown[]) {
      if (db) {
        const client = new pg.Client({ connectionString: db.url })
        await client.connect()
        await client.query(sql.replace(/\?/g, (() => { let i = 0; return () => `$${++i}` })()), params).finally(() => client.end())
      } else {
        const file = new Database(join(relay.dataDir, 'cunwu.sqlite'))
        file.pragma('busy_timeout = 5000')
        file.prepare(sql).run(...params)
        file.close()
      }
    }
    const verifyPage = async () => (await fetchFrom(relay.url, `/public/${relay.villageId}/verify`)).text()

    async function upload(bytes: Uint8Array, type: string) {
      const hash = sha(bytes)
      const path = `/api/attachments/${relay.villageId}/${hash}?doc=${relay.villageId}/decisions`
      expect((await api(relay.url, path, { token: relay.token, body: { size: bytes.length, type } })).status).toBe(201)
      const res = await fetch(`${relay.url}${path}&pos=0`, { method: 'PUT', headers: { authorization: `Bearer ${relay.token}` }, body: Uint8Array.from(bytes) })
      expect(res.status).toBe(200)
      return hash
    }

    beforeAll(async () => {
      if (backend === 'postgres') db = await freshPostgresDatabase('cunwu_natt')
      relay = await startTestRelay(db ? { databaseUrl: db.url } : {})
    }, 60_000)
    afterAll(async () => {
      await relay?.close()
      await db?.drop()
    })

    it('refuses a notice whose file is not uploaded yet, with a Chinese message', async () => {
      const res = await api(relay.url, `/api/notices/${relay.villageId}`, {
        token: relay.token,
        body: { ...financeNotice('n0', '十一月财务公开'), attachments: [{ sha256: sha(photo), name: '公示栏照片.jpg', type: 'image/jpeg', size: photo.length }] },
      })
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ error: '附件「公示栏照片.jpg」还没有上传到服务器，请联网等它上传完再发布', field: 'attachments' })
    })

    it('publishes with files whose hashes are part of the notice hash', async () => {
      const attachments = [
        { sha256: await upload(photo, 'image/jpeg'), name: '公示栏照片.jpg', type: 'image/jpeg', size: photo.length },
        { sha256: await upload(scan, 'image/svg+xml'), name: '签字页.svg', type: 'image/svg+xml', size: scan.length },
      ]
      const res = await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token, body: { ...financeNotice('n1', '十一月财务公开'), attachments } })
      expect(res.status).toBe(201)
      notice = (res.json as { notice: NoticeRow }).notice
      expect(notice.attachments).toEqual(attachments)
      // Another image in the same row hashes differently: the files are covered by the hash.
      const swapped = { ...notice, attachments: [{ ...attachments[0], sha256: sha(randomBytes(8)) }, attachments[1]] } as NoticeRow
      expect(await noticeHash(swapped)).not.toBe(notice.hash)
      expect(await noticeHash(notice)).toBe(notice.hash)
      // A notice without files keeps the hash it had before files existed.
      const plain = { ...notice, attachments: undefined }
      const withEmpty = { ...notice, attachments: [] }
      expect(await noticeHash(withEmpty)).toBe(await noticeHash(plain))
    })

    it('serves the files publicly: images inline with their type, SVG only as a download', async () => {
      const page = await (await fetchFrom(relay.url, `/public/${relay.villageId}/${notice.seq}`)).text()
      expect(page).toContain(`<img src="/public/${relay.villageId}/${notice.seq}/files/${sha(photo)}" alt="公示栏照片.jpg"`)
      expect(page).toContain('签字页.svg')
      const img = await fetchFrom(relay.url, `/public/${relay.villageId}/${notice.seq}/files/${sha(photo)}`)
      expect(img.status).toBe(200)
      expect(img.headers.get('content-type')).toBe('image/jpeg')
      expect(img.headers.get('content-disposition')).toMatch(/^inline; /)
      expect(img.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(Buffer.from(await img.arrayBuffer()).equals(photo)).toBe(true)
      const svg = await fetchFrom(relay.url, `/public/${relay.villageId}/${notice.seq}/files/${sha(scan)}`)
      expect(svg.headers.get('content-type')).toBe('application/octet-stream')
      expect(svg.headers.get('content-disposition')).toBe(`attachment; filename="___.svg"; filename*=UTF-8''${encodeURIComponent('签字页.svg')}`)
      expect(svg.headers.get('x-content-type-options')).toBe('nosniff')
      // Only files the notice lists: another village file is not public through it.
      expect((await fetchFrom(relay.url, `/public/${relay.villageId}/${notice.seq}/files/${sha(randomBytes(8))}`)).status).toBe(404)
      expect(await verifyPage()).toContain('data-verdict="intact"')
    })

    it('a replaced image fails the resident verification, and is no longer served', async () => {
      const forged = Buffer.from(photo)
      forged[100] = (forged[100] ?? 0) ^ 0xff
      await tamper('update attachment_chunks set data = ? where sha256 = ?', [forged, sha(photo)])
      const page = await verifyPage()
      expect(page).toContain('data-verdict="broken"')
      expect(page).toContain(`第 ${notice.seq} 号公告的附件「公示栏照片.jpg」被替换：与公告记录中的哈希不符`)
      expect((await fetchFrom(relay.url, `/public/${relay.villageId}/${notice.seq}/files/${sha(photo)}`)).status).toBe(409)
      await tamper('update attachment_chunks set data = ? where sha256 = ?', [photo, sha(photo)])
      expect(await verifyPage()).toContain('data-verdict="intact"')
    })

    it('pointing the notice at another file breaks its hash', async () => {
      const other = randomBytes(5000)
      const otherHash = await upload(other, 'image/jpeg')
      const list = JSON.stringify([{ sha256: otherHash, name: '公示栏照片.jpg', type: 'image/jpeg', size: other.length }, notice.attachments?.[1]])
      // Someone with access to the database rewrites the stored row: the chain catches it.
      await tamper('update notices set attachments = ? where id = ?', [list, 'n1'])
      const page = await verifyPage()
      expect(page).toContain('data-verdict="broken"')
      expect(page).toContain(`第 ${notice.seq} 号公告的内容与其哈希不符`)
    })
  })
}
