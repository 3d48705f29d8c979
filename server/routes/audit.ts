/**
 * The audit log for the township admin: newest first with filters (person, action, doc, village,
 * dates), the chain check, and an .xlsx export; and the reveal log any member reports to when
 * they show a masked field in full (only for docs they may open).
 */
import { Hono, type Context } from 'hono'
import { auditQuerySchema, revealRequestSchema, type AuditQueryParams } from '../../shared/api/accounts.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { parseDocName, type DocRef } from '../../shared/docNames.js'
import { fieldOf } from '../../shared/ledger/kind.js'
import { kindDef } from '../../shared/ledger/kinds/index.js'
import { recordAudit } from '../audit.js'
import { clientAddress } from '../http/clientAddress.js'
import type { Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { officeFile } from '../http/officeFile.js'
import { requireUser } from '../http/requireUser.js'
import { verifyAuditChain } from '../storage/audit.js'
import type { AuditQuery, AuditRow } from '../storage/types.js'

/** Most rows one export carries; narrow by date, person or village for more. */
const EXPORT_LIMIT = 50_000

/** Civil dates (Asia/Shanghai, both inclusive) become the store's ISO bounds. */
function storeQuery(q: AuditQueryParams): AuditQuery {
  const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString()
  return { ...q, from: q.from ? startOf(q.from) : undefined, to: q.to ? startOf(addDays(q.to, 1)) : undefined }
}

/** What the admin screen gets of an entry: no chain bookkeeping. */
const auditView = ({ prevHash: _prev, hash: _hash, ...row }: AuditRow) => ({
  ...row,
  address: row.address ?? null,
  docName: row.docName ?? null,
  villageId: row.villageId ?? null,
})

export function auditRoutes({ store, log, proxies }: Services) {
  return new Hono<DocEnv>()
    .get('/', requireUser(store.accounts, ['township_admin']), async (c) => {
      return c.json({ entries: (await store.accounts.listAudit(storeQuery(parseQuery(c, auditQuerySchema)))).map(auditView) })
    })
    .get('/verify', requireUser(store.accounts, ['township_admin']), async (c) => {
      return c.json(verifyAuditChain(await store.accounts.auditChain()))
    })
    .get('/export', requireUser(store.accounts, ['township_admin']), async (c) => {
      const query = parseQuery(c, auditQuerySchema)
      const rows = await store.accounts.listAudit({ ...storeQuery(query), limit: EXPORT_LIMIT })
      const span = query.from || query.to ? `${query.from ?? '…'} 至 ${query.to ?? '…'}` : '全部'
      // exceljs is loaded on the first export, not at start.
      const body = await (await import('../auditExport.js')).auditWorkbook(rows, `审计日志（${span}，共 ${rows.length} 条）`)
      recordAudit(store.accounts, log, c.get('user').id, 'audit.export', null, `${rows.length} entries`, { address: clientAddress(c, proxies), villageId: query.villageId ?? null })
      return officeFile(c, body, `审计日志-${shanghaiDate()}`, 'xlsx', `audit-${shanghaiDate()}.xlsx`)
    })
    .post('/reveal', requireUser(store.accounts), requireDocAccess(store.accounts, 'read', ledgerDocOf), async (c) => {
      const user = c.get('user')
      const body = await parseBody(c, revealRequestSchema)
      const ref = c.get('doc').ref
      // The entry is written in the server's words: a known kind, one of its masked fields, ids.
      const kind = kindDef(body.kind)
      const field = kind && kind.doc === ref.kind ? fieldOf(kind, body.field) : undefined
      if (!kind || !field?.masked) throw new ApiException(400, { error: '没有这种可查看的字段', field: 'field' })
      const detail = `${kind.label}·${field.label} ×${body.count}（设备时间 ${body.at}）: ${body.recordIds.join(',')}`
      recordAudit(store.accounts, log, user.id, 'ledger.reveal', body.docName, detail, { address: clientAddress(c, proxies), docName: body.docName })
      return c.json({ ok: true })
    })
}

/** The ledger or sensitive doc a reveal report names (the body is parsed once; Hono caches it). */
async function ledgerDocOf(c: Context<DocEnv>): Promise<DocRef | null> {
  const ref = parseDocName((await parseBody(c, revealRequestSchema)).docName)
  if (ref && ref.kind !== 'ledger' && ref.kind !== 'sensitive') throw new ApiException(400, { error: '不是台账文档' })
  return ref
}
