/**
 * The current @hocuspocus/server major (4.x) with its defaults (no extensions, no persistence,
 * no auth hook), quiet; the counterpart of hocus.ts (3.4.4). It needs Node ≥ 22, so it is plain
 * JavaScript run by the Node 22 binary that bench/lib/hocus4.ts installs, and it imports
 * Hocuspocus and yjs from that install (HOCUS4_DIR), not from the repo's node_modules, where
 * 3.4.4 lives. With BENCH_LOAD_DIR set, `onLoadDocument` seeds a doc from
 * `<dir>/<encodeURIComponent(name)>.bin` (used by the cold-load measurement).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'

const installDir = process.env.HOCUS4_DIR
if (!installDir) throw new Error('HOCUS4_DIR is not set')

/** The ESM entry of a package in the install, so Hocuspocus and this script share one yjs. */
function entry(name) {
  const packageDir = join(installDir, 'node_modules', name)
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  return pathToFileURL(join(packageDir, manifest.module ?? manifest.main)).href
}

const { Server } = await import(entry('@hocuspocus/server'))
const Y = await import(entry('yjs'))

const loadDir = process.env.BENCH_LOAD_DIR

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  async onLoadDocument({ document, documentName }) {
    if (!loadDir) return
    const file = join(loadDir, `${encodeURIComponent(documentName)}.bin`)
    if (existsSync(file)) Y.applyUpdate(document, readFileSync(file))
  },
})

await server.listen()
process.stdout.write(`hocuspocus 4 listening on http://127.0.0.1:${server.address.port}\n`)

const stop = () => process.exit(0)
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
