/**
 * Scheduled backups inside the relay (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP): every period the
 * store writes a consistent copy (Store.backup) named cunwu-<UTC time>.<sqlite|pgdump> into
 * BACKUP_DIR, then the oldest beyond BACKUP_KEEP are deleted. Only files matching that name are
 * ever deleted. A failed backup is logged (event backup.failed) and counted; the relay goes on.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { errorMessage, type Logger } from '../log.js'
import type { Store } from '../storage/types.js'

export type BackupSchedule = { dir: string; everyMs: number; keep: number }
export type BackupOutcome = { file: string; bytes: number; ms: number }

const NAME = /^cunwu-\d{8}T\d{6}(\d{3})?Z\.(sqlite|pgdump)$/

export function backupFileName(store: Pick<Store, 'kind'>, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '')
  return `cunwu-${stamp}.${store.kind === 'sqlite' ? 'sqlite' : 'pgdump'}`
}

/** Takes one backup into dir and prunes old ones. */
export async function backupInto(store: Store, schedule: BackupSchedule, now = new Date()): Promise<BackupOutcome> {
  mkdirSync(schedule.dir, { recursive: true })
  const file = join(schedule.dir, backupFileName(store, now))
  const started = performance.now()
  await store.backup(file)
  const outcome = { file, bytes: statSync(file).size, ms: Math.round(performance.now() - started) }
  const ours = readdirSync(schedule.dir)
    .filter((f) => NAME.test(f))
    .sort()
  for (const old of ours.slice(0, Math.max(0, ours.length - schedule.keep))) rmSync(join(schedule.dir, old), { force: true })
  return outcome
}

export function startScheduledBackups(
  store: Store,
  schedule: BackupSchedule,
  log: Logger,
  onOutcome: (outcome: BackupOutcome | Error) => void = () => undefined,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null
  const tick = () => {
    if (running) return
    running = backupInto(store, schedule)
      .then(
        (o) => {
          log.info('backup.done', { file: o.file, bytes: o.bytes, ms: o.ms })
          onOutcome(o)
        },
        (err: unknown) => {
          log.error('backup.failed', { dir: schedule.dir, error: errorMessage(err) })
          onOutcome(err instanceof Error ? err : new Error(String(err)))
        },
      )
      .finally(() => (running = null))
  }
  const timer = setInterval(tick, schedule.everyMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
