/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, stalling the relay for milliseconds every few hundred commits.
 * Instead, automatic checkpoints are turned off on the relay's connection and a worker thread,
 * with its own connection to the same file, runs a PASSIVE checkpoint on a timer (PASSIVE
 * never blocks writers). A TRUNCATE checkpoint runs once at close.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const CHECKPOINT_EVERY_MS = 1000

// Plain JS evaluated in the worker, so it runs the same under tsx, vitest and node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }) }
}, workerData.everyMs)
parentPort.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.postMessage('stopped')
})
`

export type Checkpointer = { stop(): Promise<void> }

export function startCheckpointer(file: string, onError: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } })
  worker.unref()
  worker.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && 'error' in m) onError(String(m.error))
  })
  worker.on('error', (err) => onError(err.message))
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve())
        worker.once('message', () => void worker.terminate())
        worker.postMessage('stop')
      }),
  }
}
