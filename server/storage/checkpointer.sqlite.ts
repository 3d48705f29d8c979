/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, stalling the relay for milliseconds every few hundred commits.
 * Instead, automatic checkpoints are turned off on the relay's connection and a worker thread,
 * with its own connection to the same file, runs a PASSIVE checkpoint on a timer (PASSIVE
 * never blocks writers). A TRUNCATE checkpoint runs once at close.
 *
 * The worker runs only while there is something to checkpoint. A worker is a second V8 isolate,
 * about 9 MiB of RSS, and a village's relay is idle most of the day (issue #21). Every second
 * the relay looks at the WAL file (an `fs.stat` on libuv's pool, not the event loop): if it has
 * changed since the worker last finished, the worker starts. The worker ends itself once its
 * checkpoints have copied the whole WAL and neither the WAL nor the checkpoint's counts have
 * changed for `idleTicks` ticks, and tells the relay the WAL's size and time as it left them.
 * Anything written after that changes them, so no write goes unnoticed.
 */
import { stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const CHECKPOINT_EVERY_MS = 1000
/** Quiet ticks (everything checkpointed, nothing new) before the worker ends. */
const IDLE_TICKS = 5

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
  clearInterval(timer)
  db.close()
  parentPort.postMessage({ idle: walState() })
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

export type CheckpointerOptions = { everyMs?: number; idleTicks?: number }

export function startCheckpointer(file: string, onError: (message: string) => void, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const wal = `${file}-wal`
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS
  const workerData = { file, wal, driver, everyMs, idleTicks: options.idleTicks ?? IDLE_TICKS }
  let worker: Worker | null = null
  /** The WAL's `size:mtime` when the worker last ended: anything else means new writes. */
  let checkpointed = 'none'
  let looking = false
  let stopped = false

  const start = () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData })
    worker = w
    w.unref()
    w.on('message', (m: unknown) => {
      if (typeof m !== 'object' || m === null) return
      if ('error' in m) onError(String(m.error))
      if ('idle' in m) {
        checkpointed = String(m.idle)
        void w.terminate()
      }
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
      const s = await stat(wal).catch(() => null)
      const now = s ? `${s.size}:${s.mtimeMs}` : 'none'
      if (now !== checkpointed && !worker && !stopped) start()
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
