/**
 * Hand-over between grids (issue #15): a household (with its members), incident, dispute or
 * hazard recorded in the wrong grid, or a family that moved, is handed to another grid of the
 * same village. It is done by a member who may write both grid docs (a village cadre), on their
 * device, offline like any edit, in two steps that each commit alone:
 *
 * - the target grid's doc gets a copy under a new id, with every field, the reporter and time it
 *   was entered, and its whole `_facts` log (so its status and 谁上报谁核查 carry over), plus
 *   `_handedFrom` (the hand-over: from/to grid, the source id, who, when, why) — the link back to
 *   the source record and its history;
 * - the source record is kept as a tombstone: marked removed (it leaves every list and figure of
 *   its grid) and gets the same hand-over under its own `_movedTo:<id>` key, which the source grid's
 *   workers read as 「已移交至 X网格」. Nothing is deleted on either side.
 *
 * A household moves with its members (residents whose 所属户 is it), their 所属户 pointing at the
 * household's copy. Sensitive-doc records stay where they are (a grant the cadre may not hold).
 *
 * Two devices handing over the same record before they sync: each writes its own copy (a new id
 * each, so neither copy's later edits can be overwritten by the other's) and each appends to the
 * source record's hand-overs. The rule: the earliest hand-over (time, then id) is the one that stands;
 * every later copy of the same source is a duplicate, flagged on its page (重复移交) with the copy
 * that stands, for a person to remove — never silently kept as a second record, never silently
 * dropped. A copy learns of this from the target doc alone when both went to the same grid, and
 * from the source doc (open on a cadre's device) when they went to different grids.
 *
 * A grid worker, who may write only their own grid, asks instead (申请移交): the ask is a key on
 * the record in their own grid doc (`_handOverAsk:<id>`: to which grid, why, who, when), so it
 * works offline and syncs like any edit. A village cadre sees it on the record and in the
 * village's list of asks, and either hands the record over (the tombstone answers the ask) or
 * declines it with a note (`_handOverDeclined:<ask id>`), which the worker reads on the record.
 * One open ask per record; after a decline the worker may ask again.
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { newId } from '../ids.js'
import { FACTS } from './kind.js'
import { fieldValue, recordFields, recordsMap } from './ledgerDoc.js'

export const HANDOVER_KINDS = ['household', 'incident', 'dispute', 'thing'] as const
/**
 * Each hand-over is its own key on the source record (`_movedTo:<hand-over id>`), not an entry of
 * one shared array: two devices creating that array concurrently would keep only one of them.
 */
const MOVED_TO = '_movedTo:'
const HANDED_FROM = '_handedFrom'
const ASK = '_handOverAsk:'
const DECLINED = '_handOverDeclined:'

const gridRef = z.object({ gridId: z.string(), gridName: z.string() })
export const handOverSchema = z.object({
  id: z.string(),
  kind: z.string(),
  sourceId: z.string(),
  copyId: z.string(),
  from: gridRef,
  to: gridRef,
  by: z.string(),
  byName: z.string(),
  at: z.string(),
  reason: z.string(),
})
export type HandOver = z.infer<typeof handOverSchema>
export type GridRef = z.infer<typeof gridRef>

export type HandOverRequest = { kind: string; id: string; from: GridRef; to: GridRef; by: string; byName: string; at: string; reason: string }

/** Copies the record (and a household's members) into the target doc and leaves the tombstone; the copy's id, or why not (Chinese). */
export function handOverRecord(source: Y.Doc, target: Y.Doc, request: HandOverRequest, makeId: () => string = newId): { copyId: string } | { error: string } {
  if (!(HANDOVER_KINDS as readonly string[]).includes(request.kind)) return { error: '这类记录不能移交' }
  if (request.from.gridId === request.to.gridId) return { error: '请选择另一个网格' }
  if (!request.reason.trim()) return { error: '请写明移交原因' }
  const map = recordsMap(source, request.kind).get(request.id)
  if (!(map instanceof Y.Map)) return { error: '记录不存在' }
  if (map.has('_removedAt')) return { error: movedTo(source, request.kind, request.id).length > 0 ? '这条记录已经移交' : '这条记录已删除' }
  const moves: { kind: string; id: string; map: Y.Map<unknown>; patch: Record<string, string> }[] = [{ kind: request.kind, id: request.id, map, patch: {} }]
  const copyId = makeId()
  if (request.kind === 'household')
    for (const [residentId, resident] of recordsMap(source, 'resident'))
      if (resident instanceof Y.Map && !resident.has('_removedAt') && fieldValue(resident, 'householdId') === request.id) moves.push({ kind: 'resident', id: residentId, map: resident, patch: { householdId: copyId } })
  const entries = moves.map((m, i): HandOver => ({
    id: makeId(),
    kind: m.kind,
    sourceId: m.id,
    copyId: i === 0 ? copyId : makeId(),
    from: request.from,
    to: request.to,
    by: request.by,
    byName: request.byName,
    at: request.at,
    reason: request.reason.trim(),
  }))
  target.transact(() => {
    moves.forEach((m, i) => recordsMap(target, m.kind).set(entries[i]!.copyId, copyOf(m.map, m.patch, entries[i]!)))
  })
  source.transact(() => {
    moves.forEach((m, i) => {
      m.map.set(`${MOVED_TO}${entries[i]!.id}`, entries[i])
      m.map.set('_removedAt', request.at)
      m.map.set('_removedBy', request.byName)
    })
  })
  return { copyId }
}

function copyOf(source: Y.Map<unknown>, patch: Record<string, string>, entry: HandOver): Y.Map<unknown> {
  // The copy is not in a doc yet: `has` would not see what was set, so the keys are tracked here.
  const copy = new Y.Map<unknown>()
  const copied = new Set<string>()
  for (const [key, value] of source.entries()) {
    if (key.startsWith(MOVED_TO) || key.startsWith(ASK) || key.startsWith(DECLINED) || key === HANDED_FROM || key === '_removedAt' || key === '_removedBy') continue
    if (value instanceof Y.Array) copy.set(key, Y.Array.from(value.toArray().map((v) => structuredClone(v))))
    else if (!(value instanceof Y.AbstractType)) copy.set(key, Array.isArray(value) ? [...(value as unknown[])] : value)
    else continue
    copied.add(key)
  }
  if (!copied.has(FACTS)) copy.set(FACTS, new Y.Array<unknown>())
  for (const [key, value] of Object.entries(patch)) copy.set(key, value)
  copy.set(HANDED_FROM, entry)
  return copy
}

/** The hand-overs of a source record, oldest first (more than one: handed over twice concurrently). */
export function movedTo(doc: Y.Doc, kind: string, id: string): HandOver[] {
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map)) return []
  return keyed(map, MOVED_TO, handOverSchema).sort(byTime)
}

/** The values of a record's keys that start with `prefix` and parse with `schema` (others skipped). */
function keyed<T>(map: Y.Map<unknown>, prefix: string, schema: z.ZodType<T>): T[] {
  const out: T[] = []
  for (const [key, raw] of map.entries()) {
    if (!key.startsWith(prefix)) continue
    const parsed = schema.safeParse(raw)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}

/** Where a copy came from, or null for a record entered in its own grid. */
export function handedFrom(doc: Y.Doc, kind: string, id: string): HandOver | null {
  const map = recordsMap(doc, kind).get(id)
  const parsed = handOverSchema.safeParse(map instanceof Y.Map ? map.get(HANDED_FROM) : undefined)
  return parsed.success ? parsed.data : null
}

/** Every tombstone of a grid doc: the records handed over from it, with where they went. */
export function tombstones(doc: Y.Doc, kinds: readonly string[] = HANDOVER_KINDS): { kind: string; id: string; values: Record<string, unknown>; moves: HandOver[] }[] {
  const out: { kind: string; id: string; values: Record<string, unknown>; moves: HandOver[] }[] = []
  for (const kind of kinds)
    for (const [id, map] of recordsMap(doc, kind)) {
      if (!(map instanceof Y.Map) || !map.has('_removedAt')) continue
      const moves = movedTo(doc, kind, id)
      if (moves.length === 0) continue
      const values: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(recordFields(map))) if (!key.startsWith('_')) values[key] = value
      out.push({ kind, id, values, moves })
    }
  return out.sort((a, b) => byTime(b.moves[0]!, a.moves[0]!))
}

/**
 * The hand-over that stands for this copy's source record, when it is not this copy's own (the
 * copy is a duplicate of a concurrent hand-over), else null. `known` are every hand-over of the
 * same source this device can see: other copies in the target doc and the source's `_movedTo`.
 */
export function duplicateOf(own: HandOver, known: readonly HandOver[]): HandOver | null {
  const first = [own, ...known.filter((h) => h.sourceId === own.sourceId && h.kind === own.kind)].sort(byTime)[0]!
  return first.id === own.id ? null : first
}

/** Every hand-over recorded on the copies in a doc (for duplicateOf within one target grid). */
export function copiesIn(doc: Y.Doc, kind: string): HandOver[] {
  const out: HandOver[] = []
  for (const [id, map] of recordsMap(doc, kind)) {
    if (!(map instanceof Y.Map) || map.has('_removedAt')) continue
    const from = handedFrom(doc, kind, id)
    if (from) out.push(from)
  }
  return out
}

function byTime(a: HandOver, b: HandOver): number {
  return a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1
}

// ——— 申请移交: a grid worker's ask, answered by a village cadre ———

export const handOverAskSchema = z.object({ id: z.string(), to: gridRef, reason: z.string(), by: z.string(), byName: z.string(), at: z.string() })
export type HandOverAsk = z.infer<typeof handOverAskSchema>
const declineSchema = z.object({ by: z.string(), byName: z.string(), at: z.string(), note: z.string() })
export type HandOverDecline = z.infer<typeof declineSchema>
export type AskState = { ask: HandOverAsk; declined: HandOverDecline | null }

/** Every ask on a record, oldest first, each with its decline if a cadre declined it. */
export function handOverAsks(doc: Y.Doc, kind: string, id: string): AskState[] {
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map)) return []
  const out = keyed(map, ASK, handOverAskSchema).map((ask): AskState => {
    const declined = declineSchema.safeParse(map.get(`${DECLINED}${ask.id}`))
    return { ask, declined: declined.success ? declined.data : null }
  })
  return out.sort((a, b) => (a.ask.at === b.ask.at ? (a.ask.id < b.ask.id ? -1 : 1) : a.ask.at < b.ask.at ? -1 : 1))
}

/** The ask a cadre still has to answer: not declined, and the record still here (not handed over or removed). */
export function openAsk(doc: Y.Doc, kind: string, id: string): HandOverAsk | null {
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map) || map.has('_removedAt')) return null
  return handOverAsks(doc, kind, id).find((a) => !a.declined)?.ask ?? null
}

/** A grid worker asks for a record of their grid to be handed to another; the ask's id, or why not (Chinese). */
export function askHandOver(doc: Y.Doc, input: { kind: string; id: string; from: GridRef; to: GridRef; reason: string; by: string; byName: string; at: string }, makeId: () => string = newId): { askId: string } | { error: string } {
  if (!(HANDOVER_KINDS as readonly string[]).includes(input.kind)) return { error: '这类记录不能移交' }
  if (!input.to.gridId) return { error: '请选择接收的网格' }
  if (input.to.gridId === input.from.gridId) return { error: '请选择另一个网格' }
  if (!input.reason.trim()) return { error: '请写明移交原因' }
  const map = recordsMap(doc, input.kind).get(input.id)
  if (!(map instanceof Y.Map)) return { error: '记录不存在' }
  if (map.has('_removedAt')) return { error: movedTo(doc, input.kind, input.id).length > 0 ? '这条记录已经移交' : '这条记录已删除' }
  if (openAsk(doc, input.kind, input.id)) return { error: '已申请移交，等待村干部办理' }
  const ask: HandOverAsk = { id: makeId(), to: input.to, reason: input.reason.trim().slice(0, 200), by: input.by, byName: input.byName, at: input.at }
  map.set(`${ASK}${ask.id}`, ask)
  return { askId: ask.id }
}

/** A village cadre declines an ask, saying why; refused in Chinese without a note, or once the ask is no longer open. */
export function declineHandOver(doc: Y.Doc, kind: string, id: string, askId: string, decline: HandOverDecline): { declined: true } | { error: string } {
  const note = decline.note.trim().slice(0, 200)
  if (!note) return { error: '请写明不移交的原因' }
  const map = recordsMap(doc, kind).get(id)
  if (!(map instanceof Y.Map)) return { error: '记录不存在' }
  // Answered meanwhile, on another device or by the hand-over itself.
  if (openAsk(doc, kind, id)?.id !== askId) return { error: '这条申请已经办理' }
  map.set(`${DECLINED}${askId}`, { ...decline, note })
  return { declined: true }
}

/** The open asks of a grid doc, oldest first: what a village cadre has to hand over or decline. */
export function openAsks(doc: Y.Doc, kinds: readonly string[] = HANDOVER_KINDS): { kind: string; id: string; values: Record<string, unknown>; ask: HandOverAsk }[] {
  const out: { kind: string; id: string; values: Record<string, unknown>; ask: HandOverAsk }[] = []
  for (const kind of kinds)
    for (const [id, map] of recordsMap(doc, kind)) {
      if (!(map instanceof Y.Map)) continue
      const ask = openAsk(doc, kind, id)
      if (!ask) continue
      const values: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(recordFields(map))) if (!key.startsWith('_')) values[key] = value
      out.push({ kind, id, values, ask })
    }
  return out.sort((a, b) => (a.ask.at < b.ask.at ? -1 : a.ask.at > b.ask.at ? 1 : 0))
}
