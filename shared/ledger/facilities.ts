/**
 * What a grid's 公益设施 came to in a report period (DOMAIN.md §2.10; F003§9 「對每季度的巡查情況進行
 * 匯總,形成工作季報」 and 「加強對…管護基金的規範使用」): how many facilities, their inspections, their
 * 管护 and what the 管护 cost. Read from the facts as they stood at the period's end (or today, for
 * a period still running), like every figure of a report: an entry made later does not change a
 * report already read. Counts and 元 only; no facility's name.
 */
import { text, type LedgerRecord } from './kind.js'
import { factDayOf, recordDay } from './stats.js'
import { sumCounts } from './sumCounts.js'
import { sumYuan, thingStatus, upkeepsBetween } from './workflows/hazard.js'

export type FacilityFigures = {
  /** 公益设施 registered by the period's end. */
  facilities: number
  /** Inspections recorded in the period. */
  inspections: number
  /** 管护 (维管、保洁、清运) done in the period. */
  upkeeps: number
  /** Their cost, in 元. */
  upkeepCost: number
}

export const NO_FACILITY_FIGURES: FacilityFigures = { facilities: 0, inspections: 0, upkeeps: 0, upkeepCost: 0 }

/** One grid's facilities (`things`: its 物 records, hazards among them) from `period.start` to the earlier of its end and `asOf`. */
export function facilityFigures(things: readonly LedgerRecord[], period: { start: string; end: string }, asOf: string): FacilityFigures {
  const last = period.end < asOf ? period.end : asOf
  const figures = { ...NO_FACILITY_FIGURES }
  const costs: number[] = []
  for (const r of things) {
    if (text(r.values, 'category') !== '公益设施') continue
    const day = recordDay(r)
    if (day === '' || day > last) continue
    figures.facilities++
    const status = thingStatus({ ...r, facts: r.facts.filter((f) => factDayOf(f.at) <= last) }, last)
    figures.inspections += status.inspectionDays.filter((d) => d >= period.start && d <= last).length
    const upkeeps = upkeepsBetween(status, period.start, last)
    figures.upkeeps += upkeeps.count
    costs.push(upkeeps.cost)
  }
  return { ...figures, upkeepCost: sumYuan(costs) }
}

export function sumFacilityFigures(list: readonly FacilityFigures[]): FacilityFigures {
  const sum = sumCounts(list, NO_FACILITY_FIGURES)
  return { ...sum, upkeepCost: sumYuan(list.map((f) => f.upkeepCost)) }
}
