/**
 * Reads a village's report figures through the relay's live copies (so a record synced a minute
 * ago counts): each grid's non-sensitive ledger doc, one at a time, reduced to the ids behind
 * each figure before the next is read, so the township report never holds every ledger at once.
 * The sensitive docs (P3) are never opened here (shared/reports/reportFigures.ts).
 */
import { docName } from '../../shared/docNames.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { effectiveVisitRules } from '../../shared/ledger/visitRules.js'
import { listGrids, profileMap } from '../../shared/metaDoc.js'
import { countFigures, figureRecords, sumFigures, type FigureRecords, type ReportData, type ReportFigures } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { Relay } from '../relay/relay.js'

export type GridFigures = { gridId: string; name: string; figures: ReportFigures; records: FigureRecords }
export type VillageFigures = { villageId: string; name: string; township: string; figures: ReportFigures; grids: GridFigures[] }

export async function villageFigures(relay: Relay, village: { id: string; name: string }, period: ReportPeriod, today: string): Promise<VillageFigures> {
  const meta = await relay.withDoc(docName({ kind: 'meta', villageId: village.id }), async (room) => ({
    grids: listGrids(room.doc),
    rules: effectiveVisitRules(room.doc),
    township: profileMap(room.doc).get('township') ?? '',
  }))
  const grids: GridFigures[] = []
  for (const grid of meta.grids) {
    const records = await relay.withDoc(docName({ kind: 'ledger', villageId: village.id, gridId: grid.id }), async (room) => {
      const list = (kind: keyof ReportData) => listRecords(room.doc, kind, grid.id)
      const data: ReportData = { household: list('household'), resident: list('resident'), visit: list('visit'), dispute: list('dispute'), incident: list('incident'), thing: list('thing') }
      return figureRecords(data, meta.rules, period, today)
    })
    grids.push({ gridId: grid.id, name: grid.name, figures: countFigures(records), records })
  }
  return { villageId: village.id, name: village.name, township: meta.township, figures: sumFigures(grids.map((g) => g.figures)), grids }
}

/**
 * A village's figures for several periods at once (a report and its parts), each grid's ledger
 * doc opened once and reduced to counts for every period before the next is read.
 */
export async function villagePeriodFigures(relay: Relay, village: { id: string }, periods: readonly ReportPeriod[], today: string): Promise<{ township: string; figures: ReportFigures[] }> {
  const meta = await relay.withDoc(docName({ kind: 'meta', villageId: village.id }), async (room) => ({
    grids: listGrids(room.doc),
    rules: effectiveVisitRules(room.doc),
    township: profileMap(room.doc).get('township') ?? '',
  }))
  const perGrid: ReportFigures[][] = []
  for (const grid of meta.grids) {
    perGrid.push(
      await relay.withDoc(docName({ kind: 'ledger', villageId: village.id, gridId: grid.id }), async (room) => {
        const list = (kind: keyof ReportData) => listRecords(room.doc, kind, grid.id)
        const data: ReportData = { household: list('household'), resident: list('resident'), visit: list('visit'), dispute: list('dispute'), incident: list('incident'), thing: list('thing') }
        return periods.map((p) => countFigures(figureRecords(data, meta.rules, p, today)))
      }),
    )
  }
  return { township: meta.township, figures: periods.map((_, i) => sumFigures(perGrid.map((g) => g[i]!))) }
}
