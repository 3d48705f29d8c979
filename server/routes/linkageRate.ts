/**
 * /public/<villageId>/rate — rating a linked member with the 联系卡's one-time code (pages in
 * linkage/ratePages.ts). POST → 303 → GET, so a reload never rates twice; bad input re-renders
 * the form with what was typed and a Chinese message. Every submission takes a place from the
 * matters limiter's per-address lookup bucket, so codes cannot be guessed in bulk. Mounted inside
 * publicRoutes, which sets the CSP and caching.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { RATINGS } from '../../shared/linkage/evaluation.js'
import { clientAddress } from '../http/clientAddress.js'
import type { Services } from '../http/context.js'
import { CodeError, rateWithCode } from '../linkage/codes.js'
import { ratedPage, rateFormPage } from '../linkage/ratePages.js'
import { refusalMessage, type MatterThrottle } from '../matters/throttle.js'
import { notFoundPage } from '../notices/pages.js'
import type { VillageRow } from '../storage/types.js'

type Found = (c: Context) => Promise<VillageRow | null>

export function linkageRateRoutes({ store, relay, proxies, log }: Services, village: Found, throttle: MatterThrottle) {
  const tooLarge = bodyLimit({ maxSize: 4 * 1024, onError: (c) => c.html(notFoundPage('提交的内容太长了。'), 413) })
  return new Hono()
    .get('/:villageId/rate', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      if (c.req.query('done') === '1') return c.html(ratedPage(v.id, v.name))
      return c.html(rateFormPage(v.id, v.name))
    })
    .post('/:villageId/rate', tooLarge, async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const body = await c.req.parseBody()
      const code = typeof body.code === 'string' ? body.code.slice(0, 20) : ''
      const chosen = typeof body.rating === 'string' ? body.rating : ''
      const again = (error: string, status: 400 | 404 | 409 | 429) => c.html(rateFormPage(v.id, v.name, { code, rating: chosen }, error), status)
      const refusal = throttle.takeLookup(clientAddress(c, proxies))
      if (refusal) {
        c.header('Retry-After', String(refusal.retryAfter))
        return again(refusalMessage(refusal), 429)
      }
      const rating = RATINGS.find((r) => r === chosen)
      if (!rating) return again('请选择满意、基本满意或不满意。', 400)
      if (code.trim() === '') return again('请输入联系卡上的评议码。', 400)
      try {
        await rateWithCode(relay, store.linkageCodes, v.id, code, rating)
        // Logged without the code or the household.
        log.info('linkage rated by code', { villageId: v.id })
        return c.redirect(`/public/${v.id}/rate?done=1`, 303)
      } catch (err) {
        if (err instanceof CodeError) return again(err.message, err.status)
        throw err
      }
    })
}
