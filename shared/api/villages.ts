/** Request and response shapes of /api/villages. */
import * as z from 'zod'

export const createVillageRequestSchema = z.object({
  name: z.string().trim().min(1, '请输入村名').max(64, '村名最多 64 个字'),
})
export type CreateVillageRequest = z.infer<typeof createVillageRequestSchema>

export const villageSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  docs: z.object({ meta: z.string(), decisions: z.string() }),
})
export type Village = z.infer<typeof villageSchema>

export const villageListSchema = z.object({ villages: z.array(villageSchema) })

/** Every API error body: a message for people and, for 400s, the field that is wrong. */
export const apiErrorSchema = z.object({
  error: z.string(),
  field: z.string().optional(),
  /** Set on a 429 when the account itself is locked (a township admin can unlock it). */
  locked: z.boolean().optional(),
})
export type ApiError = z.infer<typeof apiErrorSchema>

/**
 * The village's member roster (GET /api/villages/:id/members): who may be named 包案领导, 整改责任人,
 * mediator or 责任人, and who has left (a reporter no longer listed may have their check done by
 * another). Ids, names and roles only: no phones ever reach a device through it.
 */
export const villageMemberSchema = z.object({ id: z.string(), name: z.string(), role: z.string() })
export type VillageMember = z.infer<typeof villageMemberSchema>
export const villageMembersSchema = z.object({ members: z.array(villageMemberSchema) })
