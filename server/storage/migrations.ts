/**
 * Every schema change of the store, numbered, with its SQLite and PostgreSQL forms side by side
 * (so one cannot be added without the other), and the one mechanism that applies them.
 *
 * Rules:
 * - a store records its version in `schema_version` (one row per applied migration);
 * - at start, every pending migration runs in ONE transaction with the rows recording it, so an
 *   upgrade either completes or leaves the store exactly as the previous release left it;
 * - on PostgreSQL that transaction first takes an advisory lock, so relays starting together
 *   apply each migration once;
 * - a store whose version is higher than this code knows is refused (StoreTooNewError): an older
 *   relay must never write into a schema it does not understand;
 * - a migration is never edited once released; a change is a new entry at the end.
 *
 * Stores written before `schema_version` existed (up to 92d338f) recorded their version in
 * SQLite's `user_version` or PostgreSQL's `schema_migrations`; `adoptLegacy*` maps those to the
 * numbers below before anything runs.
 */
import type Database from 'better-sqlite3'
import type pg from 'pg'
import { assessmentTables } from './assessment.js'
import { attachmentTables } from './attachments.js'

export type Migration = { version: number; name: string; sqlite: string; pg: string }

const noticesTable = (int: string) => `create table notices (
     id text primary key, village_id text not null, seq ${int} not null, published_at text not null,
     publisher_name text not null, kind text not null, title text not null, body text not null,
     period_from text not null, period_to text not null, correction_of ${int}, decision_id text,
     prev_hash text not null, hash text not null, unique (village_id, seq));`

const minutesTables = (serial: string) => `
  create table if not exists minutes_versions (
    doc_name text not null, version integer not null, kind text not null, hash text not null,
    content text not null, at text not null, by_user text not null, confirmations text not null,
    primary key (doc_name, version));
  create table if not exists minutes_confirmations (
    id ${serial} primary key, doc_name text not null, hash text not null,
    user_id text not null, name text not null, at text not null);
  create index if not exists minutes_confirmations_by_hash on minutes_confirmations (doc_name, hash, id);`

const historyTable = (serial: string, bool: string, blob: string) => `
  create table doc_history (
    id ${serial}, doc_name text not null, at text not null, user_id text, session_key text, device text,
    offline ${bool} not null, device_at text, records integer not null, removed integer not null,
    data ${blob} not null);
  create index doc_history_by_doc on doc_history (doc_name, at, id);`

/** Migration 5's columns and indexes, the same on both backends; `refuseUpdates` is each one's own. */
const auditChain = (refuseUpdates: string) => `
  alter table audit_log add column address text;
  alter table audit_log add column doc_name text;
  alter table audit_log add column village_id text;
  alter table audit_log add column prev_hash text;
  alter table audit_log add column hash text;
  create index audit_log_by_doc on audit_log (doc_name, id);
  create index audit_log_by_village on audit_log (village_id, id);
  create index audit_log_by_at on audit_log (at);
  ${refuseUpdates}`

const reportSnapshots = `create table report_snapshots (
     scope text not null, period text not null, submitted_at text not null, submitted_by text not null,
     figures text not null, hash text not null, primary key (scope, period));`

const townshipSettings = `create table township_settings (
     id text primary key, settings text not null, updated_at text not null, updated_by text not null);`

const residentMatters = `create table resident_matters (
     code text primary key, village_id text not null, grid_id text not null, record_id text not null,
     created_at text not null);
   create index resident_matters_by_village on resident_matters (village_id, created_at);`

const linkageCodes = `create table linkage_codes (
     code_hash text primary key, kind text not null, village_id text not null, member_id text not null,
     household_id text not null, grid_id text not null, period text, issued_at text not null,
     issued_by text not null, revoked_at text, used_at text, rating text);
   create index linkage_codes_by_household on linkage_codes (village_id, household_id, kind);`

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, villages, doc update log, audit log',
    sqlite: `create table users (
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
    pg: `create table users (
       id text primary key, phone text not null unique, name text not null, role text not null,
       password_hash text not null, created_at text not null);
     create table sessions (
       token_hash text primary key, user_id text not null references users(id),
       created_at text not null, expires_at text not null, revoked_at text);
     create table villages (id text primary key, name text not null, created_at text not null, created_by text not null);
     create table doc_updates (seq bigserial primary key, doc_name text not null, data bytea not null);
     create index doc_updates_by_doc on doc_updates (doc_name, seq);
     create table audit_log (
       id bigserial primary key, at text not null, actor_id text, action text not null, target text, detail text);`,
  },
  {
    version: 2,
    name: 'memberships, disabled accounts',
    sqlite: `alter table users add column disabled_at text;
     create table memberships (
       user_id text not null references users(id), village_id text not null references villages(id),
       role text not null, grid_ids text not null default '[]', sensitive integer not null default 0,
       primary key (user_id, village_id));
     create index audit_log_by_actor on audit_log (actor_id, id);`,
    pg: `alter table users add column if not exists disabled_at text;
     create table if not exists memberships (
       user_id text not null references users(id), village_id text not null references villages(id),
       role text not null, grid_ids jsonb not null default '[]', sensitive boolean not null default false,
       primary key (user_id, village_id));
     create index if not exists audit_log_by_actor on audit_log (actor_id, id);`,
  },
  { version: 3, name: 'public notice log', sqlite: noticesTable('integer'), pg: noticesTable('bigint') },
  {
    // `if not exists`: releases up to 92d338f created these tables outside any numbered list.
    version: 4,
    name: 'minutes versions and confirmations (append-only)',
    sqlite: `${minutesTables('integer')}
      create trigger if not exists minutes_versions_no_update before update on minutes_versions
        begin select raise(abort, 'minutes versions are immutable'); end;
      create trigger if not exists minutes_versions_no_delete before delete on minutes_versions
        begin select raise(abort, 'minutes versions are immutable'); end;
      create trigger if not exists minutes_confirmations_no_update before update on minutes_confirmations
        begin select raise(abort, 'confirmations are append-only'); end;
      create trigger if not exists minutes_confirmations_no_delete before delete on minutes_confirmations
        begin select raise(abort, 'confirmations are append-only'); end;`,
    pg: `${minutesTables('bigserial')}
      create or replace rule minutes_versions_no_update as on update to minutes_versions do instead nothing;
      create or replace rule minutes_versions_no_delete as on delete to minutes_versions do instead nothing;
      create or replace rule minutes_confirmations_no_update as on update to minutes_confirmations do instead nothing;
      create or replace rule minutes_confirmations_no_delete as on delete to minutes_confirmations do instead nothing;`,
  },
  {
    // Rules in audit.ts: the audit log becomes a hash chain with the client address and the doc
    // and village it concerns; entries can no longer be edited.
    version: 5,
    name: 'audit log: hash chain, client address, doc and village',
    sqlite: auditChain(`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit entries are append-only'); end;`),
    pg: auditChain('create rule audit_log_no_update as on update to audit_log do instead nothing;'),
  },
  {
    // Rules in storage/history.ts: every stored update, attributed; compaction never touches it.
    version: 6,
    name: 'attributed doc history (append-only, survives compaction)',
    sqlite: `${historyTable('integer primary key autoincrement', 'integer', 'blob')}
      create trigger doc_history_no_update before update on doc_history
        begin select raise(abort, 'doc history is append-only'); end;`,
    pg: `${historyTable('bigserial primary key', 'boolean', 'bytea')}
      create or replace rule doc_history_no_update as on update to doc_history do instead nothing;`,
  },
  {
    // 民呼我应 (matters.ts): a resident's tracking code → the incident it became. The matter's
    // content and contact phone live in the grid's ledger doc, not here.
    version: 7,
    name: 'residents matters: tracking codes',
    sqlite: residentMatters,
    pg: residentMatters,
  },
  {
    // 民情联系卡 codes (linkageCodes.ts): hashed; a card code per household, one-time rating codes.
    version: 8,
    name: 'linkage contact card and rating codes (hashed)',
    sqlite: linkageCodes,
    pg: linkageCodes,
  },
  {
    // Attachments (attachments.ts): content-addressed files in chunks, their referencing docs;
    // a notice's attachments (JSON, covered by its hash; null for none, so older hashes hold).
    version: 9,
    name: 'attachments: files in chunks, doc references; notice attachments',
    sqlite: `${attachmentTables('blob')}
      alter table notices add column attachments text;`,
    pg: `${attachmentTables('bytea')}
      alter table notices add column attachments text;`,
  },
  {
    // Submitted reports upward (reportSnapshots.ts): figures as submitted, canonical JSON and its hash.
    version: 10,
    name: 'submitted report snapshots',
    sqlite: reportSnapshots,
    pg: reportSnapshots,
  },
  {
    // The township's settings (townshipSettings.ts): visit rules, meeting cadences, deadline days.
    version: 11,
    name: 'township settings',
    sqlite: townshipSettings,
    pg: townshipSettings,
  },
  {
    // 四培五考 (assessment.ts): training records, the township's weights, 民主测评, closed assessments.
    version: 12,
    name: 'grid worker training and assessment',
    sqlite: assessmentTables('real'),
    pg: assessmentTables('double precision'),
  },
  {
    // A doc linking a file the relay already holds must prove it holds the bytes
    // (routes/attachments.ts); a proof that cannot be checked yet (the file is still uploading)
    // waits here, and the link does not open the file until it is checked.
    version: 15,
    name: 'attachment links: pending proof of possession',
    sqlite: 'alter table attachment_refs add column proof text;',
    pg: 'alter table attachment_refs add column proof text;',
  },
  {
    // A posting record (张贴记录) of an earlier notice: which notice, the day, the places (JSON,
    // covered by its hash; null on every other row, so their hashes hold).
    version: 16,
    name: 'notice posting records',
    sqlite: 'alter table notices add column posting text;',
    pg: 'alter table notices add column posting text;',
  },
]

/** The schema version this code writes: the highest numbered (numbers may have gaps). */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version))

export class StoreTooNewError extends Error {
  constructor(readonly found: number) {
    super(
      `数据库结构版本为 ${found}，比本程序支持的版本 ${SCHEMA_VERSION} 新：它由较新版本的 Cunwu 写入。` +
        `请运行那个版本（或更新的版本），或从升级前的备份恢复；本程序不会打开它。` +
        ` (store schema version ${found} is newer than this relay's ${SCHEMA_VERSION}; refusing to start)`,
    )
    this.name = 'StoreTooNewError'
  }
}

function pending(current: number): readonly Migration[] {
  if (current > SCHEMA_VERSION) throw new StoreTooNewError(current)
  return MIGRATIONS.filter((m) => m.version > current)
}

const VERSION_TABLE = (int: string) => `create table if not exists schema_version (
  version ${int} primary key, name text not null, applied_at text not null)`

/** Brings a SQLite store to SCHEMA_VERSION; returns the versions applied. */
export function migrateSqlite(db: Database.Database, now = () => new Date().toISOString()): number[] {
  const applied: number[] = []
  db.transaction(() => {
    const hadTable = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_version'").get() !== undefined
    db.exec(VERSION_TABLE('integer'))
    const record = db.prepare('insert into schema_version (version, name, applied_at) values (?, ?, ?)')
    if (!hadTable) {
      // Releases up to 92d338f: user_version counted the same first three migrations.
      const legacy = db.pragma('user_version', { simple: true }) as number
      for (const m of MIGRATIONS.slice(0, legacy)) record.run(m.version, m.name, 'before schema_version')
    }
    const current = (db.prepare('select coalesce(max(version), 0) as v from schema_version').get() as { v: number }).v
    for (const m of pending(current)) {
      db.exec(m.sqlite)
      record.run(m.version, m.name, now())
      applied.push(m.version)
    }
  }).immediate()
  return applied
}

export const MIGRATION_LOCK = 471_104_2026

/** Releases up to 92d338f: schema_migrations 1 held what is now 1 and 2, and 2 added notices. */
const LEGACY_PG_VERSION = [0, 2, 3] as const

/** Brings a PostgreSQL store to SCHEMA_VERSION under an advisory lock; returns the versions applied. */
export async function migratePg(pool: pg.Pool, now = () => new Date().toISOString()): Promise<number[]> {
  const client = await pool.connect()
  const applied: number[] = []
  try {
    await client.query('begin')
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    const { rows: found } = await client.query<{ current: string | null; legacy: string | null }>(
      "select to_regclass('schema_version')::text as current, to_regclass('schema_migrations')::text as legacy",
    )
    const hadTable = found[0]?.current != null
    await client.query(VERSION_TABLE('int'))
    const record = (m: Migration, at: string) => client.query('insert into schema_version (version, name, applied_at) values ($1, $2, $3)', [m.version, m.name, at])
    if (!hadTable && found[0]?.legacy) {
      const { rows } = await client.query<{ v: number | null }>('select max(version) as v from schema_migrations')
      const legacy = LEGACY_PG_VERSION[rows[0]?.v ?? 0]
      if (legacy === undefined) throw new StoreTooNewError(rows[0]?.v ?? 0)
      for (const m of MIGRATIONS.slice(0, legacy)) await record(m, 'before schema_version')
      await client.query('drop table schema_migrations')
    }
    const { rows } = await client.query<{ v: number }>('select coalesce(max(version), 0)::int as v from schema_version')
    for (const m of pending(rows[0]?.v ?? 0)) {
      await client.query(m.pg)
      await record(m, now())
      applied.push(m.version)
    }
    await client.query('commit')
  } catch (err) {
    await client.query('rollback')
    throw err
  } finally {
    client.release()
  }
  return applied
}
