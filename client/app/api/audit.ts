/** The audit log (township admin): pages newest first with filters, the chain check, the .xlsx export. */
import { auditListSchema, auditVerdictSchema, type AuditEntryView } from '../../../shared/api/accounts'
import type { AuditAction } from '../../../shared/api/accounts'
import { request, requestFile, type ApiContext } from './http'

export const AUDIT_PAGE_SIZE = 100

/** Filters of the audit screen; dates are civil dates in Beijing time, both inclusive. */
export type AuditFilter = { actorId?: string; action?: AuditAction; villageId?: string; docName?: string; from?: string; to?: string }

function params(filter: AuditFilter, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams(extra)
  for (const [key, value] of Object.entries(filter)) if (value) p.set(key, value)
  return p
}

export async function fetchAuditPage(api: ApiContext, filter: AuditFilter, before: number | null, limit = AUDIT_PAGE_SIZE): Promise<AuditEntryView[]> {
  const p = params(filter, { limit: String(limit) })
  if (before !== null) p.set('before', String(before))
  return (await request(api, `/api/audit?${p}`, auditListSchema)).entries
}

export async function verifyAudit(api: ApiContext) {
  return request(api, '/api/audit/verify', auditVerdictSchema)
}

/** The filtered log as an .xlsx workbook. */
export const exportAudit = (api: ApiContext, filter: AuditFilter): Promise<Blob> => requestFile(api, `/api/audit/export?${params(filter)}`)
