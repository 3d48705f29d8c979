/**
 * The public board's list of linked members (F002: 「向村(居)民公示联系党员、干部基本信息及为民办实事情况」;
 * DOMAIN.md §2.14, §5.1): name, post, office phone and the 村民小组 or area served — never a
 * household's name, address or anything said in a 民情日记. Help done (为民办实事) shows as counts
 * and the aid total for the year, which name nobody.
 */
import type { Linkage } from './linkage.js'

export type PublicLinkageRow = {
  memberName: string
  memberType: string
  post: string
  officePhone: string
  area: string
  households: number
  contacts: number
  helps: number
  aidTotal: number
}

export function publicLinkageRow(
  linkage: Linkage,
  visits: readonly { date: string; helpGiven?: string }[],
  aid: readonly { date: string; amount: number }[],
  year: string,
): PublicLinkageRow {
  const thisYear = <T extends { date: string }>(rows: readonly T[]) => rows.filter((r) => r.date.startsWith(`${year}-`))
  return {
    memberName: linkage.memberName,
    memberType: linkage.memberType,
    post: linkage.post,
    officePhone: linkage.officePhone ?? '',
    area: linkage.area ?? '',
    households: 1 + linkage.radiatingHouseholdIds.length,
    contacts: thisYear(visits).length,
    helps: thisYear(visits).filter((v) => (v.helpGiven ?? '').trim() !== '').length,
    aidTotal: thisYear(aid).reduce((sum, a) => sum + a.amount, 0),
  }
}
