/**
 * 网格员公示 (seed 003 上岗公示制度: 「将网格责任人、网格管理员姓名、职务、分工、联系电话、工作内容、监督电话
 * 等基本信息进行公示。上门入户发放工作联系卡」; DOMAIN.md story 10): for each grid, the people who answer
 * for it — name, 职务, 分工和工作内容 and a phone given *for publishing* — and the village's 监督电话.
 *
 * These are the only phones that reach a public page, so they are entered here on purpose, one
 * field labelled as published, never taken from an account or the ledger. Layout in
 * `<villageId>/liulian` (next to the 四至 of `gridBoard`, the same wall board):
 *
 *   gridStaff   gridId → Y.Map(personId → Y.Map {name, title, duties, phone, photo?})
 *               a field each, so a new phone typed on one device and a new 分工 on another both survive;
 *               `photo` is the SHA-256 of the person's photo (DOMAIN.md story 10: 「my grid chief's
 *               photo」), an attachment linked under `gridStaff/<gridId>/<personId>` in the same doc's
 *               `attachments` map (shared/attachments/links.ts), which carries its type and size
 *   boardInfo   Y.Map {supervisionPhone, supervisionUnit, gridMap?}
 *               `gridMap`: the SHA-256 of the village's 网格分布图 (a drawn or printed map, photographed
 *               or scanned: seed 000 「社区网格分布图」 on the wall), linked under the owner `gridMap`
 *
 * Everything read back is checked again (another device wrote it): a person whose fields do not
 * parse is left off the public page rather than shown half right.
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { newId } from '../ids.js'
import { normalisePhone } from '../ledger/phone.js'
import { toHalfWidth } from '../text/halfWidth.js'
import { compareZh } from '../collate.js'
import type { AttachmentLink } from '../api/attachments.js'
import { addAttachmentLink, attachmentLinks, removeAttachmentLink } from '../attachments/links.js'

export const GRID_STAFF_DOC = { staff: 'gridStaff', info: 'boardInfo' } as const

/** 职务 as the source plans name grid staff (DOMAIN.md §1.2), in the order a board lists them. */
export const STAFF_TITLES = ['网格长', '网格指导员', '专职网格员', '兼职网格员', '网格员', '网格信息员'] as const
export type StaffTitle = (typeof STAFF_TITLES)[number]

const phone = (label: string) =>
  z.string().transform((raw, ctx) => {
    const result = normalisePhone(raw, label)
    if (result.ok) return result.value
    ctx.addIssue({ code: 'custom', message: raw.trim() === '' ? `请填写${label}` : result.error })
    return z.NEVER
  })

export const staffInputSchema = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(20, '姓名不能超过 20 个字'),
  title: z.enum(STAFF_TITLES, '请选择职务'),
  duties: z.string().trim().max(60, '分工和工作内容不能超过 60 个字'),
  phone: phone('联系电话'),
})
export type StaffInput = z.input<typeof staffInputSchema>
/** An image published on the 网格员公示 (a person's photo, the 网格分布图) as the pages need it: its file and type. */
export type PublicImage = { sha256: string; type: string }
export type Staff = z.output<typeof staffInputSchema> & { id: string; photo: PublicImage | null }

/** The owner of a person's photo link in the doc's `attachments` map. */
export const staffPhotoOwner = (gridId: string, id: string) => `gridStaff/${gridId}/${id}`
/** The owner of the 网格分布图's link. */
export const GRID_MAP_OWNER = 'gridMap'

/** An image every phone's browser shows: prepareFile makes JPEGs; PNG and WebP pass as they are. */
export const PUBLIC_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp'])
const NOT_AN_IMAGE = '须是 JPG、PNG 或 WebP 图片'

/** A 监督电话 may also be a short government hotline (12345, 12388), which has no area code. */
const HOTLINE = /^1\d{2,4}$/

export const boardInfoSchema = z.object({
  supervisionPhone: z.string().transform((raw, ctx) => {
    const text = toHalfWidth(raw).replace(/\s/g, '')
    if (text === '' || HOTLINE.test(text)) return text
    const result = normalisePhone(raw, '监督电话')
    if (result.ok) return result.value
    ctx.addIssue({ code: 'custom', message: result.error })
    return z.NEVER
  }),
  supervisionUnit: z.string().trim().max(30, '受理单位不能超过 30 个字'),
})
export type BoardInfoInput = z.input<typeof boardInfoSchema>
export type BoardInfo = z.output<typeof boardInfoSchema>

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<string, string>> }

function check<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  const errors: Partial<Record<string, string>> = {}
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message
  return { ok: false, errors }
}

function staffMap(doc: Y.Doc): Y.Map<Y.Map<Y.Map<string>>> {
  return doc.getMap<Y.Map<Y.Map<string>>>(GRID_STAFF_DOC.staff)
}

/** Adds a person to a grid's board, or with `id` changes one; writes only the fields that changed. */
export function putStaff(doc: Y.Doc, gridId: string, input: StaffInput, id?: string): Checked<Staff> {
  const checked = check(staffInputSchema, input)
  if (!checked.ok) return checked
  const staff: Staff = { ...checked.value, id: id ?? newId(), photo: null }
  doc.transact(() => {
    const grids = staffMap(doc)
    let people = grids.get(gridId)
    if (!(people instanceof Y.Map)) {
      people = new Y.Map<Y.Map<string>>()
      grids.set(gridId, people)
    }
    let person = people.get(staff.id)
    if (!(person instanceof Y.Map)) {
      person = new Y.Map<string>()
      people.set(staff.id, person)
    }
    for (const key of ['name', 'title', 'duties', 'phone'] as const) if (person.get(key) !== staff[key]) person.set(key, staff[key])
    staff.photo = photoOf(doc, gridId, staff.id, person)
  })
  return { ok: true, value: staff }
}

/** Takes a person off the board, with their photo's link (the relay keeps the bytes, as for any file). */
export function removeStaff(doc: Y.Doc, gridId: string, id: string): void {
  const people = staffMap(doc).get(gridId)
  if (!(people instanceof Y.Map)) return
  doc.transact(() => {
    for (const link of attachmentLinks(doc, staffPhotoOwner(gridId, id))) removeAttachmentLink(doc, staffPhotoOwner(gridId, id), link.sha256)
    people.delete(id)
  })
}

/**
 * Sets a person's photo (a file this device attached: workspace.attachFile), or with null takes
 * it off. The previous photo's link goes, so the page never shows an old face beside a new one.
 */
export function setStaffPhoto(doc: Y.Doc, gridId: string, id: string, link: AttachmentLink | null): Checked<PublicImage | null> {
  const person = staffMap(doc).get(gridId)?.get(id)
  if (!(person instanceof Y.Map)) return { ok: false, errors: { photo: '这位网格员已从公示中移除，不能再设置照片' } }
  if (link && !PUBLIC_IMAGE_TYPES.has(link.type)) return { ok: false, errors: { photo: `照片${NOT_AN_IMAGE}` } }
  return { ok: true, value: setImage(doc, person, 'photo', staffPhotoOwner(gridId, id), link) }
}

/** Sets the village's 网格分布图, or with null takes it off the page. */
export function setGridMap(doc: Y.Doc, link: AttachmentLink | null): Checked<PublicImage | null> {
  if (link && !PUBLIC_IMAGE_TYPES.has(link.type)) return { ok: false, errors: { gridMap: `网格分布图${NOT_AN_IMAGE}` } }
  return { ok: true, value: setImage(doc, doc.getMap<string>(GRID_STAFF_DOC.info), 'gridMap', GRID_MAP_OWNER, link) }
}

export function readGridMap(doc: Y.Doc): PublicImage | null {
  return imageOf(doc, doc.getMap<string>(GRID_STAFF_DOC.info), 'gridMap', GRID_MAP_OWNER)
}

/** One image in `field` of `map`, linked under `owner`: the previous one's link goes with it. */
function setImage(doc: Y.Doc, map: Y.Map<string>, field: string, owner: string, link: AttachmentLink | null): PublicImage | null {
  doc.transact(() => {
    for (const old of attachmentLinks(doc, owner)) if (old.sha256 !== link?.sha256) removeAttachmentLink(doc, owner, old.sha256)
    if (link) {
      addAttachmentLink(doc, owner, link)
      if (map.get(field) !== link.sha256) map.set(field, link.sha256)
    } else if (map.has(field)) map.delete(field)
  })
  return link ? { sha256: link.sha256, type: link.type } : null
}

/** The image `field` names, when the doc links it under `owner` as an image (another device wrote both: checked). */
function imageOf(doc: Y.Doc, map: Y.Map<string>, field: string, owner: string): PublicImage | null {
  const sha256 = map.get(field)
  if (typeof sha256 !== 'string') return null
  const link = attachmentLinks(doc, owner).find((l) => l.sha256 === sha256)
  return link && PUBLIC_IMAGE_TYPES.has(link.type) ? { sha256, type: link.type } : null
}

const photoOf = (doc: Y.Doc, gridId: string, id: string, person: Y.Map<string>) => imageOf(doc, person, 'photo', staffPhotoOwner(gridId, id))

const titleRank = (title: string) => STAFF_TITLES.indexOf(title as StaffTitle)

/** Each grid's staff, 网格长 first, then by 职务 and name; entries that do not parse are left out. */
export function readGridStaff(doc: Y.Doc): Map<string, Staff[]> {
  const out = new Map<string, Staff[]>()
  for (const [gridId, people] of staffMap(doc)) {
    if (!(people instanceof Y.Map)) continue
    const list: Staff[] = []
    for (const [id, person] of people) {
      if (!(person instanceof Y.Map)) continue
      const parsed = staffInputSchema.safeParse(Object.fromEntries(['name', 'title', 'duties', 'phone'].map((k) => [k, String(person.get(k) ?? '')])))
      if (parsed.success) list.push({ ...parsed.data, id, photo: photoOf(doc, gridId, id, person) })
    }
    out.set(gridId, list.sort((a, b) => titleRank(a.title) - titleRank(b.title) || compareZh(a.name, b.name) || compareZh(a.id, b.id)))
  }
  return out
}

export function setBoardInfo(doc: Y.Doc, input: BoardInfoInput): Checked<BoardInfo> {
  const checked = check(boardInfoSchema, input)
  if (!checked.ok) return checked
  const map = doc.getMap<string>(GRID_STAFF_DOC.info)
  doc.transact(() => {
    for (const key of ['supervisionPhone', 'supervisionUnit'] as const) if (map.get(key) !== checked.value[key]) map.set(key, checked.value[key])
  })
  return checked
}

export function readBoardInfo(doc: Y.Doc): BoardInfo {
  const map = doc.getMap<string>(GRID_STAFF_DOC.info)
  const parsed = boardInfoSchema.safeParse({ supervisionPhone: String(map.get('supervisionPhone') ?? ''), supervisionUnit: String(map.get('supervisionUnit') ?? '') })
  return parsed.success ? parsed.data : { supervisionPhone: '', supervisionUnit: '' }
}

/** The 网格员 cell of the 六联 board: 张三（网格长）、李四（专职网格员）, or the free text written before. */
export function staffLine(staff: readonly Staff[] | undefined, freeText: string): string {
  return staff?.length ? staff.map((s) => `${s.name}（${s.title}）`).join('、') : freeText
}

/** A phone as a tel: link target: digits only, an extension dropped (a phone dials the main line). */
export function telHref(phone: string): string {
  return `tel:${phone.split('-').slice(0, 2).join('')}`
}
