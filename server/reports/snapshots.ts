/**
 * Reports upward as snapshots (issue #16 item 2): the report of a scope (the township, or one
 * village) for a period is computed from the ledger, and once submitted its figures are stored
 * as canonical JSON with their SHA-256 (storage/reportSnapshots.ts) and never rewritten. Reading
 * a submitted report recomputes the figures from today's ledger and lists each figure that now
 * differs, so a late record or a correction shows as a difference, not as a changed report.
 */
import { createHash } from 'node:crypto'
import { sheetFiguresSchema, TOWNSHIP_SCOPE, type FigureDifference, type SheetFigures, type Snapshot, type TownshipReport } from '../../shared/api/reports.js'
import { canonicalJson } from '../../shared/canonicalJson.js'
import { sumFigures, type ReportFigures } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { Relay } from '../relay/relay.js'
import type { ReportSnapshotRow } from '../storage/reportSnapshots.js'
import type { SettingsLayer } from '../../shared/settings/layer.js'
import type { AccountStore, VillageRow } from '../storage/types.js'
import { townshipReport } from './townshipReport.js'
import { villageFigures } from './villageFigures.js'

/** The report of `scope` for `period` as the ledger gives it at `today`, and the unit filing it. */
export async function scopeReport(accounts: AccountStore, relay: Relay, scope: string | VillageRow, period: ReportPeriod, today: string, settings: SettingsLayer | null): Promise<{ report: TownshipReport; unit: string }> {
  if (scope === TOWNSHIP_SCOPE) return townshipReport(accounts, relay, period, today, settings)
  if (typeof scope === 'string') throw new Error(`unknown scope ${scope}`)
  const read = await villageFigures(relay, scope, period, today, settings)
  const row = { villageId: scope.id, name: scope.name, ...read.figures }
  return { report: { period: period.key, villages: [row], totals: sumFigures([row]) }, unit: scope.name }
}

/** The row kept for a submission: the figures (the report, its parts and its 六联 figures) as canonical JSON, and their SHA-256. */
export function snapshotRow(scope: string, submitted: SheetFigures, by: string, at: string): ReportSnapshotRow {
  const figures = canonicalJson(submitted)
  return { scope, period: submitted.period, submittedAt: at, submittedBy: by, figures, hash: sha256(figures) }
}

export function readSnapshot(row: ReportSnapshotRow, current: TownshipReport, unit: string): Snapshot {
  const { parts, liulian, patrols, environment, facilities, ...report } = sheetFiguresSchema.parse(JSON.parse(row.figures))
  return {
    ...(parts ? { parts } : {}),
    ...(liulian ? { liulian } : {}),
    ...(patrols ? { patrols } : {}),
    ...(environment ? { environment } : {}),
    ...(facilities ? { facilities } : {}),
    scope: row.scope,
    unit,
    period: row.period,
    submittedAt: row.submittedAt,
    hash: row.hash,
    intact: sha256(row.figures) === row.hash,
    report,
    current,
    differences: reportDifferences(report, current),
  }
}

/** Every figure (per village, and the totals) that differs between two reports of one period. */
export function reportDifferences(submitted: TownshipReport, current: TownshipReport): FigureDifference[] {
  const out: FigureDifference[] = []
  const now = new Map(current.villages.map((v) => [v.villageId, v]))
  for (const v of submitted.villages) out.push(...figureDifferences(v.villageId, v.name, v, now.get(v.villageId) ?? null))
  // A village created after the submission appears with nothing submitted.
  const had = new Set(submitted.villages.map((v) => v.villageId))
  for (const v of current.villages) if (!had.has(v.villageId)) out.push(...figureDifferences(v.villageId, v.name, null, v))
  out.push(...figureDifferences(null, '合计', submitted.totals, current.totals))
  return out
}

function figureDifferences(villageId: string | null, name: string, a: ReportFigures | null, b: ReportFigures | null): FigureDifference[] {
  const out: FigureDifference[] = []
  for (const group of ['incidents', 'disputes', 'hazards', 'visits'] as const) {
    const keys = Object.keys((a ?? b)![group]) as string[]
    for (const key of keys) {
      const submitted = a ? ((a[group] as Record<string, number | null>)[key] ?? null) : null
      const current = b ? ((b[group] as Record<string, number | null>)[key] ?? null) : null
      if (submitted !== current) out.push({ villageId, name, figure: `${group}.${key}`, submitted, current })
    }
  }
  return out
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
