/**
 * Writes the demo township (or the village-scale set) into a store through the server's own
 * storage API: villages via createVillage, each doc as one update appended with docs.append,
 * accounts with scrypt hashes and memberships for every role. Refuses a store that already has
 * villages, so demo data can never mix into real data.
 */
import * as Y from 'yjs'
import { docName } from '../../shared/docNames.js'
import type { Role } from '../../shared/roles.js'
import { addDays } from '../../shared/civilDate.js'
import { decisionsMap } from '../../shared/decisions/decisionsDoc.js'
import { readPosts, setPost } from '../../shared/liulian/emergency.js'
import { putStaff, setBoardInfo } from '../../shared/liulian/gridStaff.js'
import { appendFact, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { disputeStatus } from '../../shared/ledger/workflows/dispute.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { minutesHash } from '../../shared/minutes/canonical.js'
import { newAdminRow } from '../auth/firstRun.js'
import { hashPassword } from '../auth/passwords.js'
import { finaliseProblem, storeFinal, writeStamps } from '../minutes/finalise.js'
import { publishNotice } from '../notices/publish.js'
import type { Store, UserRow } from '../storage/types.js'
import { generateGovernance, type Governance } from './governance.js'
import { generateLinkages, type DemoMember } from './linkage.js'
import { generateLiulian } from './liulian.js'
import { seedAssessment } from './assessment.js'
import { demoPlan, planTotals, type DemoScale } from './plan.js'
import { generateVillage, type GeneratedVillage, type GridCounts } from './village.js'

export const DEMO_PASSWORD = 'demo-pass-123'
export const DEMO_ADMIN = { phone: '13800000000', password: 'admin-pass-123', name: '镇管理员' } as const

/** One demo account per role, all in the first village; the second grid worker in the second. */
export const DEMO_ACCOUNTS: readonly { phone: string; name: string; role: Exclude<Role, 'township_admin'>; title: string; village: number; grid?: number; sensitive: boolean }[] = [
  { phone: '13900000001', name: '王书记', role: 'village_cadre', title: '村党组织书记（可查看敏感台账）', village: 0, sensitive: true },
  { phone: '13900000002', name: '李主任', role: 'village_cadre', title: '村委会成员', village: 0, sensitive: false },
  { phone: '13900000003', name: '张网格', role: 'grid_worker', title: '第一网格网格员', village: 0, grid: 0, sensitive: false },
  { phone: '13900000004', name: '赵监督', role: 'supervisor', title: '村务监督委员会主任', village: 0, sensitive: false },
  { phone: '13900000005', name: '刘网格', role: 'grid_worker', title: '第二个村的网格员', village: 1, grid: 0, sensitive: false },
  { phone: '13900000006', name: '孙干部', role: 'linked_cadre', title: '镇机关干部（联网联户，只见自己的联系户）', village: 0, sensitive: false },
]

export class SeedRefused extends Error {}

export type SeedOptions = {
  scale: DemoScale
  seed: number
  today: string
  /** The township admin to create when the store has no user yet. */
  admin?: { phone: string; password: string; name: string }
  onVillage?(village: GeneratedVillage): void
}

export type SeedSummary = {
  villages: { id: string; name: string; grids: { id: string; name: string }[] }[]
  totals: GridCounts & { meetings: number; finalised: number; decisions: number; notices: number }
  admin: { phone: string; created: boolean }
  accounts: typeof DEMO_ACCOUNTS
}

export async function seedDemo(store: Store, options: SeedOptions): Promise<SeedSummary> {
  const { accounts, docs } = store
  const existing = await accounts.listVillages()
  if (existing.length > 0) throw new SeedRefused(`数据库里已经有 ${existing.length} 个村庄，演示数据只能写入空的数据库（换一个 DATA_DIR 或 DATABASE_URL）。`)
  const admin = await ensureAdmin(store, options.admin ?? DEMO_ADMIN)
  const plan = demoPlan(options.scale)
  const users = await addDemoUsers(store)
  const summary: SeedSummary = { villages: [], totals: { households: 0, residents: 0, visits: 0, patrols: 0, environment: 0, disputes: 0, incidents: 0, sites: 0, sensitive: 0, meetings: 0, finalised: 0, decisions: 0, notices: 0 }, admin: { phone: admin.user.phone, created: admin.created }, accounts: DEMO_ACCOUNTS }
  // One village at a time, so memory holds one village's docs, not the township's.
  for (const villagePlan of plan.villages) {
    const village = generateVillage(villagePlan, { seed: options.seed, today: options.today, township: plan.township })
    // Before the meta doc is stored: creating the meetings writes their entries into its index.
    const governance = generateGovernance(village, { seed: options.seed, today: options.today })
    const linkages = generateLinkages(village, demoLinkedMembers(village.id, summary.villages.length === 0), { seed: options.seed, today: options.today })
    const liulian = generateLiulian(village, { seed: options.seed, today: options.today })
    tieDemoPosts(liulian, village.grids[0]?.id, summary.villages.length, users)
    if (summary.villages.length === 0) publishDemoStaff(liulian, village.grids)
    const created = await accounts.createVillage({ id: village.id, name: village.name, createdAt: new Date(`${addDays(options.today, -400)}T00:00:00Z`).toISOString(), createdBy: admin.user.id })
    if (!created) throw new Error(`demo plan names ${village.name} twice`)
    const isFirst = summary.villages.length === 0
    if (isFirst && village.grids[0]) assignDemoCases(village.grids[0].ledger, options.today, { worker: users.get('13900000003')!, leader: users.get('13900000001')! })
    leadDemoTownshipCase(village.grids.map((g) => g.ledger), options.today, admin.user)
    await storeGovernance(store, village.id, village.name, governance, { finaliser: isFirst ? users.get('13900000001')! : admin.user, confirmer: isFirst ? users.get('13900000004')! : null }, summary.totals)
    await docs.append(docName({ kind: 'meta', villageId: village.id }), encode(village.meta))
    for (const grid of village.grids) {
      await docs.append(docName({ kind: 'ledger', villageId: village.id, gridId: grid.id }), encode(grid.ledger))
      await docs.append(docName({ kind: 'sensitive', villageId: village.id, gridId: grid.id }), encode(grid.sensitive))
      for (const key of Object.keys(grid.counts) as (keyof GridCounts)[]) summary.totals[key] += grid.counts[key]
    }
    for (const [memberId, doc] of linkages) await docs.append(docName({ kind: 'linkage', villageId: village.id, memberId }), encode(doc))
    await docs.append(docName({ kind: 'liulian', villageId: village.id }), encode(liulian))
    summary.villages.push({ id: village.id, name: village.name, grids: village.grids.map((g) => ({ id: g.id, name: g.name })) })
    options.onVillage?.(village)
  }
  await addDemoMemberships(store, summary, users)
  await seedAssessment(store, DEMO_ACCOUNTS.filter((a) => a.role === 'grid_worker').map((a) => users.get(a.phone)!.id), admin.user.id, options)
  if (summary.totals.households !== planTotals(plan).households) throw new Error('demo households do not match the plan')
  return summary
}

/** Every cadre of the demo township is linked: the first village's accounts, two cadres elsewhere. */
function demoLinkedMembers(villageId: string, first: boolean): DemoMember[] {
  if (first)
    return [
      { id: 'demo-13900000001', name: '王书记', memberType: '村干部', post: '村党组织书记', area: '第一村民小组' },
      { id: 'demo-13900000002', name: '李主任', memberType: '村干部', post: '村委会成员', area: '第二村民小组' },
      { id: 'demo-13900000006', name: '孙干部', memberType: '镇机关干部', post: '镇党政办副主任', rank: '副科级领导干部', area: '第三村民小组' },
    ]
  return [
    { id: `demo-${villageId}-1`, name: '陈干部', memberType: '镇机关干部', post: '镇农业服务中心干部', rank: '一般工作人员', area: '第一村民小组' },
    { id: `demo-${villageId}-2`, name: '周委员', memberType: '村干部', post: '村委会委员', area: '第二村民小组' },
  ]
}

function encode(doc: Y.Doc): Uint8Array {
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

async function ensureAdmin(store: Store, admin: { phone: string; password: string; name: string }): Promise<{ user: UserRow; created: boolean }> {
  const users = await store.accounts.listUsers()
  const found = users.find((u) => u.role === 'township_admin' && !u.disabledAt)
  if (found) return { user: found, created: false }
  const user = await newAdminRow(admin.phone, admin.name, admin.password)
  await store.accounts.createUser(user)
  return { user, created: true }
}

/** The demo accounts (before the villages: they finalise and confirm the first village's minutes), by phone. */
/**
 * The first grid's open cases carried by the demo accounts, so 我的案件 shows them: its grid
 * worker (张网格) reported the open incidents and is 责任人 of the open disputes, with the
 * secretary (王书记) as 包案领导. No random draws, so the rest of the demo stays as it was.
 */
function assignDemoCases(ledger: Y.Doc, today: string, who: { worker: UserRow; leader: UserRow }): void {
  ledger.transact(() => {
    for (const [id, map] of recordsMap(ledger, 'incident')) {
      const record = readRecord('incident', '', id, map)
      if (record && incidentStatus(record, today).state !== 'archived') map.set('_createdById', who.worker.id)
    }
    for (const [id, map] of recordsMap(ledger, 'dispute')) {
      const record = readRecord('dispute', '', id, map)
      if (record && disputeStatus(record, today).outcome === 'open') {
        // Members, by id with the name at the time (shared/ledger/members.ts).
        map.set('responsibleId', who.worker.id)
        map.set('responsible', who.worker.name)
        map.set('caseLeaderId', who.leader.id)
        map.set('caseLeader', who.leader.name)
      }
    }
  })
}

/**
 * In each village the first dispute reported up in writing (书面上报) is taken on by the township
 * (归口办理) with the demo admin as 包案领导, so 我的案件·各村 on the township inbox has a case in
 * each village that has one. No random draws: the rest of the demo stays as it was.
 */
function leadDemoTownshipCase(ledgers: readonly Y.Doc[], today: string, admin: UserRow): void {
  for (const ledger of ledgers) {
    for (const [id, map] of recordsMap(ledger, 'dispute')) {
      const record = readRecord('dispute', '', id, map)
      if (!record) continue
      const s = disputeStatus(record, today)
      if (s.outcome !== 'open' || s.stage !== '书面上报') continue
      const at = new Date(`${addDays(today, -3)}T02:00:00Z`).toISOString()
      appendFact(ledger, 'dispute', id, { action: 'escalate', by: admin.id, byName: admin.name, at, note: '镇综治中心归口办理', data: { caseLeader: admin.id, caseLeaderName: admin.name, leadUnit: '镇综治中心', coUnits: '镇司法所、派出所' } })
      return
    }
  }
}

/**
 * The demo accounts hold their village's 平急结合 posts (issue #18): in the first village the
 * secretary, the director and the first grid's worker; in the second its first grid's worker.
 */
function tieDemoPosts(doc: Y.Doc, firstGridId: string | undefined, villageIndex: number, users: Map<string, UserRow>): void {
  const holders: [string, string][] =
    villageIndex === 0
      ? [
          ['demo-secretary', '13900000001'],
          ['demo-director', '13900000002'],
          [`demo-grid-${firstGridId}`, '13900000003'],
        ]
      : villageIndex === 1
        ? [[`demo-grid-${firstGridId}`, '13900000005']]
        : []
  const posts = readPosts(doc)
  for (const [key, phone] of holders) {
    const post = posts.find((p) => p.key === key)
    const user = users.get(phone)
    if (post && user) setPost(doc, { ...post, userId: user.id, name: user.name })
  }
}

/** The first village's 网格员公示: its accounts as 网格长 and grid staff, the 监督电话 the supervisor's. */
function publishDemoStaff(doc: Y.Doc, grids: readonly { id: string }[]): void {
  grids.forEach((grid, i) => {
    putStaff(doc, grid.id, { name: '王书记', title: '网格长', duties: '统筹网格工作，接待群众来访', phone: '13900000001' })
    if (i === 0) putStaff(doc, grid.id, { name: '张网格', title: '专职网格员', duties: '入户走访、信息采集、矛盾纠纷排查', phone: '13900000003' })
    else putStaff(doc, grid.id, { name: '李主任', title: '兼职网格员', duties: '协助入户走访', phone: '13900000002' })
  })
  setBoardInfo(doc, { supervisionPhone: '13900000004', supervisionUnit: '村务监督委员会' })
}

async function addDemoUsers(store: Store): Promise<Map<string, UserRow>> {
  const out = new Map<string, UserRow>()
  for (const account of DEMO_ACCOUNTS) {
    let user = await store.accounts.findUserByPhone(account.phone)
    if (!user) {
      // A hash of its own (its own salt) for every account, as for any real one.
      const passwordHash = await hashPassword(DEMO_PASSWORD)
      user = { id: `demo-${account.phone}`, phone: account.phone, name: account.name, role: account.role, passwordHash, createdAt: new Date().toISOString(), disabledAt: null }
      await store.accounts.createUser(user)
    }
    out.set(account.phone, user)
  }
  return out
}

async function addDemoMemberships(store: Store, summary: SeedSummary, users: Map<string, UserRow>): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const village = summary.villages[account.village] ?? summary.villages[0]!
    const gridIds = account.grid === undefined ? [] : [village.grids[account.grid]!.id]
    await store.accounts.setMembership({ userId: users.get(account.phone)!.id, villageId: village.id, role: account.role, gridIds, sensitive: account.sensitive })
  }
}

/**
 * Stores a village's meetings, decisions and notices through the server's own paths: minutes old
 * enough are finalised with storeFinal (the API's 定稿, so hashes and version rows are real; the
 * first village's 村民代表会议 minutes are confirmed by its supervisor first), notices are
 * published with publishNotice on their own dates, so the chain is the one the API would build.
 */
async function storeGovernance(
  store: Store,
  villageId: string,
  villageName: string,
  governance: Governance,
  people: { finaliser: UserRow; confirmer: UserRow | null },
  totals: SeedSummary['totals'],
): Promise<void> {
  for (const meeting of governance.meetings) {
    const name = docName({ kind: 'minutes', villageId, meetingId: meeting.id })
    if (meeting.finalise) {
      const problem = finaliseProblem(meeting.doc)
      if (problem) throw new Error(`demo meeting ${meeting.id}: ${problem.error}`)
      const current = await minutesHash(meeting.doc)
      const at = `${addDays(meeting.date, 1)}T02:00:00.000Z`
      if (people.confirmer && meeting.type === 'representatives') {
        const confirmation = { userId: people.confirmer.id, name: people.confirmer.name, hash: current.hash, at: `${meeting.date}T09:00:00.000Z` }
        await store.minutes.addConfirmation(name, confirmation)
        writeStamps(meeting.doc, { confirmation })
      }
      const { stamp } = await storeFinal(store.minutes, name, current, people.finaliser, at)
      writeStamps(meeting.doc, { final: stamp })
      totals.finalised++
    }
    await store.docs.append(name, encode(meeting.doc))
    totals.meetings++
  }
  totals.decisions += decisionsMap(governance.decisions).size
  await store.docs.append(docName({ kind: 'decisions', villageId }), encode(governance.decisions))
  for (const { publishedOn, ...request } of governance.notices) {
    await publishNotice(store.notices, villageId, request, { name: `${villageName}村民委员会` }, () => new Date(`${publishedOn}T02:00:00.000Z`))
    totals.notices++
  }
}
