/**
 * The meeting index in the `<villageId>/meta` doc: meetingId → Y.Map {type, title, date}. The
 * meeting itself lives in `<villageId>/minutes/<meetingId>`; the index lets lists, pickers (a
 * 四议两公开 step links its meeting) and cadence checks work without opening every minutes doc.
 * Meeting types follow DOMAIN.md §3.4.
 */
import * as Y from 'yjs'
import { META } from './metaDoc.js'

export const MEETING_TYPES = ['party_branch', 'joint_committee', 'party_members', 'representatives', 'villagers', 'dispute_review', 'grid_work', 'other'] as const
export type MeetingType = (typeof MEETING_TYPES)[number]

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  party_branch: '党支部委员会会议',
  joint_committee: '两委联席会议',
  party_members: '党员大会',
  representatives: '村民代表会议',
  villagers: '村民会议',
  dispute_review: '矛排例会',
  grid_work: '网格工作例会',
  other: '其他',
}

export type MeetingIndexEntry = { id: string; type: MeetingType; title: string; date: string }

export function meetingIndexMap(meta: Y.Doc): Y.Map<Y.Map<string>> {
  return meta.getMap<Y.Map<string>>(META.meetings)
}

/** Sets the index entry's fields (each its own key, so concurrent edits of different fields merge). */
export function upsertMeetingIndex(meta: Y.Doc, entry: MeetingIndexEntry): void {
  meta.transact(() => {
    const index = meetingIndexMap(meta)
    let map = index.get(entry.id)
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<string>()
      index.set(entry.id, map)
    }
    for (const key of ['type', 'title', 'date'] as const) if (map.get(key) !== entry[key]) map.set(key, entry[key])
  })
}

/** Every indexed meeting, newest date first (then id, so the order is total). */
export function listMeetings(meta: Y.Doc): MeetingIndexEntry[] {
  const out: MeetingIndexEntry[] = []
  for (const [id, map] of meetingIndexMap(meta)) {
    if (!(map instanceof Y.Map)) continue
    const type = String(map.get('type') ?? 'other')
    out.push({
      id,
      type: (MEETING_TYPES as readonly string[]).includes(type) ? (type as MeetingType) : 'other',
      title: String(map.get('title') ?? ''),
      date: String(map.get('date') ?? ''),
    })
  }
  return out.sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? 1 : -1))
}
