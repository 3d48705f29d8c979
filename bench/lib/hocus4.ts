/**
 * The current Hocuspocus major as a reference server. @hocuspocus/server 4.x declares
 * `engines: node >= 22` and this project runs on Node 20, so it is not a devDependency (that
 * would break `npm ci` on Node 20 with EBADENGINE). Instead, on first use, it is installed with
 * npm — together with matching yjs / y-protocols and a Node 22 binary, which npm serves as the
 * package `node-<platform>-<arch>` — into a cache directory outside the repo:
 * `${XDG_CACHE_HOME:-~/.cache}/cunwu-bench/hocuspocus4`. bench/servers/hocus4.mjs then runs on
 * that binary and imports from that directory. Nothing in the repo's node_modules changes.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Exact versions installed; a change here reinstalls on the next run. */
export const HOCUS4_VERSIONS = {
  '@hocuspocus/server': '4.7.0',
  yjs: '13.6.33',
  'y-protocols': '1.0.7',
  node: '22.23.5',
} as const

const INSTALL_TIMEOUT_MS = 5 * 60_000

export type Hocus4Install = {
  /** The cache directory; its node_modules holds Hocuspocus 4 and its yjs. */
  dir: string
  /** The Node 22 binary. */
  node: string
}

export function hocus4Dir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(cache, 'cunwu-bench', 'hocuspocus4')
}

/** One line naming what the column runs, for the bench's header. */
export function describeHocus4(): string {
  const v = HOCUS4_VERSIONS
  return `hocuspocus 4 = @hocuspocus/server ${v['@hocuspocus/server']} (yjs ${v.yjs}, y-protocols ${v['y-protocols']}) on node ${v.node}, from ${hocus4Dir()}`
}

let installing: Promise<Hocus4Install> | null = null

/** Installs on the first call (a no-op when the cache already holds these versions); later calls share the result. */
export function installHocus4(log: (message: string) => void): Promise<Hocus4Install> {
  installing ??= install(log)
  return installing
}

async function install(log: (message: string) => void): Promise<Hocus4Install> {
  const dir = hocus4Dir()
  const nodePackage = `node-${process.platform}-${process.arch}`
  const node = join(dir, 'node_modules', nodePackage, 'bin', 'node')
  const marker = join(dir, 'installed.json')
  const wanted = JSON.stringify(HOCUS4_VERSIONS)
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted && existsSync(node)) return { dir, node }

  mkdirSync(dir, { recursive: true })
  const v = HOCUS4_VERSIONS
  const specs = [
    `@hocuspocus/server@${v['@hocuspocus/server']}`,
    `yjs@${v.yjs}`,
    `y-protocols@${v['y-protocols']}`,
    `${nodePackage}@${v.node}`,
  ]
  log(`installing ${specs.join(' ')} into ${dir}`)
  // --loglevel=error: npm itself runs on Node 20 here and would warn EBADENGINE for the server.
  await run('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', ...specs])
  const version = (await run(node, ['--version'])).trim()
  if (version !== `v${v.node}`) throw new Error(`${node} reports ${version}, expected v${v.node}`)
  writeFileSync(marker, wanted)
  return { dir, node }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(stdout)
      else reject(new Error(`${command} ${args.join(' ')} failed (code ${code}, signal ${signal}):\n${stderr.slice(-2000)}`))
    })
  })
}
