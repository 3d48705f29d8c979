/**
 * WebSocket `/ws/<docName>?token=...` (y-websocket protocol). Authorisation happens before the
 * upgrade: a bad doc name → 404, no valid token → 401, no access → 403 (requireDocAccess, the
 * same check and texts as every HTTP route on a doc), all as plain HTTP answers with no socket
 * ever opened (DESIGN.md "Relay").
 */
import type { UpgradeWebSocket } from 'hono/ws'
import type { WebSocket } from 'ws'
import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { parseDocName } from '../../shared/docNames.js'
import { CLOSE } from '../../shared/protocol/messages.js'
import { hashToken, userForToken } from '../auth/sessions.js'
import { recordAudit } from '../audit.js'
import type { Services } from '../http/context.js'
import { ApiException } from '../http/errors.js'
import { DOC_ACCESS_ERRORS, requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import type { ConnectionHandle } from '../relay/relay.js'

/** What the authorisation step hands to the socket it lets through. */
type Upgrade = { name: string; userId: string; readOnly: boolean; sessionKey: string }

export function wsRoutes({ store, relay, log }: Services, upgradeWebSocket: UpgradeWebSocket<WebSocket>) {
  const docOf = (c: Context) => parseDocName(decodeURIComponent(c.req.path.slice('/ws/'.length)))
  return new Hono<DocEnv>().get(
    '/*',
    // A browser WebSocket carries no header: the token comes in the query.
    createMiddleware<DocEnv>(async function authenticateUpgrade(c, next) {
      if (!docOf(c)) throw new ApiException(404, { error: DOC_ACCESS_ERRORS.unknownDoc })
      const token = c.req.query('token')
      const user = token ? await userForToken(store.accounts, token) : null
      if (!user) throw new ApiException(401, { error: '未登录或登录已过期，请重新登录' })
      c.set('user', user)
      await next()
    }),
    requireDocAccess(store.accounts, 'read', docOf),
    async function authoriseUpgrade(c, next) {
      const { name, access } = c.get('doc')
      c.set('upgrade' as never, { name, userId: c.get('user').id, readOnly: access === 'read', sessionKey: hashToken(c.req.query('token') ?? '') } as never)
      await next()
    },
    upgradeWebSocket((c) => {
      const { name, userId, readOnly, sessionKey } = c.get('upgrade' as never) as Upgrade
      let handle: ConnectionHandle | null = null
      return {
        onOpen(_event, ws) {
          const raw = ws.raw
          if (!raw) return
          // ws closes frames over maxPayload itself with 1009; say it in the relay's own terms.
          const closeRaw = raw.close.bind(raw)
          raw.close = (code?: number, reason?: string | Buffer) =>
            code === 1009 ? closeRaw(CLOSE.tooLarge.code, CLOSE.tooLarge.reason) : closeRaw(code, reason)
          handle = relay.connect(
            {
              send: (data) => raw.send(data),
              close: (code, reason) => raw.close(code, reason),
              bufferedAmount: () => raw.bufferedAmount,
            },
            userId,
            name,
            readOnly,
            sessionKey,
          )
          const connection = handle
          // @hono/node-ws wraps every frame in a MessageEvent and copies it into a new
          // ArrayBuffer; once its setup has finished (this same tick, after replaying anything
          // buffered through onMessage), read frames from the ws socket directly instead.
          queueMicrotask(() => {
            raw.removeAllListeners('message')
            raw.on('message', (data: Buffer, isBinary: boolean) => {
              if (isBinary) connection.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
              else relay.close(connection.conn, { kind: 'malformed', detail: 'text frame' })
            })
          })
          recordAudit(store.accounts, log, userId, 'doc.open', name, readOnly ? 'read' : 'write')
        },
        onMessage(event) {
          const data = event.data
          if (data instanceof ArrayBuffer) handle?.onMessage(new Uint8Array(data))
          else if (handle) relay.close(handle.conn, { kind: 'malformed', detail: 'text frame' })
        },
        onClose() {
          if (!handle) return
          const { conn } = handle
          handle.onClose()
          if (conn.bytesIn > 0) {
            recordAudit(store.accounts, log, userId, 'doc.push', name, `${conn.bytesIn} bytes`)
          }
        },
      }
    }),
  )
}
