/**
 * The notice log in PostgreSQL (rules in notices.ts). An append takes a transaction-scoped
 * advisory lock on the village, so relays publishing at once queue up; the tip is read, the row
 * built and inserted under that lock. unique (village_id, seq) backs the lock up.
 */
import type pg from 'pg'
import { NOTICE_COLUMNS, type NoticeDb, type NoticeStore, noticeParams, toNoticeRow } from './notices.js'
import { inTransaction } from './transaction.pg.js'

const PLACEHOLDERS = NOTICE_COLUMNS.split(',')
  .map((_, i) => `$${i + 1}`)
  .join(', ')

export function pgNoticeStore(pool: pg.Pool): NoticeStore {
  return {
    append: (villageId, id, build) =>
      inTransaction(pool, async (c) => {
        await c.query("select pg_advisory_xact_lock(hashtext('notices:' || $1))", [villageId])
        const existing = await c.query<NoticeDb>(`select ${NOTICE_COLUMNS} from notices where id = $1`, [id])
        if (existing.rows[0]) return { row: toNoticeRow(existing.rows[0]), created: false }
        const tip = await c.query<{ seq: string; hash: string }>('select seq, hash from notices where village_id = $1 order by seq desc limit 1', [villageId])
        const current = tip.rows[0] ? { seq: Number(tip.rows[0].seq), hash: tip.rows[0].hash } : null
        const row = await build(current)
        await c.query(`insert into notices (${NOTICE_COLUMNS}) values (${PLACEHOLDERS})`, noticeParams(row))
        return { row, created: true }
      }),
    async list(villageId) {
      const { rows } = await pool.query<NoticeDb>(`select ${NOTICE_COLUMNS} from notices where village_id = $1 order by seq`, [villageId])
      return rows.map(toNoticeRow)
    },
    async get(villageId, seq) {
      const { rows } = await pool.query<NoticeDb>(`select ${NOTICE_COLUMNS} from notices where village_id = $1 and seq = $2`, [villageId, seq])
      return rows[0] ? toNoticeRow(rows[0]) : null
    },
  }
}
