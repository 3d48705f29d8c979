/**
 * Backups of the PostgreSQL store with pg_dump (custom format): pg_dump reads every table in one
 * repeatable-read snapshot, so the copy is consistent, and it takes no lock that blocks the
 * relays' inserts. Restore is pg_restore into an empty database (or over the existing tables with
 * --force: `--clean --if-exists`), in one transaction. Both need the PostgreSQL client tools
 * (`postgresql-client`) of the server's major version or newer on the machine that runs them.
 */
import { spawn } from 'node:child_process'
import { renameSync, rmSync } from 'node:fs'
import pg from 'pg'

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new Error(`找不到 ${command}：请安装与 PostgreSQL 服务器同一主版本的 postgresql-client`) : err),
    )
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} 失败（退出码 ${code}）：${stderr.trim()}`))))
  })
}

export async function backupPg(url: string, out: string): Promise<void> {
  const tmp = `${out}.partial`
  rmSync(tmp, { force: true })
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${tmp}`, `--dbname=${url}`])
  renameSync(tmp, out)
}

/** Names of the tables in the database's public schema (empty = a fresh database). */
export async function pgTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1")
    return rows.map((r) => r.t)
  } finally {
    await client.end()
  }
}

export async function restorePg(from: string, url: string, replace: boolean): Promise<void> {
  await run('pg_restore', ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', ...(replace ? ['--clean', '--if-exists'] : []), `--dbname=${url}`, from])
}
