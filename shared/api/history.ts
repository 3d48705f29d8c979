/**
 * Doc history API (server/routes/history.ts):
 *   GET  /api/history/<docName>?since=<ISO>&until=<ISO>  → { entries: HistoryEntry[] }, oldest first
 *   GET  /api/history/<docName>?record=<root>:<key>      → { record, entries: RecordHistoryEntry[] }: one
 *        record's changes, field by field (old → new), oldest first
 *   GET  /api/history/<docName>?asOf=<ISO>               → { at, update }: the doc as it was then, as a
 *        Yjs update (base64), for a read-only view
 *   GET  /api/history/<docName>?authors=1                → { authors }: which user each Yjs client id's
 *        changes came from (who wrote which paragraph of the minutes)
 *   POST /api/history/<docName>/restore  { at: <ISO> }   → the doc becomes what it was at `at`
 *   POST /api/history/<docName>/restore  { at, record }  → only that record becomes what it was at `at`
 *   GET  /api/history/<villageId>/flags                  → { flags: MassChangeFlag[] }, newest first
 * <docName> is written as in the websocket path, slashes not encoded.
 */
import * as z from 'zod'

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), '时间格式有误，应为 ISO 时间，例如 2026-11-30T08:00:00Z')
  .transform((s) => new Date(s).toISOString())

/** A record of a doc: the root map and its key, as `<root>:<key>` (e.g. `household:abc123`). */
export const recordRefSchema = z.string().regex(/^[^:\s]{1,64}:[^\s]{1,128}$/, '记录的写法应为 类别:编号')

export const historyQuerySchema = z.object({ since: isoTime.optional(), until: isoTime.optional(), record: recordRefSchema.optional(), asOf: isoTime.optional(), authors: z.literal('1').optional() })

export const historyEntrySchema = z.object({
  at: z.string(),
  userId: z.string(),
  userName: z.string(),
  offline: z.boolean(),
  records: z.number().int(),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>

export const historyResponseSchema = z.object({ entries: z.array(historyEntrySchema) })

/** One field of a record before and after a change; an array element is `<field>[<index>]`. */
export const fieldChangeSchema = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })
export type FieldChange = z.infer<typeof fieldChangeSchema>

export const recordHistoryEntrySchema = historyEntrySchema.extend({
  /** The device's own time of an offline edit, when the device said it. */
  deviceAt: z.string().nullable(),
  changes: z.array(fieldChangeSchema),
})
export type RecordHistoryEntry = z.infer<typeof recordHistoryEntrySchema>
export const recordHistoryResponseSchema = z.object({ record: z.string(), entries: z.array(recordHistoryEntrySchema) })

export const docAsOfResponseSchema = z.object({ at: z.string(), update: z.string() })

export const docAuthorsResponseSchema = z.object({
  authors: z.array(z.object({ clientId: z.number().int(), userId: z.string(), userName: z.string() })),
})

export const restoreRequestSchema = z.object({ at: isoTime, record: recordRefSchema.optional() })
export const restoreResponseSchema = z.object({ restored: z.boolean(), at: z.string() })

export const massChangeFlagSchema = z.object({
  at: z.string(),
  docName: z.string(),
  userId: z.string().nullable(),
  userName: z.string(),
  detail: z.string(),
})
export const massChangeFlagsSchema = z.object({ flags: z.array(massChangeFlagSchema) })

/** The user id and name shown for changes made by the relay itself (content before history began). */
export const SYSTEM_USER = { id: 'system', name: '系统' } as const
