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

export const LONG_SIDE_MAX = 1600
export const JPEG_QUALITY = 0.85
/** Types decoded and re-encoded; SVG is not a photo and is kept as a file. */
const RASTER = /^image\/(jpeg|png|webp|gif|bmp|heic|heif|avif)$/

export type PreparedFile = { bytes: Uint8Array<ArrayBuffer>; sha256: string; name: string; type: string; size: number; takenAt: string | null }

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The scaled size: long side at most `max`, aspect kept, never enlarged. */
export function fitWithin(width: number, height: number, max = LONG_SIDE_MAX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export async function prepareFile(file: Blob & { name?: string }): Promise<PreparedFile> {
  const original = new Uint8Array(await file.arrayBuffer())
  const name = file.name?.trim() || '附件'
  if (!RASTER.test(file.type)) {
    return { bytes: original, sha256: await sha256Hex(original), name, type: file.type || 'application/octet-stream', size: original.byteLength, takenAt: null }
  }
  const takenAt = file.type === 'image/jpeg' ? exifTakenAt(original) : null
  const bytes = await downscaleToJpeg(file)
  return { bytes, sha256: await sha256Hex(bytes), name: jpegName(name), type: 'image/jpeg', size: bytes.byteLength, takenAt }
}

function jpegName(name: string): string {
  return /\.(jpe?g)$/i.test(name) ? name : `${name.replace(/\.[a-z0-9]{1,5}$/i, '')}.jpg`
}

async function downscaleToJpeg(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height)
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

/**
 * EXIF DateTimeOriginal (else IFD0 DateTime) of a JPEG, as the camera's local civil time
 * `YYYY-MM-DDTHH:MM:SS` (EXIF carries no zone); null when absent or unreadable. Reads only
 * the APP1 segment's TIFF structure, defensively: a malformed file yields null, never a throw.
 */
export function exifTakenAt(jpeg: Uint8Array): string | null {
  try {
    const tiff = exifTiff(jpeg)
    if (!tiff) return null
    const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength)
    const little = view.getUint16(0) === 0x4949
    const u16 = (at: number) => view.getUint16(at, little)
    const u32 = (at: number) => view.getUint32(at, little)
    const entries = (ifd: number) => {
      const out = new Map<number, { type: number; count: number; valueAt: number }>()
      const n = u16(ifd)
      for (let i = 0; i < n; i++) {
        const e = ifd + 2 + i * 12
        const count = u32(e + 4)
        out.set(u16(e), { type: u16(e + 2), count, valueAt: count > 4 ? u32(e + 8) : e + 8 })
      }
      return out
    }
    const ascii = (entry: { type: number; count: number; valueAt: number } | undefined) =>
      entry && entry.type === 2 ? String.fromCharCode(...tiff.subarray(entry.valueAt, entry.valueAt + entry.count)).replace(/\0.*$/, '') : null
    const ifd0 = entries(u32(4))
    const exifPointer = ifd0.get(0x8769)
    const original = exifPointer ? ascii(entries(u32(exifPointer.valueAt)).get(0x9003)) : null
    const text = original ?? ascii(ifd0.get(0x0132))
    const m = text ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text) : null
    return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null
  } catch {
    return null
  }
}

/** The TIFF block of a JPEG's EXIF APP1 segment, or null. */
function exifTiff(jpeg: Uint8Array): Uint8Array | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null
  let at = 2
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] as number
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number)
    if (marker === 0xda || marker === 0xd9) return null
    const body = jpeg.subarray(at + 4, at + 2 + length)
    if (marker === 0xe1 && String.fromCharCode(...body.subarray(0, 6)) === 'Exif\0\0') return body.subarray(6)
    at += 2 + length
  }
  return null
}
