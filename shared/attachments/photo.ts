/**
 * What the device (client/attachments/prepare.ts) and the relay (a resident's photo with a
 * matter, server/matters/photo.ts) agree on when they turn a photo into an attachment: the long
 * side at most 1600 px, JPEG at quality 0.85, the name ending in .jpg, and the one piece of the
 * original's metadata worth keeping, the time it was taken.
 */

export const LONG_SIDE_MAX = 1600
/** As canvas.convertToBlob reads it (0–1); sharp takes 1–100. */
export const JPEG_QUALITY = 0.85

/** The scaled size: long side at most `max`, aspect kept, never enlarged. */
export function fitWithin(width: number, height: number, max = LONG_SIDE_MAX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** The name of a photo once it is a JPEG. */
export function jpegName(name: string): string {
  return /\.(jpe?g)$/i.test(name) ? name : `${name.replace(/\.[a-z0-9]{1,5}$/i, '')}.jpg`
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
