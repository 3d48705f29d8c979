/**
 * 民呼我应 tracking codes (issue #23): which incident a resident's code points to. Rules every
 * backend keeps: a code is added once and never changed or removed (the record it points to may
 * be marked spam or removed in the doc; the code then shows that). Nothing personal is stored
 * here: the matter's text and contact phone are in the grid's ledger doc only.
 */
import * as z from 'zod'

export const matterRowSchema = z.object({
  code: z.string().min(1),
  villageId: z.string().min(1),
  gridId: z.string().min(1),
  recordId: z.string().min(1),
  createdAt: z.string().min(1),
})
export type MatterRow = z.infer<typeof matterRowSchema>

export interface MatterStore {
  add(row: MatterRow): Promise<void>
  find(code: string): Promise<MatterRow | null>
  /** A village's codes, oldest first (restore and copy checks). */
  list(villageId: string): Promise<MatterRow[]>
}

export type MatterDb = { code: string; village_id: string; grid_id: string; record_id: string; created_at: string }

export const MATTER_COLUMNS = 'code, village_id, grid_id, record_id, created_at'

export function toMatterRow(r: MatterDb): MatterRow {
  return matterRowSchema.parse({ code: r.code, villageId: r.village_id, gridId: r.grid_id, recordId: r.record_id, createdAt: r.created_at })
}

export function matterParams(m: MatterRow): string[] {
  return [m.code, m.villageId, m.gridId, m.recordId, m.createdAt]
}
