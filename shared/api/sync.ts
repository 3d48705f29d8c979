/**
 * Background sync over HTTP (one request for many docs). The manifest lists every stored doc the
 * user may open with its server version (the latest stored seq), so a client asks only about the
 * docs that changed or that it has changes for. Binary Yjs data travels as base64.
 */
import * as z from 'zod'

export const MAX_SYNC_DOCS = 200

export const manifestSchema = z.object({
  docs: z.array(z.object({ name: z.string(), version: z.number(), access: z.enum(['read', 'write']) })),
})
export type Manifest = z.infer<typeof manifestSchema>

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, '不是有效的 base64 数据')

export const syncRequestSchema = z.object({
  docs: z
    .array(z.object({ name: z.string().max(200), stateVector: base64, update: base64.optional() }))
    .max(MAX_SYNC_DOCS, `一次最多同步 ${MAX_SYNC_DOCS} 个文档`),
})
export type SyncRequest = z.infer<typeof syncRequestSchema>

export const syncResultSchema = z.union([
  z.object({
    name: z.string(),
    /** What the client lacks, relative to the state vector it sent. */
    update: base64,
    /** Everything covered by this state vector is stored on the server: the durable ack. */
    stateVector: base64,
    readOnly: z.boolean(),
  }),
  z.object({ name: z.string(), error: z.enum(['forbidden', 'unknown', 'malformed']) }),
])
export const syncResponseSchema = z.object({ docs: z.array(syncResultSchema) })
export type SyncResponse = z.infer<typeof syncResponseSchema>

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
