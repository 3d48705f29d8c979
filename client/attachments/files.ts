/**
 * Attached files on the device and their way to and from the relay (issue #19).
 *
 * Rules:
 * - a file taken here is stored in the user's IndexedDB at once (sealed with the data key, like
 *   doc updates: AES-GCM, the village and SHA-256 as additional data, so a row moved under
 *   another name fails to open), before the doc links it; nothing waits for the network;
 * - the upload is an outbox act (acts.ts 'attachment.upload'), so it survives reloads and goes
 *   when the device is online: it declares the file for the linking doc, with the proof that it
 *   holds the bytes (the relay asks for it when the village already holds them), then sends 256 KiB
 *   chunks from what the relay says it has (a dropped connection resumes, never restarts), and
 *   records the confirmed bytes on the row (the progress the UI shows);
 * - a device that lacks a file fetches it on demand through the doc that links it, checks the
 *   bytes hash to the name, and keeps them (so a pinned record's files stay offline);
 * - the relay's refusals for good (quota, per-file limit, no write access) come back as
 *   UploadRefused with its Chinese message.
 */
import { ATTACHMENT_CHUNK, possessionPrefix, uploadStateSchema, type UploadState } from '../../shared/api/attachments'
import { apiErrorSchema } from '../../shared/api/villages'
import { ApiError, NETWORK_ERROR, type ApiContext } from '../app/api/http'
import type { FileRow, UserDb } from '../sync/db'
import { own, type DataKey } from '../sync/sealed'
import { sha256Hex, type PreparedFile } from './prepare'

export const fileKey = (villageId: string, sha256: string) => `${villageId}/${sha256}`

export type UploadPayload = { sha256: string; doc: string; type: string; size: number }

/** Where uploads read the files from: the user's db, opened with the data key, and who they are. */
export type FileSource = { db: UserDb; key: DataKey; userId: string }

/** The proof of holding `bytes` for `doc` as `userId` (shared/api/attachments.ts possessionPrefix). */
export async function possessionProof(doc: string, userId: string, bytes: Uint8Array): Promise<string> {
  const prefix = new TextEncoder().encode(possessionPrefix(doc, userId))
  const message = new Uint8Array(prefix.byteLength + bytes.byteLength)
  message.set(prefix)
  message.set(bytes, prefix.byteLength)
  return sha256Hex(message)
}

function additionalData(villageId: string, sha256: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`cunwu:file:${villageId}/${sha256}`)
}

/** Keeps a file on this device (idempotent: the same bytes are one row). */
export async function storeLocalFile(db: UserDb, key: DataKey, villageId: string, file: Pick<PreparedFile, 'sha256' | 'bytes' | 'type' | 'size'>, uploaded = 0): Promise<void> {
  const row: FileRow = { key: fileKey(villageId, file.sha256), villageId, sha256: file.sha256, type: file.type, size: file.size, bytes: file.bytes, uploaded, storedAt: Date.now() }
  if (key) {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
    row.bytes = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(villageId, file.sha256) }, key, own(file.bytes)))
    row.iv = iv
  }
  await db.transaction('rw', db.files, async () => {
    const existing = await db.files.get(row.key)
    if (!existing) await db.files.put(row)
    else if (uploaded > existing.uploaded) await db.files.update(row.key, { uploaded })
  })
}

/** The file's bytes from this device, or null. */
export async function readLocalFile(db: UserDb, key: DataKey, villageId: string, sha256: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const row = await db.files.get(fileKey(villageId, sha256))
  if (!row) return null
  if (!row.iv) return own(row.bytes)
  if (!key) throw new Error('本机数据已加密，需要先输入密码解锁（附件）')
  return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: own(row.iv), additionalData: additionalData(villageId, sha256) }, key, own(row.bytes)))
}

/** A refusal for good: the message is the relay's, for the person. */
export class UploadRefused extends Error {}

type Fetch = typeof fetch

async function call(api: ApiContext, path: string, init: RequestInit, doFetch: Fetch): Promise<Response> {
  const headers = new Headers(init.headers)
  if (api.token) headers.set('authorization', `Bearer ${api.token}`)
  try {
    return await doFetch(`${api.baseUrl.replace(/\/+$/, '')}${path}`, { ...init, headers })
  } catch (error) {
    throw new ApiError(NETWORK_ERROR, 0, undefined, { cause: error })
  }
}

async function failure(res: Response): Promise<ApiError> {
  if (res.status === 401) return new ApiError('未登录或登录已过期，请重新登录', 401)
  const parsed = apiErrorSchema.safeParse(await res.json().catch(() => null))
  return new ApiError(parsed.success ? parsed.data.error : `服务器错误（${res.status}）`, res.status, parsed.success ? parsed.data.field : undefined)
}

const FINAL = new Set([400, 403, 404, 413, 507])

/**
 * Uploads one stored file for `doc`, resuming from what the relay has; resolves once the relay
 * verified it. Network trouble and 5xx throw ApiError (the outbox retries); a final refusal
 * throws UploadRefused. `onProgress` hears confirmed bytes after every chunk.
 */
export async function uploadFile(
  api: ApiContext,
  { db, key, userId }: FileSource,
  villageId: string,
  payload: UploadPayload,
  options: { onProgress?: (sent: number, size: number) => void; fetch?: Fetch } = {},
): Promise<void> {
  const doFetch = options.fetch ?? fetch
  const base = `/api/attachments/${encodeURIComponent(villageId)}/${payload.sha256}?doc=${encodeURIComponent(payload.doc)}`
  // Without the bytes here, only a link the relay already has can be confirmed.
  const bytes = await readLocalFile(db, key, villageId, payload.sha256)
  const proof = bytes ? await possessionProof(payload.doc, userId, bytes) : undefined
  const declared = await call(api, base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size: payload.size, type: payload.type, proof }) }, doFetch)
  if (!declared.ok) {
    const error = await failure(declared)
    throw FINAL.has(error.status) ? new UploadRefused(error.message) : error
  }
  let state: UploadState = uploadStateSchema.parse(await declared.json())
  const progress = async (received: number) => {
    await db.files.update(fileKey(villageId, payload.sha256), { uploaded: received })
    options.onProgress?.(received, state.size)
  }
  if (state.complete) return progress(state.size)
  if (!bytes) throw new UploadRefused('这个附件不在本机上，无法上传')
  await progress(state.received)
  while (!state.complete) {
    const chunk = bytes.subarray(state.received, state.received + ATTACHMENT_CHUNK)
    const res = await call(api, `${base}&pos=${state.received}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: own(chunk) }, doFetch)
    if (res.status === 409) {
      // The relay has a different count (an earlier answer was lost): continue from its count.
      state = uploadStateSchema.parse(await res.json())
      continue
    }
    if (!res.ok) {
      const error = await failure(res)
      // 422: the bytes did not verify and the relay dropped them; the retry starts over.
      throw FINAL.has(error.status) ? new UploadRefused(error.message) : error
    }
    state = uploadStateSchema.parse(await res.json())
    await progress(state.received)
  }
}

/**
 * The file's bytes: from this device, or else from the relay through `doc` (read access to
 * that doc is checked there), verified against the name and kept on this device.
 */
export async function fetchFile(api: ApiContext, db: UserDb, key: DataKey, villageId: string, link: { sha256: string; type: string; size: number }, doc: string, doFetch: Fetch = fetch): Promise<Uint8Array<ArrayBuffer>> {
  const local = await readLocalFile(db, key, villageId, link.sha256)
  if (local) return local
  const res = await call(api, `/api/attachments/${encodeURIComponent(villageId)}/${link.sha256}?doc=${encodeURIComponent(doc)}`, { method: 'GET' }, doFetch)
  if (!res.ok) throw await failure(res)
  const bytes = new Uint8Array(await res.arrayBuffer())
  if ((await sha256Hex(bytes)) !== link.sha256) throw new ApiError('下载的附件与记录的哈希不符，请稍后再试', 0)
  await storeLocalFile(db, key, villageId, { sha256: link.sha256, bytes, type: link.type, size: bytes.byteLength }, bytes.byteLength)
  return bytes
}
