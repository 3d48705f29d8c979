/**
 * 联动小组 suggestion (seed 000: 「以相邻12户左右村(居)民住户为基本单位组成一个联动小组」).
 * Neighbours are read from the ledger as the same grid and 村民小组 and consecutive address order;
 * each such run is cut into pieces of about GROUP_SIZE consecutive households of near-equal size,
 * so a group never straddles two 村民小组 or two grids (its grid worker follows all of it) and none
 * is left with a stub of two or three households. Names count on within a 村民小组 across grids.
 * The cadre then moves households between groups (rotation.ts records it as a fact).
 */
import { compareZh } from '../collate.js'

export const GROUP_SIZE = 12

export type GroupCandidate = { id: string; gridId: string; villagerGroup: string; address: string }
export type SuggestedGroup = { name: string; villagerGroup: string; gridId: string; householdIds: string[] }

const NO_GROUP = '未填村民小组'

export function suggestGroups(households: readonly GroupCandidate[], size: number = GROUP_SIZE): SuggestedGroup[] {
  const buckets = new Map<string, { villagerGroup: string; gridId: string; members: GroupCandidate[] }>()
  for (const h of households) {
    const villagerGroup = h.villagerGroup.trim() || NO_GROUP
    const key = `${villagerGroup}\u0000${h.gridId}`
    const bucket = buckets.get(key) ?? { villagerGroup, gridId: h.gridId, members: [] }
    bucket.members.push(h)
    buckets.set(key, bucket)
  }
  const out: SuggestedGroup[] = []
  const numbered = new Map<string, number>()
  const ordered = [...buckets.values()].sort((a, b) => compareZh(a.villagerGroup, b.villagerGroup) || compareZh(a.gridId, b.gridId))
  for (const { villagerGroup, gridId, members } of ordered) {
    members.sort((a, b) => compareZh(a.address, b.address) || compareZh(a.id, b.id))
    const count = Math.max(1, Math.round(members.length / size))
    for (let i = 0; i < count; i++) {
      const run = members.slice(Math.floor((i * members.length) / count), Math.floor(((i + 1) * members.length) / count))
      const n = (numbered.get(villagerGroup) ?? 0) + 1
      numbered.set(villagerGroup, n)
      out.push({ name: `${villagerGroup}第${n}联动小组`, villagerGroup, gridId, householdIds: run.map((h) => h.id) })
    }
  }
  return out
}
