/** Bearer-token middleware: resolves the session once and puts the user on the context. */
import { createMiddleware } from 'hono/factory'
import type { Role } from '../../shared/roles.js'
import { userForToken } from '../auth/sessions.js'
import type { AccountStore } from '../storage/types.js'
import type { AppEnv } from './context.js'
import { ApiException } from './errors.js'

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  return match?.[1] ?? null
}

export function requireUser(accounts: AccountStore, roles?: readonly Role[]) {
  return createMiddleware<AppEnv>(async function requireUserHandler(c, next) {
    const token = bearerToken(c.req.header('authorization'))
    const user = token ? await userForToken(accounts, token) : null
    if (!user) throw new ApiException(401, { error: '未登录或登录已过期，请重新登录' })
    if (roles && !roles.includes(user.role)) throw new ApiException(403, { error: '没有权限执行此操作' })
    c.set('user', user)
    await next()
  })
}
