/**
 * Attachments (issue #19): the link a doc keeps to a file, and the shapes of /api/attachments.
 *
 * A doc never holds a file's bytes, only its link: the SHA-256 of the bytes (which names the
 * file on the device and on the relay), the name shown, the media type, the size and, for a
 * photo, when it was taken (read from the camera's EXIF before the metadata was stripped).
 */
import * as z from 'zod'

export const SHA256_PATTERN = /^[0-9a-f]{64}$/
export const sha256Schema = z.string().regex(SHA256_PATTERN, '文件标识（SHA-256）格式不对')

/** Largest chunk one PUT carries; the client sends 256 KiB, a weak link loses at most that. */
export const ATTACHMENT_CHUNK_MAX = 1024 * 1024
export const ATTACHMENT_CHUNK = 256 * 1024

export const attachmentTypeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, '文件类型格式不对')
  .max(100, '文件类型格式不对')

export const attachmentLinkSchema = z.object({
  sha256: sha256Schema,
  name: z.string().trim().min(1).max(200),
  type: attachmentTypeSchema,
  size: z.number().int().positive(),
  /** ISO time the photo was taken (EXIF DateTimeOriginal), when the file said it. */
  takenAt: z.string().nullable().default(null),
  /** ISO time it was attached. */
  addedAt: z.string(),
})
export type AttachmentLink = z.infer<typeof attachmentLinkSchema>

/** POST /api/attachments/:villageId/:sha256?doc=<doc> — declare (or find) the file and link it from the doc. */
export const declareAttachmentSchema = z.object({
  size: z.number({ error: '缺少文件大小' }).int().positive('文件是空的'),
  type: attachmentTypeSchema,
  /** Proof of possession (possessionPrefix); required when the village already holds the file. */
  proof: sha256Schema.optional(),
})
export type DeclareAttachmentRequest = z.infer<typeof declareAttachmentSchema>

/**
 * Proof that a device holds a file's bytes, needed when a doc links a file the village already
 * holds (the same photo on a second record): the SHA-256 of this prefix followed by the bytes.
 * Knowing a file's hash is then not enough to link it to a doc one can read, and so to read it;
 * the prefix binds the proof to the doc and the user, so a proof seen once opens nothing else.
 */
export function possessionPrefix(docName: string, userId: string): string {
  return `cunwu:possession:${docName}:${userId}:`
}

/** The answer of POST and PUT: bytes received so far; complete once verified. */
export const uploadStateSchema = z.object({ received: z.number(), size: z.number(), complete: z.boolean() })
export type UploadState = z.infer<typeof uploadStateSchema>

/** GET /api/attachments/usage — the township dashboard's storage figure per village. */
export const attachmentUsageSchema = z.object({
  quota: z.number(),
  villages: z.array(z.object({ villageId: z.string(), name: z.string(), files: z.number(), bytes: z.number() })),
})
export type AttachmentUsage = z.infer<typeof attachmentUsageSchema>

/** Media types a browser may show inline; everything else (SVG, HTML, …) is only ever downloaded. */
export const INLINE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'])

export function formatFileSize(n: number): string {
  if (n < 1024) return `${n} 字节`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`
}
