/**
 * One village's part of the township inbox: opens its grid docs (useVillageLedger, as the ledger
 * section does) and hands its incidents, disputes and open docs up whenever they change. Renders
 * nothing but a failure to open.
 */
import { useEffect, useMemo } from 'react'
import type * as Y from 'yjs'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import type { InboxSource } from '../../../shared/ledger/townshipInbox'
import { withDefaultDeadlines } from '../../../shared/settings/deadlines'
import { deadlineDays } from '../../../shared/settings/effective'
import type { Workspace } from '../../workspace/workspace'
import { useVillageLedger } from '../ledger/useVillageLedger'
import { useVillageSettings } from '../settings/useVillageSettings'

/** `things` for 我的案件·各村 (a hazard's 包案领导); the inbox itself reads incidents and disputes. */
export type VillageSource = InboxSource & { things: readonly LedgerRecord[]; docs: ReadonlyMap<string, Y.Doc> }

type Props = { workspace: Workspace; villageId: string; villageName: string; onSource(source: VillageSource): void }

export function VillageInboxSource({ workspace, villageId, villageName, onSource }: Props) {
  const ledger = useVillageLedger({ workspace, engine: workspace.engine, villageId })
  const { index, version, ledgerDocs } = ledger
  // The village's default time limits (村级设置 over 镇级设置), as on its ledger home: a record
  // without its own 时限 is due and overdue here by the same rule.
  const settings = useVillageSettings(workspace, ledger.meta)
  const days = useMemo(() => deadlineDays(settings), [settings])
  useEffect(() => {
    if (!ledger.meta) return
    const data = withDefaultDeadlines({ incident: index.records('incident'), dispute: index.records('dispute'), thing: index.records('thing') }, days)
    onSource({ villageId, villageName, incidents: data.incident, disputes: data.dispute, things: data.thing, docs: ledgerDocs })
  }, [ledger.meta, index, version, ledgerDocs, villageId, villageName, onSource, days])
  if (ledger.errors.length === 0) return null
  return (
    <p className="error" role="alert">
      {villageName}：{ledger.errors.join('；')}
    </p>
  )
}
