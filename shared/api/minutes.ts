/**
 * Minutes versions API (server/routes/minutes.ts), under /api/minutes/<villageId>/<meetingId>:
 *
 *   POST confirm     {hash}  an attendee confirms the content with this hash (append-only fact)
 *   POST finalise    {hash}  stores a server-stamped immutable version (定稿) of the relay's copy
 *   POST checkpoint  {}      stores a history version if the content changed since the last one
 *   GET  versions            every stored version, newest first, without content
 *   GET  versions/<n>        one version with its content
 *
 * `hash` is what the client sees (shared/minutes/canonical.ts); the server refuses with 409 when
 * its own copy differs, so nobody confirms or finalises text the relay does not hold.
 */
import * as z from 'zod'

export const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, '内容摘要格式不对')

export const hashRequestSchema = z.object({ hash: hashSchema })
export type HashRequest = z.infer<typeof hashRequestSchema>

export const VERSION_KINDS = ['final', 'checkpoint'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]
export const VERSION_KIND_LABELS: Record<VersionKind, string> = { final: '定稿', checkpoint: '修改记录' }

export const confirmationSchema = z.object({ userId: z.string(), name: z.string(), hash: z.string(), at: z.string() })
export type Confirmation = z.infer<typeof confirmationSchema>

export const versionSummarySchema = z.object({
  version: z.number().int().positive(),
  kind: z.enum(VERSION_KINDS),
  hash: z.string(),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  /** Who pushed changes to this doc since the previous version (from the audit log). */
  editors: z.array(z.string()),
  confirmations: z.array(confirmationSchema),
})
export type VersionSummary = z.infer<typeof versionSummarySchema>

export const versionListSchema = z.object({ versions: z.array(versionSummarySchema) })
export const versionDetailSchema = versionSummarySchema.extend({ content: z.string() })
export type VersionDetail = z.infer<typeof versionDetailSchema>

export const confirmResponseSchema = z.object({ confirmations: z.array(confirmationSchema) })
export const checkpointResponseSchema = z.object({ version: versionSummarySchema.nullable() })

export const MINUTES_STALE_MESSAGE = '还有未同步的修改，请联网同步后再定稿'
export const CONFIRM_STALE_MESSAGE = '还有未同步的修改，请联网同步后再确认'
