/**
 * /api/notices/:villageId — a village's notice log for its members, and publishing to it.
 * Publishing needs write access to the village's decisions doc (village cadres, township admin;
 * shared/access.ts); a supervisor or grid worker is refused. A repeat of a published id returns
 * the stored notice (200, created: false), so the client's outbox may send it any number of times.
 */
import { Hono } from 'hono'
import { docAccess } from '../../shared/access.js'
import { publishNoticeRequestSchema } from '../../shared/api/notices.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import { publishNotice } from '../notices/publish.js'
import type { AccountStore, UserRow } from '../storage/types.js'

export function noticeRoutes({ store, log }: Services) {
  const { accounts, notices } = store
  return new Hono<AppEnv>()
    .get('/:villageId', requireUser(accounts), async (c) => {
      const villageId = c.req.param('villageId')
      await requireAccess(accounts, c.get('user'), villageId, 'read')
      recordAudit(accounts, log, c.get('user').id, 'notice.list', villageId, null, { villageId })
      return c.json({ notices: await notices.list(villageId) })
    })
    .post('/:villageId', requireUser(accounts), async (c) => {
      const villageId = c.req.param('villageId')
      const user = c.get('user')
      await requireAccess(accounts, user, villageId, 'write')
      const request = await parseBody(c, publishNoticeRequestSchema)
      if (request.correctionOf !== null && !(await notices.get(villageId, request.correctionOf))) {
        throw new ApiException(400, { error: `要更正的第 ${request.correctionOf} 号公告不存在`, field: 'correctionOf' })
      }
      const { row, created } = await publishNotice(notices, villageId, request, user)
      if (row.villageId !== villageId) throw new ApiException(409, { error: '公告编号冲突，请重新发布' })
      // No content in the audit log: which notice is enough, the content is in the log itself.
      if (created) recordAudit(accounts, log, user.id, 'notice.publish', villageId, `seq ${row.seq}`, { villageId })
      return c.json({ notice: row, created }, created ? 201 : 200)
    })
}

async function requireAccess(accounts: AccountStore, user: UserRow, villageId: string, need: 'read' | 'write'): Promise<void> {
  const village = await accounts.findVillage(villageId)
  if (!village) throw new ApiException(404, { error: '没有这个村庄' })
  const membership = user.role === 'township_admin' ? null : await accounts.membership(user.id, villageId)
  const access = docAccess(user, membership, { kind: 'decisions', villageId })
  if (access === 'none' || (need === 'write' && access !== 'write')) {
    throw new ApiException(403, { error: need === 'write' ? '只有村两委成员可以发布公告' : '没有权限查看本村公告' })
  }
}
