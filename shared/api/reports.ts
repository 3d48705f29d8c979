/**
 * /api/reports (server/routes/reports.ts): the township report of every village's figures for one
 * period, in the shape other systems read (issue #16 item 3). Counts only; `rate` is 化解率 =
 * resolved ÷ received, null when nothing was received.
 */
import { z } from 'zod'
import { reportPeriodSchema } from '../reports/reportPeriod.js'

export const townshipReportQuerySchema = z.object({
  period: reportPeriodSchema,
  format: z.enum(['json', 'xlsx'], { message: '格式只能是 json 或 xlsx' }).optional(),
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
