/**
 * 矛排例会: copies the village's current dispute list (every grid's ledger, as this device holds
 * it) into the minutes body at the cursor, as a dated snapshot block.
 */
import type { Editor } from '@tiptap/react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import { disputeSnapshotRows } from '../../../shared/ledger/disputeSnapshot'
import { listGrids } from '../../../shared/metaDoc'
import { disputeSnapshotNodes } from '../../../shared/minutes/disputeSnapshot'
import type { SyncEngine } from '../../sync/engine'

export async function insertDisputeSnapshot(engine: SyncEngine, meta: Y.Doc, villageId: string, editor: Editor, today: string): Promise<number> {
  const grids = listGrids(meta)
  const handles = await Promise.all(grids.map((g) => engine.openDoc(docName({ kind: 'ledger', villageId, gridId: g.id }))))
  try {
    const rows = disputeSnapshotRows(
      handles.map((h) => h.doc),
      today,
    )
    editor.chain().focus().insertContent(disputeSnapshotNodes(rows, today)).run()
    return rows.length
  } finally {
    for (const h of handles) h.release()
  }
}
