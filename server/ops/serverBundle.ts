/**
 * The relay as `npm start` runs it: server/main.ts and the app code it imports (server/ and
 * shared/), bundled by esbuild into ES modules, whitespace removed, identifiers as written. Each
 * route module loaded on its first request (server/http/lazyRoutes.ts) is its own chunk. The
 * pure-JavaScript packages every relay needs at start (yjs, lib0, y-protocols, zod, Hono) are
 * bundled too, only what is used of them; every other package stays in node_modules and is
 * imported as it is (better-sqlite3 is native; pg, ioredis, exceljs and docx load on first use).
 *
 * Why: under `node --import tsx` the process also held tsx's loader, its module hooks on their
 * own thread, and every compiled module: about 40 MiB of the idle relay's RSS (bench:relay,
 * issue #21). V8 keeps each module's source text in memory; bundled and without whitespace the
 * packages' sources shrink too (yjs alone is 586 KiB as published). The bundle runs on plain
 * `node` and starts without compiling; `node --enable-source-maps` maps a stack trace back to
 * the TypeScript when wanted.
 *
 * The bundle must sit inside the project (the default is `dist-server/`), so that its imports of
 * packages resolve to the project's node_modules.
 */
import { build, type Plugin } from 'esbuild'
import { rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The Node flags the relay runs with: `npm start`, the systemd unit in the README and bench:relay
 * pass them (test/server/serverBundle.test.ts checks the first two). V8's young generation grows
 * under load to two 16 MiB semi-spaces and keeps them; at 4 MiB it stays an eighth of that. With
 * 1000 docs open RSS was 123 MiB against 147, and 110 against 139 once the checkpoint worker had
 * ended. bench:relay's sustained rate and fan-out latency moved by less than their run-to-run
 * noise (2 MiB made the 500-reader fan-out slower). It cannot be set from inside the process: V8
 * sizes the heap before any code runs.
 */
export const RELAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4']

/** Where `npm run build:server` writes, relative to the project root. */
export const SERVER_BUNDLE_DIR = 'dist-server'

/**
 * Bundled packages. All of yjs's family must be on one side: a second copy of yjs in one process
 * breaks its type checks, so no package left outside may import yjs (none does).
 */
const BUNDLED_PACKAGES = new Set(['yjs', 'lib0', 'y-protocols', 'zod', 'hono', '@hono/node-server'])

/** Every other package is imported from node_modules at run time. */
const packagesOutside: Plugin = {
  name: 'packages-outside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true }
      const parts = args.path.split('/')
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
      return BUNDLED_PACKAGES.has(name) ? undefined : { external: true }
    })
  },
}

/** Builds the bundle into `outdir` (relative to the project root, or absolute); returns its entry file. */
export async function buildServerBundle(outdir: string = SERVER_BUNDLE_DIR): Promise<string> {
  const absolute = resolve(ROOT, outdir)
  if (relative(ROOT, absolute).startsWith('..')) throw new Error(`the server bundle must be inside ${ROOT}, not ${absolute}`)
  // Chunk names carry a hash: a previous build's chunks would stay beside the new ones.
  rmSync(absolute, { recursive: true, force: true })
  await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'server/main.ts' },
    outdir: absolute,
    bundle: true,
    splitting: true,
    plugins: [packagesOutside],
    minifyWhitespace: true,
    minifySyntax: true,
    // Not keepNames: it wraps every function made at run time in a call that sets its name,
    // closures in yjs's hot loops included, and cut bench:relay's sustained rate to a third.
    legalComments: 'none',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return join(absolute, 'main.js')
}
