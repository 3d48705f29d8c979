/**
 * 联动小组 suggestion (seed 000: 「以相邻12户左右村(居)民住户为基本单位组成一个联动小组」).
 * Neighbours are read from the ledger as the same 村民小组 and consecutive address order; each
 * 村民小组 is cut into runs of about GROUP_SIZE consecutive households of near-equal size, so a
 * group never straddles two 村民小组 and none is left with a stub of two or three households.
 * The cadre then moves households between groups (rotation.ts records it as a fact).
 */

export const GROUP_SIZE = 12

export type GroupCandidate = { id: string; gridId: string; villagerGroup: string; address: string }
export type SuggestedGroup = { name: string; villagerGroup: string; gridId: string; householdIds: string[] }

const collator = new Intl.Collator('zh-CN', { numeric: true })
const NO_GROUP = '未填村民小组'

export function suggestGroups(households: readonly GroupCandidate[], size: number = GROUP_SIZE): SuggestedGroup[] {
  const byVillagerGroup = new Map<string, GroupCandidate[]>()
  for (const h of households) {
    const key = h.villagerGroup.trim() || NO_GROUP
    byVillagerGroup.set(key, [...(byVillagerGroup.get(key) ?? []), h])
  }
  const out: SuggestedGroup[] = []
  for (const key of [...byVillagerGroup.keys()].sort(collator.compare)) {
    const members = (byVillagerGroup.get(key) ?? []).slice().sort((a, b) => collator.compare(a.address, b.address) || collator.compare(a.id, b.id))
    const count = Math.max(1, Math.round(members.length / size))
    for (let i = 0; i < count; i++) {
      const run = members.slice(Math.floor((i * members.length) / count), Math.floor(((i + 1) * members.length) / count))
      out.push({ name: `${key}第${i + 1}联动小组`, villagerGroup: key, gridId: majorityGrid(run), householdIds: run.map((h) => h.id) })
    }
  }
  return out
}

function majorityGrid(run: readonly GroupCandidate[]): string {
  const counts = new Map<string, number>()
  for (const h of run) counts.set(h.gridId, (counts.get(h.gridId) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]))[0]?.[0] ?? ''
}
