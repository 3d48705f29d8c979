/**
 * /api/reports — reports upward, generated from the ledger (issue #16 item 3):
 *   GET /township?period=2026-11[&format=xlsx]   every village's figures and the totals (township admin)
 *   GET /township/dashboard?period=2026-11       the same per village and per grid, with the ids behind each figure,
 *                                                and each village's 六联 figures for the period (township admin)
 *   POST /snapshots {scope, period}              submit the report of the township ('township') or a village (its id):
 *                                                its figures are kept as they are, with their hash; 409 if already submitted
 *   GET /snapshots/:scope                        the submitted periods
 *   GET /snapshots/:scope/:period                the submitted figures, today's, and every figure that differs
 *   GET /sheet/:scope?period=…[&format=xlsx|docx] the report as a document (title, parts side by side, 六联 figures):
 *                                                the submitted figures once submitted, else the ledger's now
 *   POST /campaigns {label, lead, phases, tasks}  define a campaign (township admin): written into every village's 六联 doc
 *   PUT /campaigns/:key?rev=N {…the same}        edit it (phases and tasks that keep their `key` keep what villages ticked);
 *                                                409 unless N is its current revision
 *   DELETE /campaigns/:key                       withdraw it: villages stop showing it, their ticks stay
 *   GET /campaigns/progress?year=2026            the 工作推进台账 of every campaign across villages (township admin)
 * GET /township?format=xlsx|docx is the township's sheet; its JSON keeps the fixed shape above.
 * The township's scope is the township admin's; a village's is also its village cadres'.
 * Periods: YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY (shared/reports/reportPeriod.ts); a malformed one is a
 * 400 in Chinese. Counts only, no personal data (shared/reports/reportFigures.ts).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { campaignEditQuerySchema, campaignProgressQuerySchema, dashboardQuerySchema, sheetQuerySchema, snapshotRequestSchema, TOWNSHIP_SCOPE, townshipReportQuerySchema, type CampaignProgress, type ReportSheet, type TownshipDashboard } from '../../shared/api/reports.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { reportAsOf, sumFigures } from '../../shared/reports/reportFigures.js'
import { parseReportPeriod, PERIOD_FORMAT_MESSAGE } from '../../shared/reports/reportPeriod.js'
import { campaignFrom, campaignInputSchema, laterRevision, LIULIAN_CAMPAIGN, progressLedger, type Campaign } from '../../shared/liulian/campaign.js'
import { listTasks, putCampaign, readCampaigns } from '../../shared/liulian/liulianDoc.js'
import { docName } from '../../shared/docNames.js'
import { newId } from '../../shared/ids.js'
import { recordAudit } from '../audit.js'
import { AttributedOrigin } from '../history/attribution.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { officeFile } from '../http/officeFile.js'
import { requireUser } from '../http/requireUser.js'
import { liulianFigures } from '../reports/liulianFigures.js'
import { reportSheet, sheetFigures } from '../reports/reportSheet.js'
import { villageFigures } from '../reports/villageFigures.js'
import { readSnapshot, scopeReport, snapshotRow } from '../reports/snapshots.js'
import { townshipReport } from '../reports/townshipReport.js'
import type { UserRow, VillageRow } from '../storage/types.js'

/** The sheet as a download: the workbook or the Word document, named by its title. */
async function sheetFile(c: Context<AppEnv>, sheet: ReportSheet, format: 'xlsx' | 'docx') {
  // exceljs and docx are loaded on the first report asked for, not at start (some 25 MB a relay would hold idle).
  const body = format === 'xlsx' ? await (await import('../reports/reportWorkbook.js')).reportWorkbook(sheet) : await (await import('../reports/reportDocx.js')).reportDocx(sheet)
  return officeFile(c, body, sheet.title, format, `report-${sheet.period}.${format}`)
}

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

  /**
   * Campaign changes one at a time in this relay: two admins saving the same revision at once
   * must not leave some villages with one edit and some with the other under the same `rev`.
   */
  let campaignChanges: Promise<unknown> = Promise.resolve()
  function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
    const run = campaignChanges.then(change, change)
    campaignChanges = run.catch(() => undefined)
    return run
  }

  /** Writes a campaign (new, edited or withdrawn) into every village's 六联 doc, where its devices show and tick it offline. */
  async function writeCampaign(campaign: Campaign, user: UserRow): Promise<void> {
    const origin = new AttributedOrigin({ userId: user.id, sessionKey: null, device: null, offline: false, deviceAt: null })
    for (const v of await accounts.listVillages()) {
      await relay.withDoc(docName({ kind: 'liulian', villageId: v.id }), async (room) => {
        room.doc.transact(() => putCampaign(room.doc, campaign), origin)
        await room.flush()
      })
    }
  }

  /** A campaign the township defined and has not withdrawn, at its latest revision in any village. */
  async function editableCampaign(key: string): Promise<Campaign> {
    if (key === LIULIAN_CAMPAIGN.key) throw new ApiException(400, { error: '“六联机制”建设是内置活动，不能修改或撤回' })
    let found: Campaign | undefined
    for (const v of await accounts.listVillages()) {
      await relay.withDoc(docName({ kind: 'liulian', villageId: v.id }), async (room) => {
        for (const campaign of readCampaigns(room.doc, { withdrawn: true })) if (campaign.key === key) found = laterRevision(found, campaign)
      })
    }
    if (!found) throw new ApiException(404, { error: '没有这个工作推进活动' })
    if (found.withdrawnAt) throw new ApiException(409, { error: '这个活动已经撤回' })
    return found
  }

  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .post('/snapshots', async (c) => {
      const body = await parseBody(c, snapshotRequestSchema)
      const user = c.get('user')
      const scope = await allowedScope(user, body.scope)
      const today = shanghaiDate()
      if (body.period.end >= today) throw new ApiException(400, { error: '统计期还没有结束，结束后才能报送' })
      const { figures, unit } = await sheetFigures(accounts, relay, scope, body.period, today, await settings())
      const { parts: _parts, liulian: _liulian, patrols: _patrols, environment: _environment, facilities: _facilities, ...report } = figures
      const row = snapshotRow(body.scope, figures, user.id, new Date().toISOString())
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
    .get('/sheet/:scope', async (c) => {
      const scopeKey = c.req.param('scope')
      const scope = await allowedScope(c.get('user'), scopeKey)
      const query = parseQuery(c, sheetQuerySchema)
      const sheet = await reportSheet(accounts, relay, scopeKey, scope, query.period, await reportSnapshots.get(scopeKey, query.period.key), shanghaiDate(), await settings())
      if (query.format === 'xlsx' || query.format === 'docx') return sheetFile(c, sheet, query.format)
      return c.json(sheet)
    })
    .post('/campaigns', townshipOnly, async (c) => {
      const input = await parseBody(c, campaignInputSchema)
      const user = c.get('user')
      const campaign = campaignFrom(`c${Date.now().toString(36)}${newId().slice(0, 6)}`, input, shanghaiDate())
      await writeCampaign(campaign, user)
      recordAudit(accounts, log, user.id, 'campaign.define', `campaigns/${campaign.key}`, `新建工作推进活动 ${campaign.label}`, {})
      return c.json(campaign, 201)
    })
    .put('/campaigns/:key', townshipOnly, async (c) => {
      const { rev } = parseQuery(c, campaignEditQuerySchema)
      const input = await parseBody(c, campaignInputSchema)
      const user = c.get('user')
      const campaign = await oneAtATime(async () => {
        const previous = await editableCampaign(c.req.param('key'))
        if ((previous.rev ?? 1) !== rev) throw new ApiException(409, { error: '这个活动刚被修改过，请刷新后再改' })
        const edited = campaignFrom(previous.key, input, shanghaiDate(), previous)
        await writeCampaign(edited, user)
        return edited
      })
      recordAudit(accounts, log, user.id, 'campaign.edit', `campaigns/${campaign.key}`, `修改工作推进活动 ${campaign.label}（第${campaign.rev}版）`, {})
      return c.json(campaign)
    })
    .delete('/campaigns/:key', townshipOnly, async (c) => {
      const user = c.get('user')
      const campaign = await oneAtATime(async () => {
        const previous = await editableCampaign(c.req.param('key'))
        // Withdrawn is one more revision: villages stop showing it; what they ticked stays in their docs.
        const withdrawn: Campaign = { ...previous, rev: (previous.rev ?? 1) + 1, withdrawnAt: new Date().toISOString() }
        await writeCampaign(withdrawn, user)
        return withdrawn
      })
      recordAudit(accounts, log, user.id, 'campaign.withdraw', `campaigns/${campaign.key}`, `撤回工作推进活动 ${campaign.label}`, {})
      return c.json(campaign)
    })
    .get('/campaigns/progress', townshipOnly, async (c) => {
      const { year } = parseQuery(c, campaignProgressQuerySchema)
      const today = shanghaiDate()
      const campaigns = new Map<string, Campaign>()
      const villages: Parameters<typeof progressLedger>[2][number][] = []
      for (const v of (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
        await relay.withDoc(docName({ kind: 'liulian', villageId: v.id }), async (room) => {
          for (const campaign of readCampaigns(room.doc, { withdrawn: true })) campaigns.set(campaign.key, laterRevision(campaigns.get(campaign.key), campaign))
          villages.push({ villageId: v.id, villageName: v.name, startedOn: shanghaiDate(new Date(v.createdAt)), facts: listTasks(room.doc) })
        })
      }
      const answer: CampaignProgress = {
        year,
        today,
        campaigns: [...campaigns.values()].filter((campaign) => !campaign.withdrawnAt).map((campaign) => ({
          campaign: { ...campaign, phases: [...campaign.phases], tasks: [...campaign.tasks] },
          villages: progressLedger(campaign, year, villages, today).map((p) => ({ ...p, rows: p.rows.map((r) => ({ task: r.task.key, due: r.due, done: r.done, overdue: r.overdue, counted: r.counted })) })),
        })),
      }
      return c.json(answer)
    })
    .get('/township/dashboard', townshipOnly, async (c) => {
      const { period } = parseQuery(c, dashboardQuerySchema)
      const today = shanghaiDate()
      const villages: TownshipDashboard['villages'] = []
      const township = await settings()
      for (const v of (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
        const read = await villageFigures(relay, v, period, today, township)
        const liulian = await liulianFigures(relay, v.id, period, today)
        villages.push({ villageId: v.id, name: v.name, figures: read.figures, grids: read.grids, liulian, patrols: read.patrols, environment: read.environment, facilities: read.facilities })
      }
      const totals = sumFigures(villages.map((v) => v.figures))
      return c.json({ period: period.key, start: period.start, end: period.end, asOf: reportAsOf(period, today), generatedAt: new Date().toISOString(), villages, totals } satisfies TownshipDashboard)
    })
    .get('/township', townshipOnly, async (c) => {
      const query = parseQuery(c, townshipReportQuerySchema)
      const today = shanghaiDate()
      if (query.format === 'xlsx' || query.format === 'docx') {
        const row = await reportSnapshots.get(TOWNSHIP_SCOPE, query.period.key)
        return sheetFile(c, await reportSheet(accounts, relay, TOWNSHIP_SCOPE, TOWNSHIP_SCOPE, query.period, row, today, await settings()), query.format)
      }
      return c.json((await townshipReport(accounts, relay, query.period, today, await settings())).report)
    })
}

/** The township's figures are the township admin's: anyone else gets a 403 (before the query is read). */
const townshipOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user').role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以查看全镇报表' })
  await next()
}
