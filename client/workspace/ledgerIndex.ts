/**
 * The village's ledger as plain records, kept current from the open grid docs. Each record is
 * re-read only when an edit touches it (observeDeep tells which), so a remote edit to one
 * household in a 16,000-resident village costs one record, not the village. A store whose
 * snapshot is a version number (bumped on every change), read through useStore.
 */
import * as Y from 'yjs'
import type { LedgerRecord } from '../../shared/ledger/kind'
import { readRecord, recordsMap } from '../../shared/ledger/ledgerDoc'
import { RECORD_KINDS } from '../../shared/ledger/kinds/index'

type Source = { gridId: string; doc: Y.Doc; cleanups: (() => void)[] }

export class LedgerIndex {
  private readonly byKind = new Map<string, Map<string, LedgerRecord>>()
  private readonly lists = new Map<string, LedgerRecord[]>()
  private readonly sources = new Map<string, Source>()
  private readonly listeners = new Set<() => void>()
  private scheduled = false
  /** Bumped on every change; a cheap snapshot key for React. */
  version = 0

  /** Reads every record of one grid doc and follows its edits until detached. */
  attach(key: string, gridId: string, docKind: 'ledger' | 'sensitive', doc: Y.Doc): void {
    this.detach(key)
    const started = performance.now()
    const source: Source = { gridId, doc, cleanups: [] }
    for (const def of RECORD_KINDS) {
      if (def.doc !== docKind) continue
      const map = recordsMap(doc, def.kind)
      const records = this.kindMap(def.kind)
      for (const [id, value] of map) this.put(records, def.kind, gridId, id, value)
      const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
        const touched = new Set<string>()
        for (const event of events) {
          if (event.target === map) for (const id of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(id)
          else if (typeof event.path[0] === 'string') touched.add(event.path[0])
        }
        for (const id of touched) this.put(records, def.kind, gridId, id, map.get(id))
        this.changed(def.kind)
      }
      map.observeDeep(observer)
      source.cleanups.push(() => {
        map.unobserveDeep(observer)
        for (const id of map.keys()) records.delete(id)
        this.changed(def.kind)
      })
    }
    this.sources.set(key, source)
    for (const def of RECORD_KINDS) if (def.doc === docKind) this.changed(def.kind)
    // Read by bench:ledger, which splits the time to the first row into its parts.
    performance.measure('cunwu:index', { start: started })
  }

  detach(key: string): void {
    const source = this.sources.get(key)
    if (!source) return
    this.sources.delete(key)
    for (const cleanup of source.cleanups) cleanup()
  }

  /** Every live record of a kind across the attached grids (a stable array until it changes). */
  records(kind: string): LedgerRecord[] {
    let list = this.lists.get(kind)
    if (!list) {
      list = [...(this.byKind.get(kind)?.values() ?? [])]
      this.lists.set(kind, list)
    }
    return list
  }

  get(kind: string, id: string): LedgerRecord | undefined {
    return this.byKind.get(kind)?.get(id)
  }

  /** The doc holding a grid's records of the given doc kind, if attached. */
  doc(key: string): Y.Doc | undefined {
    return this.sources.get(key)?.doc
  }

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  getSnapshot = (): number => this.version

  destroy(): void {
    for (const key of [...this.sources.keys()]) this.detach(key)
    this.listeners.clear()
  }

  private kindMap(kind: string): Map<string, LedgerRecord> {
    let map = this.byKind.get(kind)
    if (!map) {
      map = new Map()
      this.byKind.set(kind, map)
    }
    return map
  }

  private put(records: Map<string, LedgerRecord>, kind: string, gridId: string, id: string, value: unknown): void {
    const record = readRecord(kind, gridId, id, value)
    if (record) records.set(id, record)
    else records.delete(id)
  }

  private changed(kind: string): void {
    this.lists.delete(kind)
    this.version++
    if (this.scheduled) return
    this.scheduled = true
    // One notification per burst of edits (an import or a sync applies thousands at once).
    queueMicrotask(() => {
      this.scheduled = false
      for (const listener of this.listeners) listener()
    })
  }
}
