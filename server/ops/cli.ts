/** Shared plumbing of the operator commands (backup, restore, migrate:pg): arguments, exit. */
import { parseArgs } from 'node:util'
import { errorMessage } from '../log.js'

export function cliArgs<T extends Record<string, { type: 'string' | 'boolean' }>>(usage: string, options: T) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values
  } catch (err) {
    fail(`${errorMessage(err)}\n用法：${usage}`)
  }
}

export function fail(message: string): never {
  process.stderr.write(`错误：${message}\n`)
  process.exit(1)
}

/** Runs a command's body; any error is printed in one line and the exit code is 1. */
export function runCli(body: () => Promise<void>): void {
  body().then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => fail(errorMessage(err)),
  )
}
