/**
 * The audit log for the township admin: newest first with filters (person, action, doc, village,
 * dates), the chain check, and an .xlsx export; and the reveal log any member reports to when
 * they show a masked field in full (only for docs they may open).
 */
import { Hono } from 'hono'
import { docAccess } from '../../shared/access.js'
import { auditQuerySchema, revealRequestSchema, type AuditQueryParams } from '../../shared/api/accounts.js'
import { parseDocName } from '../../shared/docNames.js'
import { fieldOf } from '../../shared/ledger/kind.js'
import { kindDef } from '../../shared/ledger/kinds/index.js'
import { recordAudit } from '../audit.js'
import { auditWorkbook } from '../auditExport.js'
import { addDays, shanghaiDate } from '../../shared/ledger/civilDate.js'
import { verifyAuditChain } from '../storage/audit.js'
import type { AuditQuery, AuditRow } from '../storage/types.js'
import { clientAddress } from '../http/clientAddress.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody, parseQuery } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'

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
  return new Hono<AppEnv>()
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
      const body = await auditWorkbook(rows, `审计日志（${span}，共 ${rows.length} 条）`)
      recordAudit(store.accounts, log, c.get('user').id, 'audit.export', null, `${rows.length} entries`, { address: clientAddress(c, proxies), villageId: query.villageId ?? null })
      const file = `审计日志-${shanghaiDate()}.xlsx`
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      c.header('Content-Disposition', `attachment; filename="audit-${shanghaiDate()}.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`)
      return c.body(new Uint8Array(body))
    })
    .post('/reveal', requireUser(store.accounts), async (c) => {
      const user = c.get('user')
      const body = await parseBody(c, revealRequestSchema)
      const ref = parseDocName(body.docName)
      if (!ref || (ref.kind !== 'ledger' && ref.kind !== 'sensitive')) throw new ApiException(400, { error: '不是台账文档' })
      const membership = await store.accounts.membership(user.id, ref.villageId)
      if (docAccess(user, membership, ref) === 'none') throw new ApiException(403, { error: '无权查看该台账' })
      // The entry is written in the server's words: a known kind, one of its masked fields, ids.
      const kind = kindDef(body.kind)
      const field = kind && kind.doc === ref.kind ? fieldOf(kind, body.field) : undefined
      if (!kind || !field?.masked) throw new ApiException(400, { error: '没有这种可查看的字段', field: 'field' })
      const detail = `${kind.label}·${field.label} ×${body.count}（设备时间 ${body.at}）: ${body.recordIds.join(',')}`
      recordAudit(store.accounts, log, user.id, 'ledger.reveal', body.docName, detail, { address: clientAddress(c, proxies), docName: body.docName })
      return c.json({ ok: true })
    })
}
