/**
 * `npm run backup -- --out <file>`: a consistent snapshot of the configured store (DATA_DIR's
 * SQLite file, or DATABASE_URL) taken while the relay keeps running. SQLite: the online backup
 * API, in one read transaction; PostgreSQL: pg_dump's custom format. Prints size and duration.
 */
import { statSync } from 'node:fs'
import { configFromEnv } from '../config.js'
import { backupPg } from '../storage/backup.pg.js'
import { backupSqliteFile } from '../storage/backup.sqlite.js'
import { cliArgs, fail, runCli } from './cli.js'
import { formatBytes } from './storeSummary.js'

const USAGE = 'npm run backup -- --out <备份文件>'

runCli(async () => {
  const args = cliArgs(USAGE, { out: { type: 'string' } })
  if (!args.out) fail(`缺少 --out\n用法：${USAGE}`)
  const config = configFromEnv(process.env)
  const started = performance.now()
  if (config.databaseUrl) await backupPg(config.databaseUrl, args.out)
  else await backupSqliteFile(config.dataDir, args.out)
  const ms = performance.now() - started
  const size = statSync(args.out).size
  process.stdout.write(
    `备份完成：${args.out}（${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}，${formatBytes(size)}，用时 ${(ms / 1000).toFixed(2)} 秒）\n` +
      `${JSON.stringify({ event: 'backup.done', file: args.out, store: config.databaseUrl ? 'postgres' : 'sqlite', bytes: size, ms: Math.round(ms) })}\n`,
  )
})
