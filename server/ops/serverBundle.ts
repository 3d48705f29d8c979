/**
 * The relay as `npm start` runs it: server/main.ts and the app code it imports (server/ and
 * shared/), bundled by esbuild into plain ES modules. Packages stay in node_modules and are
 * imported as they are (better-sqlite3 is native; pg, ioredis, exceljs load on first use), and
 * each route module loaded on its first request (server/http/lazyRoutes.ts) is its own chunk.
 *
 * Why: under `node --import tsx` the process also holds tsx's loader, its module hooks on their
 * own thread, and every compiled module: about 40 MiB of the idle relay's RSS (bench:relay,
 * issue #21). The bundle runs on plain `node`, starts without compiling, and keeps the
 * functions' own names, so a stack trace still reads; `node --enable-source-maps` maps it back
 * to the TypeScript when wanted.
 *
 * The bundle must sit inside the project (the default is `dist-server/`), so that its imports of
 * packages resolve to the project's node_modules.
 */
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Where `npm run build:server` writes, relative to the project root. */
export const SERVER_BUNDLE_DIR = 'dist-server'

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
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return join(absolute, 'main.js')
}
