/**
 * What the demo seeder builds (DOMAIN.md §7.4, "Suggested synthetic dataset"):
 * - township: 1 township, 11 villages, 12 residential grids (one large village has two), 100–250
 *   households per grid (≈2,000 households, ≈6,500 residents at ≈3.25 per household); ≈16
 *   disputes a month across the township, all settled but the last days' and 2 backlog cases;
 *   18 incidents, 17 closed (≈94%); every special-population and care category at least once.
 * - village: one village of 5,000 households (≈16,000 residents) across 10 grids, for the ledger
 *   benchmark.
 */
import { CARE_CATEGORIES, SPECIAL_CATEGORIES } from '../../shared/ledger/kinds/sensitive.js'
import type { IncidentFlow } from './events.js'
import { TOWNSHIP, VILLAGE_NAMES } from './names.js'

export type GridPlan = {
  code: string
  name: string
  households: number
  disputes: number
  backlog: number
  incidents: IncidentFlow[]
  special: string[]
  care: string[]
  /** A village whose mediation committee joins this grid's first dispute (cross-village case). */
  jointWith?: string
  /** A month with gaps (issue #16): no visit recorded in the month this many months before today's. */
  visitGapMonthsAgo?: number
}
/** `index`: the village's place in the township (it keeps ID numbers of villages apart). */
export type VillagePlan = { name: string; index: number; grids: GridPlan[] }
export type DemoPlan = { township: string; villages: VillagePlan[] }
export const DEMO_SCALES = ['township', 'village'] as const
export type DemoScale = (typeof DEMO_SCALES)[number]

const TOWNSHIP_GRIDS: readonly (readonly number[])[] = [[250, 240], [190], [170], [160], [200], [150], [170], [130], [120], [110], [100]]
const DISPUTES_PER_GRID_YEAR = 16
/** 18 incidents, one still open: 17/18 ≈ 94% closed. */
const INCIDENT_FLOWS: readonly IncidentFlow[] = ['open', 'archived', 'onsite', 'escalated', 'reworked', 'archived', 'onsite', 'archived', 'archived', 'escalated', 'archived', 'onsite', 'archived', 'archived', 'onsite', 'archived', 'archived', 'archived']

export function demoPlan(scale: DemoScale): DemoPlan {
  switch (scale) {
    case 'township':
      return dealOut(TOWNSHIP_GRIDS.map((sizes, v) => ({ name: VILLAGE_NAMES[v]!, sizes })), INCIDENT_FLOWS)
    case 'village':
      return dealOut([{ name: VILLAGE_NAMES[0], sizes: Array.from({ length: 10 }, () => 500) }], [...INCIDENT_FLOWS, ...INCIDENT_FLOWS.slice(1)])
  }
}

/** Shares incidents, backlog disputes and sensitive categories out over the grids, round robin. */
function dealOut(villages: readonly { name: string; sizes: readonly number[] }[], flows: readonly IncidentFlow[]): DemoPlan {
  const grids: GridPlan[] = []
  const plan: DemoPlan = {
    township: TOWNSHIP,
    villages: villages.map(({ name, sizes }, index) => ({
      name,
      index,
      grids: sizes.map((households, g) => {
        const grid: GridPlan = { code: String(g + 1).padStart(2, '0'), name: `第${'一二三四五六七八九十'[g] ?? g + 1}网格`, households, disputes: DISPUTES_PER_GRID_YEAR, backlog: 0, incidents: [], special: [], care: [] }
        grids.push(grid)
        return grid
      }),
    })),
  }
  flows.forEach((flow, i) => grids[i % grids.length]!.incidents.push(flow))
  SPECIAL_CATEGORIES.forEach((c, i) => grids[i % grids.length]!.special.push(c))
  CARE_CATEGORIES.forEach((c, i) => grids[(i + 3) % grids.length]!.care.push(c))
  grids[0]!.backlog = 1
  grids[Math.min(3, grids.length - 1)]!.backlog += 1
  if (plan.villages.length > 2) plan.villages[1]!.grids[0]!.jointWith = plan.villages[2]!.name
  // One grid's worker recorded no visit for a month (away, or the book kept on paper): reports show the gap.
  if (plan.villages.length > 5) plan.villages[5]!.grids[0]!.visitGapMonthsAgo = 3
  return plan
}

export function planTotals(plan: DemoPlan): { villages: number; grids: number; households: number; disputes: number; incidents: number; openIncidents: number } {
  const grids = plan.villages.flatMap((v) => v.grids)
  return {
    villages: plan.villages.length,
    grids: grids.length,
    households: grids.reduce((n, g) => n + g.households, 0),
    disputes: grids.reduce((n, g) => n + g.disputes + g.backlog, 0),
    incidents: grids.reduce((n, g) => n + g.incidents.length, 0),
    openIncidents: grids.reduce((n, g) => n + g.incidents.filter((f) => f === 'open').length, 0),
  }
}
