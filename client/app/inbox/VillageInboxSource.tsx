/**
 * One village's part of the township inbox: opens its grid docs (useVillageLedger, as the ledger
 * section does) and hands its incidents, disputes and open docs up whenever they change. Renders
 * nothing but a failure to open.
 */
import { useEffect } from 'react'
import type * as Y from 'yjs'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import type { InboxSource } from '../../../shared/ledger/townshipInbox'
import type { Workspace } from '../../workspace/workspace'
import { useVillageLedger } from '../ledger/useVillageLedger'

/** `things` for 我的案件·各村 (a hazard's 包案领导); the inbox itself reads incidents and disputes. */
export type VillageSource = InboxSource & { things: readonly LedgerRecord[]; docs: ReadonlyMap<string, Y.Doc> }

type Props = { workspace: Workspace; villageId: string; villageName: string; onSource(source: VillageSource): void }

export function VillageInboxSource({ workspace, villageId, villageName, onSource }: Props) {
  const ledger = useVillageLedger({ workspace, engine: workspace.engine, villageId })
  const { index, version, ledgerDocs } = ledger
  useEffect(() => {
    if (!ledger.meta) return
    onSource({ villageId, villageName, incidents: index.records('incident'), disputes: index.records('dispute'), things: index.records('thing'), docs: ledgerDocs })
  }, [ledger.meta, index, version, ledgerDocs, villageId, villageName, onSource])
  if (ledger.errors.length === 0) return null
  return (
    <p className="error" role="alert">
      {villageName}：{ledger.errors.join('；')}
    </p>
  )
}
