/**
 * A resident's household link and, for viewers holding the grid's sensitive grant, the special-
 * population and care records that point at them. Without the grant nothing is shown — not even
 * that such records exist (DOMAIN.md §5.3, P3).
 */
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { text } from '../../../shared/ledger/kind'
import { careRecord, specialPerson } from '../../../shared/ledger/kinds/sensitive'
import { docFor, type LedgerContext } from './context'
import { relatedAddForm } from './relatedAddForm'
import { RelatedList } from './RelatedList'

export function ResidentExtras(ctx: LedgerContext & { resident: LedgerRecord }) {
  const { resident, ledger, go, today } = ctx
  const householdId = text(resident.values, 'householdId')
  const grid = ledger.grids.find((g) => g.id === resident.gridId)
  const sensitiveDoc = docFor(ctx, 'sensitive', resident.gridId)
  const open = (record: LedgerRecord) => go([record.kind, record.gridId, record.id])
  const mine = (kind: string) => ledger.index.records(kind).filter((r) => text(r.values, 'residentId') === resident.id)

  return (
    <>
      {householdId && (
        <p>
          <button type="button" className="link" onClick={() => go(['household', resident.gridId, householdId])} data-testid="resident-household">
            查看所属户：{ctx.lookup('household', householdId)}
          </button>
        </p>
      )}
      {grid && grid.sensitive !== 'none' && sensitiveDoc && (
        <>
          {[specialPerson, careRecord].map((def) => (
            <RelatedList
              key={def.kind}
              title={def.label}
              def={def}
              records={mine(def.kind)}
              today={today}
              testId={`resident-${def.kind}`}
              onOpen={open}
              addLabel={`登记${def.label}`}
              addForm={relatedAddForm(ctx, def, resident.gridId, { residentId: resident.id })}
            />
          ))}
        </>
      )}
    </>
  )
}
