/**
 * /api/attachments — photos, scans and PDFs linked from docs (issue #19; storage rules in
 * storage/attachments.ts). Every request names the doc that links the file (`?doc=`), and the
 * relay decides by that doc's access (http/requireDocAccess.ts, shared/access.ts):
 *
 *   POST /api/attachments/:villageId/:sha256?doc=<doc>      {size, type}   write access
 *        declares the file (or finds it: the same bytes are stored once per village) and records
 *        that the doc links it; refuses a file over ATTACHMENT_MAX_BYTES (413) and a new file
 *        that would take the village past ATTACHMENT_VILLAGE_QUOTA_BYTES (507), in Chinese.
 *        Answers {received, size, complete}: the upload resumes from `received`.
 *        A doc that does not link a file the village already holds must send `proof`
 *        (possessionPrefix in shared/api/attachments.ts): checked at once if the file is complete
 *        (403 if missing or wrong), else kept pending and checked when the upload completes; a
 *        pending link may send chunks but opens nothing until then.
 *   PUT  /api/attachments/:villageId/:sha256?doc=<doc>&pos=<n>   raw bytes   write access
 *        one chunk (≤ 1 MiB) at byte `pos`, which must equal `received` (else 409 with the
 *        `received` to resume from). The last chunk completes the file: the relay hashes what it
 *        received and keeps it only if the SHA-256 equals the name (else 422, upload again).
 *   GET  /api/attachments/:villageId/:sha256?doc=<doc>[&name=<file name>]   read access
 *        the file, if the doc links it (404 otherwise). Only JPEG, PNG, WebP, GIF and PDF are
 *        shown inline; every other type (SVG, HTML, …) is sent as application/octet-stream with
 *        Content-Disposition: attachment. Always X-Content-Type-Options: nosniff and a CSP that
 *        runs nothing.
 *   GET  /api/attachments/usage     bytes and files per village (township admin: every village;
 *        anyone else: their own villages) — the township dashboard's storage figure.
 */
import { createHash } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ATTACHMENT_CHUNK_MAX, INLINE_TYPES, declareAttachmentSchema, formatFileSize, possessionPrefix, sha256Schema } from '../../shared/api/attachments.js'
import { parseDocName, type DocRef } from '../../shared/docNames.js'
import type { Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { requireUser } from '../http/requireUser.js'
import type { AttachmentStore } from '../storage/attachments.js'

export const ATTACHMENT_ERRORS = {
  badHash: '文件标识（SHA-256）格式不对',
  unknown: '没有这个附件',
  unfinished: '附件还没有上传完成',
  badPos: '上传位置不对，请从已收到的位置继续',
  mismatch: '文件校验失败（内容与 SHA-256 不符），请重新上传',
  tooLargeChunk: `每次最多上传 ${formatFileSize(ATTACHMENT_CHUNK_MAX)}`,
  proofMissing: '本村已保存过这个文件；关联到这条记录需要证明本机持有这个文件（请更新应用后重试）',
  proofWrong: '持有证明不符：本机的文件与已保存的不一致，无法关联',
} as const

export function fileTooLarge(size: number, max: number): string {
  return `文件太大：单个附件最大 ${formatFileSize(max)}，这个文件 ${formatFileSize(size)}`
}

export function villageFull(used: number, size: number, quota: number): string {
  return `本村附件存储空间已满：已用 ${formatFileSize(used)}，上限 ${formatFileSize(quota)}，放不下这个 ${formatFileSize(size)} 的文件。请删减附件或联系镇管理员调整上限`
}

export function sha256Hex(chunks: readonly Uint8Array[]): string {
  const h = createHash('sha256')
  for (const c of chunks) h.update(c)
  return h.digest('hex')
}

/** The proof a holder of `bytes` sends for `docName` as `userId` (possessionPrefix). */
export function possessionProof(docName: string, userId: string, bytes: Uint8Array): string {
  return createHash('sha256').update(possessionPrefix(docName, userId)).update(bytes).digest('hex')
}

export function attachmentRoutes({ store, config }: Services) {
  const { accounts, attachments } = store
  const may = (need: 'read' | 'write') => [requireUser(accounts), requireDocAccess(accounts, need, linkingDoc)] as const
  return new Hono<DocEnv>()
    .get('/usage', requireUser(accounts), async (c) => {
      const user = c.get('user')
      const usage = await attachments.usage()
      const villages = user.role === 'township_admin' ? await accounts.listVillages() : await accounts.listMemberships(user.id).then((ms) => ms.map((m) => ({ id: m.villageId, name: m.villageName })))
      return c.json({
        quota: config.attachmentVillageQuotaBytes,
        villages: villages.map((v) => ({ villageId: v.id, name: v.name, files: usage.get(v.id)?.files ?? 0, bytes: usage.get(v.id)?.bytes ?? 0 })),
      })
    })
    .post('/:villageId/:sha256', ...may('write'), async (c) => {
      const { villageId, sha256 } = fileKey(c)
      const request = await parseBody(c, declareAttachmentSchema)
      if (request.size > config.attachmentMaxBytes) throw new ApiException(413, { error: fileTooLarge(request.size, config.attachmentMaxBytes), field: 'size' })
      const docName = c.get('doc').name
      const by = c.get('user').id
      // Proof of possession, for a doc that does not link a file the village already holds.
      let proof: string | null = null
      const existing = await attachments.get(villageId, sha256)
      if (existing && !(await attachments.referenced(villageId, sha256, docName, 'pending-too'))) {
        if (!request.proof) throw new ApiException(403, { error: ATTACHMENT_ERRORS.proofMissing })
        if (existing.complete) {
          const bytes = await attachments.read(villageId, sha256)
          if (!bytes || possessionProof(docName, by, bytes) !== request.proof) throw new ApiException(403, { error: ATTACHMENT_ERRORS.proofWrong })
        } else {
          proof = request.proof
        }
      }
      const outcome = await attachments.declare({ villageId, sha256, size: request.size, type: request.type }, { docName, at: new Date().toISOString(), by, proof }, config.attachmentVillageQuotaBytes)
      if (!outcome.ok) throw new ApiException(507, { error: villageFull(outcome.used, request.size, config.attachmentVillageQuotaBytes) })
      const { row } = outcome
      if (proof !== null && row.complete) {
        // The upload completed between the check and the link: check the proof now.
        await settlePending(attachments, villageId, sha256)
        if (!(await attachments.referenced(villageId, sha256, docName))) throw new ApiException(403, { error: ATTACHMENT_ERRORS.proofWrong })
      }
      return c.json({ received: row.received, size: row.size, complete: row.complete }, outcome.created ? 201 : 200)
    })
    .put(
      '/:villageId/:sha256',
      bodyLimit({ maxSize: ATTACHMENT_CHUNK_MAX, onError: () => { throw new ApiException(413, { error: ATTACHMENT_ERRORS.tooLargeChunk }) } }),
      ...may('write'),
      async (c) => {
        const { villageId, sha256 } = fileKey(c)
        await mustLink(attachments, villageId, sha256, c.get('doc').name, 'pending-too')
        const pos = Number(c.req.query('pos'))
        if (!Number.isSafeInteger(pos) || pos < 0) throw new ApiException(400, { error: ATTACHMENT_ERRORS.badPos, field: 'pos' })
        const data = new Uint8Array(await c.req.arrayBuffer())
        const row = await attachments.get(villageId, sha256)
        if (!row) throw new ApiException(404, { error: ATTACHMENT_ERRORS.unknown })
        if (data.byteLength > 0) {
          const appended = await attachments.appendChunk(villageId, sha256, pos, data)
          if (!appended.ok) return c.json({ error: ATTACHMENT_ERRORS.badPos, received: appended.received, size: row.size, complete: appended.complete }, appended.complete ? 200 : 409)
          if (appended.received < row.size) return c.json({ received: appended.received, size: row.size, complete: false })
        } else if (row.received < row.size || row.complete) {
          return c.json({ received: row.received, size: row.size, complete: row.complete })
        }
        if (!(await attachments.complete(villageId, sha256, sha256Hex))) throw new ApiException(422, { error: ATTACHMENT_ERRORS.mismatch })
        await settlePending(attachments, villageId, sha256)
        return c.json({ received: row.size, size: row.size, complete: true })
      },
    )
    .get('/:villageId/:sha256', ...may('read'), async (c) => {
      const { villageId, sha256 } = fileKey(c)
      await mustLink(attachments, villageId, sha256, c.get('doc').name)
      const row = await attachments.get(villageId, sha256)
      const bytes = await attachments.read(villageId, sha256)
      if (!row || !bytes) throw new ApiException(404, { error: ATTACHMENT_ERRORS.unfinished })
      return fileResponse(bytes, row.type, c.req.query('name') ?? null, sha256, 'private, no-store')
    })
}

/** The file's answer: safe types inline, everything else a download; never sniffed, never run. */
export function fileResponse(bytes: Uint8Array<ArrayBuffer>, type: string, name: string | null, sha256: string, cacheControl: string): Response {
  const inline = INLINE_TYPES.has(type)
  const filename = safeName(name) ?? `${sha256.slice(0, 12)}${extension(type)}`
  return new Response(bytes, {
    headers: {
      'Content-Type': inline ? type : 'application/octet-stream',
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': type === 'application/pdf' ? "script-src 'none'; object-src 'none'" : "default-src 'none'; sandbox",
      'Cache-Control': cacheControl,
      ETag: `"${sha256}"`,
    },
  })
}

function safeName(name: string | null): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = name?.replace(/[\u0000-\u001f\u007f"\\/]/g, '').trim().slice(0, 120)
  return cleaned ? cleaned : null
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_')
}

function extension(type: string): string {
  const known: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'image/gif': '.gif', 'application/pdf': '.pdf' }
  return known[type] ?? ''
}

async function mustLink(attachments: AttachmentStore, villageId: string, sha256: string, docName: string, pending?: 'pending-too'): Promise<void> {
  if (!(await attachments.referenced(villageId, sha256, docName, pending))) throw new ApiException(404, { error: ATTACHMENT_ERRORS.unknown })
}

/** Checks the proofs of links made while the file was uploading, now that its bytes are here. */
async function settlePending(attachments: AttachmentStore, villageId: string, sha256: string): Promise<void> {
  const pending = await attachments.pendingProofs(villageId, sha256)
  if (pending.length === 0) return
  const bytes = await attachments.read(villageId, sha256)
  if (!bytes) return
  for (const p of pending) await attachments.settleProof(villageId, sha256, p.docName, possessionProof(p.docName, p.by, bytes) === p.proof)
}

function fileKey(c: Context): { villageId: string; sha256: string } {
  const sha256 = sha256Schema.safeParse(c.req.param('sha256'))
  if (!sha256.success) throw new ApiException(400, { error: ATTACHMENT_ERRORS.badHash })
  return { villageId: c.req.param('villageId') ?? '', sha256: sha256.data }
}

/** The doc named by `?doc=`, which must be of the village in the path. */
function linkingDoc(c: Context): DocRef | null {
  const ref = parseDocName(c.req.query('doc') ?? '')
  return ref && ref.villageId === c.req.param('villageId') ? ref : null
}
