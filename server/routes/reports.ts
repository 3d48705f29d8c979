/**
 * /api/reports — reports upward, generated from the ledger (issue #16 item 3):
 *   GET /township?period=2026-11[&format=xlsx]   every village's figures and the totals (township admin)
 *   GET /township/dashboard?period=2026-11       the same per village and per grid, with the ids behind each figure (township admin)
 * Periods: YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY (shared/reports/reportPeriod.ts); a malformed one is a
 * 400 in Chinese. Counts only, no personal data (shared/reports/reportFigures.ts).
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { dashboardQuerySchema, townshipReportQuerySchema, type TownshipDashboard, type TownshipReport } from '../../shared/api/reports.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { reportAsOf, sumFigures } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import { reportTitle, townshipWorkbook } from '../reports/reportWorkbook.js'
import { villageFigures } from '../reports/villageFigures.js'
import type { Relay } from '../relay/relay.js'
import type { AccountStore } from '../storage/types.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The township report for `period`, read at `today`, and the unit (the township's name) it is filed by. */
export async function townshipReport(accounts: AccountStore, relay: Relay, period: ReportPeriod, today: string): Promise<{ report: TownshipReport; unit: string }> {
  const villages = (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  const rows: TownshipReport['villages'] = []
  let township = ''
  for (const v of villages) {
    const read = await villageFigures(relay, v, period, today)
    township ||= read.township
    rows.push({ villageId: v.id, name: v.name, ...read.figures })
  }
  return { report: { period: period.key, villages: rows, totals: sumFigures(rows) }, unit: township || '本乡镇' }
}

export function reportRoutes({ store, relay }: Services) {
  const { accounts } = store
  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .get('/township/dashboard', townshipOnly, async (c) => {
      const { period } = parseQuery(c, dashboardQuerySchema)
      const today = shanghaiDate()
      const villages: TownshipDashboard['villages'] = []
      for (const v of (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
        const read = await villageFigures(relay, v, period, today)
        villages.push({ villageId: v.id, name: v.name, figures: read.figures, grids: read.grids })
      }
      const totals = sumFigures(villages.map((v) => v.figures))
      return c.json({ period: period.key, start: period.start, end: period.end, asOf: reportAsOf(period, today), generatedAt: new Date().toISOString(), villages, totals } satisfies TownshipDashboard)
    })
    .get('/township', townshipOnly, async (c) => {
      const query = parseQuery(c, townshipReportQuerySchema)
      const today = shanghaiDate()
      const { report, unit } = await townshipReport(accounts, relay, query.period, today)
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
