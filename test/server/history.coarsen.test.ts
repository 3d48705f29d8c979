/**
 * Seeded: three authors (two of them on one device each, one working offline) edit a ledger-like
 * doc for twelve days, overwriting the same few fields many times a day and removing records.
 * Coarsening the days before a cutoff must keep the doc's content at every coarsened day's end and
 * at every time after the cutoff, keep the rows after the cutoff as they were, shrink the log, and
 * change nothing when run again.
 */
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { coarsenHistory } from '../../server/history/coarsen.js'
import { docAt, restoreUpdate } from '../../server/history/restore.js'
import type { HistoryReplacement, HistoryRow } from '../../server/storage/types.js'

const AUTHORS = [
  { userId: 'u-zhang', device: 'phone-zhang', offline: false },
  { userId: 'u-wang', device: 'pc-office', offline: false },
  { userId: 'u-li', device: 'phone-li', offline: true },
] as const
const DAY_MS = 86_400_000
// 2026-11-01 08:00 Beijing time.
const START = Date.parse('2026-11-01T00:00:00Z')

function writeHistory(seed: number, days: number, editsPerDay: number): HistoryRow[] {
  const gen = prng.create(seed)
  const replicas = AUTHORS.map(() => new Y.Doc())
  const rows: HistoryRow[] = []
  const held: Uint8Array[] = []
  const missed: Uint8Array[] = []
  let id = 0
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < editsPerDay; i++) {
      const a = prng.int32(gen, 0, AUTHORS.length - 1)
      const doc = replicas[a] as Y.Doc
      const author = AUTHORS[a] as (typeof AUTHORS)[number]
      const written: Uint8Array[] = []
      const take = (u: Uint8Array) => void written.push(u)
      doc.on('update', take)
      const records = doc.getMap<Y.Map<string>>('household')
      const key = `h${prng.int32(gen, 0, 9)}`
      doc.transact(() => {
        const existing = records.get(key)
        if (existing && prng.int32(gen, 0, 9) === 0) records.delete(key)
        else if (existing) existing.set(prng.bool(gen) ? 'phone' : 'address', `${day}-${i}-${prng.word(gen, 3, 12)}`)
        else {
          const record = new Y.Map<string>()
          record.set('name', `户${key}`)
          records.set(key, record)
        }
        if (prng.int32(gen, 0, 4) === 0) doc.getText('notes').insert(0, prng.word(gen, 1, 8))
      })
      doc.off('update', take)
      const update = written[0]
      if (!update) continue
      if (author.offline) {
        held.push(update)
        continue
      }
      rows.push({ id: ++id, at: new Date(START + day * DAY_MS + i * 60_000).toISOString(), ...author, sessionKey: `s${a}`, deviceAt: null, records: 1, removed: 0, update })
      // The relay passes each edit on to the replicas online; the offline one catches up at night.
      for (const other of replicas.slice(0, 2)) if (other !== doc) Y.applyUpdate(other, update)
      missed.push(update)
    }
    // The offline device comes back in the evening: its edits are merged, then it catches up.
    const evening = START + day * DAY_MS + 10 * 3_600_000
    for (const [k, update] of held.entries()) {
      rows.push({ id: ++id, at: new Date(evening + k).toISOString(), ...AUTHORS[2], sessionKey: 's2', deviceAt: null, records: 1, removed: 0, update })
      for (const other of replicas.slice(0, 2)) Y.applyUpdate(other, update)
    }
    for (const update of missed) Y.applyUpdate(replicas[2] as Y.Doc, update)
    held.length = 0
    missed.length = 0
  }
  return rows
}

function apply(rows: readonly HistoryRow[], coarsened: readonly HistoryReplacement[]): HistoryRow[] {
  const gone = new Set(coarsened.flatMap((c) => c.replaces))
  return [...rows.filter((r) => !gone.has(r.id)), ...coarsened.map((c) => c.row)].sort((a, b) => a.id - b.id)
}

const content = (rows: readonly HistoryRow[], at: string) => {
  const doc = docAt(rows, at)
  const json = { household: doc.getMap('household').toJSON(), notes: doc.getText('notes').toString() }
  doc.destroy()
  return json
}

const bytes = (rows: readonly HistoryRow[]) => rows.reduce((n, r) => n + r.update.byteLength, 0)

describe('history coarsening', () => {
  for (const seed of [1, 2, 3]) {
    it(`keeps every day's end and the detail window (seed ${seed})`, () => {
      const rows = writeHistory(seed, 12, 120)
      // The detail window starts with day 9 (Beijing time).
      const cutoff = new Date(START + 8 * DAY_MS).toISOString()
      const coarsened = coarsenHistory(rows, cutoff)
      const after = apply(rows, coarsened)

      expect(coarsened.length).toBeGreaterThan(0)
      expect(after.length).toBeLessThanOrEqual(8 * AUTHORS.length + rows.filter((r) => r.at >= cutoff).length)
      const old = (log: HistoryRow[]) => log.filter((r) => r.at < cutoff)
      // 960 edits of 20 fields became one row per author per day, holding the day's last values.
      expect(bytes(old(after))).toBeLessThan(bytes(old(rows)) * 0.6)
      // Rows of the detail window are untouched.
      expect(after.filter((r) => r.at >= cutoff)).toEqual(rows.filter((r) => r.at >= cutoff))
      // Each day's end, and every time in the detail window, shows what it showed.
      for (let day = 0; day < 12; day++) {
        const end = new Date(START + day * DAY_MS + 16 * 3_600_000 - 1).toISOString()
        expect(content(after, end)).toEqual(content(rows, end))
      }
      for (const r of rows.filter((x) => x.at >= cutoff).filter((_, i) => i % 37 === 0)) expect(content(after, r.at)).toEqual(content(rows, r.at))
      // A coarsened row is one author's day, listed at the day's last change, in the log's order.
      for (const c of coarsened) {
        expect(c.row.id).toBe(Math.min(...c.replaces))
        const replaced = rows.filter((r) => c.replaces.includes(r.id))
        expect(new Set(replaced.map((r) => `${r.userId}/${r.device}`))).toEqual(new Set([`${c.row.userId}/${c.row.device}`]))
        expect(c.row.offline).toBe(replaced.some((r) => r.offline))
      }
      // Run again: nothing more to do.
      expect(coarsenHistory(after, cutoff)).toEqual([])
    })
  }

  it('a restore to a coarsened day brings back what the day ended with', () => {
    const rows = writeHistory(4, 6, 80)
    const cutoff = new Date(START + 5 * DAY_MS).toISOString()
    const after = apply(rows, coarsenHistory(rows, cutoff))
    const dayEnd = new Date(START + 2 * DAY_MS + 16 * 3_600_000 - 1).toISOString()
    const restored = (log: HistoryRow[]) => {
      const current = docAt(log, '9999')
      const update = restoreUpdate(log, dayEnd, current)
      if (update) Y.applyUpdate(current, update)
      return current.getMap('household').toJSON()
    }
    expect(restored(after)).toEqual(content(rows, dayEnd).household)
    expect(restored(rows)).toEqual(content(rows, dayEnd).household)
  })

  it('leaves a day alone for authors who share a Yjs client (one device signed in as two users)', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 4; i++) doc.getMap('household').set('h1', `v${i}`)
    const rows = updates.map((update, i): HistoryRow => ({
      id: i + 1,
      at: new Date(START + i * 60_000).toISOString(),
      userId: i % 2 ? 'u-a' : 'u-b',
      sessionKey: null,
      device: 'shared-pc',
      offline: false,
      deviceAt: null,
      records: 1,
      removed: 0,
      update,
    }))
    expect(coarsenHistory(rows, new Date(START + 2 * DAY_MS).toISOString())).toEqual([])
  })
})
