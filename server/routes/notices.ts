/**
 * /api/notices/:villageId — a village's notice log for its members, and publishing to it.
 * Publishing needs write access to the village's decisions doc (village cadres, township admin;
 * shared/access.ts); a supervisor or grid worker is refused. A repeat of a published id returns
 * the stored notice (200, created: false), so the client's outbox may send it any number of times.
 * A notice's files must be uploaded first (/api/attachments, linked from the decisions doc); their
 * hashes are then part of the notice's hash.
 *
 * POST /:villageId/:seq/postings records that notice seq went up on a wall (张贴记录): a row of
 * its own in the chain, with the day, the places and photos (files uploaded the same way), so the
 * notice itself never changes. The same access; a repeat of its id returns the stored record.
 */
import { Hono, type Context } from 'hono'
import type { DocRef } from '../../shared/docNames.js'
import { idSchema } from '../../shared/ids.js'
import { publishNoticeRequestSchema, recordPostingRequestSchema } from '../../shared/api/notices.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import type { NoticeAttachment } from '../../shared/notices/row.js'
import { recordAudit } from '../audit.js'
import type { Services } from '../http/context.js'
import { requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import { publishNotice, recordPosting } from '../notices/publish.js'

export function noticeRoutes({ store, log }: Services) {
  const { accounts, notices } = store
  const routes = new Hono<DocEnv>()
    .get('/:villageId', requireUser(accounts), requireDocAccess(accounts, 'read', decisionsDoc), async (c) => {
      const { villageId } = c.get('doc').ref
      recordAudit(accounts, log, c.get('user').id, 'notice.list', villageId, null, { villageId })
      return c.json({ notices: await notices.list(villageId) })
    })
    .post('/:villageId', requireUser(accounts), requireDocAccess(accounts, 'write', decisionsDoc), async (c) => {
      const { villageId } = c.get('doc').ref
      const user = c.get('user')
      const request = await parseBody(c, publishNoticeRequestSchema)
      if (request.correctionOf !== null && !(await notices.get(villageId, request.correctionOf))) {
        throw new ApiException(400, { error: `要更正的第 ${request.correctionOf} 号公告不存在`, field: 'correctionOf' })
      }
      await requireUploaded(villageId, request.attachments)
      const { row, created } = await publishNotice(notices, villageId, request, user)
      if (row.villageId !== villageId) throw new ApiException(409, { error: '公告编号冲突，请重新发布' })
      // No content in the audit log: which notice is enough, the content is in the log itself.
      if (created) recordAudit(accounts, log, user.id, 'notice.publish', villageId, `第 ${row.seq} 号公告`, { villageId })
      return c.json({ notice: row, created }, created ? 201 : 200)
    })
    .post('/:villageId/:seq{[0-9]{1,9}}/postings', requireUser(accounts), requireDocAccess(accounts, 'write', decisionsDoc), async (c) => {
      const { villageId } = c.get('doc').ref
      const user = c.get('user')
      const request = await parseBody(c, recordPostingRequestSchema)
      const seq = Number(c.req.param('seq'))
      const notice = await notices.get(villageId, seq)
      if (!notice) throw new ApiException(404, { error: `第 ${seq} 号公告不存在` })
      if (notice.posting) throw new ApiException(400, { error: `第 ${seq} 号是张贴记录，请登记它所记录的公告` })
      const repeat = (await notices.list(villageId)).find((row) => row.id === request.id)
      if (repeat) {
        if (repeat.posting?.of !== seq) throw new ApiException(409, { error: '记录编号冲突，请重新登记' })
        return c.json({ notice: repeat, created: false }, 200)
      }
      const published = shanghaiDate(new Date(notice.publishedAt))
      if (request.postedOn < published) throw new ApiException(400, { error: `张贴日期不能早于公告发布的日期（${published}）`, field: 'postedOn' })
      if (request.postedOn > shanghaiDate()) throw new ApiException(400, { error: '张贴日期不能晚于今天', field: 'postedOn' })
      await requireUploaded(villageId, request.photos)
      const { row, created } = await recordPosting(notices, notice, request, user)
      if (created) recordAudit(accounts, log, user.id, 'notice.posting', villageId, `第 ${seq} 号公告的张贴记录（第 ${row.seq} 号）`, { villageId })
      return c.json({ notice: row, created }, created ? 201 : 200)
    })
  return routes

  /** A notice's files must be on the relay, complete, linked from the decisions doc, and as described. */
  async function requireUploaded(villageId: string, files: readonly NoticeAttachment[]): Promise<void> {
    for (const a of files) {
      const file = await store.attachments.get(villageId, a.sha256)
      if (!file?.complete || !(await store.attachments.referenced(villageId, a.sha256, `${villageId}/decisions`))) {
        throw new ApiException(400, { error: `附件「${a.name}」还没有上传到服务器，请联网等它上传完再发布`, field: 'attachments' })
      }
      if (file.size !== a.size || file.type !== a.type) throw new ApiException(400, { error: `附件「${a.name}」的大小或类型与服务器上的文件不符`, field: 'attachments' })
    }
  }
}

/** A village's notices are read and published by the access its decisions doc gives. */
function decisionsDoc(c: Context): DocRef | null {
  const villageId = idSchema.safeParse(c.req.param('villageId'))
  return villageId.success ? { kind: 'decisions', villageId: villageId.data } : null
}
