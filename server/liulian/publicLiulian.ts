/**
 * Reads what the public 六联 board shows (shared/liulian/publicBoard.ts) through the relay: the
 * village's grids, its 六联 doc, and from each grid's ledger only the 户主 of the households the
 * board names (组长, this and next month's 轮值户) and the status of findings raised there. The
 * board is built in 'public' mode, so only surnames leave this function.
 */
import * as Y from 'yjs'
import { docName } from '../../shared/docNames.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { LIULIAN_CAMPAIGN, villageProgress } from '../../shared/liulian/campaign.js'
import { closedInLedgers, villageFigures } from '../../shared/liulian/figures.js'
import { groupViews, listRaised, listTasks, readGridBoards } from '../../shared/liulian/liulianDoc.js'
import { readGridStaff } from '../../shared/liulian/gridStaff.js'
import { boardRows, type Board } from '../../shared/liulian/publicBoard.js'
import { villageGrids } from '../matters/matters.js'
import type { Relay } from '../relay/relay.js'

export async function publicLiulianBoard(relay: Relay, villageId: string, today: string): Promise<Board> {
  const grids = await villageGrids(relay, villageId)
  const name = docName({ kind: 'liulian', villageId })
  const snapshot = await relay.withDoc(name, async (room) => Y.encodeStateAsUpdate(room.doc))
  const doc = new Y.Doc()
  Y.applyUpdate(doc, snapshot)
  const groups = groupViews(doc, today)
  const named = new Set(groups.flatMap((g) => [g.leaderHouseholdId, g.duty.current, g.duty.next]).filter((id): id is string => id !== null))
  const raisedGrids = new Set(listRaised(doc).map((r) => r.gridId))
  const headNames = new Map<string, string>()
  // Ledger copies holding only the raised records, so figures can read their status.
  const ledgers = new Map<string, Y.Doc>()
  for (const grid of grids) {
    await relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grid.id }), async (room) => {
      for (const h of listRecords(room.doc, 'household', grid.id)) if (named.has(h.id)) headNames.set(h.id, String(h.values.headName ?? ''))
      if (raisedGrids.has(grid.id)) ledgers.set(grid.id, cloneDoc(room.doc))
    })
  }
  const board = boardRows(
    {
      grids,
      gridBoards: readGridBoards(doc),
      gridStaff: readGridStaff(doc),
      groups,
      headName: (id) => headNames.get(id) ?? null,
      figures: villageFigures(doc, today, closedInLedgers(ledgers, today)),
      // The public board says done or 推进中, never overdue: no start date needed.
      progress: villageProgress(LIULIAN_CAMPAIGN, today.slice(0, 4), listTasks(doc), today, null),
    },
    'public',
  )
  doc.destroy()
  for (const d of ledgers.values()) d.destroy()
  return board
}

function cloneDoc(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
  return doc
}
