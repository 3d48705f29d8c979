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
import { clientAddress } from '../http/clientAddress.js'
import type { Services } from '../http/context.js'
import { requestIdOf } from '../ops/requestLog.js'
import type { ConnectionHandle } from '../relay/relay.js'

const REFUSAL_LABELS = { 400: '路径有误', 401: '未登录或登录已失效', 403: '无权访问', 404: '没有这个文档或村' } as const

/** What the authorisation step hands to the socket it lets through. */
type Upgrade = { name: string; userId: string; readOnly: boolean; sessionKey: string; expiresAt: number; address: string }

export function wsRoutes({ store, relay, log, proxies }: Services, upgradeWebSocket: UpgradeWebSocket<WebSocket>) {
  return new Hono().get(
    '/*',
    async function authoriseUpgrade(c, next) {
      const address = clientAddress(c, proxies)
      const refuse = (status: 400 | 401 | 403 | 404, text: string, userId: string | null = null, docName: string | null = null) => {
        recordAudit(store.accounts, log, userId, 'doc.refused', docName, `实时连接被拒（${status} ${REFUSAL_LABELS[status]}）`, { address, docName })
        return c.text(text, status)
      }
      const name = decodedPath(c.req.path.slice('/ws/'.length))
      if (name === null) return refuse(400, 'bad document path')
      const ref = parseDocName(name)
      if (!ref) return refuse(404, 'unknown document')
      const token = c.req.query('token')
      if (!token) return refuse(401, 'unauthorised', null, name)
      const session = await sessionForToken(store.accounts, token)
      if (!session) return refuse(401, 'unauthorised', null, name)
      const { user, expiresAt } = session
      if (!(await store.accounts.findVillage(ref.villageId))) return refuse(404, 'unknown village', user.id)
      const access = docAccess(user, await store.accounts.membership(user.id, ref.villageId), ref)
      if (access === 'none') return refuse(403, 'forbidden', user.id, name)
      c.set('upgrade' as never, { name, userId: user.id, readOnly: access === 'read', sessionKey: hashToken(token), expiresAt, address } as never)
      await next()
    },
    upgradeWebSocket((c) => {
      const { name, userId, readOnly, sessionKey, expiresAt, address } = c.get('upgrade' as never) as Upgrade
      const where = { address, docName: name }
      // The first change is audited the moment it arrives; the total at close (a kill loses
      // only that summary, never the fact that this user changed this doc).
      let pushLogged = 0
      const auditFirstPush = (bytesIn: number) => {
        if (pushLogged > 0 || bytesIn === 0) return
        pushLogged = bytesIn
        recordAudit(store.accounts, log, userId, 'doc.push', name, `实时编辑：首次修改 ${bytesIn} 字节`, where)
      }
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
              if (isBinary) {
                connection.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
                auditFirstPush(connection.conn.bytesIn)
              } else relay.close(connection.conn, { kind: 'malformed', detail: 'text frame' })
            })
          })
          recordAudit(store.accounts, log, userId, 'doc.open', name, readOnly ? '只读' : '可编辑', where)
        },
        onMessage(event) {
          const data = event.data
          if (data instanceof ArrayBuffer) {
            handle?.onMessage(new Uint8Array(data))
            if (handle) auditFirstPush(handle.conn.bytesIn)
          } else if (handle) relay.close(handle.conn, { kind: 'malformed', detail: 'text frame' })
        },
        onClose(event) {
          if (!handle) return
          const { conn } = handle
          handle.onClose(event.code)
          if (conn.bytesIn > pushLogged) {
            recordAudit(store.accounts, log, userId, 'doc.push', name, `实时编辑：本次连接共 ${conn.bytesIn} 字节`, where)
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
