/**
 * A ledger table from the device's own copy (client/workspace/firstScreen.ts), shown while the
 * grid docs open, and the keeper that writes that copy from the live table.
 */
import type { CadencePeriod } from '../../../shared/settings/layer'
import { useEffect, useMemo, useState } from 'react'
import { docName } from '../../../shared/docNames'
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import type { Departed } from '../../../shared/ledger/workflows/incident'
import type { DeadlineDays } from '../../../shared/settings/effective'
import { COPY_ROWS, headIsPartial, visibleFirstScreen, type FirstScreen } from '../../workspace/firstScreen'
import type { Workspace } from '../../workspace/workspace'
import type { Lookup } from './lookup'
import { RecordTable } from './RecordTable'
import type { LedgerGrid } from './useVillageLedger'

/** The saved first screen of `kind` (null while reading, or when there is none). */
export function useFirstScreen(workspace: Workspace, villageId: string, kind: string | null): FirstScreen | null {
  const [screen, setScreen] = useState<FirstScreen | null>(null)
  // The head is read from the table's first render, not from its effect after the paint: the read
  // overlaps the commit and the paint (issue #21: 25–35 ms of the time to the first row).
  const head = useMemo(() => (kind ? workspace.readFirstScreen(villageId, kind, 'head').catch(unreadable) : null), [workspace, villageId, kind])
  useEffect(() => {
    setScreen(null)
    if (!kind || !head) return
    let live = true
    const show = (saved: FirstScreen) => {
      const access = workspace.access.getSnapshot()
      setScreen(visibleFirstScreen(saved, (gridId) => access.rule(docName({ kind: 'ledger', villageId, gridId })) !== 'none'))
    }
    // The head first (the first row waits for 50 rows, not the whole table), then the whole table.
    const read = async () => {
      const saved = await head
      if (!live || !saved) return
      show(saved)
      if (!headIsPartial(saved)) return
      const full = await workspace.readFirstScreen(villageId, kind, 'full')
      if (live && full && full.savedAt === saved.savedAt) show(full)
    }
    read().catch((error: unknown) => console.error('reading the first screen failed', error))
    return () => {
      live = false
    }
  }, [workspace, villageId, kind, head])
  return screen
}

function unreadable(error: unknown): null {
  console.error('reading the first screen failed', error)
  return null
}

type TableProps = { def: KindDef; screen: FirstScreen; today: string; deadlines: DeadlineDays; inspectEvery: CadencePeriod; departed: Departed; userId: string; onOpen(record: LedgerRecord): void }

/** The device's copy of the table, read-only, said to be so; statuses read the time limits in force, as the live table's do. */
export function FirstScreenTable({ def, screen, today, deadlines, inspectEvery, departed, userId, onOpen }: TableProps) {
  const grids: LedgerGrid[] = screen.grids.map((g) => ({ ...g, ledger: 'read', sensitive: 'none' }))
  const lookup: Lookup = (kind, id) => screen.titles[`${kind}:${id}`] ?? '…'
  return (
    <>
      <h2>{def.label}</h2>
      <p className="muted" role="status" data-testid="first-screen-note">
        {screen.records.length < screen.total ? `正在打开本机台账…先显示本机保存的前 ${screen.records.length} 条（共 ${screen.total} 条），只读` : '正在打开本机台账…先显示本机保存的台账，只读'}
      </p>
      <RecordTable def={def} records={screen.records} grids={grids} today={today} deadlines={deadlines} inspectEvery={inspectEvery} departed={departed} lookup={lookup} onOpen={onOpen} userId={userId} />
    </>
  )
}

type KeepProps = { workspace: Workspace; villageId: string; def: KindDef; visible: readonly LedgerRecord[]; total: number; grids: readonly LedgerGrid[]; lookup: Lookup }

/**
 * Short, since a copy left unwritten is lost when the app is closed right after the table settled;
 * longer for a big table, whose copy takes longer to seal (5,000 households: about 1.5 MB, some
 * 30 ms on a PC), so a run of edits writes it once.
 */
const keepDelayMs = (rows: number) => (rows <= 5_000 ? 300 : 1_000)

/** Writes the table as the device's copy, a moment after the table last changed. */
export function KeepFirstScreen({ workspace, villageId, def, visible, total, grids, lookup }: KeepProps) {
  useEffect(() => {
    const timer = setTimeout(() => {
      const records = visible.slice(0, COPY_ROWS)
      const titles: Record<string, string> = {}
      for (const field of def.fields) {
        if (field.type !== 'ref') continue
        for (const record of records) {
          const value = record.values[field.key]
          for (const id of Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []) titles[`${field.to}:${id}`] = lookup(field.to, id)
        }
      }
      const screen: FirstScreen = { v: 2, kind: def.kind, savedAt: Date.now(), total, grids: grids.map(({ id, name, code }) => ({ id, name, code })), records: records.map(({ unreadableFacts: _, ...r }) => r), titles }
      workspace
        .saveFirstScreen(villageId, screen)
        // Read by bench:ledger, which reopens once the device holds the whole table.
        .then(() => performance.mark('cunwu:table-copy-saved', { detail: { kind: def.kind, rows: records.length } }))
        .catch((error: unknown) => console.error('keeping the first screen failed', error))
    }, keepDelayMs(visible.length))
    return () => clearTimeout(timer)
  }, [workspace, villageId, def, visible, total, grids, lookup])
  return null
}
