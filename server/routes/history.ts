/**
 * Doc history, attribution and restore (shared/api/history.ts). Access is the websocket's
 * (requireDocAccess): history needs read access to the doc, restore needs write; so the history
 * of a sensitive doc is shown only to those who may open it. A restore is a new forward update
 * (history/restore.ts), applied to the relay's live copy with the restoring user as its author,
 * so it is stored, attributed, listed and sent to every connected client like any edit.
 * Mass changes (room.ts) are written to the audit log (the township admin's view) and listed
 * per village for its cadres under /flags.
 */
import { Hono, type Context } from 'hono'
import * as Y from 'yjs'
import { historyQuerySchema, restoreRequestSchema, SYSTEM_USER, type HistoryEntry } from '../../shared/api/history.js'
import { parseDocName } from '../../shared/docNames.js'
import { idSchema } from '../../shared/ids.js'
import { recordAudit } from '../audit.js'
import { AttributedOrigin } from '../history/attribution.js'
import { restoreUpdate } from '../history/restore.js'
import type { Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { requireUser } from '../http/requireUser.js'
import type { AccountStore } from '../storage/types.js'

const PREFIX = '/api/history/'
const RESTORE = '/restore'

function decoded(raw: string): string | null {
  try {
    return decodeURIComponent(raw)
  } catch {
    return null
  }
}

/** The doc named by the path, for GET (`<docName>`) or POST (`<docName>/restore`). */
const docOf = (suffix: string) => (c: Context<DocEnv>) => {
  const rest = c.req.path.startsWith(PREFIX) ? c.req.path.slice(PREFIX.length) : ''
  if (!rest.endsWith(suffix)) return null
  const name = decoded(rest.slice(0, rest.length - suffix.length))
  return name === null ? null : parseDocName(name)
}

/** Names of users by id, looked up once per request. */
function nameCache(accounts: AccountStore) {
  const names = new Map<string, Promise<string>>()
  return (userId: string | null): Promise<string> => {
    if (userId === null) return Promise.resolve(SYSTEM_USER.name)
    let name = names.get(userId)
    if (!name) {
      name = accounts.findUserById(userId).then((u) => u?.name ?? '已删除的用户')
      names.set(userId, name)
    }
    return name
  }
}

export function historyRoutes({ store, relay, log }: Services) {
  const { accounts, docs } = store

  relay.onMassChange = (docName, entry) => {
    const what = `一次修改删除或覆盖了 ${entry.removed} 条记录（设备 ${entry.device ?? '未知'}，${entry.offline ? '离线修改后合并' : '实时'}，${entry.at}）`
    recordAudit(accounts, log, entry.userId, 'doc.massChange', docName, what, { docName })
  }

  return new Hono<DocEnv>()
    .use(requireUser(accounts))
    .get('/:villageId/flags', async (c, next) => {
      const villageId = idSchema.safeParse(c.req.param('villageId'))
      if (!villageId.success) return next()
      const user = c.get('user')
      const member = user.role === 'township_admin' ? null : await accounts.membership(user.id, villageId.data)
      if (user.role !== 'township_admin' && member?.role !== 'village_cadre') throw new ApiException(403, { error: '只有村两委成员和乡镇管理员可以查看大批量修改提醒' })
      const rows = await accounts.listAudit({ limit: 200, action: 'doc.massChange', villageId: villageId.data })
      const nameOf = nameCache(accounts)
      const flags = await Promise.all(
        rows.map(async (r) => ({ at: r.at, docName: r.docName ?? r.target ?? '', userId: r.actorId, userName: await nameOf(r.actorId), detail: r.detail ?? '' })),
      )
      return c.json({ flags })
    })
    .get('/*', requireDocAccess(accounts, 'read', docOf('')), async (c) => {
      const { name } = c.get('doc')
      const query = historyQuerySchema.safeParse({ since: c.req.query('since'), until: c.req.query('until') })
      if (!query.success) throw new ApiException(400, { error: query.error.issues[0]?.message ?? '查询参数有误' })
      const { since, until } = query.data
      // A doc stored before history existed gets its baseline entry when the relay loads it.
      if (!(await docs.hasHistory(name))) await relay.withDoc(name, async () => undefined)
      const rows = await docs.history(name, until)
      const nameOf = nameCache(accounts)
      const entries: HistoryEntry[] = []
      for (const r of rows) {
        if (since && r.at < since) continue
        entries.push({ at: r.at, userId: r.userId ?? SYSTEM_USER.id, userName: await nameOf(r.userId), offline: r.offline, records: r.records })
      }
      return c.json({ entries })
    })
    .post('/*', requireDocAccess(accounts, 'write', docOf(RESTORE)), async (c) => {
      const { name } = c.get('doc')
      const { at } = await parseBody(c, restoreRequestSchema)
      if (at > new Date().toISOString()) throw new ApiException(400, { error: '不能恢复到将来的时间' })
      const user = c.get('user')
      const restored = await relay.withDoc(name, async (room) => {
        await room.flush()
        const update = restoreUpdate(await docs.history(name), at, room.doc)
        if (!update) return false
        Y.applyUpdate(room.doc, update, new AttributedOrigin({ userId: user.id, sessionKey: null, device: null, offline: false, deviceAt: null }))
        await room.flush()
        return true
      })
      recordAudit(accounts, log, user.id, 'doc.restore', name, `恢复到 ${at}`, { docName: name })
      return c.json({ restored, at })
    })
}
