/** Demo 联网联户: every member linked 1+1+5 with a hardship household, a year of contacts with gaps. */
import { describe, expect, it } from 'vitest'
import { linkageDuties } from '../../shared/linkage/duties.js'
import { checkRadiating } from '../../shared/linkage/linkage.js'
import { listContacts, listSharedHouseholds, readLinkage } from '../../shared/linkage/linkageDoc.js'
import { generateLinkages } from '../../server/seed/linkage.js'
import { demoPlan } from '../../server/seed/plan.js'
import { generateVillage } from '../../server/seed/village.js'

const TODAY = '2026-11-20'

describe('generateLinkages', () => {
  it('links each member to 1 centre and 5 radiating households with a year of contacts and some gaps', () => {
    const plan = demoPlan('village')
    const village = generateVillage(plan.villages[0]!, { seed: 7, today: TODAY, township: plan.township })
    const members = [
      { id: 'm1', name: '王书记', memberType: '村干部' as const, post: '村党组织书记', area: '一组' },
      { id: 'm2', name: '孙干部', memberType: '镇机关干部' as const, post: '镇党政办副主任', rank: '副科级领导干部' as const, area: '三组' },
    ]
    const docs = generateLinkages(village, members, { seed: 7, today: TODAY })
    expect([...docs.keys()]).toEqual(['m1', 'm2'])
    let gaps = 0
    for (const doc of docs.values()) {
      const linkage = readLinkage(doc)!
      expect(linkage.radiatingHouseholdIds).toHaveLength(5)
      const shared = listSharedHouseholds(doc)
      expect(shared).toHaveLength(6)
      expect(checkRadiating(linkage.radiatingHouseholdIds, new Map(shared.map((h) => [h.id, { id: h.id, flags: (h.values.flags as string[] | undefined) ?? [] }])))).toEqual([])
      const contacts = listContacts(doc)
      expect(contacts.length).toBeGreaterThan(20)
      expect(contacts.every((c) => c.date >= linkage.since && c.date <= TODAY)).toBe(true)
      const duties = linkageDuties(linkage, contacts, TODAY)
      gaps += duties.centreOverdue.length + duties.roundOverdue.length
    }
    expect(gaps).toBeGreaterThan(0)
  })
})
