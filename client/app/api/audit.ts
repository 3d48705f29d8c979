/** The audit log, newest first, one page at a time (township admin). */
import { auditListSchema, type AuditEntryView } from '../../../shared/api/accounts'
import { request, type ApiContext } from './http'

export const AUDIT_PAGE_SIZE = 100

export async function fetchAuditPage(api: ApiContext, before: number | null, limit = AUDIT_PAGE_SIZE): Promise<AuditEntryView[]> {
  const params = new URLSearchParams({ limit: String(limit) })
  if (before !== null) params.set('before', String(before))
  return (await request(api, `/api/audit?${params}`, auditListSchema)).entries
}
