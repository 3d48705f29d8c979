/**
 * bench:scale infrastructure: the PostgreSQL database of a run (created fresh, dropped at the
 * end), whether the relay can use PostgreSQL yet, and CPU of the shared services (PostgreSQL,
 * Redis) read from /proc like the relays'.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { readCpuMs } from './servers.js'

export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
export const pgUrl = (db: string) => `postgres://postgres@127.0.0.1:5432/${db}`
export const REDIS_URL = 'redis://127.0.0.1:6379'

/** True once the relay has a PostgreSQL store (server/storage/store.pg.ts) and server/config.ts reads DATABASE_URL. */
export function relaySupportsPostgres(root: string): boolean {
  const config = join(root, 'server/config.ts')
  const hasStore = ['store.pg.ts', 'pg.ts'].some((f) => existsSync(join(root, 'server/storage', f)))
  return hasStore && existsSync(config) && readFileSync(config, 'utf8').includes('DATABASE_URL')
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const created = new Set<string>()

export async function createDatabase(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`)
  await admin((c) => c.query(`create database ${name}`))
  created.add(name)
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`))
  created.delete(name)
}

/** Best effort, for exit paths: drops every database this process created. */
export async function dropAllDatabases(): Promise<void> {
  for (const name of [...created]) await dropDatabase(name).catch(() => undefined)
}

/** What the relays left in the database: table count and, if there is an obvious update log, its rows. */
export async function databaseSummary(name: string): Promise<{ tables: number; tableNames: string[] }> {
  const client = new pg.Client({ connectionString: pgUrl(name), connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    const res = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    )
    return { tables: res.rowCount ?? 0, tableNames: res.rows.map((r) => r.table_name) }
  } finally {
    await client.end()
  }
}

/** pids of running processes whose command name is one of `names` (e.g. postgres, redis-server). */
export function pidsByName(names: string[]): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      if (names.includes(comm)) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

/** CPU ms per pid (processes that vanished are skipped). */
export function cpuByPid(pids: number[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const pid of pids) {
    try {
      out.set(pid, readCpuMs(pid))
    } catch {
      // gone meanwhile
    }
  }
  return out
}

/** CPU used between two samples of a process group; processes born in between count from 0. */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0)
  return sum
}

/** Whole-machine CPU counters from /proc/stat (jiffies): busy and total, over all cores. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const fields = line.trim().split(/\s+/).slice(1).map(Number)
  const total = fields.reduce((a, b) => a + b, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total }
}
