/** Households as the searchable picker and the lists show them: 户主 · 户编号 · 村民小组. */
import type { LedgerRecord } from '../../../shared/ledger/kind'
import type { VisibleHousehold } from '../../../shared/linkage/linkage'
import type { PickOption } from '../components/RecordPicker'

export function householdLabel(h: LedgerRecord | undefined): string {
  if (!h) return '（户信息待同步）'
  const no = String(h.values.householdNo ?? '')
  return `${String(h.values.headName ?? '')}${no ? `（${no}）` : ''}`
}

export function householdOptions(households: readonly LedgerRecord[]): PickOption[] {
  return households.map((h) => {
    const detail = [h.values.householdNo, h.values.villagerGroup, h.values.address].filter((x) => typeof x === 'string' && x !== '').join(' · ')
    return { id: h.id, label: String(h.values.headName ?? ''), detail, search: `${String(h.values.headName ?? '')} ${detail}`.toLowerCase(), gridId: h.gridId }
  })
}

export function visibleHouseholds(households: readonly LedgerRecord[]): Map<string, VisibleHousehold> {
  return new Map(households.map((h) => [h.id, { id: h.id, flags: Array.isArray(h.values.flags) ? h.values.flags.filter((f): f is string => typeof f === 'string') : [] }]))
}
