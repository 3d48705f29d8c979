/**
 * The relay as its own process, for tests that kill or stop it with a signal; resolves with its
 * URL once it prints that it listens. It runs the source (`node --import tsx server/main.ts`),
 * or with `bundle`, that built entry on plain node with the flags `npm start` gives it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { RELAY_NODE_FLAGS } from '../../server/ops/serverBundle.js'
import { ADMIN } from './relay.js'

export type RelayProcess = {
  proc: ChildProcess
  url: string
  wsUrl: string
  exited: Promise<number | null>
  /** What the process wrote to stderr (its JSON log), for a failing test to show. */
  log(): string
}

export function startRelayProcess(dataDir: string, env: Record<string, string> = {}, bundle?: string): Promise<RelayProcess> {
  const proc = spawn(process.execPath, bundle ? [...RELAY_NODE_FLAGS, bundle] : ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PHONE: ADMIN.phone, ADMIN_PASSWORD: ADMIN.password, STATIC_DIR: '', LOG_LEVEL: process.env.RELAY_LOG_LEVEL ?? 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Warnings and errors show in the test's output as they come; the whole log is kept.
  let log = ''
  let shown = 0
  proc.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString()
    const end = log.lastIndexOf('\n') + 1
    for (const line of log.slice(shown, end).split('\n')) if (line && !/"level":"(info|debug)"/.test(line)) process.stderr.write(`${line}\n`)
    shown = Math.max(shown, end)
  })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = out.match(/listening on (http:\/\/[\d.]+:\d+)/)
      if (match?.[1]) resolve({ proc, url: match[1], wsUrl: `${match[1].replace(/^http/, 'ws')}/ws`, exited, log: () => log })
    })
    void exited.then((code) => reject(new Error(`relay exited early with ${code}: ${out}`)))
  })
}
