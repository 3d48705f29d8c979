/** Tracking codes in SQLite (rules in matters.ts). */
import type Database from 'better-sqlite3'
import { MATTER_COLUMNS, type MatterDb, type MatterStore, matterParams, toMatterRow } from './matters.js'

export function sqliteMatterStore(db: Database.Database): MatterStore {
  const insert = db.prepare(`insert into resident_matters (${MATTER_COLUMNS}) values (?, ?, ?, ?, ?)`)
  const byCode = db.prepare<[string], MatterDb>(`select ${MATTER_COLUMNS} from resident_matters where code = ?`)
  const byVillage = db.prepare<[string], MatterDb>(`select ${MATTER_COLUMNS} from resident_matters where village_id = ? order by created_at, code`)
  return {
    async add(row) {
      insert.run(...matterParams(row))
    },
    async find(code) {
      const row = byCode.get(code)
      return row ? toMatterRow(row) : null
    },
    async list(villageId) {
      return byVillage.all(villageId).map(toMatterRow)
    },
  }
}
