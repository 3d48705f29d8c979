/**
 * WebSocket `/ws/<docName>?token=...` (y-websocket protocol). Authorisation happens before the
 * upgrade: a broken path → 400, a bad doc name → 404, no valid token → 401, no access → 403
 * (requireDocAccess, the same check and texts as every HTTP route on a doc), all as plain HTTP
 * answers with no socket ever opened (DESIGN.md "Relay"), and each refusal audited. A socket
 * outlives neither its session (closed with 4401 at expiry) nor its access.
 */
import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { parseDocName } from '../../shared/docNames.js'
import { CLOSE } from '../../shared/protocol/messages.js'
import { hashToken, sessionForToken } from '../auth/sessions.js'
import { recordAudit } from '../audit.js'
import type { Services } from '../http/context.js'
import { clientAddress } from '../http/clientAddress.js'
import { ApiException } from '../http/errors.js'
import { acceptUpgrade } from '../http/websocketUpgrade.js'
import { DOC_ACCESS_ERRORS, requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { requestIdOf } from '../ops/requestLog.js'
import { sendFramed } from '../relay/framedSend.js'

const REFUSAL_LABELS: Record<number, string> = { 400: '路径有误', 401: '未登录或登录已失效', 403: '无权访问', 404: '没有这个文档或村' }

/** What the authorisation step hands to the socket it lets through. */
type Upgrade = { name: string; userId: string; readOnly: boolean; sessionKey: string; expiresAt: number; address: string }

export function wsRoutes({ store, relay, log, proxies }: Services) {
  const docOf = (c: Context) => {
    const name = decodedPath(c.req.path.slice('/ws/'.length))
    if (name === null) throw new ApiException(400, { error: '文档路径有误' })
    return parseDocName(name)
  }
  return new Hono<DocEnv>().get(
    '/*',
    // Every refusal is audited: who (when known), which doc, from where.
    createMiddleware<DocEnv>(async function auditRefusal(c, next) {
      await next()
      // Hono's onError has already turned a refusal into its answer by now.
      const label = REFUSAL_LABELS[c.res.status]
      if (!label) return
      const docName = decodedPath(c.req.path.slice('/ws/'.length))
      const known = docName !== null && parseDocName(docName) ? docName : null
      const userId = (c.var as { user?: { id: string } }).user?.id ?? null
      recordAudit(store.accounts, log, userId, 'doc.refused', known, `实时连接被拒（${c.res.status} ${label}）`, { address: clientAddress(c, proxies), docName: known })
    }),
    // A browser WebSocket carries no header: the token comes in the query.
    createMiddleware<DocEnv>(async function authenticateUpgrade(c, next) {
      if (!docOf(c)) throw new ApiException(404, { error: DOC_ACCESS_ERRORS.unknownDoc })
      const token = c.req.query('token')
      const session = token ? await sessionForToken(store.accounts, token) : null
      if (!session) throw new ApiException(401, { error: '未登录或登录已过期，请重新登录' })
      c.set('user', session.user)
      c.set('expiresAt' as never, session.expiresAt as never)
      await next()
    }),
    requireDocAccess(store.accounts, 'read', docOf),
    async function authoriseUpgrade(c, next) {
      const { name, access } = c.get('doc')
      c.set('upgrade' as never, {
        name,
        userId: c.get('user').id,
        readOnly: access === 'read',
        sessionKey: hashToken(c.req.query('token') ?? ''),
        expiresAt: c.get('expiresAt' as never) as number,
        address: clientAddress(c, proxies),
      } as never)
      await next()
    },
    function openSocket(c: Context<DocEnv>) {
      const { name, userId, readOnly, sessionKey, expiresAt, address } = c.get('upgrade' as never) as Upgrade
      // Read off the request now: the socket's handlers must not keep the request's context alive.
      const requestId = requestIdOf(c)
      const device = c.req.query('device') ?? ''
      const deviceAt = deviceTime(c.req.query('editedAt'))
      const where = { address, docName: name }
      return acceptUpgrade(c, (raw) => {
        // ws closes frames over maxPayload itself with 1009; say it in the relay's own terms.
        const closeRaw = raw.close.bind(raw)
        raw.close = (code?: number, reason?: string | Buffer) => (code === 1009 ? closeRaw(CLOSE.tooLarge.code, CLOSE.tooLarge.reason) : closeRaw(code, reason))
        const handle = relay.connect(
          {
            send: (data) => sendFramed(raw, data),
            close: (code, reason) => raw.close(code, reason),
            terminate: () => raw.terminate(),
            bufferedAmount: () => raw.bufferedAmount,
          },
          userId,
          name,
          readOnly,
          sessionKey,
          requestId,
          expiresAt,
        )
        const { conn } = handle
        // The device id a client may give, for the history's attribution (bounded, printable).
        conn.device = /^[\w.-]{1,64}$/.test(device) ? device : null
        conn.deviceAt = deviceAt
        // The first change is audited the moment it arrives; the total at close (a kill loses
        // only that summary, never the fact that this user changed this doc).
        let pushLogged = 0
        raw.on('message', (data: Buffer, isBinary: boolean) => {
          if (!isBinary) return relay.close(conn, { kind: 'malformed', detail: 'text frame' })
          handle.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
          if (pushLogged === 0 && conn.bytesIn > 0) {
            pushLogged = conn.bytesIn
            recordAudit(store.accounts, log, userId, 'doc.push', name, `实时编辑：首次修改 ${conn.bytesIn} 字节`, where)
          }
        })
        raw.on('close', (code: number) => {
          handle.onClose(code)
          if (conn.bytesIn > pushLogged) recordAudit(store.accounts, log, userId, 'doc.push', name, `实时编辑：本次连接共 ${conn.bytesIn} 字节`, where)
        })
        // A protocol error (a frame over maxPayload, a bad frame) is followed by its close.
        raw.on('error', () => undefined)
        recordAudit(store.accounts, log, userId, 'doc.open', name, readOnly ? '只读' : '可编辑', where)
      })
    },
  )
}

/** The doc name from a percent-encoded path, or null when the encoding is broken (a 400, not a 500). */
function decodedPath(raw: string): string | null {
  try {
    return decodeURIComponent(raw)
  } catch (err) {
    if (err instanceof URIError) return null
    throw err
  }
}

/**
 * The device's own time of its first change not yet acknowledged (`?editedAt=`, client/sync/
 * connection.ts), kept for attributing work merged after an offline spell. A device clock can be
 * wrong, so it is stored beside the relay's time, never instead of it; a value that is not a time,
 * or lies more than a day ahead of the relay's clock, is dropped.
 */
export function deviceTime(raw: string | undefined): string | null {
  if (!raw || raw.length > 40) return null
  const ms = Date.parse(raw)
  if (Number.isNaN(ms) || ms > Date.now() + 86_400_000) return null
  return new Date(ms).toISOString()
}
