/**
 * Audit log writes (append-only): who signed in, who opened and pushed to which doc. An audit
 * write never fails the request or socket it describes; a failed write is logged instead.
 */
import type { AuditAction } from '../shared/api/accounts.js'
import type { Logger } from './log.js'
import { errorMessage } from './log.js'
import type { AccountStore } from './storage/types.js'


export function recordAudit(
  accounts: AccountStore,
  log: Logger,
  actorId: string | null,
  action: AuditAction,
  target: string | null = null,
  detail: string | null = null,
): void {
  accounts.audit({ at: new Date().toISOString(), actorId, action, target, detail }).catch((err: unknown) => {
    log.warn('audit write failed', { action, target, error: errorMessage(err) })
  })
}
