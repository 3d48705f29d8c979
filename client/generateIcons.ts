/**
 * Writes the app icons (public/icon-192.png, public/icon-512.png) from the same shapes as
 * public/icon.svg, with nothing but node:zlib: no image tool is needed on a developer machine.
 * Run after changing the design: `node --import tsx client/generateIcons.ts`.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'

const RED = [0xb3, 0x26, 0x1e] as const
const SAMPLES = 4 // per axis, for anti-aliased edges

/** Coverage of one point in the 512-unit design space: 0 transparent, 1 red, 2 white. */
function paint(x: number, y: number): 0 | 1 | 2 {
  if (!insideRoundedRect(x, y, 0, 0, 512, 512, 96)) return 0
  const half = 18
  const roof = Math.min(distToSegment(x, y, 96, 256, 256, 120), distToSegment(x, y, 256, 120, 416, 256))
  const body = Math.abs(x - 150) <= half || Math.abs(x - 362) <= half || Math.abs(y - 250) <= half || Math.abs(y - 400) <= half
  const inBody = x >= 150 - half && x <= 362 + half && y >= 250 - half && y <= 400 + half
  const door = x >= 228 && x <= 284 && y >= 310 && y <= 400
  return roof <= half || (inBody && body) || door ? 2 : 1
}

function insideRoundedRect(x: number, y: number, left: number, top: number, w: number, h: number, r: number): boolean {
  const cx = Math.min(Math.max(x, left + r), left + w - r)
  const cy = Math.min(Math.max(y, top + r), top + h - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= left && x <= left + w && y >= top && y <= top + h
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)))
}

function render(size: number): Buffer {
  const scale = 512 / size
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let row = 0; row < size; row++) {
    const base = row * (size * 4 + 1)
    raw[base] = 0 // filter: none
    for (let col = 0; col < size; col++) {
      let red = 0
      let white = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const p = paint((col + (sx + 0.5) / SAMPLES) * scale, (row + (sy + 0.5) / SAMPLES) * scale)
          if (p === 1) red++
          else if (p === 2) white++
        }
      }
      const covered = red + white
      const at = base + 1 + col * 4
      const mix = (channel: number) => (covered === 0 ? 0 : Math.round((red * channel + white * 255) / covered))
      raw[at] = mix(RED[0])
      raw[at + 1] = mix(RED[1])
      raw[at + 2] = mix(RED[2])
      raw[at + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length, 0)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body), 0)
  return Buffer.concat([length, body, crc])
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

for (const size of [192, 512]) writeFileSync(join(import.meta.dirname, 'public', `icon-${size}.png`), render(size))
