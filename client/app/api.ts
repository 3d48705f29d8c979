/**
 * The few relay HTTP calls the shell makes itself (villages, sign-out). Every response is parsed
 * with the shared zod schemas at this edge; a failure becomes an ApiError carrying the server's
 * Chinese message, or a network message when the relay could not be reached.
 */
import { z } from 'zod'
import { apiErrorSchema, villageListSchema, villageSchema, type Village } from '../../shared/api/villages'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'ApiError'
  }
}

export const NETWORK_ERROR = '无法连接服务器，请检查网络'

async function request<S extends z.ZodType>(baseUrl: string, token: string, path: string, schema: S, init: RequestInit = {}): Promise<z.infer<S>> {
  let res: Response
  try {
    res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
    })
  } catch (error) {
    throw new ApiError(NETWORK_ERROR, 0, undefined, { cause: error })
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(body)
    throw new ApiError(parsed.success ? parsed.data.error : `服务器错误（${res.status}）`, res.status, parsed.success ? parsed.data.field : undefined)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new ApiError('服务器返回的数据格式不对', res.status)
  return parsed.data
}

export async function fetchVillages(baseUrl: string, token: string): Promise<Village[]> {
  return (await request(baseUrl, token, '/api/villages', villageListSchema)).villages
}

export function createVillage(baseUrl: string, token: string, name: string): Promise<Village> {
  return request(baseUrl, token, '/api/villages', villageSchema, { method: 'POST', body: JSON.stringify({ name }) })
}

/** Revokes the session on the server. Best effort: signing out offline still signs out locally. */
export async function revokeSession(baseUrl: string, token: string): Promise<void> {
  await request(baseUrl, token, '/api/auth/logout', z.object({ ok: z.boolean() }), { method: 'POST' })
}
