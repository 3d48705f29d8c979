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
import type { AppEnv, Services } from '../http/context.js'
import { parseBody } from '../http/errors.js'
import { accessWithin } from '../http/requireDocAccess.js'
import { requireUser } from '../http/requireUser.js'
import type { Relay } from '../relay/relay.js'
import type { MembershipView, UserRow } from '../storage/types.js'

/** Origin of changes pushed over HTTP sync. */
export const HTTP_SYNC = Symbol('http-sync')

export function syncRoutes({ store, relay, config, log }: Services) {
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
      const results: SyncResponse['docs'] = []
      let pushed = 0
      for (const item of request.docs) {
        const access = accessOf(user, memberships, item.name)
        if (access === null) results.push({ name: item.name, error: 'unknown' })
        else if (access === 'none') results.push({ name: item.name, error: 'forbidden' })
        else {
          const result = await syncDoc(relay, item, access === 'write')
          const applied = !('error' in result) && !result.readOnly
          if (applied && item.update) pushed += item.update.length
          results.push(result)
        }
      }
      if (pushed > 0) recordAudit(accounts, log, user.id, 'doc.push', `sync:${request.docs.length} docs`, `${pushed} base64 chars`)
      return c.json({ docs: results } satisfies SyncResponse)
    })
}

async function syncDoc(relay: Relay, item: { name: string; stateVector: string; update?: string }, mayWrite: boolean) {
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
    if (update && mayWrite) Y.applyUpdate(room.doc, update, HTTP_SYNC)
    const saved = Y.encodeStateVector(room.doc)
    const missing = Y.encodeStateAsUpdate(room.doc, stateVector)
    await room.flush()
    return { name: item.name, update: toBase64(missing), stateVector: toBase64(saved), readOnly: !mayWrite }
  })
}
