/**
 * 网格台账: routes inside the section — [] the dashboard, [kind] a table, [kind, 'new'] a new
 * record, [kind, gridId, id] one record (a household's page gathers its members, visits,
 * incidents and disputes), ['bulletin'] the 民呼我应 办结公示. Every grid doc the user may open is open while the section is.
 */
import { useMemo } from 'react'
import { docName } from '../../../shared/docNames'
import { kindDef } from '../../../shared/ledger/kinds/index'
import { shanghaiDate } from '../../../shared/civilDate'
import type { SectionProps } from '../components/sectionProps'
import { useStore } from '../hooks/useStore'
import { NewGridForm } from '../components/GridPicker'
import { LedgerHome } from './LedgerHome'
import { MatterBulletin } from './MatterBulletin'
import { KindTable } from './KindTable'
import { NewRecordPage } from './NewRecordPage'
import { RecordPage } from './RecordPage'
import { useVillageLedger } from './useVillageLedger'
import { useVillageMembers } from './useVillageMembers'
import { makeLookup } from './lookup'
import { BULLETIN } from './context'

export function LedgerSection(props: SectionProps) {
  const ledger = useVillageLedger(props)
  const roster = useVillageMembers(props.workspace, props.api, props.villageId)
  const today = useMemo(() => shanghaiDate(), [])
  const lookup = useMemo(() => makeLookup(ledger.index), [ledger.index])
  const { rest, go, villageId } = props
  const [kind, second, third] = rest
  const def = kind ? kindDef(kind) : undefined
  const metaWritable = useStore(props.workspace.access).canWrite(docName({ kind: 'meta', villageId }))

  if (!ledger.meta) return <p className="muted">正在打开…</p>
  if (ledger.grids.length === 0) {
    return (
      <section className="card" data-testid="ledger-no-grids">
        <p>{metaWritable ? '这个村还没有网格。先新增一个网格，再登记台账。' : '你还没有可查看的网格台账。请联系村两委或镇管理员分配网格。'}</p>
        {metaWritable && <NewGridForm onAdd={(grid) => ledger.addGrid(grid)} />}
      </section>
    )
  }
  const ctx = { ...props, ledger, today, lookup, roster }
  return (
    <>
      {ledger.opening > 0 && <p className="muted">正在打开 {ledger.opening} 个网格的台账…</p>}
      {ledger.errors.map((error, i) => (
        <p key={i} className="error" role="alert">
          {error}
        </p>
      ))}
      {kind === BULLETIN ? (
        <MatterBulletin {...ctx} onBack={() => go([])} />
      ) : !def ? (
        <LedgerHome {...ctx} />
      ) : second === undefined ? (
        <KindTable {...ctx} def={def} onBack={() => go([])} />
      ) : second === 'new' ? (
        <NewRecordPage {...ctx} def={def} onDone={(gridId, id) => go([def.kind, gridId, id])} onBack={() => go([def.kind])} />
      ) : third ? (
        <RecordPage {...ctx} def={def} gridId={second} id={third} />
      ) : (
        <LedgerHome {...ctx} />
      )}
    </>
  )
}
