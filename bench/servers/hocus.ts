/**
 * @hocuspocus/server 3.4.4 with its defaults (no extensions, no persistence, no auth hook),
 * quiet. With BENCH_LOAD_DIR set, `onLoadDocument` seeds a doc from
 * `<dir>/<encodeURIComponent(name)>.bin` (used by the cold-load measurement).
 */
import { Server } from '@hocuspocus/server'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'

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
process.stdout.write(`hocuspocus listening on http://127.0.0.1:${server.address.port}\n`)

const stop = () => process.exit(0)
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
