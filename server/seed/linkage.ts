/**
 * Demo 联网联户 (#17 item 9): a linkage doc for each of the village's cadres (and, in the first
 * village, the demo township cadre), each with 1 centre household and 5 radiating ones — at least
 * one of them a hardship or petition household where the village has one — and about a year of
 * contacts with realistic gaps: some months without a centre contact, some quarters with a
 * radiating household missed, a little 帮扶资金. Made from the grids' ledgers before they are stored.
 */
import * as Y from 'yjs'
import { addDays, periodBounds } from '../../shared/civilDate.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { HARDSHIP_OR_PETITION_FLAGS, type AidRank, type MemberType } from '../../shared/linkage/linkage.js'
import { addAid, recordContact, setLinkage, shareHouseholds } from '../../shared/linkage/linkageDoc.js'
import { createRandom } from './random.js'
import type { GeneratedVillage } from './village.js'

export type DemoMember = { id: string; name: string; memberType: MemberType; post: string; rank?: AidRank; area: string }

const DIARY_NEEDS = ['想了解医保报销', '屋顶漏雨想修缮', '孩子上学交通不便', '希望多些农技培训', '想申请小额贷款', '']
const HELP = ['帮助联系村医上门', '协调维修屋顶', '代办医保手续', '送去米面油', '']

export function generateLinkages(village: GeneratedVillage, members: readonly DemoMember[], options: { seed: number; today: string }): Map<string, Y.Doc> {
  const random = createRandom(options.seed ^ 0x11ee)
  const households = village.grids.flatMap((grid) => listRecords(grid.ledger, 'household', grid.id))
  const isHard = (flags: unknown) => Array.isArray(flags) && flags.some((f) => (HARDSHIP_OR_PETITION_FLAGS as readonly string[]).includes(f as string))
  const hard = households.filter((h) => isHard(h.values.flags))
  const pool = households.filter((h) => !isHard(h.values.flags))
  const docs = new Map<string, Y.Doc>()
  const since = `${Number(options.today.slice(0, 4)) - 1}${options.today.slice(4, 7)}-01`
  for (const member of members) {
    const hardPick = hard.shift()
    const picks = [...pool.splice(0, hardPick ? 5 : 6), ...(hardPick ? [hardPick] : [])]
    if (picks.length < 2) break
    const [centre, ...radiating] = picks
    const doc = new Y.Doc()
    const actor = { id: member.id, name: member.name }
    setLinkage(doc, { id: member.id, memberName: member.name, memberType: member.memberType, post: member.post, ...(member.rank ? { rank: member.rank } : {}), area: member.area, officePhone: `0512-6${String(random.int(0, 9_999_999)).padStart(7, '0')}`, centreHouseholdId: centre!.id, radiatingHouseholdIds: radiating.map((h) => h.id), since })
    shareHouseholds(doc, picks, actor, `${since}T08:00:00+08:00`)
    const contact = (householdId: string, date: string) => {
      if (date > options.today) return
      const needs = random.pick(DIARY_NEEDS)
      const help = needs ? random.pick(HELP) : ''
      recordContact(doc, { householdId, date, visitor: member.name, ...(needs ? { needs } : {}), ...(help ? { helpGiven: help } : {}) }, actor, `${date}T10:00:00+08:00`, options.today)
    }
    // Centre: most months, with gaps.
    for (let month = since; month <= options.today; month = addDays(periodBounds('month', month).end, 1)) {
      if (random.chance(0.8)) contact(centre!.id, addDays(month, random.int(0, 25)))
    }
    // Radiating: a round most quarters, a household sometimes missed.
    for (let quarter = since; quarter <= options.today; quarter = addDays(periodBounds('quarter', quarter).end, 1)) {
      for (const h of radiating) if (random.chance(0.85)) contact(h.id, addDays(quarter, random.int(0, 80)))
    }
    if (member.rank) for (let i = 0; i < random.int(1, 3); i++) addAid(doc, { date: addDays(since, random.int(30, 330)), amount: random.int(1, 4) * 100, householdId: (hardPick ?? centre!).id, by: member.id })
    docs.set(member.id, doc)
  }
  return docs
}
