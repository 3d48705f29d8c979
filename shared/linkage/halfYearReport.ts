/**
 * 半年书面报告 of 联网联户 (F002 五; DOMAIN.md §4.3), generated from the records of one half-year
 * (Asia/Shanghai civil dates): members linked, households covered, centre contacts against the
 * monthly rule, radiating rounds against the quarterly rule, 四到 visits, help done and 帮扶资金
 * against the rank minimums. It names members (they are public, publicList.ts) and never a
 * household or anything said in a 民情日记.
 */
import { addDays, periodBounds } from '../civilDate.js'
import type { Contact } from './duties.js'
import { aidProgress, type AidFact } from './linkageDoc.js'
import type { Linkage } from './linkage.js'

export type ReportMember = { linkage: Linkage; contacts: readonly (Contact & { helpGiven?: string })[]; aid: readonly Pick<AidFact, 'date' | 'amount'>[] }

export type HalfYearFigures = {
  start: string
  end: string
  members: number
  households: number
  centreMonthsDone: number
  centreMonthsDue: number
  roundsDone: number
  roundsDue: number
  fourToVisits: number
  helps: number
  aidTotal: number
  /** Members with a rank whose year-to-date aid is below the minimum, by name (cadres are public). */
  aidShort: string[]
}

const FOUR_TO = ['重病', '灾害', '特殊节日', '思想异常']

type Bounds = { start: string; end: string }

function periodsOf(period: 'month' | 'quarter', start: string, end: string): Bounds[] {
  const out: Bounds[] = []
  for (let at = start; at <= end; at = addDays(periodBounds(period, at).end, 1)) out.push(periodBounds(period, at))
  return out
}

const within = (date: string, b: Bounds) => date >= b.start && date <= b.end

export function halfYearFigures(members: readonly ReportMember[], anyDateInHalf: string): HalfYearFigures {
  const half = periodBounds('half', anyDateInHalf)
  const figures: HalfYearFigures = { ...half, members: members.length, households: 0, centreMonthsDone: 0, centreMonthsDue: 0, roundsDone: 0, roundsDue: 0, fourToVisits: 0, helps: 0, aidTotal: 0, aidShort: [] }
  for (const { linkage, contacts, aid } of members) {
    figures.households += 1 + linkage.radiatingHouseholdIds.length
    // Only the months and quarters the linkage was in force for count as due.
    const months = periodsOf('month', half.start, half.end).filter((m) => m.end >= linkage.since)
    const quarters = periodsOf('quarter', half.start, half.end).filter((q) => q.end >= linkage.since)
    figures.centreMonthsDue += months.length
    figures.centreMonthsDone += months.filter((m) => contacts.some((c) => c.householdId === linkage.centreHouseholdId && within(c.date, m))).length
    figures.roundsDue += quarters.length
    figures.roundsDone += quarters.filter((q) => linkage.radiatingHouseholdIds.every((id) => contacts.some((c) => c.householdId === id && within(c.date, q)))).length
    const inHalf = contacts.filter((c) => within(c.date, half))
    figures.fourToVisits += inHalf.filter((c) => c.trigger !== undefined && FOUR_TO.includes(c.trigger)).length
    figures.helps += inHalf.filter((c) => (c.helpGiven ?? '').trim() !== '').length
    figures.aidTotal += aid.filter((a) => within(a.date, half)).reduce((sum, a) => sum + a.amount, 0)
    if (aidProgress(aid.filter((a) => a.date <= half.end), linkage.rank, half.end.slice(0, 4)).met === false) figures.aidShort.push(linkage.memberName)
  }
  return figures
}

export function halfYearReportText(unit: string, f: HalfYearFigures): string {
  const half = f.start.slice(5, 7) === '01' ? '上半年' : '下半年'
  const pct = (done: number, due: number) => (due === 0 ? '—' : `${Math.round((done * 100) / due)}%`)
  return [
    `${unit}${f.start.slice(0, 4)}年${half}联网联户工作书面报告`,
    `一、基本情况。共有联系党员、干部 ${f.members} 名，联系群众 ${f.households} 户（“1+1+n”）。`,
    `二、联系走访。中心户应按月联系 ${f.centreMonthsDue} 次，已联系 ${f.centreMonthsDone} 次（${pct(f.centreMonthsDone, f.centreMonthsDue)}）；辐射户应走访 ${f.roundsDue} 轮，完成 ${f.roundsDone} 轮（${pct(f.roundsDone, f.roundsDue)}）；“四到”走访 ${f.fourToVisits} 次。`,
    `三、为民办实事。帮助群众解决困难 ${f.helps} 件，发放帮扶资金 ${f.aidTotal} 元。`,
    f.aidShort.length > 0 ? `四、需改进。截至${f.end}，${f.aidShort.join('、')} 本年度帮扶资金未达到最低标准。` : '四、本年度帮扶资金截至目前均已达到最低标准。',
  ].join('\n')
}
