/**
 * The DocStore interface (types.ts) kept in memory, beside the SQLite and PostgreSQL ones. Used
 * by the deterministic relay tests; never by a running relay (nothing in it survives a restart).
 * Its commits can be held open, so a test decides exactly when a write "reaches the disk" and
 * can check that nothing is acknowledged before it does.
 */
import { shanghaiDate } from '../../shared/civilDate.js'
import type { Attribution, DocStore, HistoryReplacement, HistoryRow, StoredDoc } from './types.js'

export class MemoryDocStore implements DocStore {
  readonly rows = new Map<string, { seq: number; data: Uint8Array }[]>()
  loads = 0
  private seq = 0
  private held: (() => void)[] = []
  hold = false
  failAppends = false

  async load(docName: string): Promise<StoredDoc> {
    this.loads++
    await Promise.resolve()
    const rows = this.rows.get(docName) ?? []
    return { updates: rows.map((r) => r.data), lastSeq: rows.at(-1)?.seq ?? 0, bytes: rows.reduce((n, r) => n + r.data.byteLength, 0) }
  }

  readonly historyRows = new Map<string, HistoryRow[]>()
  private historyId = 0

  async append(docName: string, update: Uint8Array, attribution: readonly Attribution[] = []): Promise<number> {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve))
    if (this.failAppends) throw new Error('disk full')
    await this.appendHistory(docName, attribution)
    const seq = ++this.seq
    const list = this.rows.get(docName) ?? []
    list.push({ seq, data: update })
    this.rows.set(docName, list)
    return seq
  }

  async appendHistory(docName: string, rows: readonly Attribution[]): Promise<void> {
    const list = this.historyRows.get(docName) ?? []
    for (const a of rows) list.push({ ...a, id: ++this.historyId })
    this.historyRows.set(docName, list)
  }

  async history(docName: string, until = '9999'): Promise<HistoryRow[]> {
    return (this.historyRows.get(docName) ?? []).filter((r) => r.at <= until)
  }

  async hasHistory(docName: string): Promise<boolean> {
    return (this.historyRows.get(docName)?.length ?? 0) > 0
  }

  async historyBytes(docName: string): Promise<number> {
    return (this.historyRows.get(docName) ?? []).reduce((n, r) => n + r.update.byteLength + 64, 0)
  }

  async historyDocs(before: string): Promise<string[]> {
    const day = (r: HistoryRow) => JSON.stringify([r.userId, r.device, shanghaiDate(new Date(r.at))])
    return [...this.historyRows]
      .filter(([, rows]) => {
        const old = rows.filter((r) => r.at < before).map(day)
        return new Set(old).size < old.length
      })
      .map(([name]) => name)
  }

  async replaceHistory(docName: string, replacements: readonly HistoryReplacement[]): Promise<boolean> {
    const rows = this.historyRows.get(docName) ?? []
    const ids = new Set(rows.map((r) => r.id))
    if (!replacements.every((x) => x.replaces.every((id) => ids.has(id)))) return false
    const gone = new Set(replacements.flatMap((x) => x.replaces))
    const next = [...rows.filter((r) => !gone.has(r.id)), ...replacements.map((x) => x.row)]
    this.historyRows.set(docName, next.sort((a, b) => a.id - b.id))
    return true
  }

  async compact(docName: string, upToSeq: number, snapshot: Uint8Array): Promise<void> {
    const kept = (this.rows.get(docName) ?? []).filter((r) => r.seq > upToSeq)
    this.rows.set(docName, [{ seq: upToSeq, data: snapshot }, ...kept])
  }

  async docVersions(villageId: string): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    for (const [name, rows] of this.rows) if (name.startsWith(`${villageId}/`) && rows.length > 0) out.set(name, rows.at(-1)?.seq ?? 0)
    return out
  }

  async compactFromLog(docName: string, build: (updates: Uint8Array[]) => Uint8Array): Promise<number | null> {
    const rows = this.rows.get(docName) ?? []
    const last = rows.at(-1)
    if (!last || rows.length < 2) return null
    const snapshot = build(rows.map((r) => r.data))
    this.rows.set(docName, [{ seq: last.seq, data: snapshot }])
    return snapshot.byteLength
  }

  /** Lets every held append commit. */
  release(): void {
    this.hold = false
    for (const resolve of this.held.splice(0)) resolve()
  }

  rowCount(docName: string): number {
    return this.rows.get(docName)?.length ?? 0
  }
}
