/** /public/<villageId>/grids: the 网格员公示 with the phones entered for publishing, its A4 print and a grid's 联系卡 — nothing from the ledger. */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { household } from '../../shared/ledger/kinds/household.js'
import { createRecord } from '../../shared/ledger/ledgerDoc.js'
import { createHash } from 'node:crypto'
import { putStaff, setBoardInfo, setGridMap, setStaffPhoto } from '../../shared/liulian/gridStaff.js'
import { setGridBoard } from '../../shared/liulian/liulianDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { fetchFrom } from '../helpers/api.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

let relay: TestRelay
let gridId = ''
let emptyGridId = ''
/** The 网格长's photo (complete on the relay) and the worker's (still uploading). */
const CHIEF_PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('王书记的工作照'), 0xff, 0xd9])
const chiefSha = createHash('sha256').update(CHIEF_PHOTO).digest('hex')
const workerSha = 'e'.repeat(64)
const link = (sha256: string, size: number) => ({ sha256, name: '工作照.jpg', type: 'image/jpeg', size, takenAt: null, addedAt: '2026-12-03T06:00:00.000Z' })
let liulian: Y.Doc
beforeAll(async () => {
  relay = await startTestRelay()
  const v = relay.villageId
  const meta = new Y.Doc()
  gridId = addGrid(meta, { name: '第一网格', code: '01' })
  emptyGridId = addGrid(meta, { name: '第二网格', code: '02' })
  const ledger = new Y.Doc()
  createRecord(ledger, household, { householdNo: '一组1号', villagerGroup: '一组', headName: '王秘密', address: '一组1号', phone: '13800001111' }, { id: 'u1', name: '张网格' }, 't')
  const doc = new Y.Doc()
  setGridBoard(doc, gridId, { bounds: '东至河堤，西至公路', staff: '' })
  const worker = putStaff(doc, gridId, { name: '李专职', title: '专职网格员', duties: '入户走访、信息采集', phone: '13912345678' })
  const chief = putStaff(doc, gridId, { name: '王书记', title: '网格长', duties: '统筹网格工作', phone: '0954-1234567' })
  if (!worker.ok || !chief.ok) throw new Error('staff should be written')
  setStaffPhoto(doc, gridId, chief.value.id, link(chiefSha, CHIEF_PHOTO.byteLength))
  setStaffPhoto(doc, gridId, worker.value.id, link(workerSha, 30_000))
  // The 网格分布图 is the same file as the chief's photo here: one file, served while either shows.
  setGridMap(doc, link(chiefSha, CHIEF_PHOTO.byteLength))
  liulian = doc
  const ref = { docName: `${v}/liulian`, at: '2026-12-03T06:00:00.000Z', by: 'u1', proof: null }
  await relay.store.attachments.declare({ villageId: v, sha256: chiefSha, size: CHIEF_PHOTO.byteLength, type: 'image/jpeg' }, ref, 2 ** 40)
  await relay.store.attachments.appendChunk(v, chiefSha, 0, CHIEF_PHOTO)
  expect(await relay.store.attachments.complete(v, chiefSha, (chunks) => createHash('sha256').update(Buffer.concat(chunks)).digest('hex'))).toBe(true)
  await relay.store.attachments.declare({ villageId: v, sha256: workerSha, size: 30_000, type: 'image/jpeg' }, ref, 2 ** 40)
  setBoardInfo(doc, { supervisionPhone: '0954-7654321', supervisionUnit: '镇纪委' })
  await relay.store.docs.append(`${v}/meta`, Y.encodeStateAsUpdate(meta))
  await relay.store.docs.append(`${v}/ledger/${gridId}`, Y.encodeStateAsUpdate(ledger))
  await relay.store.docs.append(`${v}/liulian`, Y.encodeStateAsUpdate(doc))
}, 60_000)
afterAll(() => relay.close())

describe('/public/<villageId>/grids', () => {
  it('lists each grid’s staff, 网格长 first, with 职务, 分工 and a phone to tap, and the 监督电话', async () => {
    const res = await fetchFrom(relay.url, `/public/${relay.villageId}/grids`)
    expect(res.status).toBe(200)
    const body = await res.text()
    for (const shown of ['第一网格', '四至：东至河堤，西至公路', '专职网格员', '分工：入户走访、信息采集', 'href="tel:13912345678">139 1234 5678</a>', 'href="tel:09541234567">0954-1234567</a>', '监督电话：<a class="tel" href="tel:09547654321">0954-7654321</a>（镇纪委）', '第二网格', '尚未公示网格员。', `/public/${relay.villageId}/grids/${gridId}/cards`])
      expect(body).toContain(shown)
    expect(body.indexOf('王书记')).toBeLessThan(body.indexOf('李专职'))
    expect(body).not.toContain(`/grids/${emptyGridId}/cards`)
    for (const hidden of ['王秘密', '一组1号', '13800001111']) expect(body).not.toContain(hidden)
    expect(scriptTags(body)).toEqual([OFFLINE_SCRIPT])
  })

  it('puts the 监督电话 and the link on the village board', async () => {
    const body = await (await fetchFrom(relay.url, `/public/${relay.villageId}`)).text()
    expect(body).toContain(`/public/${relay.villageId}/grids`)
    expect(body).toContain('data-testid="supervision"')
    expect(body).toContain('0954-7654321')
  })

  it('prints the 公示牌 and eight 联系卡 with a QR code, kept out of shared caches', async () => {
    const print = await fetchFrom(relay.url, `/public/${relay.villageId}/grids/print`)
    expect(print.status).toBe(200)
    expect(print.headers.get('cache-control')).toBe('private, no-store')
    const sheet = await print.text()
    for (const shown of ['网格员公示牌', '<svg', '139 1234 5678', '统筹网格工作', '监督电话：0954-7654321']) expect(sheet).toContain(shown)
    const cards = await fetchFrom(relay.url, `/public/${relay.villageId}/grids/${gridId}/cards`)
    expect(cards.status).toBe(200)
    expect(cards.headers.get('cache-control')).toBe('private, no-store')
    const text = await cards.text()
    expect(text.match(/class="card"/g)).toHaveLength(8)
    expect(text).toContain('网格长 <strong>王书记</strong>：0954-1234567')
    expect(text).not.toContain('13800001111')
  })

  it('shows a photo and the 网格分布图 once on the relay, serves only images the page shows, and drops one taken off', async () => {
    const v = relay.villageId
    const body = await (await fetchFrom(relay.url, `/public/${v}/grids`)).text()
    expect(body).toContain(`<img class="photo" src="/public/${v}/grids/photos/${chiefSha}" alt="王书记的照片"`)
    // Still uploading: listed without an image, never a broken one.
    expect(body).not.toContain(workerSha)
    expect(body).toContain(`<h2>网格分布图</h2><a href="/public/${v}/grids/photos/${chiefSha}"><img class="map" src="/public/${v}/grids/photos/${chiefSha}" alt="测试村网格分布图"></a>`)
    expect(body.match(/<img /g)).toHaveLength(2)
    const served = await fetchFrom(relay.url, `/public/${v}/grids/photos/${chiefSha}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(CHIEF_PHOTO)
    const sheet = await (await fetchFrom(relay.url, `/public/${v}/grids/print`)).text()
    expect(sheet).toContain('<th>照片</th>')
    expect(sheet).toContain(`<img src="/public/${v}/grids/photos/${chiefSha}" alt="王书记的照片">`)
    // Not on the board (unfinished, unknown, another village): 404 with the Chinese page.
    for (const path of [`/public/${v}/grids/photos/${workerSha}`, `/public/${v}/grids/photos/${'0'.repeat(64)}`, `/public/nope/grids/photos/${chiefSha}`]) {
      const res = await fetchFrom(relay.url, path)
      expect(res.status, path).toBe(404)
      expect(await res.text()).toContain('没有这张照片')
    }

    // Taken off the board on a cadre's device: the page and the address both lose it.
    const before = Y.encodeStateVector(liulian)
    const chiefId = [...(liulian.getMap('gridStaff').get(gridId) as Y.Map<Y.Map<string>>).entries()].find(([, p]) => p.get('name') === '王书记')![0]
    setStaffPhoto(liulian, gridId, chiefId, null)
    await relay.relay.withDoc(`${v}/liulian`, async (room) => Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(liulian, before)))
    // Still the 网格分布图: served.
    expect((await fetchFrom(relay.url, `/public/${v}/grids/photos/${chiefSha}`)).status).toBe(200)
    expect(await (await fetchFrom(relay.url, `/public/${v}/grids`)).text()).not.toContain('alt="王书记的照片"')
    const beforeMap = Y.encodeStateVector(liulian)
    setGridMap(liulian, null)
    await relay.relay.withDoc(`${v}/liulian`, async (room) => Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(liulian, beforeMap)))
    expect((await fetchFrom(relay.url, `/public/${v}/grids/photos/${chiefSha}`)).status).toBe(404)
    expect(await (await fetchFrom(relay.url, `/public/${v}/grids`)).text()).not.toContain('<img')
  })

  it('404s for an unknown village or grid', async () => {
    expect((await fetchFrom(relay.url, '/public/nope/grids')).status).toBe(404)
    expect((await fetchFrom(relay.url, `/public/${relay.villageId}/grids/nope/cards`)).status).toBe(404)
  })
})
