/**
 * /api/reports (server/routes/reports.ts): the township report of every village's figures for one
 * period, in the shape other systems read (issue #16 item 3). Counts only; `rate` is 化解率 =
 * resolved ÷ received, null when nothing was received.
 */
import * as z from 'zod'
import { campaignSchema } from '../liulian/campaign.js'
import { reportPeriodSchema } from '../reports/reportPeriod.js'

export const townshipReportQuerySchema = z.object({
  period: reportPeriodSchema,
  format: z.enum(['json', 'xlsx', 'docx'], { message: '格式只能是 json、xlsx 或 docx' }).optional(),
})

const count = z.number().int().nonnegative()

export const reportFiguresSchema = z.object({
  incidents: z.object({ reported: count, closed: count, closedOnTime: count, overdue: count, escalated: count }).strict(),
  disputes: z.object({ received: count, resolved: count, rate: z.number().min(0).max(1).nullable(), backlog: count }).strict(),
  hazards: z.object({ open: count, overdue: count }).strict(),
  visits: z.object({ due: count, done: count }).strict(),
})

export const townshipReportSchema = z
  .object({
    period: z.string(),
    villages: z.array(reportFiguresSchema.extend({ villageId: z.string(), name: z.string() }).strict()),
    totals: reportFiguresSchema.strict(),
  })
  .strict()
export type TownshipReport = z.infer<typeof townshipReportSchema>

const ids = z.array(z.string())

export const figureRecordsSchema = z.object({
  incidents: z.object({ reported: ids, closed: ids, closedOnTime: ids, overdue: ids, escalated: ids }),
  disputes: z.object({ received: ids, resolved: ids, backlog: ids }),
  hazards: z.object({ open: ids, overdue: ids }),
  visits: z.object({ due: ids, done: ids }),
  visitsDueByRule: z.array(z.object({ ruleId: z.string(), label: z.string(), householdIds: ids })),
})

export const liulianFiguresSchema = z.object({ groups: count, households: count, dutyMonthsDue: count, dutyMonthsDone: count, findingsRaised: count, findingsClosed: count })

/**
 * A village's 巡查 in the period (shared/ledger/patrol.ts patrolFigures, summed over its grids),
 * counts only. The 网格清扫 three are absent from a snapshot submitted before they were counted.
 */
export const patrolFiguresSchema = z
  .object({ patrols: count, gridDays: count, gridDaysDue: count, findings: count, raised: count, handled: count, cleaningDaysDue: count.optional(), cleaningDays: count.optional(), cleaningDaysOnTime: count.optional() })
  .strict()
export const patrolRowSchema = z.object({ villageId: z.string(), name: z.string(), figures: patrolFiguresSchema }).strict()
export type PatrolRow = z.infer<typeof patrolRowSchema>

/** A village's 人居环境检查 in the period (shared/ledger/environment.ts environmentFigures, summed over its grids), counts only. */
export const environmentFiguresSchema = z.object({ checks: count, households: count, passed: count, failed: count, rectified: count, overdue: count, fiveBeauty: count }).strict()
export const environmentRowSchema = z.object({ villageId: z.string(), name: z.string(), figures: environmentFiguresSchema }).strict()
export type EnvironmentRow = z.infer<typeof environmentRowSchema>

/**
 * A village's 公益设施 in the period (shared/ledger/facilities.ts facilityFigures, summed over its
 * grids): counts and 元 only. `inspectionsDue` / `inspectionsMissed` (定期检查) are absent from a
 * snapshot submitted before they were counted.
 */
export const facilityFiguresSchema = z.object({ facilities: count, inspections: count, upkeeps: count, upkeepCost: z.number().nonnegative(), inspectionsDue: count.optional(), inspectionsMissed: count.optional() }).strict()
export const facilityRowSchema = z.object({ villageId: z.string(), name: z.string(), figures: facilityFiguresSchema }).strict()
export type FacilityRow = z.infer<typeof facilityRowSchema>

/**
 * The township dashboard (GET /api/reports/township/dashboard): each village and each of its grids
 * with the figures and the ids of the records behind each (ids only: the records themselves stay
 * in the village ledger, opened by whoever may open them). The device keeps the last answer per
 * period, so the dashboard shows offline.
 */
export const townshipDashboardSchema = z.object({
  period: z.string(),
  start: z.string(),
  end: z.string(),
  asOf: z.string(),
  generatedAt: z.string(),
  villages: z.array(
    z.object({
      villageId: z.string(),
      name: z.string(),
      figures: reportFiguresSchema,
      grids: z.array(z.object({ gridId: z.string(), name: z.string(), figures: reportFiguresSchema, records: figureRecordsSchema })),
      /** 六联 figures for the period (shared/liulian/figures.ts periodFigures), counts only; absent in answers kept from before they existed. */
      liulian: liulianFiguresSchema.optional(),
      /** 巡查 and 人居环境检查 figures for the period, summed over the village's grids, counts only; absent in answers kept from before they were added. */
      patrols: patrolFiguresSchema.optional(),
      environment: environmentFiguresSchema.optional(),
      facilities: facilityFiguresSchema.optional(),
    }),
  ),
  totals: reportFiguresSchema,
})
export type TownshipDashboard = z.infer<typeof townshipDashboardSchema>

export const dashboardQuerySchema = z.object({ period: reportPeriodSchema })

/**
 * A report as a document (GET /api/reports/sheet/:scope, and the .xlsx / .docx / A4 print of it):
 * the figures of the period, its parts side by side (a 季报's three months, a 半年报's six, a
 * 年报's four quarters; none for a 月报) and the 六联 figures. A submitted period reads its stored
 * figures (they never move); an open one reads the ledger now. Counts only.
 */
export const sheetPartSchema = z.object({ key: z.string(), label: z.string(), start: z.string(), end: z.string(), figures: reportFiguresSchema.nullable() }).strict()
export type SheetPart = z.infer<typeof sheetPartSchema>

export const liulianRowSchema = z.object({ villageId: z.string(), name: z.string(), figures: liulianFiguresSchema.strict() }).strict()
export type LiulianRow = z.infer<typeof liulianRowSchema>


/** What a submitted report stores (and hashes): the township report plus its parts, 六联, 巡查, 人居环境 and 公益设施 figures (each absent in reports submitted before it existed). */
export const sheetFiguresSchema = townshipReportSchema
  .extend({
    parts: z.array(sheetPartSchema).optional(),
    liulian: z.array(liulianRowSchema).optional(),
    patrols: z.array(patrolRowSchema).optional(),
    environment: z.array(environmentRowSchema).optional(),
    facilities: z.array(facilityRowSchema).optional(),
  })
  .strict()
export type SheetFigures = z.infer<typeof sheetFiguresSchema>

export const reportSheetSchema = z.object({
  /** 'township' or the village's id. */
  scope: z.string(),
  unit: z.string(),
  title: z.string(),
  period: z.string(),
  kind: z.enum(['month', 'quarter', 'half', 'year']),
  start: z.string(),
  end: z.string(),
  asOf: z.string(),
  /** 填报日期: the day of submission, or today for a report not submitted. */
  filledOn: z.string(),
  submitted: z.object({ submittedAt: z.string(), hash: z.string(), intact: z.boolean() }).nullable(),
  figures: sheetFiguresSchema,
})
export type ReportSheet = z.infer<typeof reportSheetSchema>

export const sheetQuerySchema = z.object({
  period: reportPeriodSchema,
  format: z.enum(['json', 'xlsx', 'docx'], { message: '格式只能是 json、xlsx 或 docx' }).optional(),
})

/**
 * Submitted reports (POST/GET /api/reports/snapshots): a township's or a village's report for one
 * period, kept as submitted with the SHA-256 of its canonical JSON; `differences` lists every
 * figure the ledger now gives differently (the submitted figures are never rewritten).
 */
export const TOWNSHIP_SCOPE = 'township'

export const snapshotRequestSchema = z.object({
  scope: z.string({ error: '请说明是全镇还是哪个村的报表' }).min(1, '请说明是全镇还是哪个村的报表').max(64),
  period: reportPeriodSchema,
})

export const figureDifferenceSchema = z.object({
  /** The village's id, or null for the totals. */
  villageId: z.string().nullable(),
  name: z.string(),
  figure: z.string(),
  submitted: z.number().nullable(),
  current: z.number().nullable(),
})
export type FigureDifference = z.infer<typeof figureDifferenceSchema>

export const snapshotSchema = z.object({
  scope: z.string(),
  /** Who files it (填报单位): the township's or the village's name. */
  unit: z.string(),
  period: z.string(),
  submittedAt: z.string(),
  hash: z.string(),
  /** The stored figures still hash to the stored hash. */
  intact: z.boolean(),
  report: townshipReportSchema,
  current: townshipReportSchema,
  differences: z.array(figureDifferenceSchema),
  /** The submitted parts, 六联, 巡查, 人居环境 and 公益设施 figures (each absent when submitted before it was kept). */
  parts: z.array(sheetPartSchema).optional(),
  liulian: z.array(liulianRowSchema).optional(),
  patrols: z.array(patrolRowSchema).optional(),
  environment: z.array(environmentRowSchema).optional(),
  facilities: z.array(facilityRowSchema).optional(),
})
export type Snapshot = z.infer<typeof snapshotSchema>

export const snapshotListSchema = z.object({ snapshots: z.array(z.object({ period: z.string(), submittedAt: z.string(), hash: z.string() })) })


/**
 * The 工作推进台账 across villages (GET /api/reports/campaigns/progress?year=2026, township admin):
 * each campaign (六联 built in, then those the township defined) with every village's tasks,
 * when each was done, and which are overdue; villages with overdue tasks first. A task whose 时限
 * passed before the village started on Cunwu or before the township set it is not `counted`:
 * never overdue, and in `total` only if done.
 */
export const campaignProgressQuerySchema = z.object({ year: z.string({ error: '请给出年份（year），如 2026' }).regex(/^\d{4}$/, '年份格式不对，应为 2026 这样的四位数') })

/** PUT /api/reports/campaigns/:key?rev=N: the revision the edit was made from (another admin's edit in between is a 409). */
export const campaignEditQuerySchema = z.object({ rev: z.coerce.number({ error: '缺少活动的版本号（rev）' }).int().min(1, '活动的版本号（rev）不对') })

export const campaignProgressSchema = z.object({
  year: z.string(),
  today: z.string(),
  campaigns: z.array(
    z.object({
      campaign: campaignSchema,
      villages: z.array(
        z.object({
          villageId: z.string(),
          villageName: z.string(),
          done: count,
          total: count,
          overdue: count,
          rows: z.array(z.object({ task: z.string(), due: z.string(), done: z.string().nullable(), overdue: z.boolean(), counted: z.boolean().default(true) })),
        }),
      ),
    }),
  ),
})
export type CampaignProgress = z.infer<typeof campaignProgressSchema>
