/**
 * Backups of the SQLite store with SQLite's online backup API (better-sqlite3 `db.backup()`).
 * The relay keeps writing meanwhile (WAL: a reader never blocks the writer).
 *
 * - Inside the relay (scheduled backups) the copy runs on the relay's own connection a few
 *   hundred pages per event-loop turn; SQLite carries the relay's own writes made meanwhile into
 *   the copy, so it is consistent as of its last step and the event loop is never held for long.
 * - From another process (`npm run backup`) a step copies every page in one read transaction:
 *   that process's snapshot is consistent, and writes from the relay cannot restart it.
 *
 * Restore copies a backup into DATA_DIR (via a temporary file and a rename, after removing an
 * old store's -wal/-shm), then opens it once so migrations run and a damaged file is caught.
 */
import Database from 'better-sqlite3'
import { existsSync, readdirSync, renameSync, rmSync, copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

export const SQLITE_FILE = 'cunwu.sqlite'
const PAGES_PER_STEP_IN_RELAY = 256

/** Backs up through a connection the caller owns (the relay's). */
export async function backupSqliteConnection(db: Database.Database, out: string): Promise<void> {
  const tmp = `${out}.partial`
  rmSync(tmp, { force: true })
  await db.backup(tmp, { progress: () => PAGES_PER_STEP_IN_RELAY })
  renameSync(tmp, out)
}

/** Backs up the store in dataDir from this process, in one read transaction. */
export async function backupSqliteFile(dataDir: string, out: string): Promise<void> {
  const file = join(dataDir, SQLITE_FILE)
  if (!existsSync(file)) throw new Error(`没有找到数据库文件 ${file}（检查 DATA_DIR）`)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  const tmp = `${out}.partial`
  rmSync(tmp, { force: true })
  try {
    await db.backup(tmp, { progress: () => 0x7fffffff })
  } finally {
    db.close()
  }
  renameSync(tmp, out)
}

/** Files in DATA_DIR, for the "refuse a non-empty DATA_DIR" rule. */
export function dataDirEntries(dataDir: string): string[] {
  return existsSync(dataDir) ? readdirSync(dataDir) : []
}

/** Checks a backup file is a whole, readable SQLite database before anything is replaced. */
export function checkSqliteBackup(from: string): void {
  const db = new Database(from, { readonly: true, fileMustExist: true })
  try {
    const result = db.pragma('quick_check', { simple: true })
    if (result !== 'ok') throw new Error(`备份文件已损坏：${String(result)}`)
  } finally {
    db.close()
  }
}

export function restoreSqliteFile(from: string, dataDir: string): void {
  checkSqliteBackup(from)
  mkdirSync(dataDir, { recursive: true })
  const target = join(dataDir, SQLITE_FILE)
  const tmp = `${target}.restoring`
  copyFileSync(from, tmp)
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true })
  renameSync(tmp, target)
}
