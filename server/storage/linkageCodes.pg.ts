/** 民情联系卡 codes in PostgreSQL (rules in linkageCodes.ts). */
import type pg from 'pg'
import { LINKAGE_CODE_COLUMNS, REVOKE_WHERE, linkageCodeParams, toLinkageCodeRow, type LinkageCodeDb, type LinkageCodeStore } from './linkageCodes.js'
import { inTransaction } from './transaction.pg.js'

export function pgLinkageCodeStore(pool: pg.Pool): LinkageCodeStore {
  return {
    async issue(row) {
      await inTransaction(pool, async (client) => {
        await client.query(`update linkage_codes set revoked_at = $6 where ${REVOKE_WHERE((n) => `$${n}`)}`, [row.villageId, row.householdId, row.kind, row.memberId, row.period, row.issuedAt])
        await client.query(`insert into linkage_codes (${LINKAGE_CODE_COLUMNS}) values (${linkageCodeParams(row).map((_, i) => `$${i + 1}`).join(', ')})`, linkageCodeParams(row))
      })
    },
    async find(codeHash) {
      const { rows } = await pool.query<LinkageCodeDb>(`select ${LINKAGE_CODE_COLUMNS} from linkage_codes where code_hash = $1`, [codeHash])
      return rows[0] ? toLinkageCodeRow(rows[0]) : null
    },
    async consume(codeHash, at, rating) {
      // The row lock makes a concurrent second update re-check `used_at is null` and match nothing.
      const result = await pool.query(`update linkage_codes set used_at = $1, rating = $2 where code_hash = $3 and kind = 'rating' and used_at is null and revoked_at is null`, [at, rating, codeHash])
      return result.rowCount === 1
    },
    async list(villageId) {
      const { rows } = await pool.query<LinkageCodeDb>(`select ${LINKAGE_CODE_COLUMNS} from linkage_codes where village_id = $1 order by issued_at, code_hash`, [villageId])
      return rows.map(toLinkageCodeRow)
    },
  }
}
