/**
 * Doc access for HTTP routes, decided once (DESIGN.md "Roles", shared/access.ts — the same table
 * the client offers by): a route names how it finds the doc (path or body) and the access it
 * needs; the middleware answers 404 for a doc or village that does not exist and 403 for a user
 * without that access, each with one text, and puts the doc on the context. Runs after
 * requireUser (or the websocket's token check), which put the user there.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { docAccess, type Access } from '../../shared/access.js'
import { docName, type DocRef } from '../../shared/docNames.js'
import type { AccountStore, MembershipView, UserRow } from '../storage/types.js'
import type { AppEnv } from './context.js'
import { ApiException } from './errors.js'

/** The 403/404 texts of every route that touches a doc. */
export const DOC_ACCESS_ERRORS = {
  unknownDoc: '没有这个文档',
  unknownVillage: '没有这个村庄',
  read: '没有权限查看这个文档',
  write: '没有权限修改这个文档',
} as const

export type DocEnv = { Variables: AppEnv['Variables'] & { doc: { ref: DocRef; name: string; access: Exclude<Access, 'none'> } } }

/** How a route finds its doc: null (or a throw from body parsing) when the request names none. */
export type DocRefOf = (c: Context<DocEnv>) => DocRef | null | Promise<DocRef | null>

export function requireDocAccess(accounts: AccountStore, need: Exclude<Access, 'none'>, refOf: DocRefOf) {
  return createMiddleware<DocEnv>(async function requireDocAccessHandler(c, next) {
    const ref = await refOf(c)
    if (!ref) throw new ApiException(404, { error: DOC_ACCESS_ERRORS.unknownDoc })
    if (!(await accounts.findVillage(ref.villageId))) throw new ApiException(404, { error: DOC_ACCESS_ERRORS.unknownVillage })
    const user = c.get('user')
    const access = docAccess(user, user.role === 'township_admin' ? null : await accounts.membership(user.id, ref.villageId), ref)
    if (!allows(access, need)) throw new ApiException(403, { error: DOC_ACCESS_ERRORS[need] })
    c.set('doc', { ref, name: docName(ref), access })
    await next()
  })
}

function allows(access: Access, need: Exclude<Access, 'none'>): access is Exclude<Access, 'none'> {
  return access === 'write' || (access === 'read' && need === 'read')
}

/** The same table for a batch of docs (background sync): one membership lookup for all of them. */
export function accessWithin(user: UserRow, memberships: readonly MembershipView[]) {
  return (ref: DocRef): Access => docAccess(user, memberships.find((m) => m.villageId === ref.villageId) ?? null, ref)
}
