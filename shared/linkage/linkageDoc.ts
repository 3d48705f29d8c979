/**
 * Layout of `<villageId>/linkage/<memberId>` (docNames.ts), the one doc a linked member opens
 * (access.ts): everything they need for their households, offline, and nothing else of the village.
 *
 *   linkage    Y.Map   the 1+1+n assignment (linkage.ts), set by village cadres
 *   household  id → Y.Map   basic facts of the linked households only (户主, 住址, 村民小组, 电话, 户类别),
 *                           copied from the grid ledgers by the village side
 *   visit      id → Y.Map   contacts / 民情日记, the grid ledger's visit record kind unchanged
 *   aid        Y.Array      帮扶资金 given (append-only facts)
 *   fourTo     sourceId → trigger   四到 triggers the village side read from the ledger (ledgerTriggers.ts)
 *   evaluation Y.Array      households' ratings of the member (evaluation.ts), paper or by code
 *
 * Visits reuse ledger/ledgerDoc.ts, so the same forms, tables and checks apply to them.
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { appendFact, readFacts } from '../facts.js'
import { newId } from '../ids.js'
import { household } from '../ledger/kinds/household.js'
import { visit } from '../ledger/kinds/visit.js'
import { createRecord, listRecords, recordsMap, updateRecord, type Actor } from '../ledger/ledgerDoc.js'
import { factSchema, type Fact, type LedgerRecord } from '../ledger/kind.js'
import { validateRecord } from '../ledger/validate.js'
import { AID_RANKS, DEFAULT_AID_MINIMUMS, linkageSchema, linkedHouseholdIds, type AidRank, type Linkage } from './linkage.js'
import type { Contact, LedgerTrigger } from './duties.js'

export const LINKAGE_DOC = { linkage: 'linkage', households: 'household', visits: 'visit', aid: 'aid', fourTo: 'fourTo', evaluation: 'evaluation' } as const

/** The household fields a linked member sees: basic facts, nothing from the rest of the ledger. */
export const SHARED_HOUSEHOLD_FIELDS = ['householdNo', 'headName', 'address', 'villagerGroup', 'phone', 'flags'] as const

const LINKAGE_GRID = 'linkage'

export function setLinkage(doc: Y.Doc, linkage: Linkage): void {
  const map = doc.getMap<unknown>(LINKAGE_DOC.linkage)
  doc.transact(() => {
    for (const [key, value] of Object.entries(linkage)) {
      const current = map.get(key)
      const same = Array.isArray(value) ? JSON.stringify(current) === JSON.stringify(value) : current === value
      if (!same) map.set(key, value)
    }
  })
}

export function readLinkage(doc: Y.Doc): Linkage | null {
  const parsed = linkageSchema.safeParse(doc.getMap<unknown>(LINKAGE_DOC.linkage).toJSON())
  return parsed.success ? parsed.data : null
}

/** Copies the linked households' basic facts in (and only those fields), updating what changed. */
export function shareHouseholds(doc: Y.Doc, households: readonly LedgerRecord[], actor: Actor, at: string): void {
  const linkage = readLinkage(doc)
  if (!linkage) return
  const wanted = new Set(linkedHouseholdIds(linkage))
  const existing = recordsMap(doc, LINKAGE_DOC.households)
  doc.transact(() => {
    for (const record of households) {
      if (!wanted.has(record.id)) continue
      const values = Object.fromEntries(SHARED_HOUSEHOLD_FIELDS.filter((key) => record.values[key] !== undefined).map((key) => [key, record.values[key]]))
      if (existing.has(record.id)) updateRecord(doc, LINKAGE_DOC.households, record.id, values)
      else createRecord(doc, household, values, actor, at, record.id)
    }
    // A household no longer linked leaves the member's doc.
    for (const id of [...existing.keys()]) if (!wanted.has(id)) existing.delete(id)
  })
}

export function listSharedHouseholds(doc: Y.Doc): LedgerRecord[] {
  return listRecords(doc, LINKAGE_DOC.households, LINKAGE_GRID)
}

export type ContactInput = { householdId: string; date: string; visitor: string } & Partial<Record<'mode' | 'trigger' | 'thoughts' | 'urgent' | 'needs' | 'worries' | 'helpGiven', string>>

/**
 * Records a contact (民情日记) as a visit record. Two taps on the phone: the household, then
 * 记录联系 — date defaults to today and mode to 入户走访; the diary fields are optional.
 */
export function recordContact(doc: Y.Doc, input: ContactInput, actor: Actor, at: string, today: string): { ok: true; id: string } | { ok: false; errors: Record<string, string> } {
  const linkage = readLinkage(doc)
  if (!linkage || !linkedHouseholdIds(linkage).includes(input.householdId)) return { ok: false, errors: { householdId: '这户不是您的联系户' } }
  const checked = validateRecord(visit, { mode: '入户走访', ...input }, today)
  if (!checked.ok) return checked
  return { ok: true, id: createRecord(doc, visit, checked.values, actor, at) }
}

export function listContacts(doc: Y.Doc): (Contact & { helpGiven?: string })[] {
  return listRecords(doc, LINKAGE_DOC.visits, LINKAGE_GRID).map((r) => ({
    householdId: String(r.values.householdId ?? ''),
    date: String(r.values.date ?? ''),
    ...(typeof r.values.trigger === 'string' ? { trigger: r.values.trigger } : {}),
    ...(typeof r.values.helpGiven === 'string' && r.values.helpGiven.trim() !== '' ? { helpGiven: r.values.helpGiven } : {}),
  }))
}

// ——— 帮扶资金 ———

export const aidFactSchema = z.object({
  id: z.string().min(1).max(64),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请选择日期'),
  amount: z.number().int('金额请填整数（元）').positive('金额须大于0').max(1_000_000, '金额太大'),
  householdId: z.string().min(1).max(64),
  note: z.string().max(200).optional(),
  by: z.string().max(64),
})
export type AidFact = z.infer<typeof aidFactSchema>

export function addAid(doc: Y.Doc, aid: Omit<AidFact, 'id'>): AidFact {
  return appendFact(aidArray(doc), aidFactSchema, { ...aid, id: newId() })
}

function aidArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(LINKAGE_DOC.aid)
}

export function listAid(doc: Y.Doc): AidFact[] {
  return readFacts(aidArray(doc), aidFactSchema).facts
}

export type AidProgress = { year: string; given: number; minimum: number | null; percent: number | null; met: boolean | null }

/** Aid given in a civil year against the member's rank minimum (none for members without a rank). */
export function aidProgress(aid: readonly Pick<AidFact, 'date' | 'amount'>[], rank: AidRank | undefined, year: string, minimums: Record<AidRank, number> = DEFAULT_AID_MINIMUMS): AidProgress {
  const given = aid.filter((a) => a.date.startsWith(`${year}-`)).reduce((sum, a) => sum + a.amount, 0)
  const minimum = rank && (AID_RANKS as readonly string[]).includes(rank) ? minimums[rank] : null
  if (minimum === null) return { year, given, minimum, percent: null, met: null }
  return { year, given, minimum, percent: Math.min(100, Math.floor((given * 100) / minimum)), met: given >= minimum }
}

// ——— 评议 (evaluation.ts) ———

/** Appends one household rating; several for one household and period are kept and shown as a conflict. */
export function addEvaluation(doc: Y.Doc, fact: Fact): Fact {
  return appendFact(doc.getArray<unknown>(LINKAGE_DOC.evaluation), factSchema, fact)
}

export function listEvaluations(doc: Y.Doc): Fact[] {
  return readFacts(doc.getArray<unknown>(LINKAGE_DOC.evaluation), factSchema).facts
}

// ——— 四到 triggers, as the village side hands them over ———

const triggerSchema = z.union([
  z.object({ kind: z.literal('illness'), householdId: z.string(), date: z.string(), sourceId: z.string() }),
  z.object({ kind: z.literal('disaster'), householdIds: z.union([z.array(z.string()), z.literal('all')]), date: z.string(), sourceId: z.string() }),
  z.object({ kind: z.literal('incident'), householdIds: z.array(z.string()), date: z.string(), sourceId: z.string() }),
])

/**
 * Writes the triggers concerning this member's households, keyed by their ledger record, so
 * running it again (from any village device) changes nothing. Only ids and dates cross over.
 */
export function shareTriggers(doc: Y.Doc, triggers: readonly LedgerTrigger[]): number {
  const linkage = readLinkage(doc)
  if (!linkage) return 0
  const linked = new Set(linkedHouseholdIds(linkage))
  const map = doc.getMap<unknown>(LINKAGE_DOC.fourTo)
  let added = 0
  doc.transact(() => {
    for (const t of triggers) {
      const concerned = t.kind === 'illness' ? [t.householdId] : t.householdIds === 'all' ? [...linked] : t.householdIds
      const mine = concerned.filter((id) => linked.has(id))
      if (mine.length === 0 || map.has(t.sourceId)) continue
      map.set(t.sourceId, t.kind === 'illness' ? t : { ...t, householdIds: t.kind === 'disaster' && t.householdIds === 'all' ? 'all' : mine })
      added++
    }
  })
  return added
}

export function listTriggers(doc: Y.Doc): LedgerTrigger[] {
  const out: LedgerTrigger[] = []
  for (const value of doc.getMap<unknown>(LINKAGE_DOC.fourTo).values()) {
    const parsed = triggerSchema.safeParse(value)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
