/**
 * Reads the 网格员公示 (shared/liulian/gridStaff.ts) through the relay: the village's grids from its
 * meta doc, and from its 六联 doc each grid's 四至 and the staff entered for publishing, with the
 * 监督电话. Nothing is read from a ledger: no resident's name, address or phone can reach the page.
 */
import { docName } from '../../shared/docNames.js'
import { readBoardInfo, readGridStaff, type BoardInfo, type Staff } from '../../shared/liulian/gridStaff.js'
import { readGridBoards } from '../../shared/liulian/liulianDoc.js'
import { villageGrids } from '../matters/matters.js'
import type { Relay } from '../relay/relay.js'

export type PublicGrid = { id: string; name: string; bounds: string; staff: Staff[] }
export type PublicGridStaff = { grids: PublicGrid[]; info: BoardInfo }

export async function publicGridStaff(relay: Relay, villageId: string): Promise<PublicGridStaff> {
  const grids = await villageGrids(relay, villageId)
  return relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) => {
    const boards = readGridBoards(room.doc)
    const staff = readGridStaff(room.doc)
    return {
      grids: grids.map((g) => ({ id: g.id, name: g.name, bounds: boards.get(g.id)?.bounds ?? '', staff: staff.get(g.id) ?? [] })),
      info: readBoardInfo(room.doc),
    }
  })
}
