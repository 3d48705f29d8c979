/**
 * /api/reports — reports upward, generated from the ledger (issue #16 item 3):
 *   GET /township?period=2026-11[&format=xlsx]   every village's figures and the totals (township admin)
 *   GET /township/dashboard?period=2026-11       the same per village and per grid, with the ids behind each figure,
 *                                                and each village's 六联 figures for the period (township admin)
 *   POST /snapshots {scope, period}              submit the report of the township ('township') or a village (its id):
 *                                                its figures are kept as they are, with their hash; 409 if already submitted
 *   GET /snapshots/:scope                        the submitted periods
 *   GET /snapshots/:scope/:period                the submitted figures, today's, and every figure that differs
 * The township's scope is the township admin's; a village's is also its village cadres'.
 * Periods: YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY (shared/reports/reportPeriod.ts); a malformed one is a
 * 400 in Chinese. Counts only, no personal data (shared/reports/reportFigures.ts).
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { dashboardQuerySchema, snapshotRequestSchema, TOWNSHIP_SCOPE, townshipReportQuerySchema, type TownshipDashboard } from '../../shared/api/reports.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { reportAsOf, sumFigures } from '../../shared/reports/reportFigures.js'
import { parseReportPeriod, PERIOD_FORMAT_MESSAGE } from '../../shared/reports/reportPeriod.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import { liulianFigures } from '../reports/liulianFigures.js'
import { reportTitle, townshipWorkbook } from '../reports/reportWorkbook.js'
import { villageFigures } from '../reports/villageFigures.js'
import { readSnapshot, scopeReport, snapshotRow } from '../reports/snapshots.js'
import { townshipReport } from '../reports/townshipReport.js'
import type { UserRow, VillageRow } from '../storage/types.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function reportRoutes({ store, relay, log }: Services) {
  const { accounts, reportSnapshots } = store
  /** The township's settings layer: the visit rules and time limits every figure reads (with each village's overrides). */
  const settings = async () => (await store.townshipSettings.get())?.settings ?? null

  /** The scope a user may report for: the township (its admin) or a village (its admin, its cadres). */
  async function allowedScope(user: UserRow, scope: string): Promise<typeof TOWNSHIP_SCOPE | VillageRow> {
    if (scope === TOWNSHIP_SCOPE) {
      if (user.role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以报送全镇报表' })
      return TOWNSHIP_SCOPE
    }
    const village = await accounts.findVillage(scope)
    if (!village) throw new ApiException(404, { error: '没有这个村庄' })
    if (user.role !== 'township_admin' && (await accounts.membership(user.id, village.id))?.role !== 'village_cadre') throw new ApiException(403, { error: '只有本村村两委成员和乡镇管理员可以报送本村报表' })
    return village
  }

  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .post('/snapshots', async (c) => {
      const body = await parseBody(c, snapshotRequestSchema)
      const user = c.get('user')
      const scope = await allowedScope(user, body.scope)
      const today = shanghaiDate()
      if (body.period.end >= today) throw new ApiException(400, { error: '统计期还没有结束，结束后才能报送' })
      const { report, unit } = await scopeReport(accounts, relay, scope, body.period, today, await settings())
      const row = snapshotRow(body.scope, report, user.id, new Date().toISOString())
      if (!(await reportSnapshots.submit(row))) throw new ApiException(409, { error: '这一期的报表已经报送过，报送后的数字不再改写；台账后来的变化会显示为与报送数字的差异' })
      recordAudit(accounts, log, user.id, 'report.submit', `reports/${body.scope}/${body.period.key}`, `报送报表 ${body.period.key}`, scope === TOWNSHIP_SCOPE ? {} : { villageId: scope.id })
      return c.json(readSnapshot(row, report, unit), 201)
    })
    .get('/snapshots/:scope', async (c) => {
      await allowedScope(c.get('user'), c.req.param('scope'))
      const rows = await reportSnapshots.list(c.req.param('scope'))
      return c.json({ snapshots: rows.map((r) => ({ period: r.period, submittedAt: r.submittedAt, hash: r.hash })) })
    })
    .get('/snapshots/:scope/:period', async (c) => {
      const scope = await allowedScope(c.get('user'), c.req.param('scope'))
      const period = parseReportPeriod(c.req.param('period'))
      if (!period) throw new ApiException(400, { error: PERIOD_FORMAT_MESSAGE })
      const row = await reportSnapshots.get(c.req.param('scope'), period.key)
      if (!row) throw new ApiException(404, { error: '这一期的报表还没有报送' })
      const { report, unit } = await scopeReport(accounts, relay, scope, period, shanghaiDate(), await settings())
      return c.json(readSnapshot(row, report, unit))
    })
    .get('/township/dashboard', townshipOnly, async (c) => {
      const { period } = parseQuery(c, dashboardQuerySchema)
      const today = shanghaiDate()
      const villages: TownshipDashboard['villages'] = []
      const township = await settings()
      for (const v of (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
        const read = await villageFigures(relay, v, period, today, township)
        const liulian = await liulianFigures(relay, v.id, period, today)
        villages.push({ villageId: v.id, name: v.name, figures: read.figures, grids: read.grids, liulian })
      }
      const totals = sumFigures(villages.map((v) => v.figures))
      return c.json({ period: period.key, start: period.start, end: period.end, asOf: reportAsOf(period, today), generatedAt: new Date().toISOString(), villages, totals } satisfies TownshipDashboard)
    })
    .get('/township', townshipOnly, async (c) => {
      const query = parseQuery(c, townshipReportQuerySchema)
      const today = shanghaiDate()
      const { report, unit } = await townshipReport(accounts, relay, query.period, today, await settings())
      if (query.format !== 'xlsx') return c.json(report)
      const body = await townshipWorkbook(report, query.period, unit, today)
      const filename = encodeURIComponent(`${reportTitle(unit, query.period)}.xlsx`)
      return c.body(new Uint8Array(body), 200, { 'content-type': XLSX_TYPE, 'content-disposition': `attachment; filename*=UTF-8''${filename}` })
    })
}

/** The township's figures are the township admin's: anyone else gets a 403 (before the query is read). */
const townshipOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user').role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以查看全镇报表' })
  await next()
}
