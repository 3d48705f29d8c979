/**
 * 民呼我应 with a photo, on a real relay: the resident's form posts multipart/form-data with no
 * JavaScript, so the photo arrives as the phone took it. The relay turns it upright, scales it to
 * at most 1600 px and encodes it again (sharp), so no EXIF (GPS, camera, the owner's name) is
 * kept; it is stored as an attachment of the grid's ledger doc and linked on the matter's record,
 * where a cadre reads it through the attachments API; no public page shows it. What cannot be
 * taken (not a picture, too large, the village's storage full) is refused in Chinese with what the
 * resident wrote kept in the form, and no matter is raised.
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attachmentLinks, recordOwner } from '../../shared/attachments/links.js'
import { docName } from '../../shared/docNames.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { MATTER_PHOTO_ERRORS, MATTER_PHOTO_NAME } from '../../server/matters/photo.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

/** Written into the test photo's EXIF: it must not survive. */
const OWNER = 'Zhang San 13912345678'
const QUOTA = 512 * 1024
let relay: TestRelay
let gridId: string
let nextAddress = 1

type Photo = { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }

async function post(fields: Record<string, string>, photo: Photo | null) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  // A form with no file chosen still sends the part: an empty file with no name.
  form.append('photo', photo ? new Blob([photo.bytes], { type: photo.type }) : new Blob([], { type: 'application/octet-stream' }), photo?.name ?? '')
  const res = await fetch(`${relay.url}/public/${relay.villageId}/matters`, { method: 'POST', redirect: 'manual', headers: { 'x-forwarded-for': `10.1.0.${nextAddress++}` }, body: form })
  return { status: res.status, text: await res.text(), location: res.headers.get('location') }
}

const fields = (description: string) => ({ category: '道路设施', description, place: '三组村道', grid: gridId, phone: '' })

async function incidents() {
  return relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId }), async (room) => ({
    records: listRecords(room.doc, 'incident', gridId),
    links: (id: string) => attachmentLinks(room.doc, recordOwner('incident', id)),
  }))
}

/** A 3000 × 2000 camera photo held sideways (EXIF orientation 6), with its owner and time in EXIF. */
async function cameraPhoto(): Promise<Uint8Array<ArrayBuffer>> {
  const out = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Artist: OWNER, Copyright: OWNER, DateTime: '2026:11:30 09:15:00' } })
    .withMetadata({ orientation: 6 })
    .toBuffer()
  return new Uint8Array(out)
}

beforeAll(async () => {
  relay = await startTestRelay({ trustProxy: 'loopback', attachmentVillageQuotaBytes: QUOTA })
  await relay.relay.withDoc(docName({ kind: 'meta', villageId: relay.villageId }), async (room) => {
    gridId = addGrid(room.doc, { name: '一组网格', code: '01' })
    await room.flush()
  })
}, 30_000)

afterAll(async () => {
  await relay?.close()
})

describe("a resident's photo with a matter", () => {
  it('the form asks for it without script, says who sees it, and posts multipart', async () => {
    const text = await (await fetch(`${relay.url}/public/${relay.villageId}/matters`)).text()
    expect(scriptTags(text)).toEqual([OFFLINE_SCRIPT])
    expect(text).toContain('enctype="multipart/form-data"')
    expect(text).toMatch(/<input id="photo" name="photo" type="file" accept="image\/\*">/)
    expect(text).toContain('照片只有村干部和本网格网格员能看到，不会公开')
  })

  it('is stored upright, at most 1600 px, without its EXIF, and linked on the record for cadres only', async () => {
    const original = await cameraPhoto()
    const meta = await sharp(original).metadata()
    expect(meta.orientation).toBe(6)
    expect(Buffer.from(original).includes(Buffer.from(OWNER))).toBe(true)

    const res = await post(fields('路灯杆倒在路边，见照片'), { bytes: original, name: 'IMG_0001.JPG', type: 'image/jpeg' })
    expect(res.status, res.text).toBe(303)
    const { records, links } = await incidents()
    const record = records.find((r) => r.values.description === '路灯杆倒在路边，见照片')!
    expect(record).toBeDefined()
    const [link, ...more] = links(record.id)
    expect(more).toEqual([])
    expect(link).toMatchObject({ name: MATTER_PHOTO_NAME, type: 'image/jpeg', takenAt: '2026-11-30T09:15:00' })

    const ledgerDoc = docName({ kind: 'ledger', villageId: relay.villageId, gridId })
    const url = `${relay.url}/api/attachments/${relay.villageId}/${link!.sha256}?doc=${encodeURIComponent(ledgerDoc)}`
    const file = await fetch(url, { headers: { authorization: `Bearer ${relay.token}` } })
    expect(file.status).toBe(200)
    const stored = Buffer.from(await file.arrayBuffer())
    expect(stored.byteLength).toBe(link!.size)
    const storedMeta = await sharp(stored).metadata()
    // Turned upright (portrait), long side 1600, nothing of the camera's EXIF kept.
    expect([storedMeta.format, storedMeta.width, storedMeta.height]).toEqual(['jpeg', 1067, 1600])
    expect(storedMeta.exif).toBeUndefined()
    expect(storedMeta.orientation).toBeUndefined()
    expect(stored.includes(Buffer.from(OWNER))).toBe(false)
    expect(stored.includes(Buffer.from('13912345678'))).toBe(false)

    // No account, no file; and the resident's tracking page does not show it.
    expect((await fetch(url)).status).toBe(401)
    const tracking = await (await fetch(`${relay.url}${res.location!.replace('?new=1', '')}`)).text()
    expect(tracking).not.toContain(link!.sha256)
    expect(tracking).not.toContain(MATTER_PHOTO_NAME)
    expect(tracking).toContain('附照片 1 张：只有村干部和网格员能看到，本页不显示。')
  })

  it('a form with no photo chosen raises the matter as before', async () => {
    const res = await post(fields('垃圾桶满了没人清'), null)
    expect(res.status, res.text).toBe(303)
    const { records, links } = await incidents()
    const record = records.find((r) => r.values.description === '垃圾桶满了没人清')!
    expect(links(record.id)).toEqual([])
    const tracking = await (await fetch(`${relay.url}${res.location!}`)).text()
    expect(tracking).toContain('data-testid="matter-raised"')
    expect(tracking).not.toContain('附照片')
  })

  it('a file that is not a picture is refused in Chinese, the text kept, nothing raised', async () => {
    const before = (await incidents()).records.length
    const res = await post(fields('水渠堵了，水漫到路上'), { bytes: new TextEncoder().encode('not a photo at all'), name: 'photo.jpg', type: 'image/jpeg' })
    expect(res.status).toBe(400)
    expect(res.text).toContain(MATTER_PHOTO_ERRORS.unreadable)
    expect(res.text).toContain('>水渠堵了，水漫到路上</textarea>')
    expect((await incidents()).records.length).toBe(before)
  })

  it('a photo over 10 MB is refused with the form kept; a body far over it is refused before it is read', async () => {
    const before = (await incidents()).records.length
    const big = new Uint8Array(10.5 * 1024 * 1024).fill(7)
    const res = await post(fields('桥栏杆松了'), { bytes: big, name: 'big.jpg', type: 'image/jpeg' })
    expect(res.status).toBe(400)
    expect(res.text).toContain(MATTER_PHOTO_ERRORS.tooLarge)
    expect(res.text).toContain('>桥栏杆松了</textarea>')
    const huge = await post(fields('桥栏杆松了'), { bytes: new Uint8Array(13 * 1024 * 1024), name: 'huge.jpg', type: 'image/jpeg' })
    expect(huge.status).toBe(413)
    expect(huge.text).toContain('照片太大了')
    expect((await incidents()).records.length).toBe(before)
  })

  it("when the village's storage is full the photo is refused, the text kept, nothing raised", async () => {
    const before = (await incidents()).records.length
    // Noise does not compress: well over what is left of the 512 KiB quota.
    const noise = await sharp(Buffer.from(Array.from({ length: 1600 * 1200 * 3 }, (_, i) => (i * 2654435761) >>> 24)), { raw: { width: 1600, height: 1200, channels: 3 } }).png().toBuffer()
    const res = await post(fields('村口积水很深走不了'), { bytes: new Uint8Array(noise), name: 'noise.png', type: 'image/png' })
    expect(res.status).toBe(400)
    expect(res.text).toContain(MATTER_PHOTO_ERRORS.full)
    expect(res.text).toContain('>村口积水很深走不了</textarea>')
    expect((await incidents()).records.length).toBe(before)
  })
})
