/**
 * Audit retention (AUDIT_RETENTION_DAYS): entries older than that are removed once at start and
 * then daily; the removal is itself an entry in the chain (storage/audit.ts), so a verifier can
 * tell it from tampering. Unset, the log is kept for ever.
 */
import type { Logger } from './log.js'
import { errorMessage } from './log.js'
import type { AccountStore } from './storage/types.js'

const DAY_MS = 86_400_000

export function startAuditRetention(accounts: AccountStore, days: number, log: Logger, now: () => number = Date.now): { stop(): void } {
  const run = () => {
    const cutoff = new Date(now() - days * DAY_MS).toISOString()
    accounts.pruneAudit(cutoff, new Date(now()).toISOString()).then(
      (removed) => removed > 0 && log.info('audit.pruned', { removed, before: cutoff }),
      (err: unknown) => log.warn('audit retention failed', { error: errorMessage(err) }),
    )
  }
  run()
  const timer = setInterval(run, DAY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
