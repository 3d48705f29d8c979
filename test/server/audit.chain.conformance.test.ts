/**
 * The audit log as a hash chain (storage/audit.ts), on every Store: entries appended at once by
 * several writers still form one chain; an edit is refused, and an edit or deletion made behind
 * the store's back shows in the verification; retention prunes a prefix and the chain still
 * verifies from the recorded anchor. PostgreSQL unreachable: skipped loudly, a failure under CI.
 */
import { expect, it } from 'vitest'
import { verifyAuditChain } from '../../server/storage/audit.js'
import type { AuditEntry } from '../../server/storage/types.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the audit chain conformance suite')

const entry = (n: number, at = `2026-11-${String((n % 28) + 1).padStart(2, '0')}T08:00:00.000Z`): AuditEntry => ({
  at,
  actorId: `u${n % 3}`,
  action: n % 2 ? 'doc.open' : 'doc.push',
  target: `v1/ledger/g${n % 4}`,
  detail: `entry ${n}`,
  address: `10.0.0.${n % 7}`,
  docName: `v1/ledger/g${n % 4}`,
  villageId: 'v1',
})

describeEachStore('store conformance: audit chain', pgUp, (backend, store) => {
  it('chains entries appended at once by several writers, and filters by doc, village and time', async () => {
    const other = await backend.openAnother()
    try {
      await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? other : store()).accounts.audit(entry(n))))
    } finally {
      await other.close()
    }
    const chain = await store().accounts.auditChain()
    expect(chain).toHaveLength(40)
    expect(verifyAuditChain(chain)).toEqual({ intact: true, checked: 40, legacy: 0 })
    const g1 = await store().accounts.listAudit({ limit: 100, docName: 'v1/ledger/g1' })
    expect(g1).toHaveLength(10)
    expect(g1.every((r) => r.docName === 'v1/ledger/g1' && r.villageId === 'v1' && r.address !== null)).toBe(true)
    const early = await store().accounts.listAudit({ limit: 100, from: '2026-11-01T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' })
    expect(early.map((r) => r.at.slice(0, 10)).sort()).toEqual(chain.filter((r) => r.at < '2026-11-03').map((r) => r.at.slice(0, 10)).sort())
    expect(early.length).toBeGreaterThan(0)
  })

  it('refuses to edit an entry, and shows an edit or a deletion made behind its back', async () => {
    const before = await store().accounts.auditChain()
    const victim = before[10]
    if (!victim) throw new Error('no entries')
    // SQLite aborts the update; PostgreSQL's rule turns it into nothing.
    await backend.tamper(`update audit_log set detail = 'rewritten' where id = ${victim.id}`).catch(() => undefined)
    expect((await store().accounts.auditChain())[10]?.detail).toBe(victim.detail)

    // Someone with the database itself: drop the trigger or rule and edit.
    await backend.tamper(
      backend.name === 'sqlite'
        ? `drop trigger audit_log_no_update; update audit_log set detail = 'rewritten' where id = ${victim.id}`
        : `drop rule audit_log_no_update on audit_log; update audit_log set detail = 'rewritten' where id = ${victim.id}`,
    )
    expect(verifyAuditChain(await store().accounts.auditChain())).toMatchObject({ intact: false, brokenAt: victim.id, reason: 'edited' })
    await backend.tamper(`update audit_log set detail = '${victim.detail}' where id = ${victim.id}`)
    expect(verifyAuditChain(await store().accounts.auditChain())).toMatchObject({ intact: true })

    const gone = before[20]
    if (!gone) throw new Error('no entries')
    await backend.tamper(`delete from audit_log where id = ${gone.id}`)
    expect(verifyAuditChain(await store().accounts.auditChain())).toMatchObject({ intact: false, brokenAt: before[21]?.id, reason: 'missing' })
  })

  it('prunes a prefix for retention and still verifies from the recorded anchor', async () => {
    // Start a clean chain after the deliberate damage above.
    await backend.tamper('delete from audit_log')
    for (let n = 0; n < 10; n++) await store().accounts.audit(entry(n, `2026-10-0${n < 5 ? 1 : 5}T00:00:00.000Z`))
    expect(await store().accounts.pruneAudit('2026-10-03T00:00:00.000Z', '2026-11-30T00:00:00.000Z')).toBe(5)
    const chain = await store().accounts.auditChain()
    expect(chain.map((r) => r.action)).toEqual([...Array<string>(5).fill('').map((_, i) => (i + 5) % 2 ? 'doc.open' : 'doc.push'), 'audit.prune'])
    expect(verifyAuditChain(chain)).toEqual({ intact: true, checked: 6, legacy: 0 })
    // A prefix deleted without the prune entry is not mistaken for retention.
    const first = chain[0]
    if (!first) throw new Error('empty')
    await backend.tamper(`delete from audit_log where id = ${first.id}`)
    expect(verifyAuditChain(await store().accounts.auditChain())).toMatchObject({ intact: false, reason: 'missing' })
  })
})
