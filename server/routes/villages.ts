/**
 * Villages. Creating one also writes the first state of its meta doc (the village name), so the
 * village and its documents exist before anyone opens them.
 */
import { Hono } from 'hono'
import * as Y from 'yjs'
import { createVillageRequestSchema, type Village } from '../../shared/api/villages.js'
import { docName } from '../../shared/docNames.js'
import { newId } from '../../shared/ids.js'
import { profileMap } from '../../shared/metaDoc.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import type { VillageRow } from '../storage/types.js'

const toVillage = (v: VillageRow): Village => ({
  id: v.id,
  name: v.name,
  createdAt: v.createdAt,
  docs: { meta: docName({ kind: 'meta', villageId: v.id }), decisions: docName({ kind: 'decisions', villageId: v.id }) },
})

export function villageRoutes({ store, log }: Services) {
  const { accounts, docs } = store
  return new Hono<AppEnv>()
    .get('/', requireUser(accounts), async (c) => {
      const user = c.get('user')
      if (user.role === 'township_admin') return c.json({ villages: (await accounts.listVillages()).map(toVillage) })
      const memberships = await accounts.listMemberships(user.id)
      const villages = await Promise.all(memberships.map((m) => accounts.findVillage(m.villageId)))
      return c.json({ villages: villages.filter((v) => v !== null).map(toVillage) })
    })
    .post('/', requireUser(accounts, ['township_admin']), async (c) => {
      const { name } = await parseBody(c, createVillageRequestSchema)
      const user = c.get('user')
      const village: VillageRow = { id: newId(), name, createdAt: new Date().toISOString(), createdBy: user.id }
      await accounts.createVillage(village)
      await docs.append(docName({ kind: 'meta', villageId: village.id }), initialMeta(name))
      recordAudit(accounts, log, user.id, 'village.create', village.id)
      return c.json(toVillage(village), 201)
    })
}

function initialMeta(name: string): Uint8Array {
  const doc = new Y.Doc()
  profileMap(doc).set('name', name)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
