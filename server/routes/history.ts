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
import { historyQuerySchema, restoreRequestSchema, SYSTEM_USER, type HistoryEntry, type RecordHistoryEntry } from '../../shared/api/history.js'
import { toBase64 } from '../../shared/api/sync.js'
import { parseDocName } from '../../shared/docNames.js'
import { idSchema } from '../../shared/ids.js'
import { recordAudit } from '../audit.js'
import { AttributedOrigin } from '../history/attribution.js'
import { parseRecordRef, recordTimeline, restoreRecord, type RecordRef } from '../history/recordHistory.js'
import { docAt, restoreUpdate } from '../history/restore.js'
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

/** A record named in a request, already checked by recordRefSchema. */
function recordRef(raw: string): RecordRef {
  const ref = parseRecordRef(raw)
  if (!ref) throw new ApiException(400, { error: '记录的写法应为 类别:编号' })
  return ref
}

/** The Yjs client ids whose items an update carries. */
function updateClients(update: Uint8Array): Set<number> {
  return new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client))
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
      const query = historyQuerySchema.safeParse({ since: c.req.query('since'), until: c.req.query('until'), record: c.req.query('record'), asOf: c.req.query('asOf'), authors: c.req.query('authors') })
      if (!query.success) throw new ApiException(400, { error: query.error.issues[0]?.message ?? '查询参数有误' })
      const { since, until, record, asOf, authors } = query.data
      // A doc stored before history existed gets its baseline entry when the relay loads it.
      if (!(await docs.hasHistory(name))) await relay.withDoc(name, async () => undefined)
      if (authors) {
        const nameOf = nameCache(accounts)
        const users = new Map<number, string | null>()
        for (const r of await docs.history(name)) for (const client of updateClients(r.update)) if (!users.has(client)) users.set(client, r.userId)
        const list = await Promise.all([...users].map(async ([clientId, userId]) => ({ clientId, userId: userId ?? SYSTEM_USER.id, userName: await nameOf(userId) })))
        return c.json({ authors: list })
      }
      if (asOf) {
        const doc = docAt(await docs.history(name, asOf), asOf)
        try {
          return c.json({ at: asOf, update: toBase64(Y.encodeStateAsUpdate(doc)) })
        } finally {
          doc.destroy()
        }
      }
      const rows = await docs.history(name, until)
      const nameOf = nameCache(accounts)
      if (record) {
        const changes: RecordHistoryEntry[] = []
        for (const { row: r, changes: fields } of recordTimeline(rows, recordRef(record))) {
          if (since && r.at < since) continue
          changes.push({ at: r.at, userId: r.userId ?? SYSTEM_USER.id, userName: await nameOf(r.userId), offline: r.offline, records: r.records, deviceAt: r.deviceAt, changes: fields })
        }
        return c.json({ record, entries: changes })
      }
      const entries: HistoryEntry[] = []
      for (const r of rows) {
        if (since && r.at < since) continue
        entries.push({ at: r.at, userId: r.userId ?? SYSTEM_USER.id, userName: await nameOf(r.userId), offline: r.offline, records: r.records })
      }
      return c.json({ entries })
    })
    .post('/*', requireDocAccess(accounts, 'write', docOf(RESTORE)), async (c) => {
      const { name } = c.get('doc')
      const { at, record } = await parseBody(c, restoreRequestSchema)
      if (at > new Date().toISOString()) throw new ApiException(400, { error: '不能恢复到将来的时间' })
      const user = c.get('user')
      const origin = new AttributedOrigin({ userId: user.id, sessionKey: null, device: null, offline: false, deviceAt: null })
      const restored = await relay.withDoc(name, async (room) => {
        await room.flush()
        const rows = await docs.history(name)
        if (record) {
          const result = restoreRecord(rows, recordRef(record), at, room.doc, origin)
          if (result === 'absent') throw new ApiException(409, { error: '这条记录在该时间还不存在，无法恢复' })
          await room.flush()
          return result === 'restored'
        }
        const update = restoreUpdate(rows, at, room.doc)
        if (!update) return false
        Y.applyUpdate(room.doc, update, origin)
        await room.flush()
        return true
      })
      recordAudit(accounts, log, user.id, 'doc.restore', name, record ? `恢复记录 ${record} 到 ${at}` : `恢复到 ${at}`, { docName: name })
      return c.json({ restored, at })
    })
}
