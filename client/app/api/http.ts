/**
 * The one way the app calls the relay's JSON API. Every response is parsed with a shared zod
 * schema at this edge; a failure becomes an ApiError carrying the server's Chinese message and
 * the field it names (for inline form errors), or a network message when the relay could not be
 * reached.
 */
import type * as z from 'zod'
import { apiErrorSchema } from '../../../shared/api/villages'

// One error class and one network message for sign-in and every other call (client/sync/session).
import { LoginError as ApiError, NETWORK_MESSAGE as NETWORK_ERROR } from '../../sync/session'

export { ApiError, NETWORK_ERROR }

/**
 * Where to call and as whom; token null for the few calls made before signing in.
 * onUnauthorised: told of any 401 to a call that carried the token (the shell then checks
 * whether the session itself is gone).
 */
export type ApiContext = { baseUrl: string; token: string | null; onUnauthorised?: () => void }

type Init = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown }

export async function request<S extends z.ZodType>(api: ApiContext, path: string, schema: S, init: Init = {}): Promise<z.infer<S>> {
  const res = await call(api, path, init)
  const body: unknown = await res.json().catch((error: unknown) => {
    console.warn(`${path}: the response is not JSON`, error)
    return null
  })
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new ApiError('服务器返回的数据格式不对', res.status, undefined, { cause: parsed.error })
  return parsed.data
}

/**
 * A file the relay makes (a workbook, a Word document), with the same auth and errors as
 * `request`; the screen says what failed (下载失败：…).
 */
export async function requestFile(api: ApiContext, path: string): Promise<Blob> {
  return (await call(api, path, {})).blob()
}

/**
 * One call with the session's token. Unreachable relay → NETWORK_ERROR; refused → the server's
 * Chinese message and the field it names, or 服务器错误（status） when it gives none.
 */
async function call(api: ApiContext, path: string, init: Init): Promise<Response> {
  const headers: Record<string, string> = {}
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (api.token) headers.authorization = `Bearer ${api.token}`
  let res: Response
  try {
    res = await fetch(`${api.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  } catch (error) {
    throw new ApiError(NETWORK_ERROR, 0, undefined, { cause: error })
  }
  if (res.ok) return res
  if (res.status === 401 && api.token) api.onUnauthorised?.()
  const parsed = apiErrorSchema.safeParse(await res.json().catch(() => null))
  throw new ApiError(parsed.success ? parsed.data.error : `服务器错误（${res.status}）`, res.status, parsed.success ? parsed.data.field : undefined)
}

/** The message to show for any failure (ApiError or not). */
export function errorText(error: unknown, fallback = '操作失败，请稍后再试'): string {
  return error instanceof Error && error.message ? error.message : fallback
}
