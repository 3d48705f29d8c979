/**
 * Audit log writes (append-only, hash-chained: storage/audit.ts): every sign-in, open, read,
 * change, refusal, reveal, export and admin act, written when it happens. An audit write never
 * fails the request or socket it describes; a failed write is logged instead. Detail is composed
 * here on the server, never taken from a client's text.
 */
import type { AuditAction } from '../shared/api/accounts.js'
import { parseDocName } from '../shared/docNames.js'
import type { Logger } from './log.js'
import { errorMessage } from './log.js'
import type { AccountStore } from './storage/types.js'

/** Where an act happened: the client's address, and the doc or village it concerns. */
export type AuditContext = { address?: string | null; docName?: string | null; villageId?: string | null }

export function recordAudit(
  accounts: AccountStore,
  log: Logger,
  actorId: string | null,
  action: AuditAction,
  target: string | null = null,
  detail: string | null = null,
  context: AuditContext = {},
): void {
  const villageId = context.villageId ?? (context.docName ? (parseDocName(context.docName)?.villageId ?? null) : null)
  const entry = { at: new Date().toISOString(), actorId, action, target, detail, address: context.address ?? null, docName: context.docName ?? null, villageId }
  accounts.audit(entry).catch((err: unknown) => {
    log.warn('audit write failed', { action, target, error: errorMessage(err) })
  })
}
