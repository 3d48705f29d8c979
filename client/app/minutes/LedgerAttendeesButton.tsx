/**
 * 从台账加入应到人员: adds the village's 村民代表 (or 党员) from every grid's ledger, as this
 * device holds it, to the attendee list as 出席 — the recorder then marks who was away.
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import type { MeetingType } from '../../../shared/meetingIndex'
import { listGrids } from '../../../shared/metaDoc'
import { LEDGER_ATTENDEE_FLAG, ledgerAttendees } from '../../../shared/minutes/ledgerAttendees'
import { addRow, type Row } from '../../../shared/minutes/minutesDoc'
import type { SyncEngine } from '../../sync/engine'
import { errorText } from '../api/http'

type Props = { engine: SyncEngine; meta: Y.Doc; doc: Y.Doc; villageId: string; type: MeetingType; rows: readonly Row[] }

export function LedgerAttendeesButton({ engine, meta, doc, villageId, type, rows }: Props) {
  const [message, setMessage] = useState<string | null>(null)
  const source = LEDGER_ATTENDEE_FLAG[type]
  if (!source) return null
  const add = async () => {
    setMessage(null)
    const handles = await Promise.all(listGrids(meta).map((g) => engine.openDoc(docName({ kind: 'ledger', villageId, gridId: g.id }))))
    try {
      const people = ledgerAttendees(
        handles.map((h) => h.doc),
        type,
        rows,
      )
      doc.transact(() => {
        for (const person of people) addRow(doc, 'attendees', { ...person, attendance: 'present' })
      })
      setMessage(people.length > 0 ? `已从台账加入 ${people.length} 名${source.role}，请把没到会的改为缺席或请假。` : `台账里的${source.role}都已在名单中。`)
    } finally {
      for (const h of handles) h.release()
    }
  }
  return (
    <div className="actions wrap">
      <button
        type="button"
        className="secondary"
        data-testid="attendees-from-ledger"
        onClick={() =>
          add().catch((error: unknown) => {
            console.error('adding attendees from the ledger failed', error)
            setMessage(`没能读取台账：${errorText(error)}`)
          })
        }
      >
        从台账加入{source.role}
      </button>
      {message && (
        <span className="small" role="status">
          {message}
        </span>
      )}
    </div>
  )
}
