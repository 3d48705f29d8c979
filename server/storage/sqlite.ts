/**
 * Embedded SQLite store (better-sqlite3, WAL). `synchronous = NORMAL` in WAL mode keeps every
 * committed transaction through a process kill (SIGKILL, crash); only an OS crash or power cut
 * may lose the last transactions. Set SQLITE_SYNC=FULL to trade write speed for that too.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AccountStore, AuditEntry, DocStore, SessionRow, Store, StoredDoc, UserRow, VillageRow } from './types.js'
import { ROLES, type Role } from '../../shared/roles.js'

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

function toRole(value: string): Role {
  const role = ROLES.find((r) => r === value)
  if (!role) throw new Error(`stored role is not known: ${value}`)
  return role
}

function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'cunwu.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${process.env.SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

function sqliteDocStore(db: Database.Database): DocStore {
  const selectRows = db.prepare<[string], { seq: number; data: Buffer }>(
    'select seq, data from doc_updates where doc_name = ? order by seq',
  )
  const insertRow = db.prepare<[string, Uint8Array]>('insert into doc_updates (doc_name, data) values (?, ?)')
  const deleteUpTo = db.prepare<[string, number]>('delete from doc_updates where doc_name = ? and seq <= ?')
  const insertAt = db.prepare<[number, string, Uint8Array]>('insert into doc_updates (seq, doc_name, data) values (?, ?, ?)')
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
    async append(docName, update) {
      return Number(insertRow.run(docName, update).lastInsertRowid)
    },
    async compact(docName, upToSeq, snapshot) {
      compactTx(docName, upToSeq, snapshot)
    },
  }
}

type UserDbRow = { id: string; phone: string; name: string; role: string; password_hash: string; created_at: string }
const toUser = (r: UserDbRow): UserRow => ({
  id: r.id,
  phone: r.phone,
  name: r.name,
  role: toRole(r.role),
  passwordHash: r.password_hash,
  createdAt: r.created_at,
})

function sqliteAccountStore(db: Database.Database): AccountStore {
  const q = {
    countUsers: db.prepare<[], { n: number }>('select count(*) as n from users'),
    insertUser: db.prepare(
      'insert into users (id, phone, name, role, password_hash, created_at) values (@id, @phone, @name, @role, @passwordHash, @createdAt)',
    ),
    userByPhone: db.prepare<[string], UserDbRow>('select * from users where phone = ?'),
    userById: db.prepare<[string], UserDbRow>('select * from users where id = ?'),
    insertSession: db.prepare(
      'insert into sessions (token_hash, user_id, created_at, expires_at, revoked_at) values (@tokenHash, @userId, @createdAt, @expiresAt, @revokedAt)',
    ),
    session: db.prepare<[string], { token_hash: string; user_id: string; created_at: string; expires_at: string; revoked_at: string | null }>(
      'select * from sessions where token_hash = ?',
    ),
    revoke: db.prepare<[string, string]>('update sessions set revoked_at = ? where token_hash = ? and revoked_at is null'),
    insertVillage: db.prepare('insert into villages (id, name, created_at, created_by) values (@id, @name, @createdAt, @createdBy)'),
    village: db.prepare<[string], { id: string; name: string; created_at: string; created_by: string }>('select * from villages where id = ?'),
    villages: db.prepare<[], { id: string; name: string; created_at: string; created_by: string }>('select * from villages order by created_at, id'),
    audit: db.prepare('insert into audit_log (at, actor_id, action, target, detail) values (@at, @actorId, @action, @target, @detail)'),
  }
  const toVillage = (r: { id: string; name: string; created_at: string; created_by: string }): VillageRow => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    createdBy: r.created_by,
  })
  return {
    async countUsers() {
      return q.countUsers.get()?.n ?? 0
    },
    async createUser(user) {
      q.insertUser.run(user)
    },
    async findUserByPhone(phone) {
      const r = q.userByPhone.get(phone)
      return r ? toUser(r) : null
    },
    async findUserById(id) {
      const r = q.userById.get(id)
      return r ? toUser(r) : null
    },
    async createSession(session: SessionRow) {
      q.insertSession.run(session)
    },
    async findSession(tokenHash) {
      const r = q.session.get(tokenHash)
      return r
        ? { tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at }
        : null
    },
    async revokeSession(tokenHash, at) {
      q.revoke.run(at, tokenHash)
    },
    async createVillage(village: VillageRow) {
      q.insertVillage.run(village)
    },
    async findVillage(id) {
      const r = q.village.get(id)
      return r ? toVillage(r) : null
    },
    async listVillages() {
      return q.villages.all().map(toVillage)
    },
    async audit(entry: AuditEntry) {
      q.audit.run(entry)
    },
  }
}

export function openSqliteStore(dataDir: string): Store {
  const db = openDatabase(dataDir)
  return {
    docs: sqliteDocStore(db),
    accounts: sqliteAccountStore(db),
    async close() {
      db.close()
    },
  }
}
