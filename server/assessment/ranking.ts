/**
 * The 五考 ranking of a period (issue #16 item 4), computed on the relay like the township report
 * (server/reports/villageFigures.ts, and for the same reason: the township admin's device should
 * not hold every village's ledger). Each assigned grid's non-sensitive ledger doc is read once,
 * reduced to counts (shared/assessment/figures.ts) before the next, and each worker's grids
 * are added up and scored (shared/assessment/score.ts) with the township's weights and the
 * period's 民主测评. Names: the worker's own, and village names.
 */
import { ASSESSMENT_COMPONENTS, DEFAULT_SETTINGS, assessmentSettingsSchema, type AssessmentSettings } from '../../shared/assessment/weights.js'
import { gridAssessmentFigures, sumAssessmentFigures, type AssessmentFigures } from '../../shared/assessment/figures.js'
import { rankTotals, scoreAssessment } from '../../shared/assessment/score.js'
import type { AssessmentDifference, AssessmentEntry, AssessmentRanking } from '../../shared/api/assessment.js'
import { docName } from '../../shared/docNames.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { effectiveSettings } from '../../shared/settings/effective.js'
import { readVillageLayer } from '../../shared/settings/villageLayer.js'
import { listGrids } from '../../shared/metaDoc.js'
import { reportAsOf, type ReportData } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { Relay } from '../relay/relay.js'
import type { AssessmentStore } from '../storage/assessment.js'
import type { TownshipSettingsStore } from '../storage/townshipSettings.js'
import type { AccountStore } from '../storage/types.js'
import { gridWorkers, type GridWorker } from './gridWorkers.js'

/** The township's settings; the defaults until the township admin sets its own. */
export async function readSettings(store: AssessmentStore): Promise<AssessmentSettings> {
  const row = await store.getSettings()
  if (!row) return DEFAULT_SETTINGS
  const parsed = assessmentSettingsSchema.safeParse(JSON.parse(row.settings))
  return parsed.success ? parsed.data : DEFAULT_SETTINGS
}

type Scope = { accounts: AccountStore; assessment: AssessmentStore; relay: Relay; townshipSettings: TownshipSettingsStore }

/** Every grid worker's assessment for `period` (or only `onlyUserId`'s), ranked. */
export async function assessmentRanking(scope: Scope, period: ReportPeriod, today: string, onlyUserId?: string): Promise<AssessmentRanking> {
  const settings = await readSettings(scope.assessment)
  const all = await gridWorkers(scope.accounts)
  const workers = onlyUserId === undefined ? all : all.filter((w) => w.userId === onlyUserId)
  const villages = new Map((await scope.accounts.listVillages()).map((v) => [v.id, v.name]))
  const figures = await gridFigures(scope, workers, period, today)
  const ratings = new Map((await scope.assessment.ratings(period.key)).map((r) => [r.userId, r.score]))
  const training = (await scope.assessment.listTraining(onlyUserId)).filter((t) => t.date >= period.start && t.date <= period.end)
  const entries = workers.map((w): Omit<AssessmentEntry, 'rank'> => {
    const own = sumAssessmentFigures(w.grids.flatMap((g) => figures.get(`${g.villageId}/${g.gridId}`) ?? []))
    const rating = ratings.get(w.userId) ?? null
    const mine = training.filter((t) => t.userId === w.userId)
    return {
      userId: w.userId,
      name: w.name,
      villages: w.villageIds.map((id) => villages.get(id) ?? '').filter(Boolean),
      grids: w.grids.filter((g) => figures.has(`${g.villageId}/${g.gridId}`)).length,
      figures: own,
      rating,
      ...scoreAssessment(own, rating, settings),
      training: { sessions: mine.length, hours: mine.reduce((sum, t) => sum + t.hours, 0) },
    }
  })
  // One worker alone has no place among the others: their own view carries no rank.
  const ranks = onlyUserId === undefined ? rankTotals(entries.map((e) => e.total)) : entries.map(() => null)
  const ranked = entries.map((e, i) => ({ ...e, rank: ranks[i] ?? null }))
  ranked.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'zh-CN'))
  return { period: period.key, start: period.start, end: period.end, asOf: reportAsOf(period, today), settings, entries: ranked }
}

/** Figures of every grid some worker holds, keyed `<villageId>/<gridId>`; a grid no longer in its village's meta doc is absent. */
async function gridFigures({ relay, townshipSettings }: Scope, workers: readonly GridWorker[], period: ReportPeriod, today: string): Promise<Map<string, AssessmentFigures>> {
  // The visit rules in force per village: its own over the township's (shared/settings/effective.ts), as in the township figures.
  const township = (await townshipSettings.get())?.settings ?? null
  const wanted = new Map<string, Set<string>>()
  for (const w of workers) for (const g of w.grids) wanted.set(g.villageId, (wanted.get(g.villageId) ?? new Set()).add(g.gridId))
  const out = new Map<string, AssessmentFigures>()
  for (const [villageId, gridIds] of wanted) {
    const meta = await relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => ({ grids: listGrids(room.doc), rules: effectiveSettings(township, readVillageLayer(room.doc)).visitRules }))
    for (const grid of meta.grids) {
      if (!gridIds.has(grid.id)) continue
      const figures = await relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grid.id }), async (room) => {
        const list = (kind: keyof ReportData) => listRecords(room.doc, kind, grid.id)
        const data: ReportData = { household: list('household'), resident: list('resident'), visit: list('visit'), dispute: list('dispute'), incident: list('incident'), thing: list('thing') }
        return gridAssessmentFigures(data, meta.rules, period, today)
      })
      out.set(`${villageId}/${grid.id}`, figures)
    }
  }
  return out
}

/** Every component score and total that differs between a submitted ranking and today's, per worker. */
export function rankingDifferences(submitted: readonly AssessmentEntry[], current: readonly AssessmentEntry[]): AssessmentDifference[] {
  const now = new Map(current.map((e) => [e.userId, e]))
  const out: AssessmentDifference[] = []
  for (const e of submitted) {
    const c = now.get(e.userId)
    const items: [string, number | null, number | null][] = [
      ...ASSESSMENT_COMPONENTS.map((key): [string, number | null, number | null] => [key, e.components.find((x) => x.key === key)?.score ?? null, c?.components.find((x) => x.key === key)?.score ?? null]),
      ['total', e.total, c?.total ?? null],
    ]
    for (const [item, a, b] of items) if (a !== b) out.push({ userId: e.userId, name: e.name, item, submitted: a, current: b })
  }
  return out
}
