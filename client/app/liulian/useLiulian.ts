/**
 * The village's 六联 data on this device: the 六联 doc and the grid ledgers (and sensitive docs)
 * this user may open, from which household names are read. Everything shown is derived from
 * these (shared/liulian/*), so it works offline.
 */
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { listRecords } from '../../../shared/ledger/ledgerDoc'
import { isReadOnly } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useDoc, type DocState } from '../hooks/useDoc'
import { useVillageLedger, type VillageLedger } from '../ledger/useVillageLedger'
import { useDocVersion } from '../linkage/useDocVersion'

export type Liulian = {
  name: string
  state: DocState<unknown>
  doc: Y.Doc | null
  canWrite: boolean
  ledger: VillageLedger
  households: LedgerRecord[]
  byId: ReadonlyMap<string, LedgerRecord>
  version: number
}

export function useLiulian(props: SectionProps): Liulian {
  const { engine, villageId, workspace, issues } = props
  const name = docName({ kind: 'liulian', villageId })
  const state = useDoc(engine, name)
  const doc = state.status === 'ready' ? state.handle.doc : null
  const version = useDocVersion(doc)
  const ledger = useVillageLedger(props)
  const households = useMemo(() => [...ledger.ledgerDocs].flatMap(([gridId, d]) => listRecords(d, 'household', gridId)), [ledger.ledgerDocs, ledger.version])
  const byId = useMemo(() => new Map(households.map((h) => [h.id, h])), [households])
  const canWrite = workspace.access.canWrite(name) && !isReadOnly(issues[name])
  return { name, state, doc, canWrite, ledger, households, byId, version: version + ledger.version }
}

/** "王小明户（1组3号）"; a household of a grid this user can't open shows as such. */
export function householdName(byId: ReadonlyMap<string, LedgerRecord>, id: string | null): string {
  if (id === null) return '—'
  const h = byId.get(id)
  if (!h) return '（其他网格住户）'
  const head = String(h.values.headName ?? '') || '（未填户主）'
  const address = String(h.values.address ?? '')
  return address ? `${head}户（${address}）` : `${head}户`
}

/** Care records of the sensitive docs this user holds, with each resident's household; null without any. */
export function careInput(l: Liulian): { residentHousehold: Map<string, string>; records: { residentId: string; category: string; exited: boolean }[] } | null {
  if (l.ledger.sensitiveDocs.size === 0) return null
  const residentHousehold = new Map<string, string>()
  for (const [gridId, d] of l.ledger.ledgerDocs) for (const r of listRecords(d, 'resident', gridId)) residentHousehold.set(r.id, String(r.values.householdId ?? ''))
  const records = [...l.ledger.sensitiveDocs].flatMap(([gridId, d]) =>
    listRecords(d, 'careRecord', gridId).map((r) => ({ residentId: String(r.values.residentId ?? ''), category: String(r.values.category ?? ''), exited: Boolean(r.values.exitedAt) })),
  )
  return { residentHousehold, records }
}
