/**
 * 网格台账: routes inside the section — [] the dashboard, [kind] a table, [kind, 'new'] a new
 * record, [kind, gridId, id] one record (a household's page gathers its members, visits,
 * incidents and disputes), ['bulletin'] the 民呼我应 办结公示, ['week'] the 巡查周结. Every grid doc the user may open is open while the section is.
 */
import { useMemo, useRef } from 'react'
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
import { BULLETIN, PATROL_WEEK } from './context'
import { PatrolWeekPage } from './PatrolWeek'
import { FirstScreenTable, useFirstScreen } from './FirstScreen'
import { checklistItems, deadlineDays } from '../../../shared/settings/effective'
import { villageKind } from '../../../shared/settings/checklists'
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
  // The kind as this village uses it: a checklist field offers the village's list (村级设置).
  const lists = useMemo(() => checklistItems(settings), [settings])
  const def = useMemo(() => {
    const base = kind ? kindDef(kind) : undefined
    return base && villageKind(base, lists)
  }, [kind, lists])
  const metaWritable = useStore(props.workspace.access).canWrite(docName({ kind: 'meta', villageId }))
  // A table of the grid ledger paints the device's copy of it until every grid doc is open (not
  // grid by grid: the count would drop from the whole village to one grid and climb again). A doc
  // that fails to open ends the copy, so its error shows.
  // Once open, the section never goes back to the copy (a grid added later opens in the live table),
  // and lets the copy go.
  const opened = (ledger.meta !== null && ledger.ledgerDocs.size >= ledger.grids.length) || ledger.errors.length > 0
  const openedOnce = useRef(false)
  if (opened) openedOnce.current = true
  const tableKind = def && second === undefined && def.doc === 'ledger' && !openedOnce.current ? def.kind : null
  const firstScreen = useFirstScreen(props.workspace, villageId, tableKind)
  if (def && tableKind && firstScreen) {
    return <FirstScreenTable def={def} screen={firstScreen} today={today} deadlines={deadlines} inspectEvery={settings.facilityInspection.value} departed={roster.departed} userId={props.user.id} onOpen={(record) => go([def.kind, record.gridId, record.id])} />
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
  const ctx = { ...props, ledger, today, lookup, settings, deadlines, roster, lists }
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
      ) : kind === PATROL_WEEK ? (
        <PatrolWeekPage {...ctx} onBack={() => go([])} />
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
