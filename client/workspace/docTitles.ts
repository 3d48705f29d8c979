/**
 * What people call the docs on this device: a grid's name and a meeting's title, read from each
 * village's meta doc (grids, meeting index), so 同步详情 never lists a raw id where a name is
 * known. Reads the meta docs this device holds and gives them back at once.
 */
import { parseDocName } from '../../shared/docNames'
import { listMeetings } from '../../shared/meetingIndex'
import { listGrids } from '../../shared/metaDoc'
import type { SyncEngine } from '../sync/engine'

/** `${villageId}/${gridId}` → grid name and `${villageId}/${meetingId}` → meeting title. */
export type DocTitles = { grids: ReadonlyMap<string, string>; meetings: ReadonlyMap<string, string> }

export async function readDocTitles(engine: Pick<SyncEngine, 'openDoc'>, names: readonly string[]): Promise<DocTitles> {
  const villages = new Set<string>()
  for (const name of names) {
    const ref = parseDocName(name)
    if (ref && ref.kind !== 'meta' && ref.kind !== 'decisions') villages.add(ref.villageId)
  }
  const grids = new Map<string, string>()
  const meetings = new Map<string, string>()
  await Promise.all(
    [...villages].map(async (villageId) => {
      const handle = await engine.openDoc(`${villageId}/meta`)
      try {
        for (const grid of listGrids(handle.doc)) grids.set(`${villageId}/${grid.id}`, grid.code ? `${grid.code} ${grid.name}` : grid.name)
        for (const meeting of listMeetings(handle.doc)) meetings.set(`${villageId}/${meeting.id}`, meeting.date ? `${meeting.date} ${meeting.title}` : meeting.title)
      } finally {
        handle.release()
      }
    }),
  )
  return { grids, meetings }
}
