/**
 * HTTP errors: routes throw HTTPException (or a zod error via parseBody); one onError turns them
 * into `{ error, field? }` JSON with a message a person can read (Chinese, shown in the UI).
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type * as z from 'zod'
import type { ApiError } from '../../shared/api/villages.js'
import type { Logger } from '../log.js'
import { errorMessage } from '../log.js'

export class ApiException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly body: ApiError,
  ) {
    super(status, { message: body.error })
  }
}

export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new ApiException(400, { error: '请求内容不是有效的 JSON' })
  }
  return validate(schema, raw)
}

export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return validate(schema, c.req.query())
}

/** Validates at the edge; a 400 names the first wrong field and says why. */
function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') || undefined
    throw new ApiException(400, { error: issue?.message ?? '请求内容有误', field })
  }
  return parsed.data
}

export function onError(log: Logger) {
  return function handleError(err: Error, c: Context): Response {
    if (err instanceof ApiException) return c.json(err.body, err.status)
    if (err instanceof HTTPException) {
      const res = err.getResponse()
      if (res.status === 413) return c.json({ error: '请求内容过大' }, 413)
      return c.json({ error: err.message || '请求有误' }, err.status)
    }
    log.error('unhandled error', { path: c.req.path, error: errorMessage(err) })
    return c.json({ error: '服务器内部错误' }, 500)
  }
}
