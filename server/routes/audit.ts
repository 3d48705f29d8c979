/**
 * The audit log, newest first, for the township admin; and the reveal log any member reports to
 * when they show a masked field in full (only for docs they may open).
 */
import { Hono, type Context } from 'hono'
import { auditQuerySchema, revealRequestSchema } from '../../shared/api/accounts.js'
import { parseDocName, type DocRef } from '../../shared/docNames.js'
import { recordAudit } from '../audit.js'
import type { Services } from '../http/context.js'
import { requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'

export function auditRoutes({ store, log }: Services) {
  return new Hono<DocEnv>()
    .get('/', requireUser(store.accounts, ['township_admin']), async (c) => {
      return c.json({ entries: await store.accounts.listAudit(parseQuery(c, auditQuerySchema)) })
    })
    .post('/reveal', requireUser(store.accounts), requireDocAccess(store.accounts, 'read', ledgerDocOf), async (c) => {
      const user = c.get('user')
      const body = await parseBody(c, revealRequestSchema)
      recordAudit(store.accounts, log, user.id, 'ledger.reveal', body.docName, `${body.kind} ${body.field} ×${body.count} at ${body.at}: ${body.recordIds.join(',')}`)
      return c.json({ ok: true })
    })
}

/** The ledger or sensitive doc a reveal report names (the body is parsed once; Hono caches it). */
async function ledgerDocOf(c: Context<DocEnv>): Promise<DocRef | null> {
  const ref = parseDocName((await parseBody(c, revealRequestSchema)).docName)
  if (ref && ref.kind !== 'ledger' && ref.kind !== 'sensitive') throw new ApiException(400, { error: '不是台账文档' })
  return ref
}
