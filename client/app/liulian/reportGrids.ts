/**
 * Which grids 启动应急 can file its first report in (StartEmergency.tsx): the grids of the village
 * whose ledger this user may write and that are open on this device. The form waits rather than
 * take the village for one without grids and start without the report:
 * - while the grid list or one of those ledgers is still opening (a slow phone);
 * - while a device that has never finished a sync knows no grid: its copy of the grid list may
 *   not have arrived yet (a phone just signed in). 不等待 starts at once if it never does.
 * A ledger that failed to open is left out rather than waited for.
 */
import type { Grid } from '../../../shared/metaDoc'

export type ReportGrids = { kind: 'waiting'; fetching: boolean } | { kind: 'none' } | { kind: 'ready'; grids: Grid[] }

export type ReportGridsInput = {
  /** The village's grids (its meta doc), null while that doc opens. */
  villageGrids: readonly Grid[] | null
  canWrite(gridId: string): boolean
  opened: ReadonlyMap<string, unknown>
  /** A ledger failed to open. */
  failed: boolean
  /** This device has finished a sync at least once. */
  everSynced: boolean
}

export function reportGrids({ villageGrids, canWrite, opened, failed, everSynced }: ReportGridsInput): ReportGrids {
  if (villageGrids === null) return { kind: 'waiting', fetching: false }
  const writable = villageGrids.filter((g) => canWrite(g.id))
  if (writable.length === 0) return everSynced ? { kind: 'none' } : { kind: 'waiting', fetching: true }
  const grids = writable.filter((g) => opened.has(g.id))
  if (grids.length < writable.length && !failed) return { kind: 'waiting', fetching: false }
  return grids.length === 0 ? { kind: 'none' } : { kind: 'ready', grids }
}
