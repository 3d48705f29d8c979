/**
 * A 四议两公开 step takes its numbers from the minutes it links instead of having them typed
 * again: 应到 = the minutes' attendee rows, 实到 = those marked 出席, and the votes of the
 * resolution chosen (the first one when the meeting passed only one). The minutes doc is opened
 * through the engine like any doc (IndexedDB first), so this works offline too.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import { listArray, readHeader, readRows, type Row } from '../../../shared/minutes/minutesDoc'
import { useDoc, type DocHandle, type DocOpener } from '../hooks/useDoc'

export type LinkedTally = { date: string; eligible: number; present: number; resolutions: { id: string; text: string; for: string; against: string; abstain: string }[] }

export function tallyOf(doc: Y.Doc): LinkedTally {
  const attendees = readRows(doc, 'attendees')
  return {
    date: readHeader(doc).date,
    eligible: attendees.length,
    present: attendees.filter((a) => a.attendance === 'present').length,
    resolutions: readRows(doc, 'resolutions').map((r: Row) => ({ id: r.id, text: r.text ?? '', for: r.for ?? '', against: r.against ?? '', abstain: r.abstain ?? '' })),
  }
}

export function useLinkedTally(engine: DocOpener<DocHandle> | null, villageId: string, meetingId: string): LinkedTally | null {
  const state = useDoc(engine, meetingId ? docName({ kind: 'minutes', villageId, meetingId }) : null)
  const doc = state.status === 'ready' ? state.handle.doc : null
  const [tally, setTally] = useState<LinkedTally | null>(null)
  useEffect(() => {
    if (!doc) return setTally(null)
    const update = () => setTally(tallyOf(doc))
    update()
    const lists = [listArray(doc, 'attendees'), listArray(doc, 'resolutions')]
    for (const list of lists) list.observeDeep(update)
    return () => lists.forEach((list) => list.unobserveDeep(update))
  }, [doc])
  return tally
}
