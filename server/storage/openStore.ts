/** The store the configuration selects: PostgreSQL when DATABASE_URL is set, else SQLite. */
import type { RelayConfig } from '../config.js'
import type { Logger } from '../log.js'
import { openSqliteStore } from './store.sqlite.js'
import type { Store } from './types.js'

export async function openStore(config: RelayConfig, log: Logger): Promise<Store> {
  if (config.databaseUrl) {
    // Loaded only when configured: pg and the PostgreSQL store stay out of a SQLite relay's memory.
    const { openPgStore } = await import('./store.pg.js')
    return openPgStore(config.databaseUrl, (message) => log.warn('PostgreSQL connection lost', { error: message }))
  }
  return openSqliteStore(config.dataDir, (message) => log.warn('WAL checkpoint failed', { error: message }))
}
