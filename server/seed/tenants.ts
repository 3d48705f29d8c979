/**
 * The demo's rentals with their tenants registered (出租屋 三位一体, DOMAIN.md §2.3): most rentals
 * take in one floating household of the grid that still lives here, its members linked to the
 * rental by 租住的出租屋 and its 住址 the rental's, and the rental's 租住人员 and 居住人数 say
 * the same; a rental left without one keeps its tenants as names only, as a clerk's old ledger
 * has them (its page asks for them to be registered). Drawn from a random source of its own, so
 * the rest of the demo stays as it was.
 */
import type * as Y from 'yjs'
import { text } from '../../shared/ledger/kind.js'
import { listRecords, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { createRandom } from './random.js'

/** Links tenants in the grid's ledger doc; returns how many residents it linked. */
export function linkTenants(doc: Y.Doc, seed: number, gridId: string): number {
  const random = createRandom(seed)
  const rentals = listRecords(doc, 'place', gridId).filter((p) => text(p.values, 'placeType') === '出租屋')
  const byHousehold = new Map<string, { id: string; name: string }[]>()
  for (const r of listRecords(doc, 'resident', gridId)) {
    if (text(r.values, 'residenceType') !== '流动' || text(r.values, 'leftAt') !== '') continue
    const household = text(r.values, 'householdId')
    byHousehold.set(household, [...(byHousehold.get(household) ?? []), { id: r.id, name: text(r.values, 'name') }])
  }
  const households = [...byHousehold.keys()].sort()
  let linked = 0
  for (const rental of rentals.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (households.length === 0 || random.chance(0.25)) continue
    const household = households.splice(random.int(0, households.length - 1), 1)[0]!
    const members = byHousehold.get(household)!
    for (const m of members) updateRecord(doc, 'resident', m.id, { rentalPlaceId: rental.id })
    updateRecord(doc, 'household', household, { address: text(rental.values, 'address') })
    updateRecord(doc, 'place', rental.id, { tenants: members.map((m) => m.name).join('、'), tenantCount: members.length })
    linked += members.length
  }
  return linked
}
