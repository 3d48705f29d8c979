/**
 * The audit log, newest first, for the township admin; and the reveal log any member reports to
 * when they show a masked field in full (only for docs they may open).
 */
import { Hono } from 'hono'
import { docAccess } from '../../shared/access.js'
import { auditQuerySchema, revealRequestSchema } from '../../shared/api/accounts.js'
import { parseDocName } from '../../shared/docNames.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'

export function auditRoutes({ store, log }: Services) {
  return new Hono<AppEnv>()
    .get('/', requireUser(store.accounts, ['township_admin']), async (c) => {
      return c.json({ entries: await store.accounts.listAudit(parseQuery(c, auditQuerySchema)) })
    })
    .post('/reveal', requireUser(store.accounts), async (c) => {
      const user = c.get('user')
      const body = await parseBody(c, revealRequestSchema)
      const ref = parseDocName(body.docName)
      if (!ref || (ref.kind !== 'ledger' && ref.kind !== 'sensitive')) throw new ApiException(400, { error: '不是台账文档' })
      const membership = await store.accounts.membership(user.id, ref.villageId)
      if (docAccess(user, membership, ref) === 'none') throw new ApiException(403, { error: '无权查看该台账' })
      recordAudit(store.accounts, log, user.id, 'ledger.reveal', body.docName, `${body.kind} ${body.field} ×${body.count} at ${body.at}: ${body.recordIds.join(',')}`)
      return c.json({ ok: true })
    })
}
