/** Sign-in and sign-out. Wrong phone and wrong password get the same answer. */
import { Hono } from 'hono'
import { loginRequestSchema, type LoginResponse } from '../../shared/api/auth.js'
import { recordAudit } from '../audit.js'
import { verifyPassword } from '../auth/passwords.js'
import { hashToken, issueSession } from '../auth/sessions.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { bearerToken, requireUser } from '../http/requireUser.js'
import type { UserRow } from '../storage/types.js'

export const publicUser = (u: UserRow) => ({ id: u.id, phone: u.phone, name: u.name, role: u.role })

export function authRoutes({ store, config, log, relay }: Services) {
  const { accounts } = store
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { phone, password } = await parseBody(c, loginRequestSchema)
      const user = await accounts.findUserByPhone(phone)
      if (!user || !(await verifyPassword(password, user.passwordHash))) {
        throw new ApiException(401, { error: '手机号或密码错误' })
      }
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
    .get('/me', requireUser(accounts), (c) => c.json({ user: publicUser(c.get('user')) }))
}
