/**
 * Preparing an attachment on the device (client/attachments/prepare.ts), in Chromium: a camera
 * JPEG carrying EXIF with a GPS position and the time taken comes out scaled to a long side of
 * 1600 px, with no EXIF at all (no GPS), the time taken kept as a field, and named by the
 * SHA-256 of the stored bytes; a PDF is kept byte for byte. The JPEG's EXIF is built by hand
 * here (TIFF IFD0 → Exif IFD with DateTimeOriginal, GPS IFD with latitude and longitude).
 */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { exifTakenAt } from '../../shared/attachments/photo.js'
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from './browser.js'

let server: Server
let browser: Browser
let page: Page

beforeAll(async () => {
  const bundle = await build({ entryPoints: [`${ROOT}/client/attachments/prepare.ts`], bundle: true, write: false, format: 'iife', globalName: 'prepare', target: 'es2022' })
  const script = bundle.outputFiles[0]?.text ?? ''
  server = createServer((req, res) => {
    if (req.url === '/prepare.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/prepare.js"></script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  page = await browser.newPage()
  const address = server.address()
  await page.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`)
}, 60_000)
afterAll(async () => {
  await browser?.close()
  server?.close()
})

/** A 3000×2000 camera-like JPEG from the browser's own encoder (no metadata yet). */
async function plainJpeg(): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3000, 2000)
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    ctx.fillStyle = '#3a7'
    ctx.fillRect(0, 0, 3000, 2000)
    ctx.fillStyle = '#c33'
    ctx.fillRect(200, 300, 1200, 900)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  })
  return Buffer.from(b64, 'base64')
}

/** An APP1 EXIF segment: IFD0 (Make, Exif and GPS pointers), Exif IFD (DateTimeOriginal), GPS IFD. */
function exifSegment(): Buffer {
  const t = Buffer.alloc(400)
  t.write('II', 0, 'latin1')
  t.writeUInt16LE(42, 2)
  t.writeUInt32LE(8, 4)
  const ifd = (at: number, entries: [tag: number, type: number, count: number, value: number][]) => {
    t.writeUInt16LE(entries.length, at)
    entries.forEach(([tag, type, count, value], i) => {
      const e = at + 2 + i * 12
      t.writeUInt16LE(tag, e)
      t.writeUInt16LE(type, e + 2)
      t.writeUInt32LE(count, e + 4)
      t.writeUInt32LE(value, e + 8)
    })
    t.writeUInt32LE(0, at + 2 + entries.length * 12)
  }
  const ifd0 = 8
  const exifIfd = 80
  const gpsIfd = 140
  const data = 260
  t.write('CunwuCam\0', data, 'latin1')
  t.write('2026:11:30 09:15:00\0', data + 12, 'latin1')
  // Latitude 31°13'47.123" N, longitude 121°28'11.5" E as RATIONALs.
  const rationals = [31, 1, 13, 1, 47123, 1000, 121, 1, 28, 1, 115, 10]
  rationals.forEach((v, i) => t.writeUInt32LE(v, data + 40 + i * 4))
  ifd(ifd0, [
    [0x010f, 2, 9, data],
    [0x8769, 4, 1, exifIfd],
    [0x8825, 4, 1, gpsIfd],
  ])
  ifd(exifIfd, [[0x9003, 2, 20, data + 12]])
  ifd(gpsIfd, [
    [0x0001, 2, 2, 0x4e], // 'N'
    [0x0002, 5, 3, data + 40],
    [0x0003, 2, 2, 0x45], // 'E'
    [0x0004, 5, 3, data + 64],
  ])
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t])
  const head = Buffer.alloc(4)
  head.writeUInt16BE(0xffe1, 0)
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([head, body])
}

/** Width and height from a JPEG's SOF segment. */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let at = 2
  while (at < jpeg.length) {
    const marker = jpeg[at + 1] as number
    const length = jpeg.readUInt16BE(at + 2)
    if (marker >= 0xc0 && marker <= 0xc3) return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) }
    at += 2 + length
  }
  throw new Error('no SOF')
}

async function prepareInPage(bytes: Buffer, type: string, name: string) {
  const out = await page.evaluate(
    async ({ b64, type, name }) => {
      const bin = atob(b64)
      const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
      const file = new File([bytes], name, { type })
      const p = await (window as unknown as { prepare: { prepareFile(f: File): Promise<{ bytes: Uint8Array; sha256: string; name: string; type: string; size: number; takenAt: string | null }> } }).prepare.prepareFile(file)
      let s = ''
      for (const b of p.bytes) s += String.fromCharCode(b)
      return { ...p, bytes: btoa(s) }
    },
    { b64: bytes.toString('base64'), type, name },
  )
  return { ...out, bytes: Buffer.from(out.bytes, 'base64') }
}

it('scales a camera JPEG to 1600 px, strips its EXIF (GPS included) and keeps the time taken', async () => {
  const plain = await plainJpeg()
  const exif = exifSegment()
  const camera = Buffer.concat([plain.subarray(0, 2), exif, plain.subarray(2)])
  // The input really carries the metadata: the time reads back, the GPS rationals are there.
  expect(exifTakenAt(camera)).toBe('2026-11-30T09:15:00')
  // The TIFF block starts after the marker, length and "Exif\0\0" (10 bytes); the rationals at 300..348 in it.
  const gpsBytes = exif.subarray(10 + 300, 10 + 348)
  expect(camera.includes(gpsBytes)).toBe(true)
  expect(jpegSize(camera)).toEqual({ width: 3000, height: 2000 })

  const prepared = await prepareInPage(camera, 'image/jpeg', 'IMG_0042.JPG')
  expect(prepared.type).toBe('image/jpeg')
  expect(prepared.takenAt).toBe('2026-11-30T09:15:00')
  expect(jpegSize(prepared.bytes)).toEqual({ width: 1600, height: 1067 })
  // No EXIF segment, no GPS values, no camera make anywhere in the stored bytes.
  expect(prepared.bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false)
  expect(prepared.bytes.includes(gpsBytes)).toBe(false)
  expect(prepared.bytes.includes(Buffer.from('CunwuCam', 'latin1'))).toBe(false)
  expect(exifTakenAt(prepared.bytes)).toBeNull()
  expect(prepared.sha256).toBe(createHash('sha256').update(prepared.bytes).digest('hex'))
  expect(prepared.size).toBe(prepared.bytes.length)
  expect(prepared.name).toBe('IMG_0042.JPG')
}, 30_000)

it('re-encodes a PNG scan as JPEG (never enlarged) and keeps a PDF byte for byte', async () => {
  const pngB64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(800, 1100)
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    ctx.fillStyle = '#000'
    ctx.fillRect(100, 100, 600, 40)
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  })
  const scan = await prepareInPage(Buffer.from(pngB64, 'base64'), 'image/png', '签字页.png')
  expect(scan).toMatchObject({ type: 'image/jpeg', name: '签字页.jpg', takenAt: null })
  expect(jpegSize(scan.bytes)).toEqual({ width: 800, height: 1100 })

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')
  const kept = await prepareInPage(pdf, 'application/pdf', '两委意见.pdf')
  expect(kept.bytes.equals(pdf)).toBe(true)
  expect(kept).toMatchObject({ type: 'application/pdf', name: '两委意见.pdf', takenAt: null, sha256: createHash('sha256').update(pdf).digest('hex') })
}, 30_000)
