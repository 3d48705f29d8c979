/**
 * WAL checkpoints kept out of the relay's commits. SQLite's automatic checkpoint runs inside
 * whichever commit crosses the threshold, stalling that writer for milliseconds every few
 * hundred commits, so the relay's connection turns it off and this module runs checkpoints
 * instead, at a moment nobody is waiting on a commit.
 *
 * Every second the relay looks at the WAL file (an `fs.stat` on libuv's pool, not the event
 * loop). Below `startBytes`, by default 4 MiB, SQLite's own autocheckpoint point (1000 pages of
 * 4 KiB), it is left alone: a small WAL is read and kept as safely as the database file and
 * only costs readers a little lookup, as it would under SQLite's default. Past it:
 * - **Quiet: on the relay's own connection.** If nothing has been written for `quietMs` (the
 *   WAL's mtime) and the WAL is under `inlineMaxBytes` (32 MiB), the store's `inline` callback
 *   runs one TRUNCATE checkpoint right there, without waiting on anyone (busy means try again
 *   next tick). It copies about a MiB a millisecond on the dev machine, so it holds the event
 *   loop for a few milliseconds while nobody is writing. A village's relay is idle most of the
 *   day and its writes come in bursts, so this is nearly every checkpoint it runs.
 * - **Writes never pause: in a worker thread.** Once the WAL is past `inlineMaxBytes`, or with
 *   no `inline` callback, a worker with its own connection to the same file runs a PASSIVE
 *   checkpoint (which never blocks writers) every tick. A worker is a second V8 isolate, 9–17
 *   MiB of RSS while it lives and 1.5–3 MiB of malloc arenas after it ends (issue #21), which is
 *   why it is kept for sustained writing. It ends itself once its checkpoints have copied the
 *   whole WAL and nothing new has come for `idleTicks` ticks; its last act is a TRUNCATE
 *   checkpoint that empties the WAL file, so the size again counts only new writes.
 *
 * A TRUNCATE checkpoint also runs once at close (store.sqlite.ts).
 */
import { stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { errorMessage } from '../log.js'

const CHECKPOINT_EVERY_MS = 1000
/** Quiet ticks (everything checkpointed, nothing new) before the worker ends. */
const IDLE_TICKS = 5
/** WAL size that starts the worker: SQLite's default autocheckpoint, 1000 pages of 4 KiB. */
const START_BYTES = 4 * 1024 * 1024
/** No write for this long counts as quiet: the checkpoint may run on the relay's connection. */
const QUIET_MS = 500
/** Past this WAL size the worker takes over, quiet or not: an inline checkpoint would hold the loop too long. */
const INLINE_MAX_BYTES = 32 * 1024 * 1024

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

export type CheckpointerOptions = {
  everyMs?: number
  idleTicks?: number
  startBytes?: number
  /** Runs a TRUNCATE checkpoint on the relay's own connection, without waiting on anyone. */
  inline?: () => void
  quietMs?: number
  inlineMaxBytes?: number
}

export function startCheckpointer(file: string, onError: (message: string) => void, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const wal = `${file}-wal`
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS
  const startBytes = options.startBytes ?? START_BYTES
  const quietMs = options.quietMs ?? QUIET_MS
  const inlineMaxBytes = options.inlineMaxBytes ?? INLINE_MAX_BYTES
  const { inline } = options
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
      const walStat = await stat(wal).catch(() => null)
      const size = walStat?.size ?? 0
      if (size < startBytes || worker || stopped) return
      if (!inline || size >= inlineMaxBytes) start()
      else if (walStat && Date.now() - walStat.mtimeMs >= quietMs) {
        try {
          inline()
        } catch (err) {
          onError(errorMessage(err))
        }
      }
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
