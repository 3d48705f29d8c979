/**
 * PostgreSQL store for several relays. Same interface and rules as sqlite.ts: an append-only
 * update log per doc (bigserial seq), compaction that replaces rows up to a seq by one snapshot
 * in one transaction, and a per-doc advisory lock so one relay at a time compacts a doc.
 * Migrations (migrations.ts) run on start under a transaction-scoped advisory lock, so relays
 * starting together don't race.
 */
import { pgAttachmentStore } from './attachments.pg.js'
import pg from 'pg'
import { backupPg } from './backup.pg.js'
import { pgAccountStore } from './accounts.pg.js'
import { pgMinutesVersions } from './minutesVersions.pg.js'
import { migratePg } from './migrations.js'
import { pgMatterStore } from './matters.pg.js'
import { pgLinkageCodeStore } from './linkageCodes.pg.js'
import { pgReportSnapshotStore } from './reportSnapshots.pg.js'
import { pgTownshipSettingsStore } from './townshipSettings.pg.js'
import { pgAssessmentStore } from './assessment.pg.js'
import { pgNoticeStore } from './notices.pg.js'
import { inTransaction } from './transaction.pg.js'
import type { Attribution, DocStore, HistoryRow, Store, StoredDoc } from './types.js'

const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

const HISTORY_INSERT = `insert into doc_history (doc_name, at, user_id, session_key, device, offline, device_at, records, removed, data)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`

async function addHistory(client: pg.PoolClient, docName: string, rows: readonly Attribution[]): Promise<void> {
  for (const a of rows) {
    await client.query(HISTORY_INSERT, [docName, a.at, a.userId, a.sessionKey, a.device, a.offline, a.deviceAt, a.records, a.removed, Buffer.from(a.update)])
  }
}

type PgHistory = { id: string; at: string; user_id: string | null; session_key: string | null; device: string | null; offline: boolean; device_at: string | null; records: number; removed: number; data: Buffer }

class HistoryChanged extends Error {}

function pgDocStore(pool: pg.Pool): DocStore {
  return {
    async load(docName): Promise<StoredDoc> {
      const { rows } = await pool.query<{ seq: string; data: Buffer }>('select seq, data from doc_updates where doc_name = $1 order by seq', [docName])
      let total = 0
      const updates = rows.map((r) => {
        total += r.data.byteLength
        return bytes(r.data)
      })
      return { updates, lastSeq: Number(rows.at(-1)?.seq ?? 0), bytes: total }
    },
    async append(docName, update, attribution = []) {
      const insert = 'insert into doc_updates (doc_name, data) values ($1, $2) returning seq'
      if (attribution.length === 0) {
        const { rows } = await pool.query<{ seq: string }>(insert, [docName, Buffer.from(update)])
        return Number(rows[0]?.seq)
      }
      return inTransaction(pool, async (c) => {
        const { rows } = await c.query<{ seq: string }>(insert, [docName, Buffer.from(update)])
        await addHistory(c, docName, attribution)
        return Number(rows[0]?.seq)
      })
    },
    async appendHistory(docName, rows) {
      await inTransaction(pool, (c) => addHistory(c, docName, rows))
    },
    async history(docName, until = '9999'): Promise<HistoryRow[]> {
      const { rows } = await pool.query<PgHistory>('select * from doc_history where doc_name = $1 and at <= $2 order by id', [docName, until])
      return rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        userId: r.user_id,
        sessionKey: r.session_key,
        device: r.device,
        offline: r.offline,
        deviceAt: r.device_at,
        records: r.records,
        removed: r.removed,
        update: bytes(r.data),
      }))
    },
    async hasHistory(docName) {
      const { rows } = await pool.query('select 1 from doc_history where doc_name = $1 limit 1', [docName])
      return rows.length > 0
    },
    async historyBytes(docName) {
      const { rows } = await pool.query<{ n: string | null }>('select sum(length(data)) + 64 * count(*) as n from doc_history where doc_name = $1', [docName])
      return Number(rows[0]?.n ?? 0)
    },
    async historyDocs(before) {
      const { rows } = await pool.query<{ doc_name: string }>(
        // Docs with an author's day (Beijing time) of several rows before the cutoff: work to do.
        `select distinct doc_name from (select doc_name from doc_history where at < $1
           group by doc_name, user_id, device, date(at::timestamptz at time zone 'Asia/Shanghai') having count(*) > 1) d`,
        [before],
      )
      return rows.map((r) => r.doc_name)
    },
    async replaceHistory(docName, replacements) {
      try {
        await inTransaction(pool, async (c) => {
          for (const { replaces, row: a } of replacements) {
            const { rowCount } = await c.query('delete from doc_history where doc_name = $1 and id = any($2::bigint[])', [docName, replaces])
            // Another relay coarsened this doc meanwhile (its delete waited for that commit).
            if (rowCount !== replaces.length) throw new HistoryChanged()
            await c.query(
              `insert into doc_history (id, doc_name, at, user_id, session_key, device, offline, device_at, records, removed, data)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
              [a.id, docName, a.at, a.userId, a.sessionKey, a.device, a.offline, a.deviceAt, a.records, a.removed, Buffer.from(a.update)],
            )
          }
        })
        return true
      } catch (err) {
        if (err instanceof HistoryChanged) return false
        throw err
      }
    },
    async compact(docName, upToSeq, snapshot) {
      await inTransaction(pool, async (c) => {
        await c.query('delete from doc_updates where doc_name = $1 and seq <= $2', [docName, upToSeq])
        await c.query('insert into doc_updates (seq, doc_name, data) values ($1, $2, $3)', [upToSeq, docName, Buffer.from(snapshot)])
      })
    },
    async docVersions(villageId) {
      const { rows } = await pool.query<{ doc_name: string; v: string }>(
        // starts_with, not a range: under a linguistic collation '/' need not sort before '0'.
        'select doc_name, max(seq) as v from doc_updates where starts_with(doc_name, $1) group by doc_name',
        [`${villageId}/`],
      )
      return new Map(rows.map((r) => [r.doc_name, Number(r.v)]))
    },
    async compactFromLog(docName, build) {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const { rows: locked } = await client.query<{ ok: boolean }>("select pg_try_advisory_xact_lock(hashtext('compact:' || $1)) as ok", [docName])
        if (!locked[0]?.ok) {
          await client.query('rollback')
          return null
        }
        const { rows } = await client.query<{ seq: string; data: Buffer }>('select seq, data from doc_updates where doc_name = $1 order by seq', [docName])
        const last = rows.at(-1)
        if (!last || rows.length < 2) {
          await client.query('rollback')
          return null
        }
        const snapshot = build(rows.map((r) => bytes(r.data)))
        // Exactly the rows read: a row with a lower seq that commits later is not among them.
        await client.query('delete from doc_updates where doc_name = $1 and seq = any($2::bigint[])', [docName, rows.map((r) => r.seq)])
        await client.query('insert into doc_updates (seq, doc_name, data) values ($1, $2, $3)', [last.seq, docName, Buffer.from(snapshot)])
        await client.query('commit')
        return snapshot.byteLength
      } catch (err) {
        await client.query('rollback')
        throw err
      } finally {
        client.release()
      }
    },
  }
}

/**
 * `onError` hears about idle pooled connections PostgreSQL dropped (restart, failover,
 * idle_session_timeout). The pool discards such a client and opens a new one on demand; without
 * a listener its 'error' event would end the process.
 */
export async function openPgStore(url: string, onError: (message: string) => void = () => undefined): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('error', (err) => onError(err.message))
  try {
    await migratePg(pool)
  } catch (err) {
    await pool.end()
    throw err
  }
  return {
    docs: pgDocStore(pool),
    accounts: pgAccountStore(pool),
    notices: pgNoticeStore(pool),
    minutes: pgMinutesVersions(pool),
    matters: pgMatterStore(pool),
    linkageCodes: pgLinkageCodeStore(pool),
    reportSnapshots: pgReportSnapshotStore(pool),
    townshipSettings: pgTownshipSettingsStore(pool),
    assessment: pgAssessmentStore(pool),
    attachments: pgAttachmentStore(pool),
    kind: 'postgres',
    backup: (out) => backupPg(url, out),
    close: () => pool.end(),
  }
}
