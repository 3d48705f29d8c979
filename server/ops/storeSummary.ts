/**
 * What a store holds, counted, with every village's notice chain verified: printed after a
 * restore or a SQLite → PostgreSQL copy so the operator sees at once that it is all there.
 */
import { verifyChain } from '../../shared/notices/chain.js'
import type { Store } from '../storage/types.js'

export type StoreSummary = { villages: number; users: number; docs: number; notices: number; brokenChains: string[] }

export async function summariseStore(store: Store): Promise<StoreSummary> {
  const villages = await store.accounts.listVillages()
  const summary: StoreSummary = { villages: villages.length, users: (await store.accounts.listUsers()).length, docs: 0, notices: 0, brokenChains: [] }
  for (const v of villages) {
    summary.docs += (await store.docs.docVersions(v.id)).size
    const notices = await store.notices.list(v.id)
    summary.notices += notices.length
    const verdict = await verifyChain(notices)
    if (!verdict.intact) summary.brokenChains.push(`${v.id}: ${verdict.detail}`)
  }
  return summary
}

export function describeSummary(s: StoreSummary): string {
  const chains = s.brokenChains.length === 0 ? '公告链校验通过' : `公告链校验失败：${s.brokenChains.join('；')}`
  return `${s.villages} 个村，${s.users} 个账号，${s.docs} 个文档，${s.notices} 条公告；${chains}`
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}
