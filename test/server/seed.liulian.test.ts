/** Demo 六联: every household of a village in a group with a 组长, a season of duty work with gaps and findings, 平急结合 filled in. */
import { describe, expect, it } from 'vitest'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { readPlans, readPosts, listDrills } from '../../shared/liulian/emergency.js'
import { villageFigures } from '../../shared/liulian/figures.js'
import { LIULIAN_CAMPAIGN } from '../../shared/liulian/campaign.js'
import { groupViews, hasFinding, listDuty, listTasks, readCampaigns, readGridBoards } from '../../shared/liulian/liulianDoc.js'
import { DEMO_CAMPAIGN, generateLiulian } from '../../server/seed/liulian.js'
import { demoPlan } from '../../server/seed/plan.js'
import { generateVillage } from '../../server/seed/village.js'

const TODAY = '2026-11-20'

describe('generateLiulian', () => {
  it('groups every household, names a 组长 each and records a season of duty work with gaps', () => {
    const plan = demoPlan('township')
    const village = generateVillage(plan.villages[0]!, { seed: 7, today: TODAY, township: plan.township })
    const households = village.grids.flatMap((g) => listRecords(g.ledger, 'household', g.id))
    const doc = generateLiulian(village, { seed: 7, today: TODAY })
    const groups = groupViews(doc, TODAY)
    expect(groups.flatMap((g) => g.members).sort()).toEqual(households.map((h) => h.id).sort())
    for (const g of groups) {
      expect(g.members.length).toBeGreaterThanOrEqual(6)
      expect(g.members.length).toBeLessThanOrEqual(18)
      expect(g.leaderHouseholdId && g.members.includes(g.leaderHouseholdId)).toBe(true)
      expect(g.duty.current).not.toBeNull()
    }
    const duty = listDuty(doc)
    expect(duty.every((d) => d.date >= '2026-05-18' && d.date <= TODAY)).toBe(true)
    expect(duty.some(hasFinding)).toBe(true)
    const figures = villageFigures(doc, TODAY, () => false)
    // May–November for every group, some months missed.
    expect(figures.dutyMonthsDue).toBe(groups.length * 7)
    expect(figures.dutyMonthsDone).toBeGreaterThan(figures.dutyMonthsDue * 0.7)
    expect(figures.dutyMonthsDone).toBeLessThan(figures.dutyMonthsDue)
    expect(readPosts(doc).length).toBeGreaterThanOrEqual(3)
    expect(readPlans(doc).map((p) => p.type)).toEqual(['防汛', '火灾', '公共卫生'])
    expect(listDrills(doc)).toHaveLength(1)
    expect(listTasks(doc).length).toBeGreaterThan(0)
    // Beside 六联, one campaign the township defined, with some of this year's tasks ticked.
    expect(readCampaigns(doc).map((c) => c.key)).toEqual([LIULIAN_CAMPAIGN.key, DEMO_CAMPAIGN.key])
    expect(listTasks(doc).some((t) => t.campaign === DEMO_CAMPAIGN.key && t.year === TODAY.slice(0, 4))).toBe(true)
    expect([...readGridBoards(doc).values()].every((b) => b.bounds.startsWith('东至'))).toBe(true)
  })
})
