/**
 * 张贴记录 (DOMAIN.md story 9: "published notices are immutable snapshots with posting dates and
 * wall-posting photos"), on SQLite and PostgreSQL over a real relay: a cadre records where and
 * when a published notice went up, with photos; the record is a row of its own in the chain (the
 * notice is untouched), shown under its notice on the residents' pages, covered by verification;
 * bad input is refused in Chinese.
 */
import Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { noticeHash } from '../../shared/notices/chain.js'
import type { NoticeRow } from '../../shared/notices/row.js'
import { api, fetchFrom } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON, type FreshDatabase } from '../helpers/postgres.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { financeNotice } from '../helpers/storeContents.js'

const pgUp = await requirePostgres('the PostgreSQL half of the notice postings suite')
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && !pgUp
  ;(skip ? describe.skip : describe)(`notice postings (张贴记录): ${backend}${skip ? ` ${SKIP_REASON}` : ''}`, () => {
    let relay: TestRelay
    let db: FreshDatabase | null = null
    let notice: NoticeRow
    let posting: NoticeRow
    const wall = randomBytes(30_000)
    const board = randomBytes(20_000)
    const today = shanghaiDate()

    async function upload(bytes: Uint8Array, type: string) {
      const hash = sha(bytes)
      const path = `/api/attachments/${relay.villageId}/${hash}?doc=${relay.villageId}/decisions`
      expect([200, 201]).toContain((await api(relay.url, path, { token: relay.token, body: { size: bytes.length, type } })).status)
      const res = await fetch(`${relay.url}${path}&pos=0`, { method: 'PUT', headers: { authorization: `Bearer ${relay.token}` }, body: Uint8Array.from(bytes) })
      expect(res.status).toBe(200)
      return { sha256: hash, name: `${hash.slice(0, 6)}.jpg`, type, size: bytes.length }
    }
    const record = (body: Record<string, unknown>, seq = notice.seq, token = relay.token) => api(relay.url, `/api/notices/${relay.villageId}/${seq}/postings`, { token, body })
    const page = async (path: string) => (await fetchFrom(relay.url, `/public/${relay.villageId}${path}`)).text()

    beforeAll(async () => {
      if (backend === 'postgres') db = await freshPostgresDatabase('cunwu_npost')
      relay = await startTestRelay(db ? { databaseUrl: db.url } : {})
      const res = await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token, body: { ...financeNotice('n1', '十一月财务公开'), periodFrom: today, periodTo: addDays(today, 10) } })
      expect(res.status).toBe(201)
      notice = (res.json as { notice: NoticeRow }).notice
    }, 60_000)
    afterAll(async () => {
      await relay?.close()
      await db?.drop()
    })

    it('refuses what cannot be a posting record, in Chinese', async () => {
      const photo = { sha256: sha(wall), name: '张贴.jpg', type: 'image/jpeg', size: wall.length }
      const base = { id: 'p0', postedOn: today, places: ['村委会公开栏'], photos: [photo] }
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ ...base, photos: [] }, 400, '请至少拍一张张贴照片'],
        [{ ...base, places: [] }, 400, '请填写张贴地点'],
        [{ ...base, postedOn: '12月3日' }, 400, '请选择张贴日期'],
        [{ ...base, photos: [{ ...photo, type: 'application/pdf', name: '扫描件.pdf' }] }, 400, '张贴照片只能是 JPEG、PNG 或 WebP 图片'],
        [{ ...base, postedOn: addDays(shanghaiDate(new Date(notice.publishedAt)), -1) }, 400, `张贴日期不能早于公告发布的日期（${shanghaiDate(new Date(notice.publishedAt))}）`],
        [{ ...base, postedOn: addDays(today, 1) }, 400, '张贴日期不能晚于今天'],
        // The photo is not on the relay yet (the phone's outbox sends the upload first).
        [base, 400, '附件「张贴.jpg」还没有上传到服务器，请联网等它上传完再发布'],
      ]
      for (const [body, status, error] of cases) {
        const res = await record(body)
        expect(res.status, error).toBe(status)
        expect((res.json as { error: string }).error).toBe(error)
      }
      expect((await record(base, 99)).json).toEqual({ error: '第 99 号公告不存在' })
      expect((await record(base, 99)).status).toBe(404)
      // Nothing was appended by any of them.
      expect(((await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token })).json as { notices: NoticeRow[] }).notices).toHaveLength(1)
    })

    it('a grid worker may not record one; no token is 401', async () => {
      const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000021', name: '赵网格', password: 'member-pass-1', role: 'grid_worker' } })
      const id = (created.json as { id: string }).id
      const joined = await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'grid_worker', gridIds: [], sensitive: false } })
      expect(joined.status).toBe(200)
      const token = await login(relay.url, '13900000021', 'member-pass-1')
      const body = { id: 'p-gw', postedOn: today, places: ['村委会公开栏'], photos: [await upload(wall, 'image/jpeg')] }
      expect((await record(body, notice.seq, token)).status).toBe(403)
      expect((await api(relay.url, `/api/notices/${relay.villageId}/${notice.seq}/postings`, { body })).status).toBe(401)
    })

    it('records the day, the places and the photos as a row of its own; a repeat records once', async () => {
      const photos = [await upload(wall, 'image/jpeg'), await upload(board, 'image/webp')]
      const body = { id: 'p1', postedOn: today, places: ['村委会公开栏', '第二村民小组活动室'], note: '公示期满后揭下存档。', photos }
      const res = await record(body)
      expect(res.status).toBe(201)
      posting = (res.json as { notice: NoticeRow }).notice
      expect(posting).toMatchObject({
        seq: notice.seq + 1,
        prevHash: notice.hash,
        kind: 'finance',
        title: `第 ${notice.seq} 号公告张贴记录`,
        attachments: photos,
        posting: { of: notice.seq, postedOn: today, places: ['村委会公开栏', '第二村民小组活动室'] },
        correctionOf: null,
      })
      expect(posting.body).toBe(`<p>第 ${notice.seq} 号公告「十一月财务公开」已于 ${today} 张贴于：村委会公开栏、第二村民小组活动室。</p><p>公示期满后揭下存档。</p>`)
      expect(await noticeHash(posting)).toBe(posting.hash)
      // The day and the places are covered by the hash.
      expect(await noticeHash({ ...posting, posting: { ...posting.posting!, postedOn: addDays(today, -1) } })).not.toBe(posting.hash)
      const again = await record(body)
      expect(again.status).toBe(200)
      expect(again.json).toEqual({ created: false, notice: posting })
      // The notice itself is exactly as published.
      const list = ((await api(relay.url, `/api/notices/${relay.villageId}`, { token: relay.token })).json as { notices: NoticeRow[] }).notices
      expect(list).toEqual([notice, posting])
      // A posting record is not itself posted.
      expect((await record({ ...body, id: 'p2' }, posting.seq)).json).toEqual({ error: `第 ${posting.seq} 号是张贴记录，请登记它所记录的公告` })
    })

    it('shows under its notice on the residents\u2019 pages, not as a notice of its own', async () => {
      const boardPage = await page('')
      expect(boardPage).toContain('共 1 条公告')
      expect(boardPage).toContain(`已张贴 ${today}`)
      expect(boardPage).not.toContain(`第 ${posting.seq} 号`)
      const noticePage = await page(`/${notice.seq}`)
      expect(noticePage).toContain('<h2>张贴记录</h2>')
      expect(noticePage).toContain(`<strong>${today}</strong> 张贴于 村委会公开栏、第二村民小组活动室`)
      expect(noticePage).toContain(`<img src="/public/${relay.villageId}/${posting.seq}/files/${sha(wall)}" alt="张贴照片：`)
      const own = await page(`/${posting.seq}`)
      expect(own).toContain(`记录的是 <a href="/public/${relay.villageId}/${notice.seq}">第 ${notice.seq} 号公告</a> 的张贴：${today}，村委会公开栏、第二村民小组活动室`)
      expect(own).toContain('<h2>张贴照片</h2>')
      const img = await fetchFrom(relay.url, `/public/${relay.villageId}/${posting.seq}/files/${sha(wall)}`)
      expect(img.status).toBe(200)
      expect(Buffer.from(await img.arrayBuffer()).equals(wall)).toBe(true)
      expect(await page('/verify')).toContain('公告记录完整：共 2 条（其中张贴记录 1 条）')
    })

    it('a rewritten posting (another day) fails the residents\u2019 verification', async () => {
      const forged = JSON.stringify({ ...posting.posting, postedOn: addDays(today, -1) })
      if (db) {
        const client = new pg.Client({ connectionString: db.url })
        await client.connect()
        await client.query('update notices set posting = $1 where id = $2', [forged, 'p1']).finally(() => client.end())
      } else {
        const file = new Database(join(relay.dataDir, 'cunwu.sqlite'))
        file.pragma('busy_timeout = 5000')
        file.prepare('update notices set posting = ? where id = ?').run(forged, 'p1')
        file.close()
      }
      const verify = await page('/verify')
      expect(verify).toContain('data-verdict="broken"')
      expect(verify).toContain(`第 ${posting.seq} 号公告的内容与其哈希不符`)
    })
  })
}
