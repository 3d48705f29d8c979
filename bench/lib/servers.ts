/**
 * Starting and stopping the servers, each in its own child process running plain JavaScript
 * (no TypeScript loader in any of them), on 127.0.0.1 with an OS-chosen port: Cunwu as
 * `npm start` runs it, from its bundle (server/ops/serverBundle.ts, built into .bench/ once per
 * run); the references' small TypeScript scripts transpiled by esbuild beside it. Every child is
 * tracked and killed when the bench exits, even on error. Hocuspocus 4 runs on the Node 22
 * binary that bench/lib/hocus4.ts installs; the others on this process's Node.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'
import { buildServerBundle, RELAY_NODE_FLAGS } from '../../server/ops/serverBundle.js'
import { type Dialect, hocusDialect, plainDialect, type ServerKind } from './dialect.js'
import { installHocus4 } from './hocus4.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 8_000

const ADMIN_PHONE = '13800000000'
const ADMIN_PASSWORD = 'admin-pass-123'

const SOURCES: Record<ServerKind, string> = {
  cunwu: 'server/main.ts',
  yws: 'bench/servers/yws.ts',
  hocus: 'bench/servers/hocus.ts',
  hocus4: 'bench/servers/hocus4.mjs',
}
/** Inside the project, so the built scripts import packages from its node_modules. */
const BUILD_DIR = '.bench/servers'

const built = new Map<ServerKind, Promise<string>>()

/** The plain-JavaScript file a server kind runs, built on first use in this process. */
function script(kind: ServerKind): Promise<string> {
  let file = built.get(kind)
  if (!file) {
    file = buildScript(kind)
    built.set(kind, file)
  }
  return file
}

async function buildScript(kind: ServerKind): Promise<string> {
  const source = SOURCES[kind]
  if (kind === 'cunwu') return buildServerBundle(join(BUILD_DIR, 'cunwu'))
  if (source.endsWith('.mjs')) return join(ROOT, source)
  const { code } = await transform(readFileSync(join(ROOT, source), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: source })
  const file = join(ROOT, BUILD_DIR, `${kind}.mjs`)
  mkdirSync(join(ROOT, BUILD_DIR), { recursive: true })
  writeFileSync(file, code)
  return file
}

export type StartOptions = {
  /** Cunwu: its DATA_DIR (SQLite). */
  dataDir: string
  /** References: a directory of `<encoded doc name>.bin` updates to load docs from. */
  loadDir?: string
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[]
  /** Cunwu: use this existing village instead of creating one (restarts on the same data). */
  villageId?: string
  /** Extra environment for the child (bench:scale: DATABASE_URL, REDIS_URL). */
  env?: Record<string, string>
  /** Hocuspocus 4: run it on this Node binary instead of the installed Node 22 (a diagnostic). */
  nodeBinary?: string
}

export type RunningServer = {
  kind: ServerKind
  pid: number
  port: number
  dialect: Dialect
  /** Doc-name prefix valid on this server (Cunwu: a real village id). */
  villageId: string
  /** Cunwu: the admin's bearer token on this server. */
  token: string | null
  /** From spawn to the "listening on" line. */
  startMs: number
  rssKiB(): number
  cpuMs(): number
  stop(): Promise<void>
}

const children = new Set<ChildProcess>()

/** Kills every child still running; safe to call from an exit handler (synchronous). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
}

export async function startServer(kind: ServerKind, options: StartOptions): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    ADMIN_PHONE,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  }
  delete env.YPERSISTENCE
  if (options.loadDir) env.BENCH_LOAD_DIR = options.loadDir
  Object.assign(env, options.env)
  let nodeBinary = process.execPath
  if (kind === 'hocus4') {
    const install = await installHocus4((message) => process.stderr.write(`[bench] ${message}\n`))
    nodeBinary = options.nodeBinary ?? install.node
    env.HOCUS4_DIR = install.dir
  }
  const file = await script(kind)
  const spawnedAt = performance.now()
  // Cunwu runs with the flags `npm start` gives it.
  const flags = [...(kind === 'cunwu' ? RELAY_NODE_FLAGS : []), ...(options.nodeFlags ?? [])]
  const child = spawn(nodeBinary, [...flags, file], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  const port = await waitForListening(kind, child)
  const startMs = performance.now() - spawnedAt
  const pid = child.pid
  if (pid === undefined) throw new Error(`${kind}: no pid`)
  const base = `127.0.0.1:${port}`
  let dialect: Dialect
  let villageId = 'v0'
  let token: string | null = null
  if (kind === 'cunwu') {
    token = await cunwuLogin(`http://${base}`)
    villageId = options.villageId ?? (await cunwuVillage(`http://${base}`, token))
    dialect = plainDialect('cunwu', `ws://${base}`, token)
  } else if (kind === 'yws') {
    dialect = plainDialect('yws', `ws://${base}`, null)
  } else {
    dialect = hocusDialect(kind, `ws://${base}`)
  }
  return {
    kind,
    pid,
    port,
    dialect,
    villageId,
    token,
    startMs,
    rssKiB: () => readRssKiB(pid),
    cpuMs: () => readCpuMs(pid),
    stop: () => stopChild(child),
  }
}

function waitForListening(kind: ServerKind, child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => fail(new Error(`${kind} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS)
    const fail = (err: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${err.message}\n--- ${kind} output ---\n${output.slice(-2000)}`))
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on('data', onData)
    // Keep draining stderr so a chatty child never blocks; show only real trouble.
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (/error/i.test(chunk.toString())) process.stderr.write(`[${kind}] ${chunk.toString()}`)
    })
    child.once('exit', (code, signal) => fail(new Error(`${kind} exited early (code ${code}, signal ${signal})`)))
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

async function cunwuLogin(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: ADMIN_PHONE, password: ADMIN_PASSWORD }),
  })
  if (!res.ok) throw new Error(`cunwu login: HTTP ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { token?: unknown }
  if (typeof body.token !== 'string') throw new Error('cunwu login: no token')
  return body.token
}

async function cunwuVillage(base: string, token: string): Promise<string> {
  const res = await fetch(`${base}/api/villages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: '基准村' }),
  })
  if (!res.ok) throw new Error(`cunwu create village: HTTP ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { id?: unknown }
  if (typeof body.id !== 'string') throw new Error('cunwu create village: no id')
  return body.id
}

export function readRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!match) throw new Error(`no VmRSS for ${pid}`)
  return Number(match[1])
}

/** utime + stime of the process (all threads), in ms; clock ticks are 100 Hz on Linux. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
