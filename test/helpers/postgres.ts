/**
 * PostgreSQL for the suites that need it. Rule: a developer machine without PostgreSQL skips
 * them with a loud banner and the reason in the suite title; under CI (env CI set) an unreachable
 * server fails the run instead, so a broken CI service can never turn into green by skipping.
 *
 * The server is TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test (trust auth). Each
 * suite gets a database of its own, created here and dropped by `drop()`: a fresh database,
 * unlike a schema, also isolates schema_migrations and advisory locks' effects on other files.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** host:port only, so a password in TEST_DATABASE_URL never reaches a log or a test title. */
export const TEST_DATABASE_HOST = new URL(TEST_DATABASE_URL).host

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function postgresAvailable(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('select 1'))
    return true
  } catch {
    // Unreachable is the answer here, not an error; requirePostgres decides whether it is fatal.
    return false
  }
}

/**
 * Resolves true when PostgreSQL is there; otherwise warns loudly and resolves false, or throws
 * under CI. Call at module top level, before the suites are declared.
 */
export async function requirePostgres(suite: string): Promise<boolean> {
  if (await postgresAvailable()) return true
  if (process.env.CI) throw new Error(`${suite}: PostgreSQL at ${TEST_DATABASE_HOST} is unreachable; CI must not skip this suite`)
  const bar = '!'.repeat(78)
  console.warn(`\n${bar}\n!! SKIPPING ${suite}: no PostgreSQL at ${TEST_DATABASE_HOST} (set TEST_DATABASE_URL).\n${bar}\n`)
  return false
}

/** The title suffix of a suite skipped for want of PostgreSQL. */
export const SKIP_REASON = `(SKIPPED: no PostgreSQL at ${TEST_DATABASE_HOST})`

export type FreshDatabase = { name: string; url: string; drop(): Promise<void> }

/** Creates an empty database with a random name; `drop()` removes it, closing its connections. */
export async function freshPostgresDatabase(prefix = 'cunwu_t'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await withAdmin((c) => c.query(`create database ${name}`))
  return {
    name,
    url: withDatabase(TEST_DATABASE_URL, name),
    drop: () => withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  }
}

/** Ends every connection to `database` but the admin's own, as a PostgreSQL restart would. */
export async function terminateConnections(database: string): Promise<number> {
  const { rowCount } = await withAdmin((c) =>
    c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]),
  )
  return rowCount ?? 0
}
