/**
 * 流动人口 (DOMAIN.md §2.3; seed 003: 「流動人員遷入遷出必報」, 「加強流動人口管理和有關暫住人口登記、
 * 辦證」): who came (来本村日期) and who left (离开日期) in a month, for the list the grid reports
 * to the police station and the township, and how many floating residents are here now and how
 * many of them have no 居住证 yet. Derived from the residents' own fields; nothing is typed twice.
 */
import { text, type LedgerRecord } from './kind.js'
import { hasLeft } from './kinds/resident.js'

export type Movement = { resident: LedgerRecord; kind: 'arrived' | 'left'; date: string }

/**
 * Floating residents' arrivals and departures dated within [start, end], oldest first (an arrival
 * before a departure on one day). A 户籍 or 常住 resident's dates (a spreadsheet's 迁入日期 of one
 * who married in) are not a floating population's must-report, and are left out.
 */
export function movements(residents: readonly LedgerRecord[], start: string, end: string): Movement[] {
  const within = (day: string) => day !== '' && day >= start && day <= end
  const found: Movement[] = []
  for (const resident of residents) {
    if (text(resident.values, 'residenceType') !== '流动') continue
    const arrived = text(resident.values, 'arrivedAt')
    const left = text(resident.values, 'leftAt')
    if (within(arrived)) found.push({ resident, kind: 'arrived', date: arrived })
    if (within(left)) found.push({ resident, kind: 'left', date: left })
  }
  return found.sort((a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? 0 : a.kind === 'arrived' ? -1 : 1))
}

export type FloatingNow = { present: number; withoutPermit: number }

/**
 * The residents registered as living in a rental (their 租住的出租屋), those here first, then
 * those who have left, each by name.
 */
export function tenantsOf(residents: readonly LedgerRecord[], placeId: string, today: string): { here: LedgerRecord[]; left: LedgerRecord[] } {
  const living = residents.filter((r) => text(r.values, 'rentalPlaceId') === placeId).sort((a, b) => text(a.values, 'name').localeCompare(text(b.values, 'name'), 'zh-CN'))
  return { here: living.filter((r) => !hasLeft(r.values, today)), left: living.filter((r) => hasLeft(r.values, today)) }
}

/** 流动 residents still here on `today`, and those of them whose 居住证 is not 已办理 (or not recorded). */
export function floatingNow(residents: readonly LedgerRecord[], today: string): FloatingNow {
  const here = residents.filter((r) => text(r.values, 'residenceType') === '流动' && !hasLeft(r.values, today))
  return { present: here.length, withoutPermit: here.filter((r) => text(r.values, 'permit') !== '已办理').length }
}
