/**
 * The checkpoint worker on a real SQLite file in WAL mode, autocheckpoint off as the relay sets
 * it: the worker starts when the WAL reaches its start size, copies it into the database file,
 * empties the WAL and ends itself once nothing new comes, and starts again when the WAL grows
 * again. "Copied into the database file" is checked by opening a copy of the main file alone,
 * without its WAL. Most cases start at any WAL (`startBytes: 1`); one checks the threshold. The
 * last ones give it the relay's `inline` checkpoint, run on the writer's own connection only
 * while writes are quiet, with the worker taking over past `inlineMaxBytes`.
 */
import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type Checkpointer, startCheckpointer } from '../../server/storage/checkpointer.sqlite.js'
import { waitFor } from '../helpers/waitFor.js'

const TICK_MS = 40
let dir = ''
let db: Database.Database | null = null
let checkpointer: Checkpointer | null = null
afterEach(async () => {
  await checkpointer?.stop()
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(): string {
  dir = mkdtempSync(join(tmpdir(), 'cunwu-checkpoint-'))
  const file = join(dir, 'c.sqlite')
  db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('wal_autocheckpoint = 0')
  return file
}

/** The rows of `t` in the database file alone, as if its WAL were lost. */
function rowsInMainFile(file: string): number[] {
  const copy = join(dir, `copy-${Date.now()}.sqlite`)
  copyFileSync(file, copy)
  const alone = new Database(copy, { readonly: true })
  try {
    const exists = alone.prepare("select count(*) as n from sqlite_master where name = 't'").get() as { n: number }
    return exists.n ? (alone.prepare('select x from t order by x').all() as { x: number }[]).map((r) => r.x) : []
  } finally {
    alone.close()
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('checkpoint worker', () => {
  it('runs only while the WAL has something to copy, and copies all of it', async () => {
    const file = open()
    const errors: string[] = []
    db!.exec('create table t (x integer)')
    checkpointer = startCheckpointer(file, (m) => errors.push(m), { everyMs: TICK_MS, idleTicks: 3, startBytes: 1 })

    await waitFor(() => checkpointer!.running(), 'the worker starts for the new table')
    await waitFor(() => !checkpointer!.running(), 'the worker ends once idle')
    expect(rowsInMainFile(file)).toEqual([])

    // Idle: no worker comes back while nothing is written.
    await sleep(TICK_MS * 8)
    expect(checkpointer.running()).toBe(false)

    const insert = db!.prepare('insert into t values (?)')
    for (let x = 1; x <= 3; x++) insert.run(x)
    await waitFor(() => checkpointer!.running(), 'the worker starts again after a write')
    await waitFor(() => !checkpointer!.running(), 'and ends again')
    expect(rowsInMainFile(file)).toEqual([1, 2, 3])
    expect(errors).toEqual([])
  })

  it('leaves a WAL below its start size alone, starts past it, and empties the WAL before ending', async () => {
    const file = open()
    db!.exec('create table t (x integer, pad blob)')
    const startBytes = 256 * 1024
    checkpointer = startCheckpointer(file, () => undefined, { everyMs: TICK_MS, idleTicks: 3, startBytes })
    const insert = db!.prepare('insert into t values (?, ?)')
    const walBytes = () => statSync(`${file}-wal`).size
    // Small writes, well under the start size: no worker, however long it is left.
    for (let x = 1; x <= 5; x++) insert.run(x, null)
    await sleep(TICK_MS * 8)
    expect(walBytes()).toBeLessThan(startBytes)
    expect(checkpointer.running()).toBe(false)
    expect(rowsInMainFile(file)).toEqual([])

    // Past the start size (each row a 16 KiB blob): the worker starts, copies, empties, ends.
    for (let x = 6; x <= 30; x++) insert.run(x, Buffer.alloc(16 * 1024, x))
    expect(walBytes()).toBeGreaterThanOrEqual(startBytes)
    await waitFor(() => checkpointer!.running(), 'the worker starts once the WAL is past its start size')
    await waitFor(() => !checkpointer!.running(), 'the worker ends once idle')
    expect(walBytes()).toBe(0)
    expect(rowsInMainFile(file)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))

    // Emptied, the WAL counts only new writes: one more small row starts nothing.
    insert.run(31, null)
    await sleep(TICK_MS * 8)
    expect(checkpointer.running()).toBe(false)
  })

  it('keeps running while writes keep coming, and ends only after the last one is copied', async () => {
    const file = open()
    db!.exec('create table t (x integer)')
    checkpointer = startCheckpointer(file, () => undefined, { everyMs: TICK_MS, idleTicks: 10, startBytes: 1 })
    await waitFor(() => checkpointer!.running(), 'the worker starts')
    const insert = db!.prepare('insert into t values (?)')
    // A write every tick for twenty ticks, twice the idle ticks: the writes keep it running.
    for (let x = 1; x <= 20; x++) {
      insert.run(x)
      await sleep(TICK_MS)
    }
    expect(checkpointer.running()).toBe(true)
    await waitFor(() => !checkpointer!.running(), 'the worker ends after the writes stop')
    expect(rowsInMainFile(file)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('stops a running worker and a stopped one alike', async () => {
    const file = open()
    db!.exec('create table t (x integer)')
    checkpointer = startCheckpointer(file, () => undefined, { everyMs: TICK_MS, idleTicks: 1000, startBytes: 1 })
    await waitFor(() => checkpointer!.running(), 'the worker starts')
    await checkpointer.stop()
    expect(checkpointer.running()).toBe(false)
    await checkpointer.stop()
    // Stopped: a write no longer starts it.
    db!.prepare('insert into t values (1)').run()
    await sleep(TICK_MS * 4)
    expect(checkpointer.running()).toBe(false)
  })

  it("checkpoints a quiet WAL on the writer's own connection, and leaves a WAL that keeps growing to the worker", async () => {
    const file = open()
    db!.exec('create table t (x integer, pad blob)')
    let inlineRuns = 0
    const inline = () => {
      inlineRuns++
      db!.pragma('wal_checkpoint(TRUNCATE)')
    }
    const startBytes = 64 * 1024
    const inlineMaxBytes = 1024 * 1024
    // Quiet means a second without a write: a loaded CI machine once stalled the writes below
    // for more than 3 ticks, which read as quiet (the rule's mutations fail either way).
    checkpointer = startCheckpointer(file, () => undefined, { everyMs: TICK_MS, idleTicks: 3, startBytes, inline, quietMs: 1000, inlineMaxBytes })
    let workerSeen = false
    const watch = setInterval(() => (workerSeen ||= checkpointer!.running()), 5)
    const insert = db!.prepare('insert into t values (?, ?)')
    const walBytes = () => statSync(`${file}-wal`).size
    try {
      // A 16 KiB row every tick: past the start size but never quiet, so nothing runs yet.
      let x = 0
      for (; x < 12; x++) {
        insert.run(x, Buffer.alloc(16 * 1024, x))
        await sleep(TICK_MS)
      }
      expect(walBytes()).toBeGreaterThanOrEqual(startBytes)
      expect(walBytes()).toBeLessThan(inlineMaxBytes)
      expect(inlineRuns).toBe(0)

      // Quiet: the WAL is copied and emptied on this connection, and no worker ever starts.
      await waitFor(() => walBytes() === 0, 'the quiet WAL is emptied inline')
      expect(inlineRuns).toBeGreaterThanOrEqual(1)
      expect(workerSeen).toBe(false)
      expect(rowsInMainFile(file)).toEqual(Array.from({ length: 12 }, (_, i) => i))

      // Writes that never pause and pass the inline limit: the worker, not the writer, copies them.
      const before = inlineRuns
      const until = x + 80
      for (; x < until && !checkpointer.running(); x++) {
        insert.run(x, Buffer.alloc(32 * 1024, x))
        if (x % 8 === 0) await sleep(TICK_MS / 2)
      }
      await waitFor(() => checkpointer!.running(), 'the worker starts past the inline limit')
      expect(inlineRuns).toBe(before)
      await waitFor(() => !checkpointer!.running(), 'the worker ends once idle')
      expect(walBytes()).toBe(0)
      expect(rowsInMainFile(file)).toHaveLength(x)
    } finally {
      clearInterval(watch)
    }
  })
})
