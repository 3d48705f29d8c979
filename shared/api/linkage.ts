/**
 * /api/linkage (server/routes/linkage.ts): the half-year written report (半年书面报告) of a village
 * and of the township, and the township's coverage and due/overdue overview (counts only).
 */
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'

export const reportQuerySchema = z.object({ date: civilDateSchema('请选择统计期内的日期').optional() })

export const reportResponseSchema = z.object({ title: z.string(), text: z.string(), start: z.string(), end: z.string() })
export type ReportResponse = z.infer<typeof reportResponseSchema>

const counts = z.object({ 一老: z.string(), 一少: z.string(), 一困: z.string() })

export const townshipOverviewSchema = z.object({
  villages: z.array(
    z.object({
      villageId: z.string(),
      villageName: z.string(),
      households: z.number(),
      linkedHouseholds: z.number(),
      unlinkedPeople: counts,
      members: z.number(),
      membersOverdue: z.number(),
      overdueMembers: z.array(z.string()),
    }),
  ),
})
export type TownshipOverview = z.infer<typeof townshipOverviewSchema>
