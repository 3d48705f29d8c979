/**
 * 六联 figures for a village and the township (issue #18 item 6): groups formed, households in
 * them, duty months done against months due, findings raised to the ledger and closed. Derived
 * from the 六联 doc's facts and, for closing, from the ledger status the caller reads; never stored.
 *
 * A duty month is due for each month a group has a 轮值户, up to the current month; it is done
 * when any duty work of that group is dated in that month.
 */
import type * as Y from 'yjs'
import { shanghaiDate } from '../civilDate.js'
import { listRecords } from '../ledger/ledgerDoc.js'
import { thingStatus } from '../ledger/workflows/hazard.js'
import { incidentStatus } from '../ledger/workflows/incident.js'
import { dutyRoster, monthOf } from './rotation.js'
import { listDuty, listRaised, readGroups, readMemberships, type RaisedFact } from './liulianDoc.js'

export type LiulianFigures = { groups: number; households: number; dutyMonthsDue: number; dutyMonthsDone: number; findingsRaised: number; findingsClosed: number }

export const NO_FIGURES: LiulianFigures = { groups: 0, households: 0, dutyMonthsDue: 0, dutyMonthsDone: 0, findingsRaised: 0, findingsClosed: 0 }

/** One village's figures; `isClosed` says whether a raised hazard/incident is closed in its ledger. */
export function villageFigures(doc: Y.Doc, today: string, isClosed: (raised: RaisedFact) => boolean): LiulianFigures {
  const memberships = readMemberships(doc)
  const duty = listDuty(doc)
  const month = monthOf(today)
  const workedMonths = new Set(duty.map((d) => `${d.groupId}/${monthOf(d.date)}`))
  let households = 0
  let due = 0
  let done = 0
  const groups = readGroups(doc)
  for (const g of groups) {
    households += memberships.members(g.id, today).length
    for (const r of dutyRoster(memberships, g.id, month)) {
      if (r.householdId === null) continue
      due++
      if (workedMonths.has(`${g.id}/${r.month}`)) done++
    }
  }
  const raised = listRaised(doc)
  return { groups: groups.length, households, dutyMonthsDue: due, dutyMonthsDone: done, findingsRaised: raised.length, findingsClosed: raised.filter(isClosed).length }
}

/** The township's figures: the villages' summed. */
export function townshipFigures(villages: readonly LiulianFigures[]): LiulianFigures {
  return villages.reduce<LiulianFigures>(
    (sum, v) => ({
      groups: sum.groups + v.groups,
      households: sum.households + v.households,
      dutyMonthsDue: sum.dutyMonthsDue + v.dutyMonthsDue,
      dutyMonthsDone: sum.dutyMonthsDone + v.dutyMonthsDone,
      findingsRaised: sum.findingsRaised + v.findingsRaised,
      findingsClosed: sum.findingsClosed + v.findingsClosed,
    }),
    NO_FIGURES,
  )
}

/** Whether a raised finding's ledger record is closed (hazard 销号, incident 办结 or later), from the open ledger docs. */
export function closedInLedgers(ledgerDocs: ReadonlyMap<string, Y.Doc>, today: string): (raised: RaisedFact) => boolean {
  return (raised) => {
    const doc = ledgerDocs.get(raised.gridId)
    const record = doc ? listRecords(doc, raised.recordKind, raised.gridId).find((r) => r.id === raised.recordId) : undefined
    if (!record) return false
    if (raised.recordKind === 'thing') return thingStatus(record, today).state === 'closed'
    return CLOSED_INCIDENT_STATES.has(incidentStatus(record, today).state)
  }
}

/**
 * One village's figures for a report period (the township dashboard, issue #16): groups formed
 * and households grouped as of `asOf` (the period's end, or today while it runs); duty months
 * due and done among the period's months up to `asOf`; findings raised in the period (Beijing
 * day of the raise) and, of those, closed as `isClosed` reads them (the caller reads the ledger
 * as of `asOf`).
 */
export function periodFigures(doc: Y.Doc, period: { start: string; end: string }, asOf: string, isClosed: (raised: RaisedFact) => boolean): LiulianFigures {
  const memberships = readMemberships(doc)
  const fromMonth = monthOf(period.start)
  const toMonth = monthOf(asOf < period.end ? asOf : period.end)
  const workedMonths = new Set(listDuty(doc).filter((d) => d.date <= asOf).map((d) => `${d.groupId}/${monthOf(d.date)}`))
  let groups = 0
  let households = 0
  let due = 0
  let done = 0
  for (const g of readGroups(doc)) {
    const start = memberships.startDate(g.id)
    if (start === null || start > asOf) continue
    groups++
    households += memberships.members(g.id, asOf).length
    for (const r of dutyRoster(memberships, g.id, toMonth)) {
      if (r.householdId === null || r.month < fromMonth) continue
      due++
      if (workedMonths.has(`${g.id}/${r.month}`)) done++
    }
  }
  const raised = listRaised(doc).filter((r) => {
    const day = raisedDay(r)
    return day >= period.start && day <= period.end && day <= asOf
  })
  return { groups, households, dutyMonthsDue: due, dutyMonthsDone: done, findingsRaised: raised.length, findingsClosed: raised.filter(isClosed).length }
}

/** The Beijing civil day a finding was raised on ('' if its time is unreadable). */
export function raisedDay(raised: RaisedFact): string {
  const at = new Date(raised.at)
  return Number.isNaN(at.getTime()) ? '' : shanghaiDate(at)
}

export const CLOSED_INCIDENT_STATES: ReadonlySet<string> = new Set(['resolved', 'verified', 'feedback', 'archived'])
