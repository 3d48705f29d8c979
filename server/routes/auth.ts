/**
 * Sign-in, sign-out, the signed-in user and password change. Wrong phone and wrong password get
 * the same answer; repeated failures per phone and per address are throttled (429).
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import { changePasswordRequestSchema, type MeResponse } from '../../shared/api/accounts.js'
import { loginRequestSchema, type LoginResponse } from '../../shared/api/auth.js'
import { recordAudit } from '../audit.js'
import { hashPassword, verifyPassword } from '../auth/passwords.js'
import { hashToken, issueSession } from '../auth/sessions.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { bearerToken, requireUser } from '../http/requireUser.js'
import type { MembershipView, UserRow } from '../storage/types.js'

export const publicUser = (u: UserRow) => ({ id: u.id, phone: u.phone, name: u.name, role: u.role })
export const publicMembership = (m: MembershipView) => ({
  villageId: m.villageId,
  villageName: m.villageName,
  role: m.role,
  gridIds: m.gridIds,
  sensitive: m.sensitive,
})

export function authRoutes({ store, config, log, relay, throttle }: Services) {
  const { accounts } = store
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { phone, password } = await parseBody(c, loginRequestSchema)
      // No socket under app.request (API tests): the throttle then counts per phone only.
      const ip = (c.env as { incoming?: unknown } | undefined)?.incoming ? (getConnInfo(c).remote.address ?? 'unknown') : 'unknown'
      const wait = throttle.retryAfter(phone, ip)
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        throw new ApiException(429, { error: `尝试次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试` })
      }
      const user = await accounts.findUserByPhone(phone)
      if (!user || user.disabledAt || !(await verifyPassword(password, user.passwordHash))) {
        throttle.fail(phone, ip)
        recordAudit(accounts, log, user?.id ?? null, 'login.failed', null, user ? null : 'unknown phone')
        throw new ApiException(401, { error: '手机号或密码错误' })
      }
      throttle.succeed(phone)
      const { token, expiresAt } = await issueSession(accounts, user.id, config.sessionTtlMs)
      recordAudit(accounts, log, user.id, 'login')
      const body: LoginResponse = { token, expiresAt, user: publicUser(user) }
      return c.json(body)
    })
    .post('/logout', requireUser(accounts), async (c) => {
      const token = bearerToken(c.req.header('authorization'))
      if (token) {
        const sessionKey = hashToken(token)
        await accounts.revokeSession(sessionKey, new Date().toISOString())
        relay.closeConnections({ sessionKey }, { kind: 'unauthorised' })
      }
      recordAudit(accounts, log, c.get('user').id, 'logout')
      return c.json({ ok: true })
    })
    .get('/me', requireUser(accounts), async (c) => {
      const user = c.get('user')
      const body: MeResponse = { user: publicUser(user), memberships: (await accounts.listMemberships(user.id)).map(publicMembership) }
      return c.json(body)
    })
    .post('/password', requireUser(accounts), async (c) => {
      const { currentPassword, newPassword } = await parseBody(c, changePasswordRequestSchema)
      const user = c.get('user')
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new ApiException(400, { error: '当前密码不正确', field: 'currentPassword' })
      }
      await accounts.setPasswordHash(user.id, await hashPassword(newPassword))
      const token = bearerToken(c.req.header('authorization'))
      const revoked = await accounts.revokeUserSessions(user.id, new Date().toISOString(), token ? hashToken(token) : undefined)
      for (const sessionKey of revoked) relay.closeConnections({ sessionKey }, { kind: 'unauthorised' })
      recordAudit(accounts, log, user.id, 'password.change', user.id, `${revoked.length} other sessions revoked`)
      return c.json({ ok: true })
    })
}
