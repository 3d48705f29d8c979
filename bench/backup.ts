/**
 * `npm run bench:backup`: backup, restore and SQLite → PostgreSQL copy of the demo township
 * (`seed:demo` default scale), with a plain file copy of the same SQLite file as the floor.
 * Prints figures; asserts nothing. PostgreSQL rows need TEST_DATABASE_URL's server (skipped
 * with a note when it is unreachable).
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copySqliteToPg } from '../server/ops/copySqliteToPg.js'
import { seedDemo } from '../server/seed/seedDemo.js'
import { backupPg, restorePg } from '../server/storage/backup.pg.js'
import { backupSqliteFile, restoreSqliteFile, SQLITE_FILE } from '../server/storage/backup.sqlite.js'
import { openSqliteStore } from '../server/storage/store.sqlite.js'
import { freshPostgresDatabase, postgresAvailable } from '../test/helpers/postgres.js'

const root = mkdtempSync(join(tmpdir(), 'cunwu-bench-backup-'))
const rows: [string, string, string][] = []
const mib = (file: string) => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`

async function timed<T>(what: string, fn: () => Promise<T> | T, size: () => string = () => ''): Promise<T> {
  const started = performance.now()
  const result = await fn()
  rows.push([what, `${((performance.now() - started) / 1000).toFixed(2)} s`, size()])
  return result
}

try {
  const dataDir = join(root, 'data')
  const store = openSqliteStore(dataDir)
  await timed('seed:demo (township) into SQLite', () => seedDemo(store, { scale: 'township', seed: 20261123, today: '2026-11-30' }))
  const live = join(dataDir, SQLITE_FILE)
  await timed('store.backup() inside the relay (256 pages per turn)', () => store.backup(join(root, 'inrelay.sqlite')), () => mib(join(root, 'inrelay.sqlite')))
  await store.close()
  await timed('floor: cp of the same file', () => copyFileSync(live, join(root, 'cp.sqlite')), () => mib(join(root, 'cp.sqlite')))
  await timed('npm run backup (SQLite, one read transaction)', () => backupSqliteFile(dataDir, join(root, 'b.sqlite')), () => mib(join(root, 'b.sqlite')))
  await timed('npm run restore (SQLite: check, copy, open)', async () => {
    restoreSqliteFile(join(root, 'b.sqlite'), join(root, 'restored'))
    await openSqliteStore(join(root, 'restored')).close()
  })
  if (await postgresAvailable()) {
    const db = await freshPostgresDatabase('cunwu_bench_backup')
    const restored = await freshPostgresDatabase('cunwu_bench_restore')
    try {
      await timed('npm run migrate:pg (copy township into PostgreSQL)', () => copySqliteToPg(dataDir, db.url))
      await timed('npm run backup (PostgreSQL, pg_dump -Fc)', () => backupPg(db.url, join(root, 'b.pgdump')), () => mib(join(root, 'b.pgdump')))
      await timed('npm run restore (PostgreSQL, pg_restore)', () => restorePg(join(root, 'b.pgdump'), restored.url, false))
    } finally {
      await db.drop()
      await restored.drop()
    }
  } else rows.push(['PostgreSQL rows', 'skipped', 'no PostgreSQL at TEST_DATABASE_URL'])
  const width = Math.max(...rows.map((r) => r[0].length))
  process.stdout.write(`\nSQLite store: ${mib(live)}\n\n`)
  for (const [what, time, size] of rows) process.stdout.write(`${what.padEnd(width)}  ${time.padStart(8)}  ${size}\n`)
} finally {
  rmSync(root, { recursive: true, force: true })
}
