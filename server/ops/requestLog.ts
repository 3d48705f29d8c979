/**
 * Request ids and one structured log line per HTTP answer (event `http`). The id is the
 * incoming `X-Request-Id` when a proxy set a sane one (nginx: `proxy_set_header X-Request-Id
 * $request_id`), else a new one; it is echoed in the answer's `X-Request-Id` header and, for a
 * websocket, carried by the connection (Conn.requestId) into its ws.open / ws.closing /
 * ws.close lines, so one grep follows a socket from upgrade to close. Logged: method, path (ids
 * only; never the query string, which may hold a token), status, duration.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { randomBytes } from 'node:crypto'
import type { Logger } from '../log.js'

const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/
/** Probes and static files would drown the lines that matter; they are logged at debug. */
const QUIET = /^\/(api\/health|api\/ready|metrics|assets\/|sw\.js|manifest\.webmanifest|icons?\b|favicon)/

/** The status as the client saw it: an accepted websocket upgrade is 101, not the adapter's 200. */
export function answeredStatus(c: Context): number {
  return c.res.status === 200 && c.req.header('upgrade')?.toLowerCase() === 'websocket' ? 101 : c.res.status
}

export function requestIdOf(c: Context): string {
  return (c.get('requestId' as never) as string | undefined) ?? ''
}

export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const rid = incoming && SANE_ID.test(incoming) ? incoming : randomBytes(8).toString('hex')
    c.set('requestId' as never, rid as never)
    c.header('X-Request-Id', rid)
    const started = performance.now()
    await next()
    const status = answeredStatus(c)
    const fields = { rid, method: c.req.method, path: c.req.path, status, ms: Math.round(performance.now() - started) }
    if (status >= 500) log.error('http', fields)
    else if (QUIET.test(c.req.path) || (status < 400 && !c.req.path.startsWith('/api/') && !c.req.path.startsWith('/ws/'))) log.debug('http', fields)
    else log.info('http', fields)
  }
}
