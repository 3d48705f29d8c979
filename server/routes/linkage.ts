/**
 * /api/linkage — the village side of 联网联户 that needs the server (issue #17 items 5, 6, 8):
 *   POST /:villageId/codes     issue a 联系卡 code (card or one-time rating code); shown once
 *   GET  /:villageId/codes     which codes were issued, used or revoked (never the codes)
 *   GET  /:villageId/report    the village's 半年书面报告, from the records
 *   GET  /township/report      the township's 半年书面报告 of its linked cadres (township admin)
 *   GET  /township/overview    every village's coverage and overdue members, counts only (township admin)
 * Village routes are for the village's cadres and the township admin (who may write its meta doc);
 * a linked cadre may not issue codes for the households that rate them.
 */
import { Hono, type Context } from 'hono'
import { reportQuerySchema, type ReportResponse, type TownshipOverview } from '../../shared/api/linkage.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { idSchema } from '../../shared/ids.js'
import { issueCodeRequestSchema } from '../../shared/linkage/cardCodes.js'
import { halfYearFigures, halfYearReportText, type ReportMember } from '../../shared/linkage/halfYearReport.js'
import { townshipVillageRow } from '../../shared/linkage/overview.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import { CodeError, issueCardCode } from '../linkage/codes.js'
import { readVillageOverview, villageMembers } from '../linkage/villageLinkage.js'
import type { VillageRow } from '../storage/types.js'

export function linkageRoutes({ store, relay, log }: Services) {
  const { accounts, docs } = store

  async function cadreVillage(c: Context<AppEnv>): Promise<VillageRow> {
    const id = idSchema.safeParse(c.req.param('villageId'))
    const village = id.success ? await accounts.findVillage(id.data) : null
    if (!village) throw new ApiException(404, { error: '没有这个村庄' })
    const user = c.get('user')
    const member = user.role === 'township_admin' ? null : await accounts.membership(user.id, village.id)
    if (user.role !== 'township_admin' && member?.role !== 'village_cadre') throw new ApiException(403, { error: '只有村两委成员和乡镇管理员可以办理' })
    return village
  }

  function report(unit: string, members: readonly ReportMember[], date: string): ReportResponse {
    const figures = halfYearFigures(members, date)
    const text = halfYearReportText(unit, figures)
    return { title: text.split('\n')[0] ?? unit, text, start: figures.start, end: figures.end }
  }

  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .get('/township/report', async (c) => {
      if (c.get('user').role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以查看全镇报告' })
      const date = parseQuery(c, reportQuerySchema).date ?? shanghaiDate()
      // The township's linked cadres (镇机关干部), wherever their households are.
      const members: ReportMember[] = []
      for (const v of await accounts.listVillages()) members.push(...(await villageMembers(docs, relay, v.id)).filter((m) => m.linkage.memberType === '镇机关干部'))
      return c.json(report('本镇机关干部', members, date))
    })
    .get('/township/overview', async (c) => {
      if (c.get('user').role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以查看全镇情况' })
      const today = shanghaiDate()
      const villages: TownshipOverview['villages'] = []
      for (const v of await accounts.listVillages()) villages.push(townshipVillageRow(v.id, v.name, await readVillageOverview(docs, relay, v.id, today)))
      villages.sort((a, b) => a.villageName.localeCompare(b.villageName, 'zh-CN'))
      return c.json({ villages } satisfies TownshipOverview)
    })
    .get('/:villageId/report', async (c) => {
      const village = await cadreVillage(c)
      const date = parseQuery(c, reportQuerySchema).date ?? shanghaiDate()
      return c.json(report(village.name, await villageMembers(docs, relay, village.id), date))
    })
    .get('/:villageId/codes', async (c) => {
      const village = await cadreVillage(c)
      const rows = await store.linkageCodes.list(village.id)
      return c.json({ codes: rows.map((r) => ({ kind: r.kind, memberId: r.memberId, householdId: r.householdId, period: r.period, issuedAt: r.issuedAt, usedAt: r.usedAt, revokedAt: r.revokedAt })) })
    })
    .post('/:villageId/codes', async (c) => {
      const village = await cadreVillage(c)
      const body = await parseBody(c, issueCodeRequestSchema)
      const user = c.get('user')
      try {
        const issued = await issueCardCode(relay, store.linkageCodes, village.id, body, user.id)
        const what = body.kind === 'card' ? '联系卡编码' : `评议码（${body.period}）`
        recordAudit(accounts, log, user.id, 'linkage.code', `${village.id}/linkage/${body.memberId}`, what, { villageId: village.id })
        return c.json(issued)
      } catch (err) {
        if (err instanceof CodeError) throw new ApiException(err.status, { error: err.message })
        throw err
      }
    })
}
