/**
 * Background sync of every permitted doc in one request (shared/api/sync.ts). Pushed changes
 * take the relay's own write path (applied to the loaded doc, committed, fanned out to open
 * sockets); the returned state vector is cut before the commit is awaited, so it never claims
 * more than is stored. Access is the same table as the websocket's (shared/access.ts); read-only
 * pushes are ignored and said so.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as Y from 'yjs'
import { fromBase64, syncRequestSchema, toBase64, type Manifest, type SyncResponse } from '../../shared/api/sync.js'
import { parseDocName } from '../../shared/docNames.js'
import { recordAudit } from '../audit.js'
import { clientAddress } from '../http/clientAddress.js'
import type { AppEnv, Services } from '../http/context.js'
import { parseBody } from '../http/errors.js'
import { accessWithin } from '../http/requireDocAccess.js'
import { requireUser } from '../http/requireUser.js'
import type { Relay } from '../relay/relay.js'
import type { MembershipView, UserRow } from '../storage/types.js'
import { AttributedOrigin } from '../history/attribution.js'


export function syncRoutes({ store, relay, config, log, proxies }: Services) {
  const { accounts, docs } = store
  const accessOf = (user: UserRow, memberships: MembershipView[], name: string) => {
    const ref = parseDocName(name)
    return ref ? accessWithin(user, memberships)(ref) : null
  }
  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .get('/manifest', async (c) => {
      const user = c.get('user')
      const memberships = await accounts.listMemberships(user.id)
      const villageIds = user.role === 'township_admin' ? (await accounts.listVillages()).map((v) => v.id) : memberships.map((m) => m.villageId)
      const body: Manifest = { docs: [] }
      for (const villageId of villageIds) {
        for (const [name, version] of await docs.docVersions(villageId)) {
          const access = accessOf(user, memberships, name)
          if (access === 'read' || access === 'write') body.docs.push({ name, version, access })
        }
      }
      return c.json(body)
    })
    .post('/', bodyLimit({ maxSize: config.maxMessageBytes }), async (c) => {
      const user = c.get('user')
      const request = await parseBody(c, syncRequestSchema)
      const memberships = await accounts.listMemberships(user.id)
      const address = clientAddress(c, proxies)
      // Every doc is audited on its own, as the websocket's are: a refusal, a push, a read.
      const audit = (action: 'doc.refused' | 'doc.push' | 'doc.read', name: string, detail: string) =>
        recordAudit(accounts, log, user.id, action, name, detail, { address, docName: parseDocName(name) ? name : null })
      const results: SyncResponse['docs'] = []
      for (const item of request.docs) {
        const access = accessOf(user, memberships, item.name)
        if (access === null || access === 'none') {
          results.push({ name: item.name, error: access === null ? 'unknown' : 'forbidden' })
          audit('doc.refused', item.name, `后台同步：${access === null ? '没有这个文档' : '无权访问'}`)
          continue
        }
        const result = await syncDoc(relay, item, access === 'write', user.id)
        results.push(result)
        if ('error' in result) continue
        const pushedBytes = item.update && !result.readOnly ? fromBase64(item.update).byteLength : 0
        if (pushedBytes > 0) audit('doc.push', item.name, `后台同步：修改 ${pushedBytes} 字节`)
        else audit('doc.read', item.name, result.readOnly && item.update ? '后台同步（只读，修改未保存）' : '后台同步')
      }
      return c.json({ docs: results } satisfies SyncResponse)
    })
}

async function syncDoc(relay: Relay, item: { name: string; stateVector: string; update?: string }, mayWrite: boolean, userId: string) {
  let stateVector: Uint8Array
  let update: Uint8Array | null
  try {
    stateVector = fromBase64(item.stateVector)
    Y.decodeStateVector(stateVector)
    update = item.update ? fromBase64(item.update) : null
    if (update) Y.decodeUpdate(update) // malformed → nothing applied
  } catch {
    return { name: item.name, error: 'malformed' as const }
  }
  return relay.withDoc(item.name, async (room) => {
    // Background sync carries work done while the device had no connection: merged later.
    if (update && mayWrite) Y.applyUpdate(room.doc, update, new AttributedOrigin({ userId, sessionKey: null, device: null, offline: true, deviceAt: null }))
    const saved = Y.encodeStateVector(room.doc)
    const missing = Y.encodeStateAsUpdate(room.doc, stateVector)
    await room.flush()
    return { name: item.name, update: toBase64(missing), stateVector: toBase64(saved), readOnly: !mayWrite }
  })
}
