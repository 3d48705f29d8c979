/**
 * What a grid's 公益设施 came to in a report period (DOMAIN.md §2.10; F003§9 「對每季度的巡查情況進行
 * 匯總,形成工作季報」 and 「加強對…管護基金的規範使用」): how many facilities, their inspections, their
 * 管护 and what the 管护 cost. Read from the facts as they stood at the period's end (or today, for
 * a period still running), like every figure of a report: an entry made later does not change a
 * report already read. Counts and 元 only; no facility's name.
 *
 * 定期检查 (F003§8) has the period the settings in force give (公益设施检查周期, village ?? township;
 * none by default). Each inspection period (week, month …) that ended within the report period is
 * due for every facility registered by its end, and missed where no inspection falls in it; a
 * period still running is not yet missed in a report. On the ledger home, the facilities not yet
 * inspected in the running period are the list of what to do (facilitiesDue).
 */
import { addDays, periodBounds } from '../civilDate.js'
import type { CadencePeriod } from '../settings/layer.js'
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
  /** Facility × inspection period that ended in the report period, the facility registered by its end (处次). */
  inspectionsDue: number
  /** Of those, the ones with no inspection in that inspection period. */
  inspectionsMissed: number
}

export const NO_FACILITY_FIGURES: FacilityFigures = { facilities: 0, inspections: 0, upkeeps: 0, upkeepCost: 0, inspectionsDue: 0, inspectionsMissed: 0 }

type Bounds = { start: string; end: string }

/** The inspection periods of `every` that end from `start` to `last`. */
export function inspectionPeriods(every: CadencePeriod, start: string, last: string): Bounds[] {
  if (every === 'none') return []
  const out: Bounds[] = []
  for (let b = periodBounds(every, start); b.end <= last; b = periodBounds(every, addDays(b.end, 1))) if (b.end >= start) out.push(b)
  return out
}

/**
 * One grid's facilities (`things`: its 物 records, hazards among them) from `period.start` to the
 * earlier of its end and `asOf`; `inspectEvery` is the village's 公益设施检查周期.
 */
export function facilityFigures(things: readonly LedgerRecord[], period: Bounds, asOf: string, inspectEvery: CadencePeriod = 'none'): FacilityFigures {
  const last = period.end < asOf ? period.end : asOf
  const figures = { ...NO_FACILITY_FIGURES }
  const costs: number[] = []
  const due = inspectionPeriods(inspectEvery, period.start, last)
  for (const r of things) {
    if (text(r.values, 'category') !== '公益设施') continue
    const day = recordDay(r)
    if (day === '' || day > last) continue
    figures.facilities++
    const status = thingStatus({ ...r, facts: r.facts.filter((f) => factDayOf(f.at) <= last) }, last)
    figures.inspections += status.inspectionDays.filter((d) => d >= period.start && d <= last).length
    for (const b of due) {
      if (day > b.end) continue
      figures.inspectionsDue++
      if (!status.inspectionDays.some((d) => d >= b.start && d <= b.end)) figures.inspectionsMissed++
    }
    const upkeeps = upkeepsBetween(status, period.start, last)
    figures.upkeeps += upkeeps.count
    costs.push(upkeeps.cost)
  }
  return { ...figures, upkeepCost: sumYuan(costs) }
}

/** Figures as a report kept them: one submitted before 定期检查 was counted lacks its two. */
export type StoredFacilityFigures = Omit<FacilityFigures, 'inspectionsDue' | 'inspectionsMissed'> & Partial<Pick<FacilityFigures, 'inspectionsDue' | 'inspectionsMissed'>>

/** Added up; a missing 定期检查 figure adds nothing (and facilityColumns leaves its column out). */
/**
 * The facilities still to be inspected in the inspection period holding `today` (the ledger home's
 * list, what 本月未检查 marks in the 物 table), with the day each was last inspected; null when the
 * village sets no period.
 */
export function facilitiesDue(things: readonly LedgerRecord[], today: string, inspectEvery: CadencePeriod): { period: Bounds; facilities: number; due: { record: LedgerRecord; lastInspected: string | null }[] } | null {
  if (inspectEvery === 'none') return null
  const period = periodBounds(inspectEvery, today)
  const facilities = things.filter((r) => text(r.values, 'category') === '公益设施')
  const due = facilities.flatMap((record) => {
    const status = thingStatus(record, today, inspectEvery)
    return status.inspectionDue ? [{ record, lastInspected: status.inspectionDays.reduce<string | null>((last, d) => (last === null || d > last ? d : last), null) }] : []
  })
  // Longest without an inspection first (never inspected at the top).
  due.sort((a, b) => (a.lastInspected ?? '').localeCompare(b.lastInspected ?? ''))
  return { period, facilities: facilities.length, due }
}

export function sumFacilityFigures(list: readonly StoredFacilityFigures[]): FacilityFigures {
  const sum = sumCounts(list.map((f) => ({ ...NO_FACILITY_FIGURES, ...f })), NO_FACILITY_FIGURES)
  return { ...sum, upkeepCost: sumYuan(list.map((f) => f.upkeepCost)) }
}
