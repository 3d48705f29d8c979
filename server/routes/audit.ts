/** The audit log, newest first, for the township admin. */
import { Hono } from 'hono'
import { auditQuerySchema } from '../../shared/api/accounts.js'
import type { AppEnv, Services } from '../http/context.js'
import { parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'

export function auditRoutes({ store }: Services) {
  return new Hono<AppEnv>().get('/', requireUser(store.accounts, ['township_admin']), async (c) => {
    return c.json({ entries: await store.accounts.listAudit(parseQuery(c, auditQuerySchema)) })
  })
}
