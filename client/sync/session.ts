/**
 * The signed-in session: obtained from the relay, cached in the app db.
 *
 * Rules:
 * - The login response is validated with the shared zod schema at this edge; server errors
 *   arrive as `{ error, field? }` and their Chinese message is what the user sees.
 * - The cached session is returned even past expiresAt: work continues offline, and the engine
 *   reports `authLost` once the relay refuses the token.
 */
import { loginResponseSchema, type User } from '../../shared/api/auth'
import { apiErrorSchema } from '../../shared/api/villages'
import { openAppDb, type AppDb, type IdbDeps } from './db'

export type Session = { token: string; expiresAt: string; user: User; baseUrl: string }

export class LoginError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'LoginError'
  }
}

export const NETWORK_MESSAGE = '无法连接服务器，请检查网络'

export async function login(
  baseUrl: string,
  phone: string,
  password: string,
  fetchImpl: typeof fetch = globalThis.fetch,
  device?: string,
): Promise<Session> {
  let res: Response
  try {
    res = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, password, device }),
    })
  } catch (error) {
    throw new LoginError(NETWORK_MESSAGE, 0, undefined, { cause: error })
  }
  const body: unknown = await res.json().catch((error: unknown) => {
    console.warn('login response is not JSON', error)
    return null
  })
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(body)
    if (parsed.success) throw new LoginError(parsed.data.error, res.status, parsed.data.field)
    throw new LoginError(`登录失败（${res.status}）`, res.status)
  }
  const parsed = loginResponseSchema.safeParse(body)
  if (!parsed.success) throw new LoginError('服务器返回的数据格式不对', res.status, undefined, { cause: parsed.error })
  return { ...parsed.data, baseUrl }
}

let defaultDb: AppDb | null = null

/** The app db for these deps; the browser default is opened once and reused. */
function appDb(deps?: IdbDeps): AppDb {
  if (deps?.indexedDB) return openAppDb(deps)
  defaultDb ??= openAppDb()
  return defaultDb
}

async function withAppDb<T>(deps: IdbDeps | undefined, use: (db: AppDb) => Promise<T>): Promise<T> {
  const db = appDb(deps)
  try {
    return await use(db)
  } finally {
    if (db !== defaultDb) db.close()
  }
}

export function loadCachedSession(deps?: IdbDeps): Promise<Session | null> {
  return withAppDb(deps, async (db) => {
    const row = await db.session.get('session')
    if (!row) return null
    return { token: row.token, expiresAt: row.expiresAt, user: row.user, baseUrl: row.baseUrl }
  })
}

export function saveSession(session: Session, deps?: IdbDeps): Promise<void> {
  return withAppDb(deps, async (db) => {
    await db.session.put({ key: 'session', ...session })
  })
}

/** Forgets the session on this device. The user's local docs (and unsaved changes) stay. */
export function clearSession(deps?: IdbDeps): Promise<void> {
  return withAppDb(deps, async (db) => {
    await db.session.delete('session')
  })
}
