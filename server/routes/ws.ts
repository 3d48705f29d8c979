/**
 * WebSocket `/ws/<docName>?token=...` (y-websocket protocol). Authorisation happens before the
 * upgrade: a bad doc name → 404, no valid token → 401, no access → 403, all as plain HTTP
 * answers with no socket ever opened (DESIGN.md "Relay").
 */
import type { UpgradeWebSocket } from 'hono/ws'
import type { WebSocket } from 'ws'
import { Hono } from 'hono'
import { parseDocName } from '../../shared/docNames.js'
import { CLOSE } from '../../shared/protocol/messages.js'
import { docAccess } from '../../shared/access.js'
import { hashToken, sessionForToken } from '../auth/sessions.js'
import { recordAudit } from '../audit.js'
import type { Services } from '../http/context.js'
import { requestIdOf } from '../ops/requestLog.js'
import type { ConnectionHandle } from '../relay/relay.js'

/** What the authorisation step hands to the socket it lets through. */
type Upgrade = { name: string; userId: string; readOnly: boolean; sessionKey: string; expiresAt: number }

export function wsRoutes({ store, relay, log }: Services, upgradeWebSocket: UpgradeWebSocket<WebSocket>) {
  return new Hono().get(
    '/*',
    async function authoriseUpgrade(c, next) {
      const name = decodedPath(c.req.path.slice('/ws/'.length))
      if (name === null) return c.text('bad document path', 400)
      const ref = parseDocName(name)
      if (!ref) return c.text('unknown document', 404)
      const token = c.req.query('token')
      if (!token) return c.text('unauthorised', 401)
      const session = await sessionForToken(store.accounts, token)
      if (!session) return c.text('unauthorised', 401)
      const { user, expiresAt } = session
      if (!(await store.accounts.findVillage(ref.villageId))) return c.text('unknown village', 404)
      const access = docAccess(user, await store.accounts.membership(user.id, ref.villageId), ref)
      if (access === 'none') return c.text('forbidden', 403)
      c.set('upgrade' as never, { name, userId: user.id, readOnly: access === 'read', sessionKey: hashToken(token), expiresAt } as never)
      await next()
    },
    upgradeWebSocket((c) => {
      const { name, userId, readOnly, sessionKey, expiresAt } = c.get('upgrade' as never) as Upgrade
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
            requestIdOf(c),
            expiresAt,
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
        onClose(event) {
          if (!handle) return
          const { conn } = handle
          handle.onClose(event.code)
          if (conn.bytesIn > 0) {
            recordAudit(store.accounts, log, userId, 'doc.push', name, `${conn.bytesIn} bytes`)
          }
        },
      }
    }),
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
