/** The store the configuration selects: PostgreSQL when DATABASE_URL is set, else SQLite. */
import type { RelayConfig } from '../config.js'
import type { Logger } from '../log.js'
import { openPgStore } from './store.pg.js'
import { openSqliteStore } from './store.sqlite.js'
import type { Store } from './types.js'

export async function openStore(config: RelayConfig, log: Logger): Promise<Store> {
  if (config.databaseUrl) return openPgStore(config.databaseUrl, (message) => log.warn('PostgreSQL connection lost', { error: message }))
  return openSqliteStore(config.dataDir, (message) => log.warn('WAL checkpoint failed', { error: message }))
}
