/** The township's settings in SQLite (rules in townshipSettings.ts). */
import type Database from 'better-sqlite3'
import { TOWNSHIP_SETTINGS_ID, toTownshipSettingsRow, townshipSettingsParams, type TownshipSettingsDb, type TownshipSettingsStore } from './townshipSettings.js'

export function sqliteTownshipSettingsStore(db: Database.Database): TownshipSettingsStore {
  const one = db.prepare<[string], TownshipSettingsDb>('select settings, updated_at, updated_by from township_settings where id = ?')
  const upsert = db.prepare(
    'insert into township_settings (id, settings, updated_at, updated_by) values (?, ?, ?, ?) on conflict (id) do update set settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
  )
  return {
    async get() {
      const row = one.get(TOWNSHIP_SETTINGS_ID)
      return row ? toTownshipSettingsRow(row) : null
    },
    async put(row) {
      upsert.run(...townshipSettingsParams(row))
    },
  }
}
