/**
 * Preparing a file for attaching (issue #19), on the device, before anything is stored:
 *
 * - a photo or raster scan is decoded, turned upright (EXIF orientation), scaled so its long
 *   side is at most 1600 px and encoded again as JPEG. Re-encoding from the pixels keeps nothing
 *   of the original file but the picture: no EXIF, so no GPS position, camera make or serial;
 * - the time the photo was taken (EXIF DateTimeOriginal, else DateTime) is read from the
 *   original bytes first and kept as a field of the link, the one piece of metadata worth having;
 * - a PDF or any other file is kept byte for byte (the server never shows SVG or HTML inline);
 * - the result is named by the SHA-256 of its bytes (content addressing: the same file is
 *   stored once).
 */
import { exifTakenAt, fitWithin, JPEG_QUALITY, jpegName, LONG_SIDE_MAX } from '../../shared/attachments/photo'

/** Types decoded and re-encoded; SVG is not a photo and is kept as a file. */
const RASTER = /^image\/(jpeg|png|webp|gif|bmp|heic|heif|avif)$/

export type PreparedFile = { bytes: Uint8Array<ArrayBuffer>; sha256: string; name: string; type: string; size: number; takenAt: string | null }

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** `longSide`: a photo's longest side in pixels (a grid worker's portrait needs far fewer than a scan). */
export async function prepareFile(file: Blob & { name?: string }, longSide = LONG_SIDE_MAX): Promise<PreparedFile> {
  const original = new Uint8Array(await file.arrayBuffer())
  const name = file.name?.trim() || '附件'
  if (!RASTER.test(file.type)) {
    return { bytes: original, sha256: await sha256Hex(original), name, type: file.type || 'application/octet-stream', size: original.byteLength, takenAt: null }
  }
  const takenAt = file.type === 'image/jpeg' ? exifTakenAt(original) : null
  const bytes = await downscaleToJpeg(file, longSide)
  return { bytes, sha256: await sha256Hex(bytes), name: jpegName(name), type: 'image/jpeg', size: bytes.byteLength, takenAt }
}

async function downscaleToJpeg(file: Blob, longSide: number): Promise<Uint8Array<ArrayBuffer>> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, longSide)
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('无法处理图片：浏览器不支持画布')
    // A transparent PNG becomes white paper, not black.
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, width, height)
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(bitmap, 0, 0, width, height)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY })
    return new Uint8Array(await blob.arrayBuffer())
  } finally {
    bitmap.close()
  }
}
