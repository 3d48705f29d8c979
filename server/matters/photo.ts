/**
 * A resident's photo with a matter (民呼我应). The public form works without JavaScript, so the
 * photo arrives as the phone took it: full size, with its EXIF (GPS position, camera, serial).
 * The relay does here what the app does on a cadre's device (shared/attachments/photo.ts): turns
 * it upright, scales the long side to 1600 px and encodes it again as JPEG (sharp, which keeps no
 * metadata unless asked), reading only the time it was taken first. It is stored like any
 * attachment of the grid's ledger doc (content-addressed, in the village's quota) and linked on
 * the matter's record, so the village's cadres and the grid's workers see it on the record, on
 * their devices and offline, and nobody else: no public page shows it, since a photo of a lane or
 * a yard easily shows a neighbour.
 */
import { formatFileSize, type AttachmentLink } from '../../shared/api/attachments.js'
import { exifTakenAt, JPEG_QUALITY, LONG_SIDE_MAX } from '../../shared/attachments/photo.js'
import { sha256Hex } from '../routes/attachments.js'
import { errorMessage, type Logger } from '../log.js'
import type { AttachmentStore } from '../storage/attachments.js'
import { MatterError, PUBLIC_ACTOR } from './matters.js'

export const MATTER_PHOTO_MAX_BYTES = 10 * 1024 * 1024
/** Larger pictures are not decoded (about 8000 × 6000): a small file can still decode huge. */
const MAX_PIXELS = 50_000_000
const CHUNK_BYTES = 1024 * 1024
export const MATTER_PHOTO_NAME = '群众反映照片.jpg'

export const MATTER_PHOTO_ERRORS = {
  tooLarge: `照片太大了（最大 ${formatFileSize(MATTER_PHOTO_MAX_BYTES)}），请换一张，或不附照片提交。`,
  unreadable: '照片无法识别，请选手机拍的照片（JPG、PNG 或 WebP），或不附照片提交。',
  full: '本村的照片存储空间已满，暂时不能附照片。请不附照片提交，或直接联系村委会。',
  busy: '同一张照片正在保存，请稍后再提交。',
  /** sharp (a native library) could not be loaded on this server: the matter can still be raised without one. */
  unavailable: '本站暂时不能接收照片，请不附照片提交，或直接联系村委会。',
} as const

export type MatterPhoto = { bytes: Uint8Array; sha256: string; takenAt: string | null }

type Sharp = (typeof import('sharp'))['default']
let loaded: Promise<Sharp> | null = null

/** sharp on first use, one libvips thread and no cache: a photo now and then, on a small server. */
function loadSharp(): Promise<Sharp> {
  return (loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false)
    sharp.concurrency(1)
    return sharp
  }))
}

/** The photo ready to store, or null when the resident chose none (an empty file part). */
export async function prepareMatterPhoto(file: File | null, log: Logger): Promise<MatterPhoto | null> {
  if (!file || file.size === 0) return null
  if (file.size > MATTER_PHOTO_MAX_BYTES) throw new MatterError(MATTER_PHOTO_ERRORS.tooLarge)
  const original = new Uint8Array(await file.arrayBuffer())
  const sharp = await loadSharp().catch((err: unknown) => {
    log.error('the photo library (sharp) could not be loaded: residents cannot attach photos', { error: errorMessage(err) })
    throw new MatterError(MATTER_PHOTO_ERRORS.unavailable)
  })
  let bytes: Uint8Array
  try {
    const out = await sharp(original, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: LONG_SIDE_MAX, height: LONG_SIDE_MAX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: Math.round(JPEG_QUALITY * 100) })
      .toBuffer()
    bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  } catch {
    throw new MatterError(MATTER_PHOTO_ERRORS.unreadable)
  }
  return { bytes, sha256: sha256Hex([bytes]), takenAt: exifTakenAt(original) }
}

/** Stores the photo as an attachment of `docName` (the same bytes once per village) and returns its link. */
export async function storeMatterPhoto(attachments: AttachmentStore, villageId: string, docName: string, photo: MatterPhoto, quota: number, at: string): Promise<AttachmentLink> {
  const { bytes, sha256 } = photo
  const size = bytes.byteLength
  const outcome = await attachments.declare({ villageId, sha256, size, type: 'image/jpeg' }, { docName, at, by: PUBLIC_ACTOR.id, proof: null }, quota)
  if (!outcome.ok) throw new MatterError(MATTER_PHOTO_ERRORS.full)
  let received = outcome.row.complete ? size : outcome.row.received
  while (received < size) {
    const appended = await attachments.appendChunk(villageId, sha256, received, bytes.subarray(received, received + CHUNK_BYTES))
    if (!appended.ok) {
      if (appended.complete) break
      throw new MatterError(MATTER_PHOTO_ERRORS.busy)
    }
    received = appended.received
    if (received === size && !(await attachments.complete(villageId, sha256, sha256Hex))) throw new Error('matter photo did not hash to its name')
  }
  return { sha256, name: MATTER_PHOTO_NAME, type: 'image/jpeg', size, takenAt: photo.takenAt, addedAt: at }
}
