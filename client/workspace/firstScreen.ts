/**
 * A ledger table kept on the device so reopening paints it at once (issue #21): the table's rows
 * in its order (the whole table, up to COPY_ROWS), as plain records, with the grid names and the
 * titles of the records they refer to. Kept twice: its first HEAD_ROWS rows alone (`head`), read
 * first, so the first row does not wait for a 5,000-row copy, and the whole table (`full`). Opening the village then needs no Y.Doc parsed before the
 * table is listed: it shows these rows, read-only and marked as the device's copy, while the grid
 * docs open (parsing a 5,000-household village's docs takes seconds), and is replaced by the live
 * table once every grid doc is open.
 *
 * Rules:
 * - only kinds of the grid ledger doc (never the sensitive doc), and only grids the user may still
 *   open when it is read (access can be withdrawn since);
 * - sealed like doc updates (AES-GCM under the user's data key, the value's own key as additional
 *   data, so a row moved under another name fails to open); without a data key it is not kept;
 * - a derived copy: written again whenever the live table changed, never merged, never synced; a
 *   copy that does not parse (an older app wrote it) is ignored.
 */
import * as z from 'zod'
import type { LedgerRecord } from '../../shared/ledger/kind'
import type { UserDb } from '../sync/db'
import { own, type DataKey } from '../sync/sealed'

/**
 * How many rows are kept: every row of a village-scale table (DOMAIN.md §7: 5,000 households,
 * about 16,000 residents and 20,000 visits); a larger table keeps its first rows and says so.
 */
export const COPY_ROWS = 25_000

/** The rows of the head: a phone shows about 12, a PC about 30. */
export const HEAD_ROWS = 50

export type CopyPart = 'head' | 'full'

/**
 * A record of the copy, checked by shape only (a zod schema per record and fact took some 80 ms
 * for 5,000 households on a PC, 4× that on a phone, before the first row): the copy is sealed
 * under this user's key, so only this app wrote it, and `v` says which version of it.
 */
const recordSchema = z.custom<LedgerRecord>((raw) => {
  if (typeof raw !== 'object' || raw === null) return false
  const r = raw as Record<string, unknown>
  return typeof r.id === 'string' && typeof r.kind === 'string' && typeof r.gridId === 'string' && typeof r.values === 'object' && r.values !== null && typeof r.createdBy === 'string' && typeof r.createdAt === 'string' && Array.isArray(r.facts)
})

const firstScreenSchema = z.object({
  // 2: the whole table, records checked by shape (1 held the first 50 rows).
  v: z.literal(2),
  kind: z.string(),
  savedAt: z.number(),
  /** Records of the kind in the whole table when saved (the note says 共 n 条). */
  total: z.number(),
  grids: z.array(z.object({ id: z.string(), name: z.string(), code: z.string() })),
  records: z.array(recordSchema),
  /** `${kind}:${id}` → title, for the ref columns of these records. */
  titles: z.record(z.string(), z.string()),
})
export type FirstScreen = z.infer<typeof firstScreenSchema>

const sealedSchema = z.object({ iv: z.instanceof(Uint8Array), bytes: z.instanceof(Uint8Array) })

const valueKey = (villageId: string, kind: string, part: CopyPart) => `${part === 'head' ? 'firstScreen' : 'tableCopy'}:${villageId}:${kind}`

function additionalData(key: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`cunwu:value:${key}`)
}

async function seal(key: CryptoKey, name: string, screen: FirstScreen): Promise<{ key: string; value: { iv: Uint8Array; bytes: Uint8Array } }> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
  const plain = new TextEncoder().encode(JSON.stringify(screen))
  const bytes = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(name) }, key, plain))
  return { key: name, value: { iv, bytes } }
}

/** Keeps the table's head and, when it has more rows, the whole table, in one transaction. */
export async function saveFirstScreen(db: UserDb, key: DataKey, villageId: string, screen: FirstScreen): Promise<void> {
  if (!key) return
  const rows = [await seal(key, valueKey(villageId, screen.kind, 'head'), { ...screen, records: screen.records.slice(0, HEAD_ROWS) })]
  if (screen.records.length > HEAD_ROWS) rows.push(await seal(key, valueKey(villageId, screen.kind, 'full'), screen))
  await db.values.bulkPut(rows)
}

/** Whether a head leaves rows out (then the full copy is worth reading). */
export const headIsPartial = (head: FirstScreen): boolean => head.records.length < head.total && head.records.length >= HEAD_ROWS

/** A kept part of a table's copy, or null (none, no data key, or unreadable). */
export async function readFirstScreen(db: UserDb, key: DataKey, villageId: string, kind: string, part: CopyPart = 'head'): Promise<FirstScreen | null> {
  if (!key) return null
  const started = performance.now()
  const name = valueKey(villageId, kind, part)
  const sealed = sealedSchema.safeParse((await db.values.get(name))?.value)
  if (!sealed.success) return null
  try {
    const plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: own(sealed.data.iv), additionalData: additionalData(name) }, key, own(sealed.data.bytes))
    const parsed = firstScreenSchema.safeParse(JSON.parse(new TextDecoder().decode(plain)))
    // Read by bench:ledger, which splits the time to the first row into its parts.
    performance.measure(part === 'head' ? 'cunwu:first-screen' : 'cunwu:table-copy', { start: started })
    return parsed.success && parsed.data.kind === kind ? parsed.data : null
  } catch (error) {
    console.warn('ignoring an unreadable first screen', error)
    return null
  }
}

/** The records a saved first screen may show now: those of grids the user can still open. */
export function visibleFirstScreen(screen: FirstScreen, mayOpen: (gridId: string) => boolean): FirstScreen {
  const grids = screen.grids.filter((g) => mayOpen(g.id))
  const ids = new Set(grids.map((g) => g.id))
  return { ...screen, grids, records: screen.records.filter((r) => ids.has(r.gridId)) }
}

