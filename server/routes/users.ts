/**
 * User and membership management for the township admin. Every change that can narrow someone's
 * access is applied to their open sockets at once (auth/enforce.ts).
 */
import { Hono, type Context } from 'hono'
import {
  createUserRequestSchema,
  resetPasswordRequestSchema,
  setMembershipRequestSchema,
  updateUserRequestSchema,
  type AdminUser,
} from '../../shared/api/accounts.js'
import { newId } from '../../shared/ids.js'
import { recordAudit } from '../audit.js'
import { enforceAccess } from '../auth/enforce.js'
import { hashPassword } from '../auth/passwords.js'
import type { LoginThrottle } from '../auth/throttle.js'
import { clientAddress } from '../http/clientAddress.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import type { MembershipView, UserRow } from '../storage/types.js'
import { publicMembership, publicUser } from './auth.js'

const toAdminUser = (u: UserRow, memberships: MembershipView[], throttle: LoginThrottle): AdminUser => ({
  ...publicUser(u),
  disabled: u.disabledAt !== null,
  locked: throttle.isLocked(u.phone),
  createdAt: u.createdAt,
  memberships: memberships.filter((m) => m.userId === u.id).map(publicMembership),
})

export function userRoutes({ store, relay, log, throttle, proxies }: Services) {
  const { accounts } = store
  const where = (c: Context) => ({ address: clientAddress(c, proxies) })
  const findUser = async (id: string) => {
    const user = await accounts.findUserById(id)
    if (!user) throw new ApiException(404, { error: '没有这个用户' })
    return user
  }
  const revokeAll = async (userId: string) => {
    const revoked = await accounts.revokeUserSessions(userId, new Date().toISOString())
    relay.closeConnections({ userId }, { kind: 'unauthorised' })
    return revoked.length
  }
  const view = async (id: string) => toAdminUser(await findUser(id), await accounts.listMemberships(id), throttle)

  return new Hono<AppEnv>()
    .use(requireUser(accounts, ['township_admin']))
    .get('/', async (c) => {
      const memberships = await accounts.listMemberships()
      return c.json({ users: (await accounts.listUsers()).map((u) => toAdminUser(u, memberships, throttle)) })
    })
    .post('/', async (c) => {
      const body = await parseBody(c, createUserRequestSchema)
      if (await accounts.findUserByPhone(body.phone)) throw new ApiException(409, { error: '该手机号已有账号', field: 'phone' })
      const user: UserRow = {
        id: newId(),
        phone: body.phone,
        name: body.name,
        role: body.role,
        passwordHash: await hashPassword(body.password),
        createdAt: new Date().toISOString(),
        disabledAt: null,
      }
      await accounts.createUser(user)
      recordAudit(accounts, log, c.get('user').id, 'user.create', user.id, body.role, where(c))
      return c.json(toAdminUser(user, [], throttle), 201)
    })
    .patch('/:id', async (c) => {
      const target = await findUser(c.req.param('id'))
      const patch = await parseBody(c, updateUserRequestSchema)
      if (target.id === c.get('user').id && (patch.disabled || (patch.role && patch.role !== 'township_admin'))) {
        throw new ApiException(400, { error: '不能停用自己或取消自己的管理员身份' })
      }
      const disabledAt = patch.disabled === undefined ? undefined : patch.disabled ? new Date().toISOString() : null
      await accounts.updateUser(target.id, { name: patch.name, role: patch.role, disabledAt })
      if (patch.disabled) await revokeAll(target.id)
      else await enforceAccess(accounts, relay, target.id)
      recordAudit(accounts, log, c.get('user').id, 'user.update', target.id, JSON.stringify(patch), where(c))
      return c.json(await view(target.id))
    })
    .post('/:id/password', async (c) => {
      const target = await findUser(c.req.param('id'))
      const { password } = await parseBody(c, resetPasswordRequestSchema)
      await accounts.setPasswordHash(target.id, await hashPassword(password))
      const n = await revokeAll(target.id)
      recordAudit(accounts, log, c.get('user').id, 'user.password.reset', target.id, `${n} sessions revoked`, where(c))
      return c.json({ ok: true })
    })
    .post('/:id/unlock', async (c) => {
      const target = await findUser(c.req.param('id'))
      throttle.unlock(target.phone)
      recordAudit(accounts, log, c.get('user').id, 'user.unlock', target.id, null, where(c))
      return c.json(await view(target.id))
    })
    .post('/:id/revoke-sessions', async (c) => {
      const target = await findUser(c.req.param('id'))
      const n = await revokeAll(target.id)
      recordAudit(accounts, log, c.get('user').id, 'sessions.revoke', target.id, `${n} sessions revoked`, where(c))
      return c.json({ ok: true, revoked: n })
    })
    .put('/:id/memberships/:villageId', async (c) => {
      const target = await findUser(c.req.param('id'))
      const villageId = c.req.param('villageId')
      if (!(await accounts.findVillage(villageId))) throw new ApiException(404, { error: '没有这个村庄' })
      const body = await parseBody(c, setMembershipRequestSchema)
      await accounts.setMembership({ userId: target.id, villageId, ...body })
      await enforceAccess(accounts, relay, target.id)
      recordAudit(accounts, log, c.get('user').id, 'membership.set', target.id, JSON.stringify({ villageId, ...body }), { ...where(c), villageId })
      return c.json(await view(target.id))
    })
    .delete('/:id/memberships/:villageId', async (c) => {
      const target = await findUser(c.req.param('id'))
      const villageId = c.req.param('villageId')
      if (!(await accounts.removeMembership(target.id, villageId))) throw new ApiException(404, { error: '该用户不是这个村的成员' })
      await enforceAccess(accounts, relay, target.id)
      recordAudit(accounts, log, c.get('user').id, 'membership.remove', target.id, villageId, { ...where(c), villageId })
      return c.json(await view(target.id))
    })
}
