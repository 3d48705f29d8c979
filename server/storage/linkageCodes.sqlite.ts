/** 民情联系卡 codes in SQLite (rules in linkageCodes.ts). */
import type Database from 'better-sqlite3'
import { LINKAGE_CODE_COLUMNS, REVOKE_WHERE, linkageCodeParams, toLinkageCodeRow, type LinkageCodeDb, type LinkageCodeStore } from './linkageCodes.js'

export function sqliteLinkageCodeStore(db: Database.Database): LinkageCodeStore {
  const insert = db.prepare(`insert into linkage_codes (${LINKAGE_CODE_COLUMNS}) values (${Array(12).fill('?').join(', ')})`)
  const revoke = db.prepare(`update linkage_codes set revoked_at = @at where ${REVOKE_WHERE((n) => `@p${n}`)}`)
  const byHash = db.prepare<[string], LinkageCodeDb>(`select ${LINKAGE_CODE_COLUMNS} from linkage_codes where code_hash = ?`)
  const consume = db.prepare(`update linkage_codes set used_at = ?, rating = ? where code_hash = ? and kind = 'rating' and used_at is null and revoked_at is null`)
  const byVillage = db.prepare<[string], LinkageCodeDb>(`select ${LINKAGE_CODE_COLUMNS} from linkage_codes where village_id = ? order by issued_at, rowid`)
  const issue = db.transaction((params: (string | null)[], at: string, revokeKey: (string | null)[]) => {
    revoke.run({ at, ...Object.fromEntries(revokeKey.map((value, i) => [`p${i + 1}`, value])) })
    insert.run(...params)
  })
  return {
    async issue(row) {
      issue(linkageCodeParams(row), row.issuedAt, [row.villageId, row.householdId, row.kind, row.memberId, row.period])
    },
    async find(codeHash) {
      const row = byHash.get(codeHash)
      return row ? toLinkageCodeRow(row) : null
    },
    async consume(codeHash, at, rating) {
      return consume.run(at, rating, codeHash).changes === 1
    },
    async list(villageId) {
      return byVillage.all(villageId).map(toLinkageCodeRow)
    },
  }
}
