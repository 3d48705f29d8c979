/**
 * history/restore.ts and history/attribution.ts without a relay: restore to a time on a map of
 * records and on minutes-like rich text (XmlFragment paragraphs), applied to a gc'd live copy as
 * the relay holds it; record counting for added, edited, removed and overwritten records.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { transactionStats } from '../../server/history/attribution.js'
import { docAt, restoreUpdate } from '../../server/history/restore.js'
import type { HistoryRow } from '../../server/storage/types.js'

/** Records every update of `doc` as a history row, one minute apart. */
function recorder(doc: Y.Doc) {
  const rows: HistoryRow[] = []
  let minute = 0
  doc.on('update', (update: Uint8Array) => {
    minute++
    rows.push({ id: minute, at: `2026-11-30T00:${String(minute).padStart(2, '0')}:00.000Z`, userId: 'u', sessionKey: null, device: null, offline: false, deviceAt: null, records: 0, removed: 0, update })
  })
  return rows
}

/** The relay's live copy: a gc'd doc holding every row. */
function liveCopy(rows: HistoryRow[]): Y.Doc {
  const live = new Y.Doc({ gc: true })
  for (const r of rows) Y.applyUpdate(live, r.update)
  return live
}

const paragraph = (text: string) => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

describe('restore', () => {
  it('brings minutes paragraphs back to a time: removed ones return, later ones and edits go', () => {
    const doc = new Y.Doc()
    const rows = recorder(doc)
    const body = doc.getXmlFragment('body')
    body.insert(0, [paragraph('第一段：会议开始'), paragraph('第二段：讨论低保')])
    const at = rows.at(-1)?.at ?? ''
    body.delete(0, 1)
    ;((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, '（已改）')
    body.insert(1, [paragraph('第三段：散会')])
    const live = liveCopy(rows)
    const expected = docAt(rows, at).getXmlFragment('body').toString()
    expect(expected).toContain('第一段')
    const update = restoreUpdate(rows, at, live)
    expect(update).not.toBeNull()
    Y.applyUpdate(live, update as Uint8Array)
    expect(live.getXmlFragment('body').toString()).toBe(expected)
    // A client that never saw the restore converges to the same content.
    const other = liveCopy(rows)
    Y.applyUpdate(other, update as Uint8Array)
    expect(other.getXmlFragment('body').toString()).toBe(expected)
  })

  it('restores records of a map, and is null when nothing was stored after the time', () => {
    const doc = new Y.Doc()
    const rows = recorder(doc)
    const records = doc.getMap<Y.Map<string>>('households')
    const h = new Y.Map<string>()
    h.set('idNumber', '620102199001011234')
    records.set('h1', h)
    const at = rows.at(-1)?.at ?? ''
    expect(restoreUpdate(rows, at, liveCopy(rows))).toBeNull()
    h.set('idNumber', '620102199001019999')
    records.set('h2', new Y.Map<string>())
    const live = liveCopy(rows)
    Y.applyUpdate(live, restoreUpdate(rows, at, live) as Uint8Array)
    expect(live.getMap('households').toJSON()).toEqual({ h1: { idNumber: '620102199001011234' } })
  })
})

describe('record counting', () => {
  it('counts touched records, and removed or overwritten root entries', () => {
    const doc = new Y.Doc()
    const seen: { records: number; removed: number }[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      const s = transactionStats(tr)
      seen.push({ records: s.touched.size, removed: s.removed.size })
    })
    const records = doc.getMap<Y.Map<string>>('households')
    doc.transact(() => {
      for (const id of ['a', 'b', 'c']) records.set(id, new Y.Map<string>())
    })
    doc.transact(() => records.get('a')?.set('phone', '13900000000'))
    doc.transact(() => {
      records.delete('b')
      records.set('c', new Y.Map<string>())
    })
    doc.getText('note').insert(0, '备注')
    expect(seen).toEqual([
      { records: 3, removed: 0 },
      { records: 1, removed: 0 },
      { records: 2, removed: 2 },
      { records: 1, removed: 0 },
    ])
  })
})
