/**
 * What a test starts, stopped after it by the file's hooks: relays, stock clients, temp dirs and
 * any other cleanup, undone in reverse order after each test (also when it failed), so suites do
 * not each keep their own lists and afterEach. Call once at the top of a test file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { RelayConfig } from '../../server/config.js'
import { type FreshDatabase, freshPostgresDatabase, requirePostgres } from './postgres.js'
import { connectClient, type TestClient } from './provider.js'
import { startTestRelay, type TestRelay } from './relay.js'

type ClientOptions = Parameters<typeof connectClient>[3]

export type Lifetimes = {
  /** Runs `cleanup` after the current test, before the cleanups registered earlier. */
  defer(cleanup: () => unknown): void
  /** A relay on a fresh SQLite file (or on `dataDir`'s kept data), closed after the test. */
  relay(overrides?: Partial<RelayConfig>, dataDir?: string): Promise<TestRelay>
  /** A stock y-websocket client of `relay`, destroyed after the test. */
  client(relay: TestRelay, docName: string, token?: string, options?: ClientOptions): TestClient
  /** An empty directory, removed after the test. */
  tempDir(prefix?: string): string
}

export function lifetimes(): Lifetimes {
  const { each, undo } = tracked()
  afterEach(undo)
  return each
}

function tracked(): { each: Lifetimes; undo(): Promise<void> } {
  const cleanups: Array<() => unknown> = []
  const undo = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  }
  const defer = (cleanup: () => unknown) => void cleanups.push(cleanup)
  const each: Lifetimes = {
    defer,
    async relay(overrides = {}, dataDir) {
      const relay = await startTestRelay(overrides, dataDir)
      // A test may stop a relay itself to restart it on the same data; closing again is a no-op.
      defer(() => relay.close())
      return relay
    },
    client(relay, docName, token = relay.token, options = {}) {
      const client = connectClient(relay.wsUrl, docName, token, options)
      defer(() => client.destroy())
      return client
    },
    tempDir(prefix = 'cunwu-test-') {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      defer(() => rmSync(dir, { recursive: true, force: true }))
      return dir
    },
  }
  return { each, undo }
}

/** One relay started before each test and closed after it, after the test's own cleanups. */
export function relayEachTest(overrides: Partial<RelayConfig> = {}): Lifetimes & { readonly current: TestRelay; restart(): Promise<TestRelay> } {
  let current: TestRelay | null = null
  const { each, undo } = tracked()
  beforeEach(async () => {
    current = await startTestRelay(overrides)
  })
  afterEach(async () => {
    await undo()
    await current?.close()
    current = null
  })
  return {
    ...each,
    get current() {
      if (!current) throw new Error('relayEachTest: no relay outside a test')
      return current
    },
    /** Stops the relay (if the test has not) and starts it again on its port and data. */
    async restart() {
      const stopped = this.current
      await stopped.stop()
      current = await startTestRelay({ ...overrides, port: stopped.port }, stopped.dataDir)
      return current
    },
  }
}

/**
 * Relays sharing one fresh PostgreSQL database for the file (dropped after it), each with a temp
 * DATA_DIR so a later relay reuses the database's village. `up` is false when PostgreSQL is
 * unreachable on a developer machine (the suite then skips loudly; under CI it fails instead).
 */
export async function postgresRelays(suite: string, databasePrefix: string): Promise<Lifetimes & { up: boolean; database(): FreshDatabase; onDatabase(overrides?: Partial<RelayConfig>): Promise<TestRelay> }> {
  const up = await requirePostgres(suite)
  let db: FreshDatabase | null = null
  beforeAll(async () => {
    if (up) db = await freshPostgresDatabase(databasePrefix)
  })
  afterAll(async () => {
    await db?.drop()
  })
  const each = lifetimes()
  const database = () => {
    if (!db) throw new Error('no test database')
    return db
  }
  return {
    ...each,
    up,
    database,
    onDatabase: (overrides = {}) => each.relay({ databaseUrl: database().url, ...overrides }, each.tempDir('cunwu-pg-relay-')),
  }
}
