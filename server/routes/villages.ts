/**
 * Villages. Creating one also writes the first state of its meta doc (the village name), so the
 * village and its documents exist before anyone opens them. Names are unique (409 otherwise): the
 * township's lists, reports and public pages tell villages apart by name. `/:id/members` is the village's
 * member roster (id, name, role; never a phone) that village devices cache to pick 包案领导,
 * 整改责任人 and mediators offline and to know who has left.
 */
import { Hono } from 'hono'
import * as Y from 'yjs'
import { createVillageRequestSchema, type Village, type VillageMember } from '../../shared/api/villages.js'
import { docName } from '../../shared/docNames.js'
import { newId } from '../../shared/ids.js'
import { profileMap } from '../../shared/metaDoc.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import { campaignsUpdate, definedCampaigns } from '../liulian/campaigns.js'
import type { VillageRow } from '../storage/types.js'
import type { Role } from '../../shared/roles.js'

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
    .get('/:id/members', requireUser(accounts), async (c) => {
      const user = c.get('user')
      const villageId = c.req.param('id')
      if (!(await accounts.findVillage(villageId))) throw new ApiException(404, { error: '没有这个村' })
      if (user.role !== 'township_admin') {
        const own = await accounts.membership(user.id, villageId)
        // A linked cadre (联户干部) sees their own households and nothing else of the village.
        if (!own || !ROSTER_ROLES.includes(own.role)) throw new ApiException(403, { error: '没有权限查看这个村的成员' })
      }
      const users = new Map((await accounts.listUsers()).map((u) => [u.id, u]))
      const members: VillageMember[] = []
      for (const m of await accounts.listMemberships()) {
        const member = m.villageId === villageId ? users.get(m.userId) : undefined
        if (member && member.disabledAt === null) members.push({ id: member.id, name: member.name, role: m.role })
      }
      members.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.id < b.id ? -1 : 1))
      return c.json({ members })
    })
    .post('/', requireUser(accounts, ['township_admin']), async (c) => {
      const { name } = await parseBody(c, createVillageRequestSchema)
      const user = c.get('user')
      const village: VillageRow = { id: newId(), name, createdAt: new Date().toISOString(), createdBy: user.id }
      const earlier = (await accounts.listVillages()).map((v) => v.id)
      if (!(await accounts.createVillage(village))) throw new ApiException(409, { error: `已有同名村庄「${name}」，请换一个村名`, field: 'name' })
      await docs.append(docName({ kind: 'meta', villageId: village.id }), initialMeta(name))
      // The township's 工作推进 campaigns recur each year: a village created later gets them too.
      const campaigns = await definedCampaigns(docs, earlier)
      if (campaigns.length > 0) await docs.append(docName({ kind: 'liulian', villageId: village.id }), campaignsUpdate(campaigns))
      recordAudit(accounts, log, user.id, 'village.create', village.id)
      return c.json(toVillage(village), 201)
    })
}

const ROSTER_ROLES: readonly Role[] = ['village_cadre', 'grid_worker', 'supervisor']

function initialMeta(name: string): Uint8Array {
  const doc = new Y.Doc()
  profileMap(doc).set('name', name)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
