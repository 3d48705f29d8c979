/**
 * `npm run ledger:import -- --village <id or exact name> --file <path> [--dry-run] [--json]`:
 * the command-line import (runImport.ts), on the configured store (DATA_DIR or DATABASE_URL).
 * Exit 0 when the file was read, 2 with a Chinese message on stderr for a bad argument, an
 * unknown village or an unreadable file, 1 for anything unexpected. Logs go to stderr only, so
 * with --json stdout holds exactly one JSON document.
 */
import { configFromEnv } from '../config.js'
import { createLogger, errorMessage } from '../log.js'
import { openStore } from '../storage/openStore.js'
import { parseImportArgs, UsageError } from './args.js'
import { runLedgerImport } from './runImport.js'

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) }

async function main(): Promise<number> {
  let args
  try {
    args = parseImportArgs(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.err(`${err.message}\n`)
    return 2
  }
  const config = configFromEnv(process.env)
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
  const store = await openStore(config, log)
  try {
    return await runLedgerImport(args, { store, config, log, io, env: process.env })
  } finally {
    await store.close()
  }
}

/** Exits once stdout and stderr are flushed: a pipe takes a large --json document in pieces, and exiting early would cut it. */
async function exit(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))))
  process.exit(code)
}

main().then(exit, (err: unknown) => {
  io.err(`导入失败：${errorMessage(err)}\n`)
  return exit(1)
})
