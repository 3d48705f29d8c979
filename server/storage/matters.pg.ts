/** Tracking codes in PostgreSQL (rules in matters.ts). */
import type pg from 'pg'
import { MATTER_COLUMNS, type MatterDb, type MatterStore, matterParams, toMatterRow } from './matters.js'

export function pgMatterStore(pool: pg.Pool): MatterStore {
  return {
    async add(row) {
      await pool.query(`insert into resident_matters (${MATTER_COLUMNS}) values ($1, $2, $3, $4, $5)`, matterParams(row))
    },
    async find(code) {
      const { rows } = await pool.query<MatterDb>(`select ${MATTER_COLUMNS} from resident_matters where code = $1`, [code])
      return rows[0] ? toMatterRow(rows[0]) : null
    },
    async list(villageId) {
      const { rows } = await pool.query<MatterDb>(`select ${MATTER_COLUMNS} from resident_matters where village_id = $1 order by created_at collate "C", code collate "C"`, [villageId])
      return rows.map(toMatterRow)
    },
  }
}
