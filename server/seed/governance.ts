/**
 * A demo village's year of governance, so a newcomer finds every section filled in: meetings with
 * minutes at each expected cadence (shared/minutes/cadence.ts: 支委会 and 网格工作例会 monthly,
 * 矛排例会 weekly, 党员大会 and 村民代表会议 quarterly), 四议两公开 decisions whose every step links
 * a meeting of the body that step needs (shared/decisions/meetingTypes.ts) and takes its counts
 * from that meeting's attendance and vote, and the notices that disclose them, in publishing
 * order. Attendees come from the ledger (residents flagged 党员 / 村民代表), so names match.
 * Pure and seeded: the caller stores the docs, finalises the minutes and publishes the notices.
 */
import * as Y from 'yjs'
import { createDecision, appendFact } from '../../shared/decisions/decisionsDoc.js'
import type { MeetingFact } from '../../shared/decisions/facts.js'
import type { Category, MatterType } from '../../shared/decisions/matters.js'
import { isArt24Matter } from '../../shared/decisions/matters.js'
import type { MeetingStep } from '../../shared/decisions/steps.js'
import type { PublishNoticeRequest } from '../../shared/api/notices.js'
import { addDays, periodBounds } from '../../shared/civilDate.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import type { MeetingType } from '../../shared/meetingIndex.js'
import { paragraph, replaceBody, heading } from '../../shared/minutes/body.js'
import { addRow, readRows } from '../../shared/minutes/minutesDoc.js'
import { setMeetingTasks } from '../../shared/minutes/taskLedger.js'
import { createMeeting } from '../../shared/minutes/templates.js'
import type { NoticeKind } from '../../shared/notices/kinds.js'
import { createRandom, type Random } from './random.js'
import type { GeneratedVillage } from './village.js'

/** Minutes newer than this many days are left as drafts (still being written up). */
const DRAFT_DAYS = 14

export type DemoMeeting = { id: string; doc: Y.Doc; date: string; type: MeetingType; finalise: boolean }
export type DemoNotice = Required<Omit<PublishNoticeRequest, 'correctionOf' | 'attachments'>> & { correctionOf: number | null; publishedOn: string }
export type Governance = { meetings: DemoMeeting[]; decisions: Y.Doc; notices: DemoNotice[] }

type Person = { name: string; role: string }
type Bodies = { branch: Person[]; committee: Person[]; members: Person[]; representatives: Person[]; workers: Person[] }

const DECISIONS: { title: string; category: Category; matter: MatterType; startDaysAgo: number; steps: number; result?: string }[] = [
  { title: '村道路灯修缮及筹资方案', category: 'public_works', matter: 'art24_public_works', startDaysAgo: 320, steps: 6, result: '路灯 46 盏已全部修复并通过验收，支出 3.2 万元，明细见财务公开。' },
  { title: '村集体鱼塘对外承包方案', category: 'collective_assets', matter: 'art24_collective_projects', startDaysAgo: 200, steps: 6, result: '鱼塘已按公开竞价结果签订承包合同，年承包费 4.8 万元，纳入村集体收入。' },
  { title: '村规民约修订（移风易俗条款）', category: 'village_rules', matter: 'major_other', startDaysAgo: 75, steps: 5 },
  { title: '村卫生室改扩建项目', category: 'livelihood_projects', matter: 'art24_collective_income', startDaysAgo: 30, steps: 2 },
  { title: '2027 年度村级误工补贴标准', category: 'subsidies', matter: 'art24_allowances', startDaysAgo: 4, steps: 0 },
]

const STEP_BODY: Record<MeetingStep, MeetingType> = { propose: 'party_branch', consult: 'joint_committee', review: 'party_members', resolve: 'representatives' }
const STEP_VERB: Record<MeetingStep, string> = { propose: '提议', consult: '商议', review: '审议', resolve: '表决' }

export function generateGovernance(village: GeneratedVillage, options: { seed: number; today: string }): Governance {
  const random = createRandom(options.seed ^ seedOf(village.id))
  const bodies = bodiesOf(village)
  const meetings: DemoMeeting[] = []
  const add = (type: MeetingType, date: string, title: string, agenda: string[], resolution?: { text: string; voters: Person[] }) => {
    const meeting = buildMeeting(random, village, bodies, type, date, title, agenda, resolution, options.today)
    meetings.push(meeting)
    return meeting
  }
  addCadenceMeetings(village, bodies, options.today, add)

  const decisions = new Y.Doc()
  decisions.clientID = random.int(1, 2 ** 31 - 1)
  const notices: DemoNotice[] = []
  for (const plan of DECISIONS) {
    const start = addDays(options.today, -plan.startDaysAgo)
    const secretary = bodies.branch[0]!.name
    const id = createDecision(decisions, { title: plan.title, category: plan.category, matter: plan.matter, mergedProposal: false }, secretary, `${start}T01:00:00.000Z`, random.id())
    const steps: MeetingStep[] = ['propose', 'consult', 'review', 'resolve']
    let date = start
    for (const [i, step] of steps.entries()) {
      if (i >= plan.steps) break
      const type = STEP_BODY[step]
      const voters = votersOf(bodies, type)
      const meeting = add(type, date, `${plan.title}${STEP_VERB[step]}`, [`${STEP_VERB[step]}${plan.title}`], { text: `同意${plan.title}`, voters })
      appendFact(decisions, id, meetingFact(random, step, date, meeting, plan.matter, secretary))
      date = addDays(date, 7)
    }
    if (plan.steps >= 5) {
      const resolvedOn = addDays(date, -5)
      const notice = decisionNotice(random, village.name, 'decision_resolution', plan.title, id, resolvedOn, `经村民代表会议表决通过：${plan.title}。公示期内如有意见，请向村务监督委员会反映。`)
      notices.push(notice)
      appendFact(decisions, id, { id: random.id(), by: secretary, atClient: `${resolvedOn}T02:00:00.000Z`, type: 'notice', step: 'publish_resolution', noticeId: notice.id, date: resolvedOn })
    }
    if (plan.steps >= 6 && plan.result) {
      const doneOn = addDays(date, 60)
      const notice = decisionNotice(random, village.name, 'decision_result', plan.title, id, doneOn, plan.result)
      notices.push(notice)
      appendFact(decisions, id, { id: random.id(), by: secretary, atClient: `${doneOn}T02:00:00.000Z`, type: 'notice', step: 'publish_result', noticeId: notice.id, date: doneOn })
    }
  }
  notices.push(...generalNotices(random, village.name, options.today))
  notices.sort((a, b) => (a.publishedOn < b.publishedOn ? -1 : a.publishedOn > b.publishedOn ? 1 : 0))
  return { meetings, decisions, notices }
}

/** The regular meetings of the year before `today`, at the cadences the township expects. */
function addCadenceMeetings(village: GeneratedVillage, bodies: Bodies, today: string, add: (type: MeetingType, date: string, title: string, agenda: string[], resolution?: { text: string; voters: Person[] }) => DemoMeeting): void {
  const from = addDays(today, -365)
  for (let week = periodBounds('week', from).start; week <= today; week = addDays(week, 7)) {
    const date = addDays(week, 1)
    if (date >= from && date < today) add('dispute_review', date, `${date.slice(5, 7)}月第${Math.ceil(Number(date.slice(8)) / 7)}周矛排例会`, ['各网格矛盾纠纷排查情况', '未结纠纷调处进度'])
  }
  for (let month = periodBounds('month', from).start; month <= today; month = addDays(periodBounds('month', month).end, 1)) {
    const label = `${Number(month.slice(5, 7))}月`
    const branch = addDays(month, 4)
    const grid = addDays(month, 9)
    if (branch >= from && branch < today) add('party_branch', branch, `${label}支部委员会会议`, ['学习传达上级会议精神', '研究本月党建工作'], { text: '同意本月党建工作安排', voters: bodies.branch })
    if (grid >= from && grid < today) add('grid_work', grid, `${label}网格工作例会`, ['各网格社情民意汇报', '走访任务分解'])
    const quarterStart = periodBounds('quarter', month).start === month
    const q = `${month.slice(0, 4)}年第${Math.floor(Number(month.slice(5, 7)) / 3) + 1}季度`
    const members = addDays(month, 14)
    const reps = addDays(month, 19)
    if (quarterStart && members >= from && members < today) add('party_members', members, `${q}党员大会`, ['支部工作报告', '党费收缴情况'], { text: '通过支部季度工作报告', voters: bodies.members })
    if (quarterStart && reps >= from && reps < today) add('representatives', reps, `${q}村民代表会议`, ['村务、财务公开情况通报', `${village.name}季度工作汇报`], { text: '同意村委会季度工作汇报', voters: bodies.representatives })
  }
}

function buildMeeting(
  random: Random,
  village: GeneratedVillage,
  bodies: Bodies,
  type: MeetingType,
  date: string,
  title: string,
  agenda: string[],
  resolution: { text: string; voters: Person[] } | undefined,
  today: string,
): DemoMeeting {
  const id = random.id()
  const doc = new Y.Doc()
  doc.clientID = random.int(1, 2 ** 31 - 1)
  const host = bodies.branch[0]!
  const recorder = bodies.committee[bodies.committee.length - 1]!
  createMeeting(doc, village.meta, id, { type, title, date, time: type === 'dispute_review' ? '08:30' : '14:30', place: `${village.name}村委会会议室`, host: host.name, recorder: recorder.name })
  const attendees = resolution?.voters ?? (type === 'grid_work' ? bodies.workers : bodies.committee)
  const absent = attendees.length >= 6 ? random.int(0, 1) : 0
  doc.transact(() => {
    attendees.forEach((person, i) => {
      const away = i >= attendees.length - absent
      addRow(doc, 'attendees', { name: person.name, role: person.role, attendance: away ? 'leave' : 'present', reason: away ? random.pick(['外出务工', '身体不适', '家中有事']) : '' })
    })
    for (const item of agenda) addRow(doc, 'agenda', { title: item })
    if (resolution) {
      const present = attendees.length - absent
      const against = present >= 8 ? random.int(0, 1) : 0
      const abstain = present >= 5 ? random.int(0, 1) : 0
      addRow(doc, 'resolutions', { text: resolution.text, for: String(present - against - abstain), against: String(against), abstain: String(abstain) })
    }
    // A weekly 矛排例会's task is due in a week, a monthly 网格工作例会's in two; the last fortnight's are still open, so some are overdue.
    if (type === 'grid_work' || type === 'dispute_review') addRow(doc, 'actions', { task: '完成本周期入户走访并更新台账', owner: bodies.workers[0]!.name, due: addDays(date, type === 'dispute_review' ? 7 : 14), done: date < addDays(today, -14) ? 'yes' : '' })
    replaceBody(doc, doc.getXmlFragment('body'), [heading('一、会议内容', 3), paragraph(`${host.name}主持会议，${agenda.join('；')}。`), heading('二、会议决定', 3), paragraph(resolution ? `${resolution.text}。` : '会议对下阶段工作作了安排。')])
  })
  setMeetingTasks(village.meta, id, readRows(doc, 'actions'))
  return { id, doc, date, type, finalise: date < addDays(today, -DRAFT_DAYS) }
}

/** A step's fact, its counts read from the linked meeting's attendance and resolution, as a cadre would copy them. */
function meetingFact(random: Random, step: MeetingStep, date: string, meeting: DemoMeeting, matter: MatterType, by: string): MeetingFact {
  const attendees = meeting.doc.getArray<Y.Map<string>>('attendees').toArray()
  const vote = meeting.doc.getArray<Y.Map<string>>('resolutions').get(0)
  const count = (key: string) => Number(vote.get(key) ?? 0)
  return {
    id: random.id(),
    by,
    atClient: `${date}T08:00:00.000Z`,
    type: 'meeting',
    step,
    date,
    meetingId: meeting.id,
    ...(step === 'resolve' ? { assembly: 'representatives' as const, authorised: isArt24Matter(matter) } : {}),
    eligible: attendees.length,
    present: attendees.filter((a) => a.get('attendance') === 'present').length,
    for: count('for'),
    against: count('against'),
    abstain: count('abstain'),
  }
}

function decisionNotice(random: Random, villageName: string, kind: NoticeKind, title: string, decisionId: string, on: string, body: string): DemoNotice {
  const label = kind === 'decision_resolution' ? '决议公开' : '实施结果公开'
  return { id: random.id(), kind, title: `关于${title}的${label}`, body: `${villageName}村民委员会：\n${body}`, periodFrom: on, periodTo: addDays(on, 6), correctionOf: null, decisionId, publishedOn: on }
}

/** Quarterly 财务公开 and a few 村务公开, one of them corrected by a later notice (the chain keeps both). */
function generalNotices(random: Random, villageName: string, today: string): DemoNotice[] {
  const out: DemoNotice[] = []
  for (let back = 4; back >= 1; back--) {
    let quarter = periodBounds('quarter', today)
    for (let i = 0; i < back; i++) quarter = periodBounds('quarter', addDays(quarter.start, -1))
    const on = addDays(quarter.end, 10)
    if (on >= today) continue
    const income = random.int(8, 30)
    const spend = random.int(5, income)
    out.push({ id: random.id(), kind: 'finance', title: `${quarter.start.slice(0, 4)}年${quarter.start.slice(5, 7)}月至${quarter.end.slice(5, 7)}月财务收支公开`, body: `本期村集体收入 ${income} 万元，支出 ${spend} 万元，结余 ${income - spend} 万元。\n明细账目存村委会，村民可到村务监督委员会查阅。`, periodFrom: on, periodTo: addDays(on, 14), correctionOf: null, decisionId: null, publishedOn: on })
  }
  const posted = addDays(today, -40)
  out.push({ id: random.id(), kind: 'village_affairs', title: '冬季防火安全告知', body: `${villageName}村民委员会提醒：冬季用火用电请注意安全，不在林地焚烧秸秆。\n村消防点值班电话见村务公开栏。`, periodFrom: posted, periodTo: addDays(posted, 30), correctionOf: null, decisionId: null, publishedOn: posted })
  const hours = addDays(today, -20)
  out.push({ id: random.id(), kind: 'village_affairs', title: '村便民服务点办公时间调整', body: '自下周一起，便民服务点办公时间调整为每周一至周五 8:30—17:00。', periodFrom: hours, periodTo: addDays(hours, 14), correctionOf: null, decisionId: null, publishedOn: hours })
  return out
}

/** The village's bodies, drawn from the ledger: 党员 for the branch and 党员大会, 村民代表 for the assembly. */
function bodiesOf(village: GeneratedVillage): Bodies {
  const residents = village.grids.flatMap((g) => listRecords(g.ledger, 'resident', g.id))
  const flagged = (flag: string) => residents.filter((r) => Array.isArray(r.values.flags) && (r.values.flags as string[]).includes(flag)).map((r) => String(r.values.name))
  const members = flagged('党员')
  const representatives = flagged('村民代表')
  const branch = members.slice(0, 5).map((name, i) => ({ name, role: i === 0 ? '党支部书记' : '支部委员' }))
  const committee = [...branch.slice(0, 3).map((p, i) => ({ name: p.name, role: i === 0 ? '党支部书记、村委会主任' : '两委委员' })), ...members.slice(5, 9).map((name) => ({ name, role: '村委委员' }))]
  const fill = (names: string[], role: string, min: number) => {
    const out = names.map((name) => ({ name, role }))
    for (const name of members.slice(9)) if (out.length < min) out.push({ name, role })
    return out
  }
  const workers = village.grids.flatMap((g) => g.workers.slice(0, 1).map((name) => ({ name, role: `${g.name}网格员` })))
  if (branch.length < 3) throw new Error(`${village.name}: too few party members in the demo ledger`)
  return { branch, committee, members: members.map((name) => ({ name, role: '党员' })), representatives: fill(representatives, '村民代表', 7), workers: [...committee.slice(0, 2), ...workers] }
}

function votersOf(bodies: Bodies, type: MeetingType): Person[] {
  switch (type) {
    case 'party_branch':
      return bodies.branch
    case 'joint_committee':
      return bodies.committee
    case 'party_members':
      return bodies.members
    default:
      return bodies.representatives
  }
}

function seedOf(text: string): number {
  let h = 0x5eed
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619)
  return h >>> 0
}
