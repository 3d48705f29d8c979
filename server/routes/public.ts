/**
 * /public — resident pages (no login, no JavaScript needed; their one script keeps them for offline use): the list of villages' boards, a board, one
 * notice, its A4 print with a QR code, its files (photos, scans), and the chain verification (files included). They read only the notice log and the village name,
 * except the 联网联户 list, which reads the public row of each linkage doc (shared/linkage/publicList.ts),
 * and the 六联 and 网格员公示 pages (and the board's 监督电话), which read the 六联 doc.
 * Pages may be cached briefly by the browser; a new notice shows within a minute.
 */
import { Hono, type Context } from 'hono'
import QRCode from 'qrcode'
import { ID_PATTERN } from '../../shared/ids.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { createHash } from 'node:crypto'
import { verifyChain, verifyNoticeFiles } from '../../shared/notices/chain.js'
import { isPosting } from '../../shared/notices/row.js'
import type { Services } from '../http/context.js'
import type { Logger } from '../log.js'
import { linkageBoardPage } from '../linkage/pages.js'
import { publicLinkageRows } from '../linkage/publicLinkage.js'
import { liulianBoardPage } from '../liulian/pages.js'
import { publicLiulianBoard } from '../liulian/publicLiulian.js'
import { contactCardsPage, gridStaffPage, gridStaffPrintPage, supervisionLine } from '../liulian/gridStaffPages.js'
import { publicGridStaff, publishedImage } from '../liulian/publicGridStaff.js'
import { boardIndexPage, boardPage, notFoundPage, noticePage, printPage, verifyPage } from '../notices/pages.js'
import { monthlyMatterFigures } from '../../shared/matters/figures.js'
import { villageMatterRecords } from '../matters/matters.js'
import { matterBoardSection } from '../matters/pages.js'
import { MatterThrottle, type MatterLimits } from '../matters/throttle.js'
import { linkageRateRoutes } from './linkageRate.js'
import { matterRoutes } from './matters.js'
import { fileResponse } from './attachments.js'

/** Scripts from this origin only: the pages' one script (OFFLINE_SCRIPT) and the worker it registers. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data: 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

const NOTICE_FILE = /^\/public\/[^/]+\/[0-9]+\/files\/[0-9a-f]{64}$/
const STAFF_PHOTO = /^\/public\/[^/]+\/grids\/photos\/[0-9a-f]{64}$/

function fileDigest(bytes: Uint8Array | null): string | null {
  return bytes ? createHash('sha256').update(bytes).digest('hex') : null
}

/** The board's 民呼我应 figures are recomputed at most this often per village (they read every grid's doc). */
const FIGURES_TTL_MS = 60_000

export function publicRoutes(services: Services, matterLimits?: MatterLimits) {
  const { store, config, log, relay } = services
  const { accounts, notices } = store
  const figures = new Map<string, { at: number; section: ReturnType<typeof matterBoardSection> }>()
  async function matterSection(villageId: string) {
    const cached = figures.get(villageId)
    if (cached && Date.now() - cached.at < FIGURES_TTL_MS) return cached.section
    const section = matterBoardSection(villageId, monthlyMatterFigures(await villageMatterRecords(relay, villageId), shanghaiDate()))
    figures.set(villageId, { at: Date.now(), section })
    return section
  }
  // The board's 监督电话 line reads the 六联 doc; kept as long as the figures.
  const supervision = new Map<string, { at: number; line: ReturnType<typeof supervisionLine> }>()
  async function supervisionSection(villageId: string) {
    const cached = supervision.get(villageId)
    if (cached && Date.now() - cached.at < FIGURES_TTL_MS) return cached.line
    const line = supervisionLine((await publicGridStaff(relay, store.attachments, villageId)).info)
    supervision.set(villageId, { at: Date.now(), line })
    return line
  }
  const publicOrigin = fixedOrigin(config.publicUrl, log)
  const qr = (url: string) => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })

  async function village(c: Context) {
    const id = c.req.param('villageId') ?? ''
    return ID_PATTERN.test(id) ? accounts.findVillage(id) : null
  }

  return new Hono()
    .use('*', async (c, next) => {
      await next()
      // A notice's file and a staff photo carry their own headers (fileResponse: type, disposition, CSP, long cache).
      if ((NOTICE_FILE.test(c.req.path) || STAFF_PHOTO.test(c.req.path)) && c.res.status === 200) return
      c.header('Content-Security-Policy', CSP)
      c.header('X-Content-Type-Options', 'nosniff')
      c.header('Referrer-Policy', 'no-referrer')
      // The print page carries the site's address in its QR code, a matter's page its tracking
      // code and the resident's words: kept out of shared caches.
      const own = c.req.path.endsWith('/print') || c.req.path.endsWith('/cards') || c.req.path.includes('/matters') || c.req.path.endsWith('/rate')
      if (c.res.status === 200 || own) c.header('Cache-Control', own ? 'private, no-store' : 'public, max-age=60')
    })
    .get('/', async (c) => {
      const villages = await accounts.listVillages()
      const sorted = villages.map((v) => ({ id: v.id, name: v.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      return c.html(boardIndexPage(sorted))
    })
    .get('/:villageId', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      return c.html(boardPage(v.id, v.name, await notices.list(v.id), shanghaiDate(), await matterSection(v.id), await supervisionSection(v.id)))
    })
    .get('/:villageId/grids', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      return c.html(gridStaffPage(v.id, v.name, await publicGridStaff(relay, store.attachments, v.id)))
    })
    .get('/:villageId/grids/print', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const url = `${publicOrigin(c)}/public/${v.id}/grids`
      return c.html(gridStaffPrintPage(v.id, v.name, await publicGridStaff(relay, store.attachments, v.id), await qr(url), url, shanghaiDate()))
    })
    // A grid worker's photo or the 网格分布图, while the page shows it: taken off, it is gone here
    // too (a browser may keep it for the hour its answer allows).
    .get('/:villageId/grids/photos/:sha256{[0-9a-f]{64}}', async (c) => {
      const v = await village(c)
      const sha256 = c.req.param('sha256')
      const photo = v ? publishedImage(await publicGridStaff(relay, store.attachments, v.id), sha256) : null
      const bytes = v && photo ? await store.attachments.read(v.id, sha256) : null
      if (!v || !photo || !bytes || fileDigest(bytes) !== sha256) return c.html(notFoundPage('没有这张照片。'), 404)
      return fileResponse(bytes, photo.type, photo.name, sha256, 'public, max-age=3600')
    })
    .get('/:villageId/grids/:gridId/cards', async (c) => {
      const v = await village(c)
      const data = v ? await publicGridStaff(relay, store.attachments, v.id) : null
      const grid = data?.grids.find((g) => g.id === c.req.param('gridId'))
      if (!v || !data || !grid) return c.html(notFoundPage('没有这个网格。'), 404)
      const url = `${publicOrigin(c)}/public/${v.id}`
      return c.html(contactCardsPage(v.name, grid, data.info, await qr(url), url))
    })
    .get('/:villageId/linkage', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const year = shanghaiDate().slice(0, 4)
      return c.html(linkageBoardPage(v.id, v.name, await publicLinkageRows(store.docs, relay, v.id, year), year))
    })
    .get('/:villageId/liulian', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const today = shanghaiDate()
      return c.html(liulianBoardPage(v.id, v.name, await publicLiulianBoard(relay, v.id, today), today))
    })
    .route('/', matterRoutes(services, village, matterLimits, (villageId) => figures.delete(villageId)))
    .route('/', linkageRateRoutes(services, village, new MatterThrottle(matterLimits)))
    .get('/:villageId/verify', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const rows = await notices.list(v.id)
      const chain = await verifyChain(rows)
      const files = chain.intact ? await verifyNoticeFiles(rows, async (_row, sha256) => fileDigest(await store.attachments.read(v.id, sha256))) : null
      return c.html(verifyPage(v.id, v.name, files ?? chain, rows.filter(isPosting).length))
    })
    .get('/:villageId/:seq{[0-9]{1,9}}/files/:sha256{[0-9a-f]{64}}', async (c) => {
      const v = await village(c)
      const n = v ? await notices.get(v.id, Number(c.req.param('seq'))) : null
      const sha256 = c.req.param('sha256')
      const listed = n?.attachments?.find((a) => a.sha256 === sha256)
      if (!v || !n || !listed) return c.html(notFoundPage('没有这个附件。'), 404)
      const bytes = await store.attachments.read(v.id, sha256)
      // Served only as published: bytes that no longer hash to the notice's record are refused.
      if (fileDigest(bytes) !== sha256 || !bytes) return c.html(notFoundPage('这个附件与公告记录中的哈希不符，可能已被替换或损坏。'), 409)
      return fileResponse(bytes, listed.type, listed.name, sha256, 'public, max-age=31536000, immutable')
    })
    .get('/:villageId/:seq{[0-9]{1,9}}', async (c) => {
      const v = await village(c)
      const all = v ? await notices.list(v.id) : []
      const n = all.find((row) => row.seq === Number(c.req.param('seq')))
      if (!v || !n) return c.html(notFoundPage('没有这条公告。'), 404)
      return c.html(noticePage(v.name, n, all.filter((row) => row.correctionOf === n.seq), all.filter((row) => row.posting?.of === n.seq)))
    })
    .get('/:villageId/:seq{[0-9]{1,9}}/print', async (c) => {
      const v = await village(c)
      const n = v ? await notices.get(v.id, Number(c.req.param('seq'))) : null
      if (!v || !n) return c.html(notFoundPage('没有这条公告。'), 404)
      const url = `${publicOrigin(c)}/public/${v.id}/${n.seq}`
      return c.html(printPage(v.name, n, await qr(url), url))
    })
}

/**
 * The address printed on paper and in QR codes: PUBLIC_URL, or else the origin of the first
 * request this relay served (with a warning), never each request's own Host header, which any
 * client can set and a shared cache would then hand to everyone.
 */
function fixedOrigin(publicUrl: string | undefined, log: Logger): (c: Context) => string {
  let origin = publicUrl ?? null
  return (c) => {
    if (origin === null) {
      origin = new URL(c.req.url).origin
      log.warn('PUBLIC_URL is not set; printed links and QR codes use the first request origin', { origin })
    }
    return origin
  }
}
