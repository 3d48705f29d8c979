/** The township's settings in PostgreSQL (rules in townshipSettings.ts). */
import type pg from 'pg'
import { TOWNSHIP_SETTINGS_ID, toTownshipSettingsRow, townshipSettingsParams, type TownshipSettingsDb, type TownshipSettingsStore } from './townshipSettings.js'

export function pgTownshipSettingsStore(pool: pg.Pool): TownshipSettingsStore {
  return {
    async get() {
      const { rows } = await pool.query<TownshipSettingsDb>('select settings, updated_at, updated_by from township_settings where id = $1', [TOWNSHIP_SETTINGS_ID])
      return rows[0] ? toTownshipSettingsRow(rows[0]) : null
    },
    async put(row) {
      await pool.query(
        'insert into township_settings (id, settings, updated_at, updated_by) values ($1, $2, $3, $4) on conflict (id) do update set settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
        townshipSettingsParams(row),
      )
    },
  }
}
