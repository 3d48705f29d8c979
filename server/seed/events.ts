/**
 * Visits, disputes and incidents of one demo grid over the year up to `today`, with workflow
 * facts that follow the real transitions (workflows/*.ts), so derived statuses come out as the
 * source plans report them (DOMAIN.md §7.4): visits at the cadence of the default visit rules
 * with some misses (so some households are due), disputes almost all settled (F004: 化解率
 * 100%) plus backlog cases, incidents with a ≈94% closure mix (F001§5).
 */
import type * as Y from 'yjs'
import { addDays, daysBetween } from '../../shared/civilDate.js'
import type { Fact } from '../../shared/ledger/kind.js'
import { dispute as disputeKind } from '../../shared/ledger/kinds/dispute.js'
import { incident as incidentKind } from '../../shared/ledger/kinds/incident.js'
import { visit as visitKind } from '../../shared/ledger/kinds/visit.js'
import { DEFAULT_VISIT_RULES } from '../../shared/ledger/visitRules.js'
import { DISPUTE_SUMMARIES, HELP, INCIDENTS, NEEDS, THOUGHTS, WORRIES } from './names.js'
import type { Household } from './people.js'
import type { Random } from './random.js'
import { addFacts, addRecord, type RecordContext } from './records.js'

export type GridStaff = { workers: readonly string[]; leaders: readonly string[] }
type Step = Omit<Fact, 'by' | 'byName'>

const flagsOf = (rule: string) => DEFAULT_VISIT_RULES.find((r) => r.id === rule)?.flagsAny ?? []
const MONTHLY = flagsOf('monthly')
const QUARTERLY = flagsOf('key')

/** The YYYY-MM of the month `n` months before the month of `today`. */
export function monthsBefore(today: string, n: number): string {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))]
  const index = year * 12 + (month - 1) - n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

export const atTime = (date: string, hour = 2) => `${date}T${String(hour).padStart(2, '0')}:30:00.000Z`

function step(random: Random, action: string, date: string, note?: string, data?: Fact['data']): Step {
  return { id: random.id(), action, at: atTime(date, random.int(1, 9)), ...(note ? { note } : {}), ...(data ? { data } : {}) }
}

/** `gapMonth` (YYYY-MM): a month in which this grid recorded no visit (the demo's month with gaps). */
export function addVisits(doc: Y.Doc, random: Random, context: RecordContext, households: readonly Household[], staff: GridStaff, gapMonth?: string): number {
  let count = 0
  for (const household of households) {
    const flags = new Set([...household.flags, ...household.members.flatMap((m) => m.flags)])
    const monthly = MONTHLY.some((f) => flags.has(f))
    const quarterly = QUARTERLY.some((f) => flags.has(f))
    const periods = monthly ? 12 : quarterly ? 4 : 2
    const span = Math.floor(365 / periods)
    for (let p = 0; p < periods; p++) {
      if (!random.chance(p === 0 ? 0.75 : 0.88)) continue
      const date = addDays(context.today, -(p * span + random.int(0, span - 1)))
      if (gapMonth && date.startsWith(gapMonth)) continue
      const heard = random.chance(0.6)
      addRecord(doc, visitKind, random.id(), {
        date,
        householdId: household.id,
        visitor: random.pick(staff.workers),
        mode: random.weighted([['入户走访', 80], ['电话', 12], ['专题谈心', 6], ['座谈', 2]]),
        trigger: monthly || quarterly ? random.weighted([['定期走访', 85], ['特殊节日', 10], ['重病', 5]]) : '定期走访',
        ...(heard ? { thoughts: random.pick(THOUGHTS), needs: random.pick(NEEDS), worries: random.pick(WORRIES), helpGiven: random.pick(HELP) } : {}),
      }, { ...context, at: atTime(date) })
      count++
    }
  }
  return count
}

export type DisputePlan = { count: number; backlog: number; jointWith?: string }

export function addDisputes(doc: Y.Doc, random: Random, context: RecordContext, households: readonly Household[], staff: GridStaff, plan: DisputePlan): number {
  const people = households.flatMap((h) => h.members.filter((m) => m.age >= 18))
  const categories = Object.keys(DISPUTE_SUMMARIES)
  for (let i = 0; i < plan.count + plan.backlog; i++) {
    const backlog = i >= plan.count
    const discovered = addDays(context.today, backlog ? -random.int(200, 330) : -random.int(0, 364))
    const severity = backlog ? '重大复杂疑难' : random.weighted([['一般', 90], ['重大', 10]] as const)
    const category = random.pick(categories)
    const [a, b] = [random.pick(people), random.pick(people)]
    const parties = a.id === b.id ? [a] : [a, b]
    const id = random.id()
    addRecord(doc, disputeKind, id, {
      summary: random.pick(DISPUTE_SUMMARIES[category]!),
      parties: parties.map((p) => p.name).join('、'),
      partyIds: parties.map((p) => p.id),
      category,
      severity,
      discoveredAt: discovered,
      caseLeader: random.pick(staff.leaders),
      responsible: random.pick(staff.workers),
      deadline: addDays(discovered, severity === '一般' ? 15 : 30),
      method: '人民调解',
      ...(backlog ? { backlog: true, trend: '双方分歧较大，存在上访风险' } : {}),
    }, { ...context, at: atTime(discovered) })
    addFacts(doc, disputeKind.kind, id, disputeSteps(random, context.today, discovered, backlog, i === 0 ? plan.jointWith : undefined), random.pick(staff.workers))
  }
  return plan.count + plan.backlog
}

function disputeSteps(random: Random, today: string, discovered: string, backlog: boolean, jointWith: string | undefined): Step[] {
  const day = (n: number) => minDate(addDays(discovered, n), today)
  if (backlog)
    return [
      step(random, 'mediate', day(2), '驻片调处，双方各执一词'),
      // Each stage entered with the facts it needs (shared/ledger/workflows/dispute.ts).
      step(random, 'escalate', day(10), '驻片调处未果，提交两委会商', { responsibleName: '村党组织书记', deadline: addDays(discovered, 40) }),
      step(random, 'mediate', day(20), '两委会商调解，未达成一致'),
      step(random, 'escalate', day(40), '书面上报镇综治中心', { opinion: '经驻片调处和两委会商，双方分歧仍大，村两委意见：请镇综治中心牵头协调' }),
    ]
  const age = daysBetween(discovered, today)
  if (age < 10) return age >= 1 ? [step(random, 'mediate', day(1), '已上门了解情况')] : []
  const steps = [step(random, 'mediate', day(random.int(1, 3)), jointWith ? `与${jointWith}调委会联合调解` : '网格员上门调解')]
  if (random.chance(0.3)) steps.push(step(random, 'mediate', day(random.int(4, 6)), '再次组织双方协商'))
  steps.push(step(random, 'settle', day(random.int(7, 9)), '双方达成调解协议'))
  return steps
}

export type IncidentFlow = 'archived' | 'onsite' | 'escalated' | 'reworked' | 'open'

export function addIncidents(doc: Y.Doc, random: Random, context: RecordContext, households: readonly Household[], staff: GridStaff, flows: readonly IncidentFlow[]): number {
  for (const flow of flows) {
    const template = flow === 'onsite' ? INCIDENTS[0]! : random.pick(INCIDENTS)
    const occurred = addDays(context.today, flow === 'open' ? -random.int(2, 5) : -random.int(20, 330))
    const id = random.id()
    const household = random.pick(households)
    addRecord(doc, incidentKind, id, {
      title: template.title,
      description: template.description,
      occurredAt: occurred,
      channel: random.pick(['网格巡查', '群众反映', '走访发现', '服务热线']),
      workType: flow === 'onsite' ? '一般性' : template.workType,
      category: template.category,
      location: household.address,
      reporter: random.pick(staff.workers),
      householdIds: [household.id],
      deadline: addDays(occurred, template.workType === '一般性' ? 7 : 15),
      ...(template.workType === '突发性' ? { mustReport: true } : {}),
    }, { ...context, at: atTime(occurred) })
    const steps = incidentSteps(random, occurred, template.workType === '突发性' && flow === 'escalated' ? 'archived' : flow, template.workType)
    addFacts(doc, incidentKind.kind, id, [...routeSteps(id, occurred, template.workType), ...(template.workType === '审批性' ? approvalSteps(steps, flow) : steps)], random.pick(staff.workers))
  }
  return flows.length
}

function incidentSteps(random: Random, occurred: string, flow: IncidentFlow, workType: string): Step[] {
  const at = (n: number, action: string, note?: string, data?: Fact['data']) => step(random, action, addDays(occurred, n), note, data)
  // A 协调性 matter is taken on at the village with its lead unit (no randomness drawn for it).
  const lead: Fact['data'] | undefined = workType === '协调性' ? { leadUnit: '村委会', coUnits: '村民小组' } : undefined
  // 件件回访 before 归档; the visit draws no randomness, so the rest of the demo stays as it was.
  const close = (from: number) => {
    const [verify, feedback] = [at(from, 'verify', '上报人核查通过'), at(from + 1, 'feedback', '已向群众反馈')]
    const revisit: Step = { id: `${feedback.id}-revisit`, action: 'revisit', at: atTime(addDays(occurred, from + 2), 0), note: '电话回访，群众表示满意' }
    return [verify, feedback, revisit, at(from + 2, 'archive')]
  }
  switch (flow) {
    case 'onsite':
      return [at(0, 'onsite', '网格员现场处理'), ...close(1)]
    case 'archived':
      return [at(0, 'accept', undefined, lead), at(1, 'handle'), at(3, 'resolve', '已处置完毕'), ...close(4)]
    case 'escalated':
      return [at(0, 'accept', undefined, lead), at(1, 'escalate', '超出网格处置能力，上报村委'), at(2, 'accept', '村委受理'), at(3, 'handle'), at(8, 'resolve', '协调相关部门处置完毕'), ...close(9)]
    case 'reworked':
      return [at(0, 'accept', undefined, lead), at(1, 'handle'), at(2, 'resolve'), at(3, 'reject', '核查发现仍未处理到位'), at(4, 'handle'), at(6, 'resolve', '返工完成'), ...close(7)]
    case 'open':
      return [at(0, 'accept', undefined, lead), at(1, 'handle', '正在协调处置')]
  }
}

/**
 * 审批性 (代办, e.g. a 低保 application): instead of 处置 the matter is submitted to the township for
 * approval and approved half an hour later (an open one waits for the decision). No randomness is
 * drawn, so the rest of the demo stays as it was.
 */
function approvalSteps(steps: readonly Step[], flow: IncidentFlow): Step[] {
  return steps.flatMap((s) => {
    if (s.action !== 'handle') return [s]
    const submitted: Step = { ...s, action: 'submitApproval', note: '材料齐全，报镇民政办审核', data: { to: '镇' } }
    if (flow === 'open') return [submitted]
    return [submitted, { id: `${s.id}-approve`, action: 'approve', at: new Date(Date.parse(s.at) + 30 * 60_000).toISOString(), note: '经审核，符合条件，同意办理' }]
  })
}

/** The report a work type requires before anything else (workflows/incident.ts routing); no randomness drawn, so the rest of the demo stays as it was. */
function routeSteps(id: string, occurred: string, workType: string): Step[] {
  if (workType === '突发性') return [{ id: `${id}-route`, action: 'escalate', at: atTime(occurred, 0), note: '第一时间上报镇综治中心，网格员现场跟踪', data: { to: '镇' } }]
  if (workType === '协调性') return [{ id: `${id}-route`, action: 'escalate', at: atTime(occurred, 0), note: '协调性事项报村级牵头办理' }]
  return []
}

function minDate(a: string, b: string): string {
  return a < b ? a : b
}
