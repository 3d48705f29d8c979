/**
 * `npm run restore -- --from <file> [--force]`: restores a backup made by `npm run backup` (or a
 * scheduled one) into the configured store: an empty DATA_DIR, or an empty DATABASE_URL
 * database. A non-empty one is refused unless --force is given (stop the relay first). The
 * restored store is opened once (older backups are migrated), counted, and every notice chain is
 * verified; a broken chain exits 1.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import { configFromEnv } from '../config.js'
import { createLogger } from '../log.js'
import { pgTables, restorePg } from '../storage/backup.pg.js'
import { dataDirEntries, restoreSqliteFile } from '../storage/backup.sqlite.js'
import { openStore } from '../storage/openStore.js'
import { cliArgs, fail, runCli } from './cli.js'
import { describeSummary, summariseStore } from './storeSummary.js'

const USAGE = 'npm run restore -- --from <备份文件> [--force]'

/** Which store a backup file came from, by its first bytes. */
function backupKind(file: string): 'sqlite' | 'postgres' | null {
  const fd = openSync(file, 'r')
  const head = Buffer.alloc(16)
  readSync(fd, head, 0, 16, 0)
  closeSync(fd)
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite'
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres'
  return null
}

runCli(async () => {
  const args = cliArgs(USAGE, { from: { type: 'string' }, force: { type: 'boolean' } })
  if (!args.from) fail(`缺少 --from\n用法：${USAGE}`)
  if (!existsSync(args.from)) fail(`找不到备份文件 ${args.from}`)
  const config = configFromEnv(process.env)
  const kind = backupKind(args.from)
  if (!kind) fail(`${args.from} 不是 Cunwu 的备份文件（既不是 SQLite 数据库，也不是 pg_dump 归档）`)
  const target = config.databaseUrl ? 'postgres' : 'sqlite'
  if (kind !== target) {
    fail(
      kind === 'sqlite'
        ? '这是 SQLite 备份，但设置了 DATABASE_URL：先恢复到 DATA_DIR，再用 npm run migrate:pg 复制到 PostgreSQL'
        : '这是 PostgreSQL 备份：请设置 DATABASE_URL 指向一个空数据库后再恢复',
    )
  }
  if (config.databaseUrl) {
    const tables = await pgTables(config.databaseUrl)
    if (tables.length > 0 && !args.force) {
      fail(`目标数据库不是空的（已有 ${tables.length} 张表：${tables.slice(0, 5).join(', ')}…）。恢复会覆盖其中的数据；确认覆盖请先停止 Cunwu，再加 --force`)
    }
    await restorePg(args.from, config.databaseUrl, tables.length > 0)
  } else {
    const entries = dataDirEntries(config.dataDir)
    if (entries.length > 0 && !args.force) {
      fail(`DATA_DIR ${config.dataDir} 不是空的（${entries.slice(0, 5).join(', ')}）。恢复会覆盖其中的数据；确认覆盖请先停止 Cunwu，再加 --force`)
    }
    restoreSqliteFile(args.from, config.dataDir)
  }
  const store = await openStore(config, createLogger('warn'))
  try {
    const summary = await summariseStore(store)
    process.stdout.write(`恢复完成：${describeSummary(summary)}\n`)
    if (summary.brokenChains.length > 0) process.exitCode = 1
  } finally {
    await store.close()
  }
})
