/**
 * Embedded SQLite store (better-sqlite3, WAL). `synchronous = NORMAL` in WAL mode keeps every
 * committed transaction through a process kill (SIGKILL, crash); only an OS crash or power cut
 * may lose the last transactions. Set SQLITE_SYNC=FULL to trade write speed for that too.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startCheckpointer } from './checkpointer.js'
import { sqliteAccountStore } from './sqliteAccounts.js'
import { sqliteMinutesVersions } from './minutesVersions.sqlite.js'
import { NOTICES_SQLITE_MIGRATION, sqliteNoticeStore } from './notices.sqlite.js'
import type { DocStore, Store, StoredDoc } from './types.js'

const MIGRATIONS = [
  `create table users (
     id text primary key, phone text not null unique, name text not null, role text not null,
     password_hash text not null, created_at text not null);
   create table sessions (
     token_hash text primary key, user_id text not null references users(id),
     created_at text not null, expires_at text not null, revoked_at text);
   create table villages (id text primary key, name text not null, created_at text not null, created_by text not null);
   create table doc_updates (
     seq integer primary key autoincrement, doc_name text not null, data blob not null);
   create index doc_updates_by_doc on doc_updates (doc_name, seq);
   create table audit_log (
     id integer primary key autoincrement, at text not null, actor_id text, action text not null,
     target text, detail text);`,
  `alter table users add column disabled_at text;
   create table memberships (
     user_id text not null references users(id), village_id text not null references villages(id),
     role text not null, grid_ids text not null default '[]', sensitive integer not null default 0,
     primary key (user_id, village_id));
   create index audit_log_by_actor on audit_log (actor_id, id);`,
  NOTICES_SQLITE_MIGRATION,
]

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

function openDatabase(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // Checkpoints run in a worker (checkpointer.ts), not inside the relay's commits.
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`synchronous = ${process.env.SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

type PendingAppend = { docName: string; update: Uint8Array; resolve(seq: number): void; reject(err: unknown): void }

/**
 * Group commit: appends requested in one synchronous stretch (the relay flushes every due doc
 * in one callback, relay/flushTurn.ts) are written in one transaction right after it. Each small commit writes whole pages to the
 * WAL, so sharing one commit among many docs cuts both the disk writes and the CPU per update.
 */
function groupCommit(db: Database.Database, insert: (docName: string, update: Uint8Array) => number) {
  let pending: PendingAppend[] = []
  const commitAll = db.transaction((batch: PendingAppend[]) => batch.map((p) => insert(p.docName, p.update)))
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
  return (docName: string, update: Uint8Array) =>
    new Promise<number>((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(run)
      pending.push({ docName, update, resolve, reject })
    })
}

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
    append: groupCommit(db, (docName, update) => Number(insertRow.run(docName, update).lastInsertRowid)),
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
  const file = join(dataDir, 'cunwu.sqlite')
  const db = openDatabase(file)
  const checkpointer = startCheckpointer(file, onError)
  return {
    docs: sqliteDocStore(db),
    accounts: sqliteAccountStore(db),
    notices: sqliteNoticeStore(db),
    minutes: sqliteMinutesVersions(db),
    async close() {
      await checkpointer.stop()
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
