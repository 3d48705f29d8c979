/**
 * The SQLite → PostgreSQL copy (server/ops/copySqliteToPg.ts) moves the tables it lists, and
 * nothing else: a table a migration adds but the list forgets would be lost in the move without
 * a word. So the list must name every table a freshly migrated SQLite store has.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { TABLES } from '../../server/ops/copySqliteToPg.js'
import { SQLITE_FILE } from '../../server/storage/backup.sqlite.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'cunwu-tables-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('lists every table the SQLite migrations create', async () => {
  await openSqliteStore(dir).close()
  const db = new Database(join(dir, SQLITE_FILE), { readonly: true })
  const created = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => name !== 'schema_version')
  db.close()
  expect(created).toContain('doc_history')
  expect([...TABLES].sort()).toEqual(created.sort())
})
