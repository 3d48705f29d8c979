/**
 * Sign-in, sign-out, the signed-in user and password change. Wrong phone and wrong password get
 * the same answer after the same work (auth/credentials.ts); failures are throttled per phone, per
 * address and per known device (auth/throttle.ts), and so are wrong current passwords.
 */
import { Hono } from 'hono'
import { changePasswordRequestSchema, type MeResponse } from '../../shared/api/accounts.js'
import { loginRequestSchema, type LoginResponse } from '../../shared/api/auth.js'
import { recordAudit } from '../audit.js'
import { checkCredentials, decoyHash } from '../auth/credentials.js'
import { hashPassword, verifyPassword } from '../auth/passwords.js'
import { hashToken, issueSession } from '../auth/sessions.js'
import type { ThrottleRefusal } from '../auth/throttle.js'
import { clientAddress } from '../http/clientAddress.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { bearerToken, requireUser } from '../http/requireUser.js'
import { errorMessage } from '../log.js'
import type { MembershipView, UserRow } from '../storage/types.js'

export const publicUser = (u: UserRow) => ({ id: u.id, phone: u.phone, name: u.name, role: u.role })
export const publicMembership = (m: MembershipView) => ({
  villageId: m.villageId,
  villageName: m.villageName,
  role: m.role,
  gridIds: m.gridIds,
  sensitive: m.sensitive,
})

export function authRoutes({ store, config, log, relay, throttle, proxies }: Services) {
  const { accounts } = store
  // The decoy hash is made now, so the first unknown phone costs no more than any other.
  decoyHash().catch((err: unknown) => log.error('decoy password hash failed', { error: errorMessage(err) }))
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { phone, password, device } = await parseBody(c, loginRequestSchema)
      const ip = clientAddress(c, proxies)
      // The place is taken before any await, so parallel guesses are all counted.
      const ticket = throttle.beginLogin(phone, ip, device)
      if ('retryAfter' in ticket) {
        c.header('Retry-After', String(ticket.retryAfter))
        recordAudit(accounts, log, null, 'login.throttled', phoneHint(phone), ticket.scope, { address: ip })
        throw new ApiException(429, { error: throttleMessage(ticket), locked: ticket.scope === 'locked' })
      }
      const { user, accountId } = await checkCredentials(accounts, phone, password)
      if (!user) {
        ticket.fail()
        recordAudit(accounts, log, accountId, 'login.failed', phoneHint(phone), accountId ? null : 'unknown phone', { address: ip })
        throw new ApiException(401, { error: '手机号或密码错误' })
      }
      ticket.succeed()
      const { token, expiresAt } = await issueSession(accounts, user.id, config.sessionTtlMs)
      recordAudit(accounts, log, user.id, 'login', null, null, { address: ip })
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
      recordAudit(accounts, log, c.get('user').id, 'logout', null, null, { address: clientAddress(c, proxies) })
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
      const ticket = throttle.beginPasswordChange(user.id)
      if ('retryAfter' in ticket) {
        c.header('Retry-After', String(ticket.retryAfter))
        throw new ApiException(429, { error: throttleMessage(ticket) })
      }
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        ticket.fail()
        recordAudit(accounts, log, user.id, 'password.change.failed', user.id, null, { address: clientAddress(c, proxies) })
        throw new ApiException(400, { error: '当前密码不正确', field: 'currentPassword' })
      }
      ticket.succeed()
      await accounts.setPasswordHash(user.id, await hashPassword(newPassword))
      const token = bearerToken(c.req.header('authorization'))
      const revoked = await accounts.revokeUserSessions(user.id, new Date().toISOString(), token ? hashToken(token) : undefined)
      for (const sessionKey of revoked) relay.closeConnections({ sessionKey }, { kind: 'unauthorised' })
      recordAudit(accounts, log, user.id, 'password.change', user.id, `其他 ${revoked.length} 处登录已退出`, { address: clientAddress(c, proxies) })
      return c.json({ ok: true })
    })
}

function throttleMessage(refusal: ThrottleRefusal): string {
  const minutes = Math.max(1, Math.ceil(refusal.retryAfter / 60))
  if (refusal.scope === 'locked') return `该账号因多次密码错误已暂时锁定，请 ${minutes} 分钟后再试，或请镇(街道)管理员解锁`
  if (refusal.scope === 'address') return `本网络登录失败次数过多，请 ${minutes} 分钟后再试`
  return `尝试次数过多，请 ${minutes} 分钟后再试`
}

/** 13800000000 → 138****0000: which account was tried, without writing a full number into the log. */
function phoneHint(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}
