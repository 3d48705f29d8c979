/** /api/villages: the township admin sees every village, everyone else the ones they belong to. */
import { villageListSchema, villageMembersSchema, villageSchema, type Village, type VillageMember } from '../../../shared/api/villages'
import { request, type ApiContext } from './http'

export async function fetchVillages(api: ApiContext): Promise<Village[]> {
  return (await request(api, '/api/villages', villageListSchema)).villages
}

export function createVillage(api: ApiContext, name: string): Promise<Village> {
  return request(api, '/api/villages', villageSchema, { method: 'POST', body: { name } })
}

/** The village roster: id, name and role of each member (no phones). */
export async function fetchVillageMembers(api: ApiContext, villageId: string): Promise<VillageMember[]> {
  return (await request(api, `/api/villages/${encodeURIComponent(villageId)}/members`, villageMembersSchema)).members
}
