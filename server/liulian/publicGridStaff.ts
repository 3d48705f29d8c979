/**
 * Reads the 网格员公示 (shared/liulian/gridStaff.ts) through the relay: the village's grids from its
 * meta doc, and from its 六联 doc each grid's 四至 and the staff entered for publishing, with the
 * 监督电话. Nothing is read from a ledger: no resident's name, address or phone can reach the page.
 */
import { docName } from '../../shared/docNames.js'
import { readBoardInfo, readGridMap, readGridStaff, type BoardInfo, type PublicImage, type Staff } from '../../shared/liulian/gridStaff.js'
import { readGridBoards } from '../../shared/liulian/liulianDoc.js'
import { villageGrids } from '../matters/matters.js'
import type { Relay } from '../relay/relay.js'
import type { AttachmentStore } from '../storage/attachments.js'

export type PublicGrid = { id: string; name: string; bounds: string; staff: Staff[] }
export type PublicGridStaff = { grids: PublicGrid[]; info: BoardInfo; map: PublicImage | null }

/**
 * The 网格员公示 for the public pages. A photo or the 网格分布图 shows once its upload is complete on
 * the relay (a cadre may have set it offline): until then it is left out, never a broken image.
 */
export async function publicGridStaff(relay: Relay, attachments: AttachmentStore, villageId: string): Promise<PublicGridStaff> {
  const data = await gridStaffOf(relay, villageId)
  const uploaded = async (image: PublicImage | null) => (image && (await attachments.get(villageId, image.sha256))?.complete ? image : null)
  for (const grid of data.grids) {
    for (const person of grid.staff) person.photo = await uploaded(person.photo)
  }
  data.map = await uploaded(data.map)
  return data
}

/** The published image with this hash, if the page shows it now: what /grids/photos/<sha256> may serve. */
export function publishedImage(data: PublicGridStaff, sha256: string): { type: string; name: string } | null {
  const named = (image: PublicImage, name: string) => ({ type: image.type, name: `${name}.${image.type.slice('image/'.length)}` })
  if (data.map?.sha256 === sha256) return named(data.map, '网格分布图')
  for (const grid of data.grids) {
    for (const person of grid.staff) if (person.photo?.sha256 === sha256) return named(person.photo, person.name)
  }
  return null
}

async function gridStaffOf(relay: Relay, villageId: string): Promise<PublicGridStaff> {
  const grids = await villageGrids(relay, villageId)
  return relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) => {
    const boards = readGridBoards(room.doc)
    const staff = readGridStaff(room.doc)
    return {
      grids: grids.map((g) => ({ id: g.id, name: g.name, bounds: boards.get(g.id)?.bounds ?? '', staff: staff.get(g.id) ?? [] })),
      info: readBoardInfo(room.doc),
      map: readGridMap(room.doc),
    }
  })
}
