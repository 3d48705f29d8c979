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
import { FirstScreenTable, useFirstScreen } from './FirstScreen'
import { deadlineDays } from '../../../shared/settings/effective'
import { useVillageSettings } from '../settings/useVillageSettings'

export function LedgerSection(props: SectionProps) {
  const ledger = useVillageLedger(props)
  const roster = useVillageMembers(props.workspace, props.api, props.villageId)
  const today = useMemo(() => shanghaiDate(), [])
  const lookup = useMemo(() => makeLookup(ledger.index), [ledger.index])
  // Visit rules and default time limits in force: the village's own over the township's (村级设置).
  const settings = useVillageSettings(props.workspace, ledger.meta)
  const deadlines = useMemo(() => deadlineDays(settings), [settings])
  const { rest, go, villageId } = props
  const [kind, second, third] = rest
  const def = kind ? kindDef(kind) : undefined
  const metaWritable = useStore(props.workspace.access).canWrite(docName({ kind: 'meta', villageId }))
  // A table of the grid ledger paints the device's copy of its first rows until the docs are open.
  const tableKind = def && second === undefined && def.doc === 'ledger' ? def.kind : null
  const firstScreen = useFirstScreen(props.workspace, villageId, tableKind)
  const opened = ledger.meta !== null && ledger.ledgerDocs.size >= ledger.grids.length
  if (def && tableKind && firstScreen && !opened && ledger.index.records(tableKind).length === 0) {
    return <FirstScreenTable def={def} screen={firstScreen} today={today} userId={props.user.id} onOpen={(record) => go([def.kind, record.gridId, record.id])} />
  }

  if (!ledger.meta) return <p className="muted">正在打开…</p>
  if (ledger.grids.length === 0) {
    return (
      <section className="card" data-testid="ledger-no-grids">
        <p>{metaWritable ? '这个村还没有网格。先新增一个网格，再登记台账。' : '你还没有可查看的网格台账。请联系村两委或镇管理员分配网格。'}</p>
        {metaWritable && <NewGridForm onAdd={(grid) => ledger.addGrid(grid)} />}
      </section>
    )
  }
  const ctx = { ...props, ledger, today, lookup, settings, deadlines, roster }
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
