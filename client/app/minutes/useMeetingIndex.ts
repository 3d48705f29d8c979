/** The meta doc's meeting index as React state (re-read on any change inside it). */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { listMeetings, meetingIndexMap, type MeetingIndexEntry } from '../../../shared/meetingIndex'

export function useMeetingIndex(meta: Y.Doc | null): MeetingIndexEntry[] {
  const [meetings, setMeetings] = useState<MeetingIndexEntry[]>(() => (meta ? listMeetings(meta) : []))
  useEffect(() => {
    if (!meta) return
    const index = meetingIndexMap(meta)
    const refresh = () => setMeetings(listMeetings(meta))
    refresh()
    index.observeDeep(refresh)
    return () => index.unobserveDeep(refresh)
  }, [meta])
  return meetings
}
