/**
 * The Store implementations the conformance suites run against: SQLite in a temp dir and
 * PostgreSQL in a fresh database. `describeEachStore` declares one suite per backend around the
 * same body, so a promise of the interface is written once and checked on both; without
 * PostgreSQL the postgres suite is declared skipped with the reason in its title.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { openPgStore } from '../../server/storage/store.pg.js'
import { openSqliteStore } from '../../server/storage/store.sqlite.js'
import type { Store } from '../../server/storage/types.js'
import { type FreshDatabase, SKIP_REASON, freshPostgresDatabase } from './postgres.js'

export type Backend = {
  name: 'sqlite' | 'postgres'
  open(): Promise<Store>
  cleanup(): Promise<void>
  /** Another store on the same data (a second connection or pool), as a second relay would open. */
  openAnother(): Promise<Store>
  /** A second connection to the same database (PostgreSQL only), standing in for another relay. */
  otherRelay?(): Promise<pg.Client>
  /** Runs SQL straight on the store's database, as someone with access to the file or server would. */
  tamper(sql: string): Promise<void>
}

function sqliteBackend(): Backend {
  let dir = ''
  return {
    name: 'sqlite',
    async open() {
      dir = mkdtempSync(join(tmpdir(), 'cunwu-conf-'))
      return openSqliteStore(dir)
    },
    async openAnother() {
      return openSqliteStore(dir)
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true })
    },
    async tamper(sql) {
      const db = new Database(join(dir, 'cunwu.sqlite'))
      try {
        db.pragma('busy_timeout = 5000')
        db.exec(sql)
      } finally {
        db.close()
      }
    },
  }
}

function postgresBackend(): Backend {
  let db: FreshDatabase | null = null
  return {
    name: 'postgres',
    async open() {
      db = await freshPostgresDatabase('cunwu_conf')
      return openPgStore(db.url)
    },
    async openAnother() {
      if (!db) throw new Error('postgres backend not open')
      return openPgStore(db.url)
    },
    async cleanup() {
      await db?.drop()
    },
    async tamper(sql) {
      if (!db) throw new Error('postgres backend not open')
      const client = new pg.Client({ connectionString: db.url })
      await client.connect()
      try {
        await client.query(sql)
      } finally {
        await client.end()
      }
    },
    async otherRelay() {
      if (!db) throw new Error('postgres backend not open')
      const client = new pg.Client({ connectionString: db.url })
      await client.connect()
      return client
    },
  }
}

/**
 * One suite per backend, each on one store opened before its first test and closed after its
 * last; `body` reads the store through the getter it is given.
 */
export function describeEachStore(title: string, postgresUp: boolean, body: (backend: Backend, store: () => Store) => void): void {
  for (const backend of [sqliteBackend(), postgresBackend()]) {
    const skip = backend.name === 'postgres' && !postgresUp
    ;(skip ? describe.skip : describe)(`${title}: ${backend.name}${skip ? ` ${SKIP_REASON}` : ''}`, () => {
      let store: Store | null = null
      beforeAll(async () => {
        store = await backend.open()
      })
      afterAll(async () => {
        await store?.close()
        await backend.cleanup()
      })
      body(backend, () => {
        if (!store) throw new Error(`${backend.name} store not open`)
        return store
      })
    })
  }
}
