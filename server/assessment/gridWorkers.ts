/**
 * Who is assessed (五考): every enabled user with a grid_worker membership, and their grids,
 * from their memberships' grid assignments (a worker may hold grids in several villages).
 * A grid shared by a full-time and a part-time worker gives both the same ledger figures: the
 * ledger keeps grids' obligations, not who did each visit.
 */
import type { AccountStore } from '../storage/types.js'

export type GridWorker = { userId: string; name: string; grids: { villageId: string; gridId: string }[]; villageIds: string[] }

export async function gridWorkers(accounts: AccountStore): Promise<GridWorker[]> {
  const users = new Map((await accounts.listUsers()).filter((u) => u.disabledAt === null).map((u) => [u.id, u]))
  const byUser = new Map<string, GridWorker>()
  for (const m of await accounts.listMemberships()) {
    const user = users.get(m.userId)
    if (!user || m.role !== 'grid_worker') continue
    const worker = byUser.get(m.userId) ?? { userId: m.userId, name: user.name, grids: [], villageIds: [] }
    worker.villageIds.push(m.villageId)
    for (const gridId of m.gridIds) worker.grids.push({ villageId: m.villageId, gridId })
    byUser.set(m.userId, worker)
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId))
}
