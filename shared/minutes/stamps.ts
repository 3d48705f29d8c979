/**
 * The server's stamps on a meeting doc: append-only facts (shared/facts.ts) the relay writes
 * when it stores a finalised version or a confirmation, a mirror of its version table
 * (server/storage/minutesVersions*.ts), which is the authority. Devices read them back through
 * these schemas, as any fact another peer wrote.
 */
import * as z from 'zod'

export const finalStampSchema = z.object({ version: z.number().int().positive(), hash: z.string(), at: z.string(), by: z.string(), byName: z.string() })
export const confirmStampSchema = z.object({ userId: z.string(), name: z.string(), hash: z.string(), at: z.string() })
export type FinalStamp = z.infer<typeof finalStampSchema>
export type ConfirmStamp = z.infer<typeof confirmStampSchema>
