/** First run: create the township admin with the one-time setup code (auth/firstRun.ts). */
import { Hono } from 'hono'
import { setupRequestSchema } from '../../shared/api/accounts.js'
import type { LoginResponse } from '../../shared/api/auth.js'
import { recordAudit } from '../audit.js'
import { newAdminRow } from '../auth/firstRun.js'
import { issueSession } from '../auth/sessions.js'
import type { Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { publicUser } from './auth.js'

export function setupRoutes({ store, config, log, setupCode, throttle }: Services) {
  const { accounts } = store
  return new Hono()
    .get('/', async (c) => c.json({ needed: setupCode.active && (await accounts.countUsers()) === 0 }))
    .post('/', async (c) => {
      const { code, phone, name, password } = await parseBody(c, setupRequestSchema)
      // One shared count for the setup code, whoever guesses it.
      const ticket = throttle.beginLogin('setup', 'setup')
      if ('retryAfter' in ticket) throw new ApiException(429, { error: '尝试次数过多，请稍后再试' })
      if (!setupCode.active) throw new ApiException(409, { error: '系统已设置过管理员，请直接登录' })
      if (!setupCode.matches(code)) {
        ticket.fail()
        throw new ApiException(400, { error: '设置码不正确', field: 'code' })
      }
      ticket.succeed()
      const admin = await newAdminRow(phone, name, password)
      if (!(await accounts.createFirstUser(admin))) throw new ApiException(409, { error: '系统已设置过管理员，请直接登录' })
      setupCode.used()
      recordAudit(accounts, log, admin.id, 'setup', admin.id)
      const { token, expiresAt } = await issueSession(accounts, admin.id, config.sessionTtlMs)
      const body: LoginResponse = { token, expiresAt, user: publicUser(admin) }
      return c.json(body, 201)
    })
}
