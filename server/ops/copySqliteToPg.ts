/**
 * Copies a SQLite store into an empty PostgreSQL database, table by table, in one PostgreSQL
 * transaction: every row keeps its ids and seqs (so doc logs, doc history, audit entries and the
 * notice hash chain are the same rows in the same order), sequences are moved past the copied
 * ids, and nothing is visible in PostgreSQL unless all of it is. Both stores are first brought to the current schema by their
 * own migrations, so their tables match column for column.
 */
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { SQLITE_FILE } from '../storage/backup.sqlite.js'
import { openPgStore } from '../storage/store.pg.js'
import { openSqliteStore } from '../storage/store.sqlite.js'
import { inTransaction } from '../storage/transaction.pg.js'

/**
 * Every table the migrations create, in dependency order (references first); schema_version is
 * the target's own. A table added by a migration must be added here too (a test compares this
 * list with the tables a freshly migrated SQLite store has).
 */
export const TABLES = [
  'users',
  'villages',
  'memberships',
  'sessions',
  'doc_updates',
  'doc_history',
  'audit_log',
  'notices',
  'minutes_versions',
  'minutes_confirmations',
  'resident_matters',
  'linkage_codes',
  'report_snapshots',
  'township_settings',
  'training_records',
  'assessment_settings',
  'assessment_ratings',
  'assessment_snapshots',
  'attachments',
  'attachment_chunks',
  'attachment_refs',
] as const
/** Serial columns whose sequences must continue after the copied ids. */
const SERIALS: Partial<Record<(typeof TABLES)[number], string>> = { doc_updates: 'seq', doc_history: 'id', audit_log: 'id', minutes_confirmations: 'id' }
const BATCH_ROWS = 500
/** Tables of large rows move in smaller batches (a file chunk is up to 1 MiB). */
const BATCH_ROWS_OF: Partial<Record<(typeof TABLES)[number], number>> = { attachment_chunks: 8 }

export type CopyReport = { rows: Record<string, number> }

export async function copySqliteToPg(dataDir: string, url: string): Promise<CopyReport> {
  if (!existsSync(join(dataDir, SQLITE_FILE))) throw new Error(`${dataDir} 里没有 ${SQLITE_FILE}：请用 --from 指向 DATA_DIR`)
  // Bring both to the current schema (the source may be an older release's store).
  await openSqliteStore(dataDir).close()
  const target = await openPgStore(url)
  try {
    if ((await target.accounts.countUsers()) > 0 || (await target.accounts.listVillages()).length > 0) {
      throw new Error('目标 PostgreSQL 数据库里已有数据：只能复制到一个空数据库（新建一个，再运行本命令）')
    }
  } finally {
    await target.close()
  }
  const source = new Database(join(dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true })
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const report: CopyReport = { rows: {} }
  // One read transaction on the source: every table is read from the same snapshot.
  source.exec('begin')
  try {
    await inTransaction(pool, async (client) => {
      for (const table of TABLES) {
        const columns = (source.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)
        let batch: unknown[][] = []
        let count = 0
        const insert = async () => {
          if (batch.length === 0) return
          const values = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ')
          await client.query(`insert into ${table} (${columns.join(', ')}) values ${values}`, batch.flat())
          count += batch.length
          batch = []
        }
        for (const row of source.prepare(`select ${columns.join(', ')} from ${table}`).raw().iterate() as Iterable<unknown[]>) {
          batch.push(row)
          if (batch.length >= (BATCH_ROWS_OF[table] ?? BATCH_ROWS)) await insert()
        }
        await insert()
        report.rows[table] = count
        const serial = SERIALS[table]
        if (serial) {
          await client.query(`select setval(pg_get_serial_sequence('${table}', '${serial}'), coalesce((select max(${serial}) from ${table}), 0) + 1, false)`)
        }
      }
    })
  } finally {
    source.exec('commit')
    source.close()
    await pool.end()
  }
  return report
}
