/**
 * The SQLite store's own checkpoint, end to end on a real file: a burst of appends past SQLite's
 * autocheckpoint size (4 MiB of WAL), then a pause, and the store's connection copies the WAL
 * into the database file and empties it (checkpointer.sqlite.ts runs it once writes have been
 * quiet for half a second). "Copied" is checked by opening a copy of the database file alone.
 */
import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { SQLITE_FILE } from '../../server/storage/backup.sqlite.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import type { Store } from '../../server/storage/types.js'
import { waitFor } from '../helpers/waitFor.js'

let dir = ''
let store: Store | null = null
afterEach(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('empties a WAL past 4 MiB on its own connection once the writes pause, with every row in the database file', async () => {
  dir = mkdtempSync(join(tmpdir(), 'cunwu-store-checkpoint-'))
  const errors: string[] = []
  store = openSqliteStore(dir, (m) => errors.push(m))
  const file = join(dir, SQLITE_FILE)
  const walBytes = () => statSync(`${file}-wal`).size
  const ROWS = 300
  await Promise.all(Array.from({ length: ROWS }, (_, i) => store!.docs.append(`v1/minutes/m${i % 7}`, new Uint8Array(16 * 1024).fill(i % 251))))
  for (let i = 0; walBytes() < 4 * 1024 * 1024; i++) await store.docs.append('v1/minutes/more', new Uint8Array(16 * 1024).fill(i % 251))

  await waitFor(() => walBytes() === 0, 'the WAL is emptied after the pause', 5000)
  const copy = join(dir, 'alone.sqlite')
  copyFileSync(file, copy)
  const alone = new Database(copy, { readonly: true })
  try {
    const { n } = alone.prepare("select count(*) as n from doc_updates where doc_name like 'v1/minutes/m%'").get() as { n: number }
    expect(n).toBe(ROWS)
  } finally {
    alone.close()
  }
  expect(errors).toEqual([])
})
