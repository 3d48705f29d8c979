/**
 * 民呼我应 on the server (issue #23; DESIGN.md "Server-authoritative records": residents' matters
 * are taken by server-rendered public forms, rate-limited, then written into the right grid's doc
 * as an incident with channel 群众反映 — a 邻里纠纷 as a dispute). The write goes through the relay's live copy of the
 * grid's ledger doc and is committed before the resident gets the code, so it reaches the grid
 * worker's device (and its offline copy) like any record. The tracking code row points at it;
 * everything the resident sees is derived from that record's facts (shared/matters/matter.ts).
 */
import * as Y from 'yjs'
import type { AttachmentLink } from '../../shared/api/attachments.js'
import { addAttachmentLink, attachmentLinks, recordOwner } from '../../shared/attachments/links.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { newId } from '../../shared/ids.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { appendFact, createRecord, listRecords, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { validateRecord } from '../../shared/ledger/validate.js'
import type { MatterRating } from '../../shared/ledger/workflows/incident.js'
import { orderFacts } from '../../shared/ledger/workflows/replay.js'
import { matterDisputeValues, matterIncidentValues, matterKind, matterLoop, newTrackingCode, UNSURE_GRID, type MatterForm, type MatterKind, type MatterProgress } from '../../shared/matters/matter.js'
import { listGrids, type Grid } from '../../shared/metaDoc.js'
import type { Relay } from '../relay/relay.js'
import type { MatterRow, MatterStore } from '../storage/matters.js'

/** Who the facts and the record name as their author: the public form, not a person. */
export const PUBLIC_ACTOR = { id: 'public', name: '群众（村务公开栏）' }

/** A problem the resident can act on (shown on the page, their input kept). */
export class MatterError extends Error {}

export async function villageGrids(relay: Relay, villageId: string): Promise<Grid[]> {
  return relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => listGrids(room.doc))
}

/** The record kinds a matter can be; a tracking code names the record by id, whichever kind holds it. */
const MATTER_KINDS: readonly MatterKind[] = ['incident', 'dispute']

/**
 * Writes the matter into its grid's ledger doc and stores its tracking code. "Not sure" goes into
 * the village's first grid, marked 【待村分派】: an incident is escalated at once to 村 level, where
 * the village cadres accept and assign it (a ledger doc belongs to a grid; there is no
 * village-level incident doc); a dispute stays at 驻片调处 — escalating it would say on-site
 * mediation failed — and the village names who mediates.
 */
export async function raiseMatter(relay: Relay, matters: MatterStore, villageId: string, form: MatterForm, now: Date = new Date(), card?: CardHousehold, photo?: StorePhoto): Promise<MatterRow> {
  const grids = await villageGrids(relay, villageId)
  if (grids.length === 0) throw new MatterError('本村还没有设置网格，暂时不能在网上受理，请直接联系村委会。')
  const chosenUnsure = form.grid === UNSURE_GRID || form.grid === ''
  // A 联系卡 household's matter goes to its own grid unless the resident chose another one.
  const cardGrid = card && (chosenUnsure || form.grid === card.gridId) ? grids.find((g) => g.id === card.gridId) : undefined
  const unsure = chosenUnsure && !cardGrid
  const grid = cardGrid ?? (unsure ? grids[0]! : grids.find((g) => g.id === form.grid))
  if (!grid) throw new MatterError('请选择所在的网格（片区），或选“不确定，由村里分派”。')
  const at = now.toISOString()
  const today = shanghaiDate(now)
  const kind = matterKind(form.category)
  const def = kind === 'dispute' ? dispute : incident
  const values = {
    ...(kind === 'dispute' ? matterDisputeValues(form, today, unsure) : matterIncidentValues(form, today, unsure)),
    ...(card ? await cardValues(relay, villageId, card, kind, cardGrid !== undefined) : {}),
  }
  const validated = validateRecord(def, values, today)
  if (!validated.ok) throw new MatterError(Object.values(validated.errors)[0] ?? '内容有误')
  const recordId = newId()
  const ledgerDoc = docName({ kind: 'ledger', villageId, gridId: grid.id })
  // The photo's bytes are stored before the record links them, so a link never points at nothing.
  const link = photo ? await photo(ledgerDoc, at) : null
  await relay.withDoc(ledgerDoc, async (room) => {
    Y.transact(room.doc, () => {
      createRecord(room.doc, def, validated.values, PUBLIC_ACTOR, at, recordId)
      if (link) addAttachmentLink(room.doc, recordOwner(kind, recordId), link)
      if (unsure && kind === 'incident') appendFact(room.doc, 'incident', recordId, { action: 'escalate', by: PUBLIC_ACTOR.id, byName: PUBLIC_ACTOR.name, at, note: '群众未确定所在网格，由村里分派' })
    })
    await room.flush()
    if (room.isFailed) throw new Error('ledger doc could not be saved')
  })
  const row: MatterRow = { code: newTrackingCode(), villageId, gridId: grid.id, recordId, createdAt: at }
  await matters.add(row)
  return row
}

/** Stores the resident's photo for the ledger doc the matter goes into (photo.ts), and gives its link. */
export type StorePhoto = (ledgerDoc: string, at: string) => Promise<AttachmentLink>

/** The household behind a 联系卡 code (linkage/codes.ts), as the matter needs it. */
export type CardHousehold = { householdId: string; gridId: string }

/**
 * Who asks, for the grid's ledger only (cadres and the grid's workers; never a public page): on an
 * incident in the household's own grid, the household as 涉及户; otherwise its 户编号, in the
 * incident's reporter field or as the dispute's 当事人.
 */
async function cardValues(relay: Relay, villageId: string, card: CardHousehold, kind: MatterKind, sameGrid: boolean): Promise<Record<string, unknown>> {
  if (kind === 'incident' && sameGrid) return { householdIds: [card.householdId], reporter: '联系卡户（见涉及户）' }
  const householdNo = await relay.withDoc(docName({ kind: 'ledger', villageId, gridId: card.gridId }), async (room) =>
    String(readRecord('household', card.gridId, card.householdId, recordsMap(room.doc, 'household').get(card.householdId))?.values.householdNo ?? ''),
  )
  const who = `联系卡户（户编号 ${householdNo || '未知'}）`
  return kind === 'dispute' ? { parties: who.slice(0, 200) } : { reporter: who.slice(0, 40) }
}

export type TrackedMatter = { row: MatterRow; record: LedgerRecord | null; progress: MatterProgress | null; photos: number }

/** The matter's record in a grid's ledger doc, of whichever kind holds its id. */
function findMatterRecord(doc: Y.Doc, row: MatterRow): LedgerRecord | null {
  for (const kind of MATTER_KINDS) {
    const record = readRecord(kind, row.gridId, row.recordId, recordsMap(doc, kind).get(row.recordId))
    if (record) return record
  }
  return null
}

export async function trackMatter(relay: Relay, row: MatterRow, now: Date = new Date()): Promise<TrackedMatter> {
  const { record, photos } = await relay.withDoc(docName({ kind: 'ledger', villageId: row.villageId, gridId: row.gridId }), async (room) => {
    const found = findMatterRecord(room.doc, row)
    return { record: found, photos: found ? attachmentLinks(room.doc, recordOwner(found.kind, found.id)).length : 0 }
  })
  return { row, record, progress: record ? matterLoop(record, shanghaiDate(now)).progress : null, photos }
}

/** The resident's rating, as a fact on the record; 不满意 reopens it (workflows/incident.ts, workflows/dispute.ts). */
export async function rateMatter(relay: Relay, row: MatterRow, rating: MatterRating, now: Date = new Date()): Promise<void> {
  await relay.withDoc(docName({ kind: 'ledger', villageId: row.villageId, gridId: row.gridId }), async (room) => {
    const record = findMatterRecord(room.doc, row)
    if (!record) throw new MatterError('没有找到这个事项。')
    if (!matterLoop(record, shanghaiDate(now)).progress.canRate) throw new MatterError('这个事项现在不能评价（办结后才能评价，每次办结只能评价一次）。')
    appendFact(room.doc, record.kind, row.recordId, { action: 'rate', by: PUBLIC_ACTOR.id, byName: '反映人', at: after(record, now), data: { rating } })
    await room.flush()
    if (room.isFailed) throw new Error('ledger doc could not be saved')
  })
}

/**
 * The rating's time: now, or just after the record's latest fact when a device whose clock runs
 * fast wrote that one "later" — facts are ordered by time, and a rating must follow the 反馈 it rates.
 */
function after(record: LedgerRecord, now: Date): string {
  const latest = orderFacts(record.facts).at(-1)?.at
  const latestMs = latest ? Date.parse(latest) : Number.NaN
  return Number.isFinite(latestMs) && latestMs >= now.getTime() ? new Date(latestMs + 1).toISOString() : now.toISOString()
}

/** Every incident and dispute of the village's grids (for the board's figures). */
export async function villageMatterRecords(relay: Relay, villageId: string): Promise<LedgerRecord[]> {
  const grids = await villageGrids(relay, villageId)
  const out: LedgerRecord[] = []
  for (const grid of grids) {
    out.push(...(await relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grid.id }), async (room) => MATTER_KINDS.flatMap((kind) => listRecords(room.doc, kind, grid.id)))))
  }
  return out
}
