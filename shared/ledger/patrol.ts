/**
 * 巡查 beyond its form (seed 003: 「每天到所在網格進行巡查」, 「工作日清周結」; DOMAIN.md §6 story
 * 1: "findings convert to events in one tap; weekly roll-up is generated").
 *
 * - A patrol's 发现的问题 is read as a list, one problem a line (or between ；). Each becomes an
 *   事件 (closed loop) or a 安全隐患 (五到位, 销号) through the ledger's own validation and record
 *   path, in the same grid doc, and a `raise` fact on the patrol keeps the link: raised once,
 *   and from then on the patrol shows that record's status.
 * - The 周结 is derived, never typed: for a week (Monday to Sunday, civil dates in Asia/Shanghai)
 *   each day's patrols, problems found and visits (日清), then the week's totals and the grid's
 *   closed-loop figures, with the problems still hanging (found, neither raised nor handled on
 *   the spot). Days after today, and days before the village began to use Cunwu (`since`, its
 *   启用之日), are not counted as days without a patrol: a village set up on a Thursday did not
 *   miss Monday to Wednesday.
 * - 网格清扫 (F003§8 「至少每周一、三、五早上8點前」): on the village's 网格清扫日 (settings
 *   `gridCleaning`, weekdays; none by default) a day's patrol says the grid was cleaned, before 8
 *   or after. A cleaning day with no such patrol is missed once it is over (today is still open).
 */
import type * as Y from 'yjs'
import { addDays, isoWeekday, periodBounds } from '../civilDate.js'
import { newId } from '../ids.js'
import { weekdaysText } from '../settings/layer.js'
import { appendFact, createRecord, type Actor } from './ledgerDoc.js'
import { sumCounts } from './sumCounts.js'
import { text, type LedgerRecord } from './kind.js'
import { incident } from './kinds/incident.js'
import { CLEANING_ON_TIME, patrol } from './kinds/patrol.js'
import { thing } from './kinds/thing.js'
import { factDayOf, recordDay } from './stats.js'
import { validateRecord } from './validate.js'
import { disputeStatus } from './workflows/dispute.js'
import { thingStatus } from './workflows/hazard.js'
import { incidentStatus } from './workflows/incident.js'

export type RaiseTarget = 'incident' | 'hazard'
export const RAISE_TARGET_LABELS: Record<RaiseTarget, string> = { incident: '事件', hazard: '安全隐患' }

/** The fact a raise appends to the patrol. */
export const RAISE_ACTION = 'raise'

/** The problems a patrol found, one a line (or between ；/;), blank ones dropped, a repeated one once. */
export function patrolFindings(values: Record<string, unknown>): string[] {
  const lines = text(values, 'findings')
    .split(/[\n；;]+/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  return [...new Set(lines)]
}

export type Raised = { finding: string; target: RaiseTarget; recordId: string; at: string; byName: string }

/** The records this patrol's findings became, in the order they were raised. */
export function raisedFrom(record: Pick<LedgerRecord, 'facts'>): Raised[] {
  const raised: Raised[] = []
  for (const fact of record.facts) {
    if (fact.action !== RAISE_ACTION || !fact.data) continue
    const { finding, target, recordId } = fact.data
    if (typeof finding !== 'string' || (target !== 'incident' && target !== 'hazard') || typeof recordId !== 'string') continue
    raised.push({ finding, target, recordId, at: fact.at, byName: fact.byName })
  }
  return raised
}

/** The ledger values a finding becomes (checked by the ledger's own validation before writing). */
export function findingValues(values: Record<string, unknown>, finding: string, target: RaiseTarget): Record<string, unknown> {
  const date = text(values, 'date')
  const route = text(values, 'route')
  const time = text(values, 'time')
  const title = `巡查发现：${finding}`.slice(0, 100)
  const said = `${date}${time ? ` ${time}` : ''}巡查${route}时发现：${finding}`
  if (target === 'hazard') return { name: title, category: '安全隐患', location: route, problem: said }
  return { title, description: said, occurredAt: date, channel: '网格巡查', workType: '一般性', location: route, reporter: text(values, 'patroller') }
}

export type RaiseResult = { ok: true; recordId: string; created: boolean } | { ok: false; errors: Record<string, string> }

/**
 * Writes the 事件 or 安全隐患 into the patrol's own grid doc and the link onto the patrol, in one
 * transaction. A finding already raised as that kind returns the first record and writes
 * nothing (two devices raising it offline at once make two records, and the patrol lists both).
 * `makeId` names the new record and fact (the demo seed passes its reproducible one).
 */
export function raisePatrolFinding(doc: Y.Doc, record: LedgerRecord, finding: string, target: RaiseTarget, actor: Actor, at: string, today: string, makeId: () => string = newId): RaiseResult {
  if (record.kind !== patrol.kind) return { ok: false, errors: { finding: '这不是巡查记录' } }
  if (!patrolFindings(record.values).includes(finding)) return { ok: false, errors: { finding: '这条巡查记录里没有这个问题（可能已被修改）' } }
  const already = raisedFrom(record).find((r) => r.finding === finding && r.target === target)
  if (already) return { ok: true, recordId: already.recordId, created: false }
  const kind = target === 'hazard' ? thing : incident
  const checked = validateRecord(kind, findingValues(record.values, finding, target), today)
  if (!checked.ok) return checked
  let recordId = ''
  doc.transact(() => {
    recordId = createRecord(doc, kind, checked.values, actor, at, makeId())
    appendFact(doc, patrol.kind, record.id, { id: makeId(), action: RAISE_ACTION, by: actor.id, byName: actor.name, at, data: { finding, target, recordId } })
  })
  return { ok: true, recordId, created: true }
}

export type PatrolWeekData = Record<'patrol' | 'visit' | 'incident' | 'dispute' | 'thing', readonly LedgerRecord[]>

export type PatrolDay = {
  date: string
  /** A day that should have a patrol: up to `asOf`, from the village's first day (or with a patrol anyway). */
  due: boolean
  /** After `asOf`: still to come. */
  future: boolean
  patrols: number
  routes: string[]
  findings: number
  visits: number
  /** On a 网格清扫日: cleaned before 8 or after, still open today, missed, or to come; null on other days (and on days not due). */
  cleaning: CleaningState | null
}

export type CleaningState = 'onTime' | 'late' | 'today' | 'missed' | 'upcoming'

/** A day's 网格清扫 as its patrols say: before 8 if any says so, else after 8 if any, else none. */
function cleanedOn(patrols: readonly LedgerRecord[]): 'onTime' | 'late' | null {
  const said = patrols.map((p) => text(p.values, 'cleaning')).filter((c) => c !== '')
  return said.length === 0 ? null : said.includes(CLEANING_ON_TIME) ? 'onTime' : 'late'
}

/** A problem found and left hanging: not raised as a record, and nothing done on the spot. */
export type OpenFinding = { patrol: LedgerRecord; finding: string }

export type PatrolWeek = {
  start: string
  end: string
  /** The day the figures are read at: the week's last day, or today while it runs. */
  asOf: string
  /** Whose patrols and visits (巡查人 / 走访人); null for everyone's. */
  person: string | null
  days: PatrolDay[]
  daysPatrolled: number
  /** Days of the week that should have a patrol (`PatrolDay.due`). */
  daysDue: number
  patrols: number
  findings: number
  raised: { incident: number; hazard: number }
  handledOnSite: number
  visits: number
  visitedHouseholds: number
  /** The village's 网格清扫日 (weekdays, 1 = Monday) and how the week's went: days over or cleaned, cleaned, cleaned before 8. */
  cleaningDays: readonly number[]
  cleaning: { due: number; done: number; onTime: number }
  open: OpenFinding[]
  /** The grid's closed loop that week, whoever worked it: found, and closed within the week. */
  incidents: { found: number; done: number }
  disputes: { found: number; settled: number }
  hazards: { found: number; closed: number }
}

/**
 * The 周结 of the week containing `date`, read as of min(week end, today); `since` the village's
 * first day, if known; `cleaningDays` its 网格清扫日.
 */
export function patrolWeek(data: PatrolWeekData, date: string, today: string, person: string | null = null, since: string | null = null, cleaningDays: readonly number[] = []): PatrolWeek {
  const { start, end } = periodBounds('week', date)
  const asOf = end < today ? end : today
  const inWeek = (day: string) => day >= start && day <= asOf
  const patrols = data.patrol.filter((p) => inWeek(text(p.values, 'date')) && (person === null || text(p.values, 'patroller') === person))
  const visits = data.visit.filter((v) => inWeek(text(v.values, 'date')) && (person === null || text(v.values, 'visitor') === person))
  const days: PatrolDay[] = []
  for (let day = start; day <= end; day = addDays(day, 1)) {
    const own = patrols.filter((p) => text(p.values, 'date') === day)
    const due = day <= asOf && (since === null || day >= since || own.length > 0)
    const cleaned = cleanedOn(own)
    days.push({
      date: day,
      due,
      future: day > asOf,
      cleaning: !cleaningDays.includes(isoWeekday(day)) ? null : day > asOf ? 'upcoming' : !due ? null : (cleaned ?? (day === today ? 'today' : 'missed')),
      patrols: own.length,
      routes: [...new Set(own.map((p) => text(p.values, 'route')))],
      findings: own.reduce((n, p) => n + patrolFindings(p.values).length, 0),
      visits: visits.filter((v) => text(v.values, 'date') === day).length,
    })
  }
  const raised = patrols.flatMap((p) => raisedFrom(p))
  const open = patrols
    .filter((p) => text(p.values, 'handled').trim() === '')
    .flatMap((p) => {
      const done = new Set(raisedFrom(p).map((r) => r.finding))
      return patrolFindings(p.values)
        .filter((finding) => !done.has(finding))
        .map((finding) => ({ patrol: p, finding }))
    })
  const closedInWeek = (at: string | null) => at !== null && inWeek(factDayOf(at))
  const incidents = data.incident.map((r) => ({ found: text(r.values, 'occurredAt'), status: incidentStatus(r, asOf) }))
  const disputes = data.dispute.map((r) => ({ found: text(r.values, 'discoveredAt'), status: disputeStatus(r, asOf) }))
  const hazards = data.thing.filter((r) => text(r.values, 'category') === '安全隐患').map((r) => ({ found: recordDay(r), status: thingStatus(r, asOf) }))
  return {
    start,
    end,
    asOf,
    person,
    days,
    daysPatrolled: days.filter((d) => d.due && d.patrols > 0).length,
    daysDue: days.filter((d) => d.due).length,
    patrols: patrols.length,
    findings: days.reduce((n, d) => n + d.findings, 0),
    raised: { incident: raised.filter((r) => r.target === 'incident').length, hazard: raised.filter((r) => r.target === 'hazard').length },
    handledOnSite: patrols.filter((p) => text(p.values, 'handled').trim() !== '').length,
    visits: visits.length,
    visitedHouseholds: new Set(visits.map((v) => text(v.values, 'householdId'))).size,
    cleaningDays,
    cleaning: {
      due: days.filter((d) => d.cleaning === 'onTime' || d.cleaning === 'late' || d.cleaning === 'missed').length,
      done: days.filter((d) => d.cleaning === 'onTime' || d.cleaning === 'late').length,
      onTime: days.filter((d) => d.cleaning === 'onTime').length,
    },
    open,
    incidents: { found: incidents.filter((i) => inWeek(i.found)).length, done: incidents.filter((i) => closedInWeek(i.status.resolvedAt)).length },
    disputes: { found: disputes.filter((d) => inWeek(d.found)).length, settled: disputes.filter((d) => d.status.outcome === 'settled' && closedInWeek(d.status.closedAt)).length },
    hazards: { found: hazards.filter((h) => inWeek(h.found)).length, closed: hazards.filter((h) => h.status.state === 'closed' && closedInWeek(h.status.closedAt)).length },
  }
}

/** The 周结 in words, for a work log or a message to the village (no names of residents, no addresses). */
export function weekSummary(week: PatrolWeek, gridName: string): string {
  const who = week.person ?? gridName
  const lines = [
    `${who}工作周结（${week.start} 至 ${week.end}${week.asOf < week.end ? `，截至 ${week.asOf}` : ''}）`,
    `一、巡查：巡查 ${week.daysPatrolled} 天（应巡查 ${week.daysDue} 天）共 ${week.patrols} 次，发现问题 ${week.findings} 个，转为事件 ${week.raised.incident} 件、安全隐患 ${week.raised.hazard} 处，现场处置 ${week.handledOnSite} 次${week.open.length ? `，尚有 ${week.open.length} 个问题未处置、未转办` : ''}。`,
    `二、走访：走访 ${week.visits} 次，涉及 ${week.visitedHouseholds} 户。`,
    `三、${gridName}本周事项：新发现事件 ${week.incidents.found} 件、办结 ${week.incidents.done} 件；排查矛盾纠纷 ${week.disputes.found} 起、化解 ${week.disputes.settled} 起；新发现安全隐患 ${week.hazards.found} 处、销号 ${week.hazards.closed} 处。`,
  ]
  const numbers = ['四', '五']
  if (week.cleaningDays.length > 0) {
    const notCleaned = week.days.filter((d) => d.cleaning === 'missed').map((d) => d.date.slice(5))
    lines.push(`${numbers.shift()}、网格清扫（${weekdaysText(week.cleaningDays)}）：应清扫 ${week.cleaning.due} 天，已清扫 ${week.cleaning.done} 天，其中 8 点前 ${week.cleaning.onTime} 天${notCleaned.length ? `；未清扫：${notCleaned.join('、')}` : ''}。`)
  }
  const missed = week.days.filter((d) => d.due && d.patrols === 0).map((d) => d.date.slice(5))
  if (missed.length > 0) lines.push(`${numbers.shift()}、未巡查的日子：${missed.join('、')}。`)
  return lines.join('\n')
}

/**
 * One grid's patrols in a report period (seed 003: 「對每季度的巡查情況進行匯總，形成工作季報」), read
 * as of `asOf` = min(period end, today), by the patrol's own date. 应巡查网格日 is the days of
 * the period up to `asOf` (every day, 「每天至少到網格巡查一次」) from the village's first day
 * (`since`), and any earlier day with a patrol; 巡查网格日 the days among them with a patrol.
 * 应清扫网格日 is those of the days on the village's 网格清扫日 (`cleaningDays`), 清扫网格日 the
 * ones a patrol says were cleaned, 8点前 the ones cleaned before 8. Counts only.
 */
export type PatrolFigures = { patrols: number; gridDays: number; gridDaysDue: number; findings: number; raised: number; handled: number; cleaningDaysDue: number; cleaningDays: number; cleaningDaysOnTime: number }

export const NO_PATROL_FIGURES: PatrolFigures = { patrols: 0, gridDays: 0, gridDaysDue: 0, findings: 0, raised: 0, handled: 0, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 }

export function patrolFigures(patrols: readonly LedgerRecord[], period: { start: string; end: string }, asOf: string, since: string | null = null, cleaningDays: readonly number[] = []): PatrolFigures {
  const last = period.end < asOf ? period.end : asOf
  const inPeriod = patrols.filter((p) => {
    const day = text(p.values, 'date')
    return day >= period.start && day <= last
  })
  const patrolled = new Set(inPeriod.map((p) => text(p.values, 'date')))
  let due = 0
  const cleaning = { due: 0, done: 0, onTime: 0 }
  for (let day = period.start; day <= last; day = addDays(day, 1)) {
    if (!(since === null || day >= since || patrolled.has(day))) continue
    due++
    if (!cleaningDays.includes(isoWeekday(day))) continue
    cleaning.due++
    const cleaned = cleanedOn(inPeriod.filter((p) => text(p.values, 'date') === day))
    if (cleaned) cleaning.done++
    if (cleaned === 'onTime') cleaning.onTime++
  }
  return {
    patrols: inPeriod.length,
    gridDays: patrolled.size,
    gridDaysDue: due,
    findings: inPeriod.reduce((n, p) => n + patrolFindings(p.values).length, 0),
    raised: inPeriod.reduce((n, p) => n + raisedFrom(p).filter((r) => factDayOf(r.at) <= asOf).length, 0),
    handled: inPeriod.filter((p) => text(p.values, 'handled').trim() !== '').length,
    cleaningDaysDue: cleaning.due,
    cleaningDays: cleaning.done,
    cleaningDaysOnTime: cleaning.onTime,
  }
}

/** Figures as a report kept them: one submitted before 网格清扫 was counted lacks its three. */
export type StoredPatrolFigures = Omit<PatrolFigures, 'cleaningDaysDue' | 'cleaningDays' | 'cleaningDaysOnTime'> & Partial<Pick<PatrolFigures, 'cleaningDaysDue' | 'cleaningDays' | 'cleaningDaysOnTime'>>

/** Added up; a missing 网格清扫 figure adds nothing (and the report leaves its column out). */
export function sumPatrolFigures(list: readonly StoredPatrolFigures[]): PatrolFigures {
  return sumCounts(list.map((f) => ({ ...NO_PATROL_FIGURES, ...f })), NO_PATROL_FIGURES)
}
