/**
 * The notice log in SQLite (rules in notices.ts). Hashing is async (WebCrypto) and a
 * better-sqlite3 transaction is synchronous, so an append reads the tip, builds the row, then
 * inserts in one transaction only if the tip is still the same — else it builds again.
 */
import type Database from 'better-sqlite3'
import { NOTICE_COLUMNS, type NoticeDb, type NoticeStore, noticeParams, toNoticeRow } from './notices.js'

const MAX_ATTEMPTS = 20

export function sqliteNoticeStore(db: Database.Database): NoticeStore {
  const byId = db.prepare<[string], NoticeDb>(`select ${NOTICE_COLUMNS} from notices where id = ?`)
  const tip = db.prepare<[string], { seq: number; hash: string }>('select seq, hash from notices where village_id = ? order by seq desc limit 1')
  const all = db.prepare<[string], NoticeDb>(`select ${NOTICE_COLUMNS} from notices where village_id = ? order by seq`)
  const one = db.prepare<[string, number], NoticeDb>(`select ${NOTICE_COLUMNS} from notices where village_id = ? and seq = ?`)
  const insert = db.prepare(`insert into notices (${NOTICE_COLUMNS}) values (${NOTICE_COLUMNS.split(',').map(() => '?').join(', ')})`)
  const insertIfTip = db.transaction((villageId: string, id: string, expectedSeq: number, params: unknown[]) => {
    const existing = byId.get(id)
    if (existing) return { existing }
    if ((tip.get(villageId)?.seq ?? 0) !== expectedSeq) return { stale: true }
    insert.run(...params)
    return {}
  })
  return {
    async append(villageId, id, build) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const existing = byId.get(id)
        if (existing) return { row: toNoticeRow(existing), created: false }
        const current = tip.get(villageId) ?? null
        const row = await build(current)
        // BEGIN IMMEDIATE: the write lock is held from the tip check to the insert, across processes too.
        const outcome = insertIfTip.immediate(villageId, id, current?.seq ?? 0, noticeParams(row))
        if (outcome.existing) return { row: toNoticeRow(outcome.existing), created: false }
        if (!outcome.stale) return { row, created: true }
      }
      throw new Error(`notice log of ${villageId} too busy`)
    },
    async list(villageId) {
      return all.all(villageId).map(toNoticeRow)
    },
    async get(villageId, seq) {
      const row = one.get(villageId, seq)
      return row ? toNoticeRow(row) : null
    },
  }
}
