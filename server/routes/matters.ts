/**
 * /public/<villageId>/matters — 民呼我应 (issue #23): raise a matter with no account, follow it
 * by its tracking code, rate the outcome. Forms post and redirect (POST → 303 → GET), so they
 * work with no JavaScript and a reload never raises a matter twice. Bad input re-renders the
 * form with what the resident wrote (the phone excepted: it is never echoed into a page) and a
 * Chinese message. Mounted inside publicRoutes, which sets the pages' CSP and caching.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { MATTER_RATINGS } from '../../shared/ledger/workflows/incident.js'
import { text } from '../../shared/ledger/kind.js'
import { matterCategory, matterFormSchema, normaliseTrackingCode } from '../../shared/matters/matter.js'
import { clientAddress } from '../http/clientAddress.js'
import type { Services } from '../http/context.js'
import { findCardCode } from '../linkage/codes.js'
import { MatterError, raiseMatter, rateMatter, trackMatter, villageGrids } from '../matters/matters.js'
import { MATTER_PHOTO_ERRORS, MATTER_PHOTO_MAX_BYTES, prepareMatterPhoto, storeMatterPhoto } from '../matters/photo.js'
import { matterFormPage, trackNotFoundPage, trackPage, type MatterFormInput } from '../matters/pages.js'
import { MATTER_LIMITS, MatterThrottle, refusalMessage, type MatterLimits } from '../matters/throttle.js'
import { notFoundPage } from '../notices/pages.js'
import type { VillageRow } from '../storage/types.js'

const FORM_BODY_LIMIT = 16 * 1024
/** A form with a photo: the photo's own limit is checked after parsing, so the form comes back filled in. */
const PHOTO_FORM_BODY_LIMIT = MATTER_PHOTO_MAX_BYTES + 1024 * 1024
const CODE = '{[0-9A-Za-z]{10}}'

type Found = (c: Context) => Promise<VillageRow | null>

/** `changed` hears of a village whose matters changed here (the board drops its cached figures). */
export function matterRoutes({ store, relay, proxies, log, config }: Services, village: Found, limits: MatterLimits = MATTER_LIMITS, changed: (villageId: string) => void = () => undefined) {
  const throttle = new MatterThrottle(limits)
  const tooLarge = bodyLimit({ maxSize: FORM_BODY_LIMIT, onError: (c) => c.html(notFoundPage('提交的内容太长了。'), 413) })
  const photoTooLarge = bodyLimit({ maxSize: PHOTO_FORM_BODY_LIMIT, onError: (c) => c.html(notFoundPage(`${MATTER_PHOTO_ERRORS.tooLarge}（请返回上一页）`), 413) })
  /** The matter form posts multipart/form-data (it may carry a photo); every other form is small. */
  const formLimit: MiddlewareHandler = (c, next) => ((c.req.header('content-type') ?? '').startsWith('multipart/form-data') ? photoTooLarge : tooLarge)(c, next)

  async function formFields(c: Context): Promise<Record<string, string>> {
    return (await formParts(c)).fields
  }

  /** The form's text fields, and its photo (null when the form has no file part). */
  async function formParts(c: Context): Promise<{ fields: Record<string, string>; photo: File | null }> {
    const body = await c.req.parseBody()
    const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']))
    return { fields, photo: body.photo instanceof File ? body.photo : null }
  }

  return new Hono()
    .get('/:villageId/matters', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      return c.html(matterFormPage(v.id, v.name, await villageGrids(relay, v.id)))
    })
    .post('/:villageId/matters', formLimit, async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const { fields, photo: photoPart } = await formParts(c)
      const kept: MatterFormInput = { category: fields.category, description: fields.description, place: fields.place, grid: fields.grid, cardCode: fields.cardCode }
      const again = async (error: string, status: 400 | 429 | 503) => c.html(matterFormPage(v.id, v.name, await villageGrids(relay, v.id), kept, error), status)
      const parsed = matterFormSchema.safeParse(fields)
      if (!parsed.success) return again(parsed.error.issues[0]?.message ?? '填写有误，请检查', 400)
      const refusal = throttle.takeMatter(v.id, clientAddress(c, proxies))
      if (refusal) {
        c.header('Retry-After', String(refusal.retryAfter))
        return again(refusalMessage(refusal), 429)
      }
      // 联系卡编码 (optional): the household asking, for the village's eyes only; never consumed.
      const typedCard = (fields.cardCode ?? '').trim()
      const card = typedCard ? await findCardCode(store.linkageCodes, v.id, typedCard, 'card') : null
      if (typedCard && !card) {
        const guess = throttle.takeLookup(clientAddress(c, proxies))
        return again(guess ? refusalMessage(guess) : '联系卡编码不对，请核对联系卡上的编码；也可以不填编码直接提交。', guess ? 429 : 400)
      }
      try {
        // After the rate limit: decoding a photo is the costliest thing a resident can ask of the relay.
        const photo = await prepareMatterPhoto(photoPart, log)
        const storePhoto = photo ? (ledgerDoc: string, at: string) => storeMatterPhoto(store.attachments, v.id, ledgerDoc, photo, config.attachmentVillageQuotaBytes, at) : undefined
        const row = await raiseMatter(relay, store.matters, v.id, parsed.data, new Date(), card ? { householdId: card.householdId, gridId: card.gridId } : undefined, storePhoto)
        // Logged without content or phone: the code is what a cadre may need to find it.
        log.info('resident matter raised', { villageId: v.id, gridId: row.gridId, recordId: row.recordId, photo: photo !== null })
        changed(v.id)
        return c.redirect(`/public/${v.id}/matters/${row.code}?new=1`, 303)
      } catch (err) {
        if (err instanceof MatterError) return again(err.message, 400)
        throw err
      }
    })
    .get('/:villageId/matters/track', async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const typed = c.req.query('code') ?? ''
      if (typed === '') return c.html(trackNotFoundPage(v.id, v.name, '', '请输入提交时得到的查询码。'))
      const code = normaliseTrackingCode(typed)
      if (!code) return c.html(trackNotFoundPage(v.id, v.name, typed, '查询码应为 10 位字母和数字，请核对后再输入。'), 400)
      return c.redirect(`/public/${v.id}/matters/${code}`, 303)
    })
    .get(`/:villageId/matters/:code${CODE}`, async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const code = normaliseTrackingCode(c.req.param('code'))
      const row = code ? await store.matters.find(code) : null
      if (!row || row.villageId !== v.id) {
        const refusal = throttle.takeLookup(clientAddress(c, proxies))
        if (refusal) return c.html(trackNotFoundPage(v.id, v.name, '', refusalMessage(refusal)), 429)
        return c.html(trackNotFoundPage(v.id, v.name, c.req.param('code'), '没有找到这个查询码，请核对后再输入。'), 404)
      }
      const tracked = await trackMatter(relay, row)
      if (!tracked.record || !tracked.progress) return c.html(trackNotFoundPage(v.id, v.name, '', '这个事项已被村里撤销。如有疑问请联系村委会。'), 404)
      const values = tracked.record.values
      return c.html(
        trackPage(v.id, v.name, {
          code: row.code,
          category: matterCategory(tracked.record),
          description: text(values, 'description'),
          place: text(values, 'location'),
          createdAt: row.createdAt,
          progress: tracked.progress,
          photos: tracked.photos,
          justRaised: c.req.query('new') === '1',
          message: c.req.query('rated') === '1' ? '已收到您的评价。' : undefined,
        }),
      )
    })
    .post(`/:villageId/matters/:code${CODE}/rate`, tooLarge, async (c) => {
      const v = await village(c)
      if (!v) return c.html(notFoundPage('没有这个村庄。'), 404)
      const refusal = throttle.takeLookup(clientAddress(c, proxies))
      if (refusal) return c.html(trackNotFoundPage(v.id, v.name, '', refusalMessage(refusal)), 429)
      const code = normaliseTrackingCode(c.req.param('code'))
      const row = code ? await store.matters.find(code) : null
      if (!row || row.villageId !== v.id) return c.html(trackNotFoundPage(v.id, v.name, '', '没有找到这个查询码，请核对后再输入。'), 404)
      const chosen = (await formFields(c)).rating
      const rating = MATTER_RATINGS.find((r) => r === chosen)
      if (!rating) return c.html(trackNotFoundPage(v.id, v.name, row.code, '请选择满意、基本满意或不满意。'), 400)
      try {
        await rateMatter(relay, row, rating)
        changed(v.id)
      } catch (err) {
        if (err instanceof MatterError) return c.html(trackNotFoundPage(v.id, v.name, row.code, err.message), 409)
        throw err
      }
      return c.redirect(`/public/${v.id}/matters/${row.code}?rated=1`, 303)
    })
}
