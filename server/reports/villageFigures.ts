/**
 * Reads a village's report figures through the relay's live copies (so a record synced a minute
 * ago counts): each grid's non-sensitive ledger doc, one at a time, reduced to the ids behind
 * each figure before the next is read, so the township report never holds every ledger at once.
 * The sensitive docs (P3) are never opened here (shared/reports/reportFigures.ts).
 * Visit rules, default time limits, the 公益设施检查周期 and the 网格清扫日 are the village's settings in force: its own overrides in
 * its meta doc over the township's `township` layer (shared/settings/effective.ts), as on devices.
 */
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { environmentFigures, sumEnvironmentFigures, type EnvironmentFigures } from '../../shared/ledger/environment.js'
import { facilityFigures, sumFacilityFigures, type FacilityFigures } from '../../shared/ledger/facilities.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { listGrids, profileMap } from '../../shared/metaDoc.js'
import { patrolFigures, sumPatrolFigures, type PatrolFigures } from '../../shared/ledger/patrol.js'
import { countFigures, figureRecords, reportAsOf, sumFigures, type FigureRecords, type ReportData, type ReportFigures } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import { withDefaultDeadlines } from '../../shared/settings/deadlines.js'
import { deadlineDays, effectiveSettings } from '../../shared/settings/effective.js'
import type { SettingsLayer } from '../../shared/settings/layer.js'
import { readVillageLayer } from '../../shared/settings/villageLayer.js'
import type { Relay } from '../relay/relay.js'

export type GridFigures = { gridId: string; name: string; figures: ReportFigures; records: FigureRecords }
export type VillageFigures = { villageId: string; name: string; township: string; figures: ReportFigures; grids: GridFigures[]; patrols: PatrolFigures; environment: EnvironmentFigures; facilities: FacilityFigures }

/** A village's grids, settings in force and township name, from its meta doc. */
async function villageMeta(relay: Relay, villageId: string, township: SettingsLayer | null) {
  return relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
    const settings = effectiveSettings(township, readVillageLayer(room.doc))
    return { grids: listGrids(room.doc), rules: settings.visitRules, deadlines: deadlineDays(settings), inspectEvery: settings.facilityInspection.value, cleaningDays: settings.gridCleaning.value, township: profileMap(room.doc).get('township') ?? '' }
  })
}

/** Days before the village began to use Cunwu are not days it should have patrolled. */
const usedSince = (village: { createdAt?: string }) => (village.createdAt ? shanghaiDate(new Date(village.createdAt)) : null)

/** A village's figures for one period with the ids behind each, grid by grid, and its 巡查, 人居环境 and 公益设施 figures. */
export async function villageFigures(relay: Relay, village: { id: string; name: string; createdAt?: string }, period: ReportPeriod, today: string, township: SettingsLayer | null): Promise<VillageFigures> {
  const meta = await villageMeta(relay, village.id, township)
  const grids: GridFigures[] = []
  const patrols: PatrolFigures[] = []
  const environment: EnvironmentFigures[] = []
  const facilities: FacilityFigures[] = []
  for (const grid of meta.grids) {
    const records = await relay.withDoc(docName({ kind: 'ledger', villageId: village.id, gridId: grid.id }), async (room) => {
      const list = (kind: keyof ReportData | 'patrol' | 'environment') => listRecords(room.doc, kind, grid.id)
      const data: ReportData = withDefaultDeadlines({ household: list('household'), resident: list('resident'), visit: list('visit'), dispute: list('dispute'), incident: list('incident'), thing: list('thing') }, meta.deadlines)
      patrols.push(patrolFigures(list('patrol'), period, reportAsOf(period, today), usedSince(village), meta.cleaningDays))
      environment.push(environmentFigures(list('environment'), period, reportAsOf(period, today)))
      facilities.push(facilityFigures(data.thing, period, reportAsOf(period, today), meta.inspectEvery))
      return figureRecords(data, meta.rules, period, today)
    })
    grids.push({ gridId: grid.id, name: grid.name, figures: countFigures(records), records })
  }
  return { villageId: village.id, name: village.name, township: meta.township, figures: sumFigures(grids.map((g) => g.figures)), grids, patrols: sumPatrolFigures(patrols), environment: sumEnvironmentFigures(environment), facilities: sumFacilityFigures(facilities) }
}

/**
 * A village's figures for several periods at once (a report and its parts), each grid's ledger
 * doc opened once and reduced to counts for every period before the next is read; and its 巡查,
 * 人居环境 and 公益设施 figures for the first period (the report's whole period).
 */
export async function villagePeriodFigures(relay: Relay, village: { id: string; createdAt?: string }, periods: readonly ReportPeriod[], today: string, township: SettingsLayer | null): Promise<{ township: string; figures: ReportFigures[]; patrols: PatrolFigures; environment: EnvironmentFigures; facilities: FacilityFigures }> {
  const meta = await villageMeta(relay, village.id, township)
  const perGrid: ReportFigures[][] = []
  const patrols: PatrolFigures[] = []
  const environment: EnvironmentFigures[] = []
  const facilities: FacilityFigures[] = []
  const whole = periods[0]
  for (const grid of meta.grids) {
    perGrid.push(
      await relay.withDoc(docName({ kind: 'ledger', villageId: village.id, gridId: grid.id }), async (room) => {
        const list = (kind: keyof ReportData | 'patrol' | 'environment') => listRecords(room.doc, kind, grid.id)
        const data: ReportData = withDefaultDeadlines({ household: list('household'), resident: list('resident'), visit: list('visit'), dispute: list('dispute'), incident: list('incident'), thing: list('thing') }, meta.deadlines)
        // The 巡查, 人居环境 and 公益设施 tables read the whole period only (the first of `periods`).
        if (whole) {
          patrols.push(patrolFigures(list('patrol'), whole, reportAsOf(whole, today), usedSince(village), meta.cleaningDays))
          environment.push(environmentFigures(list('environment'), whole, reportAsOf(whole, today)))
          facilities.push(facilityFigures(data.thing, whole, reportAsOf(whole, today), meta.inspectEvery))
        }
        return periods.map((p) => countFigures(figureRecords(data, meta.rules, p, today)))
      }),
    )
  }
  return { township: meta.township, figures: periods.map((_, i) => sumFigures(perGrid.map((g) => g[i]!))), patrols: sumPatrolFigures(patrols), environment: sumEnvironmentFigures(environment), facilities: sumFacilityFigures(facilities) }
}
