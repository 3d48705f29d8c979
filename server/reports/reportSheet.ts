/**
 * A report upward as a document (issue #16 item 2): the figures of the township or of one
 * village for a period, its parts side by side (shared/reports/sheetLayout.ts), the 六联
 * figures (issue #18 item 6) and the 巡查 figures (seed 003's quarterly patrol summary). Computed from the ledger through the relay; a submitted period
 * reads its stored figures instead, so a printed or downloaded submitted report shows what was
 * submitted, with its hash, whatever the ledger says now.
 */
import { createHash } from 'node:crypto'
import { sheetFiguresSchema, TOWNSHIP_SCOPE, type LiulianRow, type EnvironmentRow, type FacilityRow, type PatrolRow, type ReportSheet, type SheetFigures, type SheetPart } from '../../shared/api/reports.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { profileMap } from '../../shared/metaDoc.js'
import { reportAsOf, sumFigures } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import { reportParts, reportTitle } from '../../shared/reports/sheetLayout.js'
import type { Relay } from '../relay/relay.js'
import type { SettingsLayer } from '../../shared/settings/layer.js'
import type { ReportSnapshotRow } from '../storage/reportSnapshots.js'
import type { AccountStore, VillageRow } from '../storage/types.js'
import { liulianFigures } from './liulianFigures.js'
import { villagePeriodFigures } from './villageFigures.js'

export type Scope = typeof TOWNSHIP_SCOPE | VillageRow

/** The figures of `scope` for `period` and its parts, and the 六联, 巡查, 人居环境 and 公益设施 figures, as the ledger gives them at `today`; and the unit filing them. */
export async function sheetFigures(accounts: AccountStore, relay: Relay, scope: Scope, period: ReportPeriod, today: string, settings: SettingsLayer | null): Promise<{ figures: SheetFigures; unit: string }> {
  const villages = scope === TOWNSHIP_SCOPE ? (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) : [scope]
  const parts = reportParts(period)
  const started = parts.filter((p) => p.start <= today)
  const periods: ReportPeriod[] = [period, ...started.map((p) => ({ ...p, kind: period.kind === 'year' ? ('quarter' as const) : ('month' as const) }))]
  const rows: SheetFigures['villages'] = []
  const partRows: SheetFigures['villages'][number][][] = started.map(() => [])
  const liulian: LiulianRow[] = []
  const patrols: PatrolRow[] = []
  const environment: EnvironmentRow[] = []
  const facilities: FacilityRow[] = []
  let township = ''
  for (const v of villages) {
    const read = await villagePeriodFigures(relay, v, periods, today, settings)
    township ||= read.township
    rows.push({ villageId: v.id, name: v.name, ...read.figures[0]! })
    read.figures.slice(1).forEach((f, i) => partRows[i]!.push({ villageId: v.id, name: v.name, ...f }))
    liulian.push({ villageId: v.id, name: v.name, figures: await liulianFigures(relay, v.id, period, today) })
    patrols.push({ villageId: v.id, name: v.name, figures: read.patrols })
    environment.push({ villageId: v.id, name: v.name, figures: read.environment })
    facilities.push({ villageId: v.id, name: v.name, figures: read.facilities })
  }
  const sheetParts: SheetPart[] = parts.map((p) => {
    const i = started.indexOf(p)
    return { ...p, figures: i < 0 ? null : sumFigures(partRows[i]!) }
  })
  const unit = scope === TOWNSHIP_SCOPE ? township || '本乡镇' : scope.name
  return { figures: { period: period.key, villages: rows, totals: sumFigures(rows), parts: sheetParts, liulian, patrols, environment, facilities }, unit }
}

/** The report sheet: the submitted figures when `row` is the period's submission, else the ledger's now. */
export async function reportSheet(accounts: AccountStore, relay: Relay, scopeKey: string, scope: Scope, period: ReportPeriod, row: ReportSnapshotRow | null, today: string, settings: SettingsLayer | null): Promise<ReportSheet> {
  const base = (unit: string) => ({ scope: scopeKey, unit, title: reportTitle(unit, period), period: period.key, kind: period.kind, start: period.start, end: period.end })
  if (!row) {
    const live = await sheetFigures(accounts, relay, scope, period, today, settings)
    return { ...base(live.unit), asOf: reportAsOf(period, today), filledOn: today, submitted: null, figures: live.figures }
  }
  const submittedOn = shanghaiDate(new Date(row.submittedAt))
  return {
    ...base(await unitOf(accounts, relay, scope)),
    asOf: reportAsOf(period, submittedOn),
    filledOn: submittedOn,
    submitted: { submittedAt: row.submittedAt, hash: row.hash, intact: createHash('sha256').update(row.figures).digest('hex') === row.hash },
    figures: sheetFiguresSchema.parse(JSON.parse(row.figures)),
  }
}

/** Who files the report (填报单位): the village, or the township named in its villages' profiles. */
async function unitOf(accounts: AccountStore, relay: Relay, scope: Scope): Promise<string> {
  if (scope !== TOWNSHIP_SCOPE) return scope.name
  for (const v of (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
    const township = await relay.withDoc(docName({ kind: 'meta', villageId: v.id }), async (room) => profileMap(room.doc).get('township') ?? '')
    if (township) return township
  }
  return '本乡镇'
}
