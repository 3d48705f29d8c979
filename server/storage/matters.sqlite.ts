/** Tracking codes in SQLite (rules in matters.ts). */
import type Database from 'better-sqlite3'
import { MATTER_COLUMNS, type MatterDb, type MatterStore, matterParams, toMatterRow } from './matters.js'

export function sqliteMatterStore(db: Database.Database): MatterStore {
  const insert = db.prepare(`insert into resident_matters (${MATTER_COLUMNS}) values (?, ?, ?, ?, ?)`)
  const byCode = db.prepare<[string], MatterDb>(`select ${MATTER_COLUMNS} from resident_matters where code = ?`)
  return {
    async add(row) {
      insert.run(...matterParams(row))
    },
    async find(code) {
      const row = byCode.get(code)
      return row ? toMatterRow(row) : null
    },
  }
}
