/**
 * Layout of a `<villageId>/minutes/<meetingId>` document (DESIGN.md "Documents"):
 *
 *   meeting        Y.Map of plain header fields (fields.ts MEETING), one key each, so two
 *                  cadres editing different fields both win
 *   attendees, agenda, resolutions, actions, links
 *                  Y.Array of Y.Map rows {id, ...fields}; rows are added and removed whole, a
 *                  row's fields edited in place, so concurrent edits of different rows merge
 *   body           Y.XmlFragment bound to Tiptap (y-prosemirror layout: element per node,
 *                  Y.XmlText per text run)
 *   finalisations  Y.Array of plain stamps the SERVER appends when it stores a finalised version
 *   confirmations  Y.Array of plain stamps the SERVER appends when an attendee confirms
 *
 * The stamps are a mirror of the server's version table (server/storage/minutesVersions*.ts) so
 * every device, offline too, knows the meeting is finalised; the table is the authority.
 */
import * as Y from 'yjs'
import { readFacts, type Unreadable } from '../facts.js'
import { newId } from '../ids.js'
import type { MeetingIndexEntry, MeetingType } from '../meetingIndex.js'
import { HEADER_KEYS, listFieldKeys, MEETING, type HeaderField, type ListField, type ListName } from './fields.js'
import type { ConfirmStamp, FinalStamp } from './stamps.js'

export { confirmStampSchema, finalStampSchema, type ConfirmStamp, type FinalStamp } from './stamps.js'

/** The doc's top-level keys, from the meeting's description. */
export const MINUTES = {
  meeting: MEETING.root,
  body: 'body',
  finalisations: 'finalisations' satisfies keyof typeof MEETING.facts,
  confirmations: 'confirmations' satisfies keyof typeof MEETING.facts,
} as const

export type Header = Record<HeaderField, string>
export type Row = { id: string } & Record<string, string>

export const meetingMap = (doc: Y.Doc): Y.Map<string> => doc.getMap<string>(MINUTES.meeting)
export const listArray = (doc: Y.Doc, list: ListName): Y.Array<Y.Map<string>> => doc.getArray<Y.Map<string>>(list)
export const bodyFragment = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(MINUTES.body)
export const finalisationsArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>(MINUTES.finalisations)
export const confirmationsArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>(MINUTES.confirmations)

export function readHeader(doc: Y.Doc): Header {
  const map = meetingMap(doc)
  const out = {} as Header
  for (const key of HEADER_KEYS) out[key] = String(map.get(key) ?? '')
  return out
}

export function readRows(doc: Y.Doc, list: ListName): Row[] {
  const keys = listFieldKeys(list)
  return listArray(doc, list)
    .toArray()
    .filter((m) => m instanceof Y.Map)
    .map((m) => {
      const row: Row = { id: String(m.get('id') ?? '') }
      for (const key of keys) row[key] = String(m.get(key) ?? '')
      return row
    })
}

export function addRow<L extends ListName>(doc: Y.Doc, list: L, values: Partial<Record<ListField<L>, string>>): string {
  const id = newId()
  doc.transact(() => {
    const map = new Y.Map<string>()
    map.set('id', id)
    for (const key of listFieldKeys(list)) map.set(key, values[key] ?? '')
    listArray(doc, list).push([map])
  })
  return id
}

export function setRowField<L extends ListName>(doc: Y.Doc, list: L, id: string, field: ListField<L>, value: string): void {
  const row = listArray(doc, list)
    .toArray()
    .find((m) => m instanceof Y.Map && m.get('id') === id)
  if (row && row.get(field) !== value) row.set(field, value)
}

export function removeRow(doc: Y.Doc, list: ListName, id: string): void {
  const array = listArray(doc, list)
  const index = array.toArray().findIndex((m) => m instanceof Y.Map && m.get('id') === id)
  if (index >= 0) array.delete(index, 1)
}

export function setHeaderField(doc: Y.Doc, field: HeaderField, value: string): void {
  const map = meetingMap(doc)
  if (map.get(field) !== value) map.set(field, value)
}

/** What the meta doc's meeting index holds for this meeting (kept in step on every header edit). */
export function indexEntry(meetingId: string, header: Header): MeetingIndexEntry {
  return { id: meetingId, type: header.type as MeetingType, title: header.title, date: header.date }
}

export function latestFinal(doc: Y.Doc): FinalStamp | null {
  const stamps = readFacts(finalisationsArray(doc), MEETING.facts.finalisations).facts
  let latest: FinalStamp | null = null
  for (const s of stamps) if (!latest || s.version > latest.version) latest = s
  return latest
}

export function confirmationsFor(doc: Y.Doc, hash: string): ConfirmStamp[] {
  const seen = new Set<string>()
  return readConfirmations(doc).filter((c) => c.hash === hash && !seen.has(c.userId) && seen.add(c.userId))
}

export function readConfirmations(doc: Y.Doc): ConfirmStamp[] {
  return readFacts(confirmationsArray(doc), MEETING.facts.confirmations).facts
}

/** Stamps another peer wrote that do not parse: kept in the doc, never counted as a version or confirmation. */
export function unreadableStamps(doc: Y.Doc): Unreadable[] {
  return [...readFacts(finalisationsArray(doc), MEETING.facts.finalisations).unreadable, ...readFacts(confirmationsArray(doc), MEETING.facts.confirmations).unreadable]
}
