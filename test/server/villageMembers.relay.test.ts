/**
 * GET /api/villages/:id/members: the village roster village devices cache to pick 包案领导,
 * 整改责任人 and mediators offline. Members of the village (cadre, grid worker, supervisor) and
 * the township admin may read it; another village's member and a 联户干部 get 403. The answer
 * holds id, name and role only: no phone, not even as a substring of the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../helpers/api.js'
import { createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay
let otherVillage: string
const ids: Record<string, string> = {}
const tokens: Record<string, string> = {}

async function member(key: string, phone: string, name: string, villageId: string, role: string, gridIds: string[] = []): Promise<void> {
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name, password: 'member-pass-1', role } })
  expect(created.status).toBe(201)
  ids[key] = (created.json as { id: string }).id
  const put = await api(relay.url, `/api/users/${ids[key]}/memberships/${villageId}`, { token: relay.token, method: 'PUT', body: { role, gridIds, sensitive: false } })
  expect(put.status).toBeLessThan(300)
  tokens[key] = await login(relay.url, phone, 'member-pass-1')
}

beforeAll(async () => {
  relay = await startTestRelay()
  otherVillage = await createVillage(relay.url, relay.token, '邻村')
  await member('cadre', '13900000051', '王书记', relay.villageId, 'village_cadre')
  await member('worker', '13900000052', '李网格', relay.villageId, 'grid_worker', ['gridA'])
  await member('supervisor', '13900000053', '赵监督', relay.villageId, 'supervisor')
  await member('linked', '13900000054', '钱联户', relay.villageId, 'linked_cadre')
  await member('outsider', '13900000055', '孙外村', otherVillage, 'village_cadre')
  await member('leaver', '13900000056', '周离任', relay.villageId, 'grid_worker', ['gridA'])
}, 60_000)
afterAll(() => relay.close())

const path = () => `/api/villages/${relay.villageId}/members`

describe('village member roster', () => {
  it('lists the village members by id, name and role, with no phone anywhere in the answer', async () => {
    const res = await api(relay.url, path(), { token: tokens.worker })
    expect(res.status).toBe(200)
    const members = (res.json as { members: Record<string, unknown>[] }).members
    expect(members.map((m) => m.name).sort()).toEqual(['周离任', '李网格', '王书记', '赵监督', '钱联户'].sort())
    for (const m of members) expect(Object.keys(m).sort()).toEqual(['id', 'name', 'role'])
    expect(members.find((m) => m.name === '王书记')).toEqual({ id: ids.cadre, name: '王书记', role: 'village_cadre' })
    expect(res.text).not.toMatch(/139000000\d\d/)
    expect(res.text).not.toContain('孙外村')
  })

  it('is readable by the township admin, the cadre and the supervisor of the village', async () => {
    for (const token of [relay.token, tokens.cadre!, tokens.supervisor!]) expect((await api(relay.url, path(), { token })).status).toBe(200)
  })

  it('refuses another village’s member and a 联户干部 with 403, nobody signed in with 401, an unknown village with 404', async () => {
    const outsider = await api(relay.url, path(), { token: tokens.outsider })
    expect([outsider.status, outsider.json]).toEqual([403, { error: '没有权限查看这个村的成员' }])
    expect((await api(relay.url, path(), { token: tokens.linked })).status).toBe(403)
    expect((await api(relay.url, path())).status).toBe(401)
    expect((await api(relay.url, '/api/villages/noSuchVillage/members', { token: relay.token })).status).toBe(404)
    // The outsider reads their own village's roster.
    const own = await api(relay.url, `/api/villages/${otherVillage}/members`, { token: tokens.outsider })
    expect((own.json as { members: { name: string }[] }).members.map((m) => m.name)).toEqual(['孙外村'])
  })

  it('drops a member who left (membership removed) or was disabled', async () => {
    expect((await api(relay.url, `/api/users/${ids.leaver}/memberships/${relay.villageId}`, { token: relay.token, method: 'DELETE' })).status).toBeLessThan(300)
    expect((await api(relay.url, `/api/users/${ids.supervisor}`, { token: relay.token, method: 'PATCH', body: { disabled: true } })).status).toBe(200)
    const res = await api(relay.url, path(), { token: tokens.cadre })
    const names = (res.json as { members: { name: string }[] }).members.map((m) => m.name)
    expect(names).not.toContain('周离任')
    expect(names).not.toContain('赵监督')
    expect(names).toContain('李网格')
  })
})
