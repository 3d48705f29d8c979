/**
 * /api/assessment — 四培五考 for grid workers (issue #16 item 4, seed 004):
 *   GET    /settings                    the township's weights (township admin)
 *   PUT    /settings                    {weights, overdueDeduction}: weights add up to 100 (township admin)
 *   GET    /training[?userId=]          四培 records: every worker's or one's (township admin); a grid worker: their own
 *   POST   /training                    {userId, kind, date, topic, hours, trainer?, note?} (township admin)
 *   DELETE /training/:id                withdraws a mistaken record (township admin)
 *   PUT    /ratings/:period/:userId     {score}: 民主测评 of a worker for a period (township admin)
 *   GET    /township?period=[&format=xlsx] the ranking: the submitted one for a closed period, else today's (township admin);
 *                                       as xlsx, the 考核表 to file or send upward (server/assessment/assessmentWorkbook.ts)
 *   GET    /township/history            the closed periods (township admin)
 *   POST   /snapshots {period}          closes a period: its ranking is kept with its hash; 409 if already closed
 *   GET    /mine?period=                a grid worker's own score and what it is made of, and their training
 * Training records are entered by the township admin only: 四培 is the township's 队伍建设 (seed
 * 004 「建隊伍」), and a village's 帮带 is reported to it. The township's answers carry the workers'
 * own names and nothing else personal; nothing here writes a name to the logs or the audit log.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import * as z from 'zod'
import { periodQuerySchema, ratingInputSchema, townshipAssessmentQuerySchema, trainingInputSchema, type MyAssessment, type TownshipAssessment, type TrainingRecord } from '../../shared/api/assessment.js'
import { round1 } from '../../shared/assessment/score.js'
import { assessmentSettingsSchema, assessmentTitle } from '../../shared/assessment/weights.js'
import { canonicalJson } from '../../shared/canonicalJson.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { newId } from '../../shared/ids.js'
import { parseReportPeriod, PERIOD_FORMAT_MESSAGE, reportPeriodLabel } from '../../shared/reports/reportPeriod.js'
import { assessmentRanking, rankingDifferences, readSettings } from '../assessment/ranking.js'
import { gridWorkers } from '../assessment/gridWorkers.js'
import { assessmentSnapshotRow, readAssessmentSnapshot } from '../assessment/snapshots.js'
import { recordAudit } from '../audit.js'
import { officeFile } from '../http/officeFile.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import type { TrainingRow } from '../storage/assessment.js'

const snapshotRequestSchema = z.object({ period: z.string({ error: '请给出考核期（period）' }) })

export function assessmentRoutes({ store, relay, log }: Services) {
  const { accounts, assessment, townshipSettings } = store
  const scope = { accounts, assessment, relay, townshipSettings }

  async function requireWorker(userId: string): Promise<void> {
    if (!(await gridWorkers(accounts)).some((w) => w.userId === userId)) throw new ApiException(404, { error: '没有这个网格员（只有在某村担任网格员的账户才参加考核）' })
  }

  async function township(period: ReturnType<typeof parsePeriod>): Promise<TownshipAssessment> {
    const current = await assessmentRanking(scope, period, shanghaiDate())
    const row = await assessment.getSnapshot(period.key)
    if (!row) return { generatedAt: new Date().toISOString(), ranking: current, current, submitted: null, differences: [] }
    const { ranking, submitted } = readAssessmentSnapshot(row)
    return { generatedAt: new Date().toISOString(), ranking, current, submitted, differences: rankingDifferences(ranking.entries, current.entries) }
  }

  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .get('/settings', townshipOnly, async (c) => {
      const row = await assessment.getSettings()
      return c.json({ settings: await readSettings(assessment), updatedAt: row?.updatedAt ?? null })
    })
    .put('/settings', townshipOnly, async (c) => {
      const settings = await parseBody(c, assessmentSettingsSchema)
      const at = new Date().toISOString()
      await assessment.setSettings({ settings: canonicalJson(settings), updatedAt: at, updatedBy: c.get('user').id })
      recordAudit(accounts, log, c.get('user').id, 'assessment.settings', 'assessment/settings', '修改考核权重')
      return c.json({ settings, updatedAt: at })
    })
    .get('/training', async (c) => {
      const user = c.get('user')
      const asked = c.req.query('userId')
      if (user.role !== 'township_admin' && asked !== undefined && asked !== user.id) throw new ApiException(403, { error: '只能查看本人的培训记录' })
      const userId = user.role === 'township_admin' ? asked : user.id
      return c.json({ records: (await assessment.listTraining(userId)).map(trainingRecord) })
    })
    .post('/training', townshipOnly, async (c) => {
      const input = await parseBody(c, trainingInputSchema)
      if (input.date > shanghaiDate()) throw new ApiException(400, { error: '培训日期不能晚于今天', field: 'date' })
      await requireWorker(input.userId)
      const row: TrainingRow = { id: newId(), ...input, createdAt: new Date().toISOString(), createdBy: c.get('user').id, removedAt: null, removedBy: null }
      await assessment.addTraining(row)
      recordAudit(accounts, log, c.get('user').id, 'assessment.training', `assessment/training/${row.id}`, `登记${row.kind} ${row.date}`)
      return c.json(trainingRecord(row), 201)
    })
    .delete('/training/:id', townshipOnly, async (c) => {
      const id = c.req.param('id')
      if (!(await assessment.removeTraining(id, new Date().toISOString(), c.get('user').id))) throw new ApiException(404, { error: '没有这条培训记录' })
      recordAudit(accounts, log, c.get('user').id, 'assessment.training', `assessment/training/${id}`, '撤回培训记录')
      return c.json({ ok: true })
    })
    .put('/ratings/:period/:userId', townshipOnly, async (c) => {
      const period = parsePeriod(c.req.param('period'))
      const { score } = await parseBody(c, ratingInputSchema)
      const userId = c.req.param('userId')
      await requireWorker(userId)
      await assessment.setRating({ userId, period: period.key, score, enteredAt: new Date().toISOString(), enteredBy: c.get('user').id })
      recordAudit(accounts, log, c.get('user').id, 'assessment.rating', `assessment/ratings/${period.key}/${userId}`, `录入民主测评 ${period.key}`)
      return c.json({ userId, period: period.key, score })
    })
    .get('/township/history', townshipOnly, async (c) => {
      const periods = (await assessment.listSnapshots()).map((row) => {
        const { ranking, submitted } = readAssessmentSnapshot(row)
        const totals = ranking.entries.flatMap((e) => (e.total === null ? [] : [e.total]))
        const average = totals.length === 0 ? null : round1(totals.reduce((a, b) => a + b, 0) / totals.length)
        return { period: row.period, submittedAt: submitted.submittedAt, hash: submitted.hash, workers: ranking.entries.length, average }
      })
      return c.json({ periods })
    })
    .get('/township', townshipOnly, async (c) => {
      const { period, format } = parseQuery(c, townshipAssessmentQuerySchema)
      const answer = await township(period)
      if (format !== 'xlsx') return c.json(answer)
      // exceljs is loaded on the first workbook asked for, not at start.
      const { assessmentWorkbook } = await import('../assessment/assessmentWorkbook.js')
      const label = reportPeriodLabel(period)
      return officeFile(c, await assessmentWorkbook(answer, label), assessmentTitle(label), 'xlsx', `assessment-${period.key}.xlsx`)
    })
    .post('/snapshots', townshipOnly, async (c) => {
      const period = parsePeriod((await parseBody(c, snapshotRequestSchema)).period)
      if (period.end >= shanghaiDate()) throw new ApiException(400, { error: '考核期还没有结束，结束后才能定稿' })
      const ranking = await assessmentRanking(scope, period, shanghaiDate())
      const row = assessmentSnapshotRow(ranking, c.get('user').id, new Date().toISOString())
      if (!(await assessment.submitSnapshot(row))) throw new ApiException(409, { error: '这一期的考核已经定稿，定稿后的分数不再改写；台账后来的变化会显示为差异' })
      recordAudit(accounts, log, c.get('user').id, 'assessment.submit', `assessment/${period.key}`, `考核定稿 ${period.key}`)
      return c.json(await township(period), 201)
    })
    .get('/mine', async (c) => {
      const user = c.get('user')
      const { period } = parseQuery(c, periodQuerySchema)
      const current = await assessmentRanking(scope, period, shanghaiDate(), user.id)
      const own = current.entries[0]
      if (!own) throw new ApiException(403, { error: '只有网格员有本人的考核' })
      const row = await assessment.getSnapshot(period.key)
      const stored = row ? readAssessmentSnapshot(row) : null
      const entry = stored?.ranking.entries.find((e) => e.userId === user.id) ?? null
      const base = stored && entry ? stored.ranking : current
      const answer: MyAssessment = {
        generatedAt: new Date().toISOString(),
        period: period.key,
        start: base.start,
        end: base.end,
        asOf: base.asOf,
        settings: base.settings,
        entry: entry ?? own,
        current: own,
        submitted: stored && entry ? stored.submitted : null,
        differences: entry ? rankingDifferences([entry], [own]) : [],
        training: (await assessment.listTraining(user.id)).filter((t) => t.date >= period.start && t.date <= period.end).map(trainingRecord),
      }
      return c.json(answer)
    })
}

function parsePeriod(key: string) {
  const period = parseReportPeriod(key)
  if (!period) throw new ApiException(400, { error: PERIOD_FORMAT_MESSAGE })
  return period
}

function trainingRecord(row: TrainingRow): TrainingRecord {
  return { id: row.id, userId: row.userId, kind: row.kind, date: row.date, topic: row.topic, hours: row.hours, trainer: row.trainer, note: row.note, createdAt: row.createdAt }
}

/** The township's assessment is the township admin's: anyone else gets a 403 before the request is read. */
const townshipOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user').role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以办理四培五考' })
  await next()
}
