/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, stalling the relay for milliseconds every few hundred commits.
 * Instead, automatic checkpoints are turned off on the relay's connection and a worker thread,
 * with its own connection to the same file, runs a PASSIVE checkpoint on a timer (PASSIVE
 * never blocks writers). A TRUNCATE checkpoint runs once at close.
 *
 * The worker runs only while there is enough to checkpoint. A worker is a second V8 isolate,
 * about 9 MiB of RSS while it lives and 2–3 MiB of malloc arenas after it ends, and a village's
 * relay is idle most of the day (issue #21). Every second the relay looks at the WAL file's size
 * (an `fs.stat` on libuv's pool, not the event loop); the worker starts once it reaches
 * `startBytes`, by default 4 MiB, SQLite's own autocheckpoint point (1000 pages of 4 KiB). A
 * WAL below that is read and kept as safely as the database file; it only costs readers a little
 * lookup, as it would under SQLite's default. The worker ends itself once its checkpoints have
 * copied the whole WAL and nothing new has come for `idleTicks` ticks. Its last act is a
 * TRUNCATE checkpoint that empties the WAL file (tried without waiting: if a reader or writer is
 * in the way, it stays and tries again next tick), so the size again counts only new writes.
 */
import { stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const CHECKPOINT_EVERY_MS = 1000
/** Quiet ticks (everything checkpointed, nothing new) before the worker ends. */
const IDLE_TICKS = 5
/** WAL size that starts the worker: SQLite's default autocheckpoint, 1000 pages of 4 KiB. */
const START_BYTES = 4 * 1024 * 1024

// Plain JS evaluated in the worker, so it runs the same under tsx, vitest and node.
const WORKER_SOURCE = `
const { statSync } = require('node:fs')
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
const walState = () => { try { const s = statSync(workerData.wal); return s.size + ':' + s.mtimeMs } catch { return 'none' } }
let last = ''
let quiet = 0
const tick = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    const state = r.log + '/' + r.checkpointed + '/' + walState()
    quiet = r.busy === 0 && r.log === r.checkpointed && state === last ? quiet + 1 : 0
    last = state
  } catch (err) {
    quiet = 0
    parentPort.postMessage({ error: String(err && err.message || err) })
  }
  if (quiet < workerData.idleTicks) return
  // Empty the WAL file before ending, without waiting on anyone: busy means try next tick.
  db.pragma('busy_timeout = 0')
  let emptied = false
  try { emptied = db.pragma('wal_checkpoint(TRUNCATE)')[0].busy === 0 } catch {}
  db.pragma('busy_timeout = 5000')
  if (!emptied) { quiet = 0; return }
  clearInterval(timer)
  db.close()
  parentPort.postMessage('idle')
}
const timer = setInterval(tick, workerData.everyMs)
parentPort.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.postMessage('stopped')
})
`

export type Checkpointer = {
  /** True while the worker thread exists (tests and diagnostics). */
  running(): boolean
  stop(): Promise<void>
}

export type CheckpointerOptions = { everyMs?: number; idleTicks?: number; startBytes?: number }

export function startCheckpointer(file: string, onError: (message: string) => void, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const wal = `${file}-wal`
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS
  const startBytes = options.startBytes ?? START_BYTES
  const workerData = { file, wal, driver, everyMs, idleTicks: options.idleTicks ?? IDLE_TICKS }
  let worker: Worker | null = null
  let looking = false
  let stopped = false

  const start = () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData })
    worker = w
    w.unref()
    w.on('message', (m: unknown) => {
      if (m === 'idle') void w.terminate()
      else if (typeof m === 'object' && m !== null && 'error' in m) onError(String(m.error))
    })
    w.on('error', (err) => onError(err.message))
    w.once('exit', () => {
      if (worker === w) worker = null
    })
  }

  const look = async () => {
    if (worker || looking || stopped) return
    looking = true
    try {
      const size = (await stat(wal).catch(() => null))?.size ?? 0
      if (size >= startBytes && !worker && !stopped) start()
    } finally {
      looking = false
    }
  }
  const timer = setInterval(() => void look(), everyMs)
  timer.unref()

  return {
    running: () => worker !== null,
    async stop() {
      stopped = true
      clearInterval(timer)
      const w = worker
      if (!w) return
      await new Promise<void>((resolve) => {
        w.once('exit', () => resolve())
        w.once('message', () => void w.terminate())
        w.postMessage('stop')
      })
    },
  }
}
