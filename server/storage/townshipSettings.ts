/**
 * The township's settings (issue #16 item 5): one row, the township admin's layer of visit rules,
 * meeting cadences and deadline days (shared/settings/layer.ts) as JSON, with when and by whom it
 * was last saved. One installation serves one township, so there is one row; a save replaces it
 * (villages keep their own overrides in their meta docs, untouched by this).
 */
import * as z from 'zod'
import { settingsLayerSchema, type SettingsLayer } from '../../shared/settings/layer.js'

export type TownshipSettingsRow = { settings: SettingsLayer; updatedAt: string; updatedBy: string }

export interface TownshipSettingsStore {
  /** null before the township admin first saves (the built-in defaults apply). */
  get(): Promise<TownshipSettingsRow | null>
  put(row: TownshipSettingsRow): Promise<void>
}

export type TownshipSettingsDb = { settings: string; updated_at: string; updated_by: string }

export const TOWNSHIP_SETTINGS_ID = 'township'

const storedSchema = z.string().transform((raw, ctx) => {
  try {
    return JSON.parse(raw) as unknown
  } catch {
    ctx.addIssue({ code: 'custom', message: 'stored township settings are not JSON' })
    return z.NEVER
  }
}).pipe(settingsLayerSchema)

export function toTownshipSettingsRow(r: TownshipSettingsDb): TownshipSettingsRow {
  return { settings: storedSchema.parse(r.settings), updatedAt: r.updated_at, updatedBy: r.updated_by }
}

export function townshipSettingsParams(row: TownshipSettingsRow): [string, string, string, string] {
  return [TOWNSHIP_SETTINGS_ID, JSON.stringify(row.settings), row.updatedAt, row.updatedBy]
}
