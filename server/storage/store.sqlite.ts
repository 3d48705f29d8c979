/**
 * Embedded SQLite store (better-sqlite3, WAL). `synchronous = NORMAL` in WAL mode keeps every
 * committed transaction through a process kill (SIGKILL, crash); only an OS crash or power cut
 * may lose the last transactions. Set SQLITE_SYNC=FULL to trade write speed for that too.
 */
import { sqliteAttachmentStore } from './attachments.sqlite.js'
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { backupSqliteConnection, SQLITE_FILE } from './backup.sqlite.js'
import { startCheckpointer } from './checkpointer.sqlite.js'
import { sqliteAccountStore } from './accounts.sqlite.js'
import { sqliteMinutesVersions } from './minutesVersions.sqlite.js'
import { migrateSqlite } from './migrations.js'
import { sqliteMatterStore } from './matters.sqlite.js'
import { sqliteLinkageCodeStore } from './linkageCodes.sqlite.js'
import { sqliteReportSnapshotStore } from './reportSnapshots.sqlite.js'
import { sqliteTownshipSettingsStore } from './townshipSettings.sqlite.js'
import { sqliteAssessmentStore } from './assessment.sqlite.js'
import { sqliteNoticeStore } from './notices.sqlite.js'
import type { Attribution, DocStore, HistoryReplacement, HistoryRow, Store, StoredDoc } from './types.js'

const BUSY_TIMEOUT_MS = 5000

function openDatabase(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // Checkpoints run when writes are quiet or in a worker (checkpointer.sqlite.ts), not inside the relay's commits.
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`synchronous = ${process.env.SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  try {
    migrateSqlite(db)
  } catch (err) {
    db.close()
    throw err
  }
  return db
}

type PendingAppend = {
  docName: string
  update: Uint8Array
  attribution: readonly Attribution[]
  resolve(seq: number): void
  reject(err: unknown): void
}

/**
 * Group commit: appends requested in one synchronous stretch (the relay flushes every due doc
 * in one callback, relay/flushTurn.ts) are written in one transaction right after it. Each small commit writes whole pages to the
 * WAL, so sharing one commit among many docs cuts both the disk writes and the CPU per update.
 */
function groupCommit(db: Database.Database, insert: (docName: string, update: Uint8Array, attribution: readonly Attribution[]) => number) {
  let pending: PendingAppend[] = []
  const commitAll = db.transaction((batch: PendingAppend[]) => batch.map((p) => insert(p.docName, p.update, p.attribution)))
  const run = () => {
    const batch = pending
    pending = []
    let seqs: number[]
    try {
      seqs = commitAll(batch)
    } catch (err) {
      for (const p of batch) p.reject(err)
      return
    }
    batch.forEach((p, i) => p.resolve(seqs[i] as number))
  }
  return (docName: string, update: Uint8Array, attribution: readonly Attribution[] = []) =>
    new Promise<number>((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(run)
      pending.push({ docName, update, attribution, resolve, reject })
    })
}

class HistoryChanged extends Error {}

function sqliteDocStore(db: Database.Database): DocStore {
  const selectRows = db.prepare<[string], { seq: number; data: Buffer }>(
    'select seq, data from doc_updates where doc_name = ? order by seq',
  )
  const insertRow = db.prepare<[string, Uint8Array]>('insert into doc_updates (doc_name, data) values (?, ?)')
  const deleteUpTo = db.prepare<[string, number]>('delete from doc_updates where doc_name = ? and seq <= ?')
  const insertAt = db.prepare<[number, string, Uint8Array]>('insert into doc_updates (seq, doc_name, data) values (?, ?, ?)')
  const versionsQuery = db.prepare<[string, string], { doc_name: string; v: number }>(
    'select doc_name, max(seq) as v from doc_updates where doc_name >= ? and doc_name < ? group by doc_name',
  )
  const deleteSeq = db.prepare<[string, number]>('delete from doc_updates where doc_name = ? and seq = ?')
  const insertHistory = db.prepare(
    `insert into doc_history (doc_name, at, user_id, session_key, device, offline, device_at, records, removed, data)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const addHistory = (docName: string, rows: readonly Attribution[]) => {
    for (const a of rows) {
      insertHistory.run(docName, a.at, a.userId, a.sessionKey, a.device, a.offline ? 1 : 0, a.deviceAt, a.records, a.removed, a.update)
    }
  }
  const addHistoryTx = db.transaction(addHistory)
  type SqlHistory = { id: number; at: string; user_id: string | null; session_key: string | null; device: string | null; offline: number; device_at: string | null; records: number; removed: number; data: Buffer }
  const selectHistory = db.prepare<[string, string], SqlHistory>('select * from doc_history where doc_name = ? and at <= ? order by id')
  const anyHistory = db.prepare<[string], { n: number }>('select count(*) as n from doc_history where doc_name = ? limit 1')
  const historySize = db.prepare<[string], { n: number | null }>('select sum(length(data)) + 64 * count(*) as n from doc_history where doc_name = ?')
  const historyDocsQuery = db.prepare<[string], { doc_name: string }>(
    // Docs with an author's day (Beijing time) of several rows before the cutoff: work to do.
    `select distinct doc_name from (select doc_name from doc_history where at < ?
       group by doc_name, user_id, device, date(at, '+8 hours') having count(*) > 1)`,
  )
  const deleteHistoryRow = db.prepare<[string, number]>('delete from doc_history where doc_name = ? and id = ?')
  const insertHistoryAt = db.prepare(
    `insert into doc_history (id, doc_name, at, user_id, session_key, device, offline, device_at, records, removed, data)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const replaceHistoryTx = db.transaction((docName: string, replacements: readonly HistoryReplacement[]) => {
    for (const { replaces, row: a } of replacements) {
      const deleted = replaces.reduce((n, id) => n + deleteHistoryRow.run(docName, id).changes, 0)
      // Another relay coarsened this doc meanwhile: throwing rolls the whole transaction back.
      if (deleted !== replaces.length) throw new HistoryChanged()
      insertHistoryAt.run(a.id, docName, a.at, a.userId, a.sessionKey, a.device, a.offline ? 1 : 0, a.deviceAt, a.records, a.removed, a.update)
    }
  })
  const compactFromLogTx = db.transaction((docName: string, build: (updates: Uint8Array[]) => Uint8Array) => {
    const rows = selectRows.all(docName)
    const last = rows.at(-1)
    if (!last || rows.length < 2) return null
    const snapshot = build(rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)))
    for (const r of rows) deleteSeq.run(docName, r.seq)
    insertAt.run(last.seq, docName, snapshot)
    return snapshot.byteLength
  })
  const compactTx = db.transaction((docName: string, upToSeq: number, snapshot: Uint8Array) => {
    deleteUpTo.run(docName, upToSeq)
    insertAt.run(upToSeq, docName, snapshot)
  })
  return {
    async load(docName): Promise<StoredDoc> {
      const rows = selectRows.all(docName)
      let bytes = 0
      const updates = rows.map((r) => {
        bytes += r.data.byteLength
        return new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)
      })
      return { updates, lastSeq: rows.at(-1)?.seq ?? 0, bytes }
    },
    append: groupCommit(db, (docName, update, attribution) => {
      const seq = Number(insertRow.run(docName, update).lastInsertRowid)
      addHistory(docName, attribution)
      return seq
    }),
    async appendHistory(docName, rows) {
      addHistoryTx(docName, rows)
    },
    async history(docName, until = '9999'): Promise<HistoryRow[]> {
      return selectHistory.all(docName, until).map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        sessionKey: r.session_key,
        device: r.device,
        offline: r.offline === 1,
        deviceAt: r.device_at,
        records: r.records,
        removed: r.removed,
        update: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength),
      }))
    },
    async hasHistory(docName) {
      return (anyHistory.get(docName)?.n ?? 0) > 0
    },
    async historyDocs(before) {
      return historyDocsQuery.all(before).map((r) => r.doc_name)
    },
    async replaceHistory(docName, replacements) {
      try {
        replaceHistoryTx(docName, replacements)
        return true
      } catch (err) {
        if (err instanceof HistoryChanged) return false
        throw err
      }
    },
    async historyBytes(docName) {
      return historySize.get(docName)?.n ?? 0
    },
    async compact(docName, upToSeq, snapshot) {
      compactTx(docName, upToSeq, snapshot)
    },
    async docVersions(villageId) {
      // '0' sorts right after '/', so this range is exactly the names starting with `<villageId>/`.
      const rows = versionsQuery.all(`${villageId}/`, `${villageId}0`)
      return new Map(rows.map((r) => [r.doc_name, r.v]))
    },
    // One synchronous transaction: nothing else can run on this connection meanwhile, and
    // SQLite serialises writers from other processes sharing the file.
    compactFromLog: async (docName, build) => compactFromLogTx(docName, build),
  }
}

export function openSqliteStore(dataDir: string, onError: (message: string) => void = () => undefined): Store {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, SQLITE_FILE)
  const db = openDatabase(file)
  const checkpointer = startCheckpointer(file, onError, {
    // Busy (a backup reading, say) copies what it can and leaves the WAL for the next quiet tick.
    inline: () => {
      db.pragma('busy_timeout = 0')
      try {
        db.pragma('wal_checkpoint(TRUNCATE)')
      } finally {
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      }
    },
  })
  return {
    docs: sqliteDocStore(db),
    accounts: sqliteAccountStore(db),
    notices: sqliteNoticeStore(db),
    minutes: sqliteMinutesVersions(db),
    matters: sqliteMatterStore(db),
    linkageCodes: sqliteLinkageCodeStore(db),
    reportSnapshots: sqliteReportSnapshotStore(db),
    townshipSettings: sqliteTownshipSettingsStore(db),
    assessment: sqliteAssessmentStore(db),
    attachments: sqliteAttachmentStore(db),
    kind: 'sqlite',
    backup: (out) => backupSqliteConnection(db, out),
    async close() {
      await checkpointer.stop()
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
