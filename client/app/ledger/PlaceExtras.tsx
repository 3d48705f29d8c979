/**
 * A rental's page (出租屋: 出租户、租赁户、物业 三位一体, DOMAIN.md §2.3, story 11): the landlord and the
 * property manager are the place's own fields above; here, the residents registered as living in
 * it, those still here and those who left, and 登记租住人员 — a new floating resident with today as
 * the arrival date and this rental already chosen, so the arrival is on the 流动人口 card at once.
 */
import { text, type LedgerRecord } from '../../../shared/ledger/kind'
import { tenantsOf } from '../../../shared/ledger/floating'
import { resident } from '../../../shared/ledger/kinds/resident'
import type { LedgerContext } from './context'
import { relatedAddForm } from './relatedAddForm'
import { RelatedList } from './RelatedList'

export function PlaceExtras(ctx: LedgerContext & { place: LedgerRecord }) {
  const { place, ledger, go, today } = ctx
  const addForm = relatedAddForm(ctx, resident, place.gridId, { rentalPlaceId: place.id }, { residenceType: '流动', arrivedAt: today })
  const { here, left } = tenantsOf(ledger.index.records('resident'), place.id, today)
  const declared = typeof place.values.tenantCount === 'number' ? place.values.tenantCount : null
  if (text(place.values, 'placeType') !== '出租屋' && here.length + left.length === 0) return null
  return (
    <>
      {here.length === 0 && left.length === 0 ? (
        <p className="muted" data-testid="place-tenant-hint">
          {addForm
            ? '租住人员还没有登记到人口台账。用下面的“登记租住人员”逐人登记后，来本村和离开的日期会自动进入流动人口迁入迁出名单。'
            : '租住人员还没有登记到人口台账。'}
        </p>
      ) : (
        declared !== null &&
        declared !== here.length && (
          <p className="warn" data-testid="place-tenant-mismatch">
            居住人数填写 {declared} 人，登记在住的租住人员 {here.length} 人：请核对后补登或更正。
          </p>
        )
      )}
      <RelatedList
        title="租住人员"
        def={resident}
        records={[...here, ...left]}
        today={today}
        testId="place-tenants"
        detail={(r) => [text(r.values, 'residenceType'), text(r.values, 'leftAt') && left.includes(r) ? `已离开（${text(r.values, 'leftAt')}）` : text(r.values, 'arrivedAt') && `${text(r.values, 'arrivedAt')} 来本村`, text(r.values, 'permit') && `居住证${text(r.values, 'permit')}`].filter(Boolean).join('，')}
        onOpen={(record) => go([record.kind, record.gridId, record.id])}
        addLabel="登记租住人员"
        addForm={addForm}
      />
    </>
  )
}
