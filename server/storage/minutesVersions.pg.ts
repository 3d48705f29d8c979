/** PostgreSQL tables of minutesVersions.ts (created by migration 4, migrations.ts). */
import type pg from 'pg'
import { firstPerUser, toSummary, withEditors, type MinutesVersionStore, type VersionRowFields } from './minutesVersions.js'
import { inTransaction } from './transaction.pg.js'

const SUMMARY_COLUMNS = 'v.version, v.kind, v.hash, v.at, v.by_user, u.name as by_name, v.confirmations'

export function pgMinutesVersions(pool: pg.Pool): MinutesVersionStore {
  const selectOne = async (docName: string, version: number) =>
    (
      await pool.query<VersionRowFields & { content: string }>(
        `select ${SUMMARY_COLUMNS}, v.content from minutes_versions v left join users u on u.id = v.by_user where v.doc_name = $1 and v.version = $2`,
        [docName, version],
      )
    ).rows[0] ?? null
  return {
    async addVersion(docName, v) {
      const n = await inTransaction(pool, async (c) => {
        // One writer per doc at a time, so two finalisations can't take the same number.
        await c.query("select pg_advisory_xact_lock(hashtext('minutes:' || $1))", [docName])
        const { rows } = await c.query<{ n: number }>('select coalesce(max(version), 0) + 1 as n from minutes_versions where doc_name = $1', [docName])
        const next = Number(rows[0]?.n ?? 1)
        await c.query('insert into minutes_versions (doc_name, version, kind, hash, content, at, by_user, confirmations) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
          docName,
          next,
          v.kind,
          v.hash,
          v.content,
          v.at,
          v.by,
          JSON.stringify(v.confirmations),
        ])
        return next
      })
      const row = (await selectOne(docName, n)) as VersionRowFields
      return toSummary(row, row.by_name ? [row.by_name] : [])
    },
    async listVersions(docName) {
      const { rows } = await pool.query<VersionRowFields>(
        `select ${SUMMARY_COLUMNS} from minutes_versions v left join users u on u.id = v.by_user where v.doc_name = $1 order by v.version`,
        [docName],
      )
      const pushes = await pool.query<{ at: string; name: string }>(
        "select a.at, u.name from audit_log a join users u on u.id = a.actor_id where a.action = 'doc.push' and a.target = $1",
        [docName],
      )
      return withEditors(rows, pushes.rows)
    },
    async getVersion(docName, version) {
      const row = await selectOne(docName, version)
      return row ? { ...toSummary(row, row.by_name ? [row.by_name] : []), content: row.content } : null
    },
    async addConfirmation(docName, c) {
      await pool.query('insert into minutes_confirmations (doc_name, hash, user_id, name, at) values ($1, $2, $3, $4, $5)', [docName, c.hash, c.userId, c.name, c.at])
    },
    async confirmations(docName, hash) {
      const { rows } = await pool.query<{ user_id: string; name: string; hash: string; at: string }>(
        'select user_id, name, hash, at from minutes_confirmations where doc_name = $1 and hash = $2 order by id',
        [docName, hash],
      )
      return firstPerUser(rows.map((r) => ({ userId: r.user_id, name: r.name, hash: r.hash, at: r.at })))
    },
  }
}
