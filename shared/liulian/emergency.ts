/**
 * 平急结合 (seed 004: 「平时服务清单化、急时支援岗位化」; DOMAIN.md §2.12): every cadre, grid worker
 * and 组长 has a 平时 service list and an 急时 post; the village keeps plans by type and a record
 * of drills; 「启动应急」 opens an emergency in which posts check in, and 「结束应急」 closes it and
 * yields the report.
 *
 * The emergency is facts in one Y.Array (start, checkin, log, end), so a roll call taken on two
 * phones offline merges into one: a post counts as checked in at its earliest check-in, and the
 * state (active or ended) is derived. The report names posts, never people (BRIEF privacy rule);
 * households needing help appear only as a count, "<3" under three.
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { civilDateSchema, formatShanghaiMinute } from '../civilDate.js'
import { appendFact, readFacts } from '../facts.js'
import { newId } from '../ids.js'
import { sensitiveCount } from '../linkage/overview.js'
import { LIULIAN_DOC } from './liulianDoc.js'

export const EMERGENCY_TYPES = ['防汛', '火灾', '地质灾害', '公共卫生', '安全生产', '群体性事件', '其他'] as const
export type EmergencyType = (typeof EMERGENCY_TYPES)[number]

// ——— posts: 平时 service list, 急时 post ———

/**
 * A post: its holder's name as shown, role, 平时 service list and 急时 post. `userId` ties it to
 * a member account (issue #18): the holder sees it as theirs and checks in on their own device;
 * `name` is the holder's name when the post was assigned, shown when the roster is not at hand.
 * A post without `userId` (written before posts were tied to accounts) is checked in by a cadre.
 */
export type Post = { key: string; name: string; role: string; service: string[]; post: string; userId?: string }

export function setPost(doc: Y.Doc, post: Post): void {
  const posts = doc.getMap<Y.Map<unknown>>(LIULIAN_DOC.posts)
  doc.transact(() => {
    let map = posts.get(post.key)
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>()
      posts.set(post.key, map)
    }
    for (const field of ['name', 'role', 'post'] as const) if (map.get(field) !== post[field]) map.set(field, post[field])
    if (post.userId) {
      if (map.get('userId') !== post.userId) map.set('userId', post.userId)
    } else if (map.has('userId')) map.delete('userId')
    const service = post.service.map((s) => s.trim()).filter((s) => s !== '').join('\n')
    if (map.get('service') !== service) map.set('service', service)
  })
}

export function readPosts(doc: Y.Doc): Post[] {
  const out: Post[] = []
  for (const [key, map] of doc.getMap<Y.Map<unknown>>(LIULIAN_DOC.posts)) {
    if (!(map instanceof Y.Map)) continue
    const service = String(map.get('service') ?? '')
    const userId = map.get('userId')
    out.push({
      key,
      name: String(map.get('name') ?? ''),
      role: String(map.get('role') ?? ''),
      post: String(map.get('post') ?? ''),
      service: service === '' ? [] : service.split('\n'),
      ...(typeof userId === 'string' && userId !== '' ? { userId } : {}),
    })
  }
  return out.sort((a, b) => a.role.localeCompare(b.role, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN') || (a.key < b.key ? -1 : 1))
}

// ——— plans and drills ———

export type Plan = { id: string; type: EmergencyType; title: string; content: string }

export function addPlan(doc: Y.Doc, plan: Omit<Plan, 'id'>): string {
  const id = newId()
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(plan)) map.set(key, value)
    doc.getMap<Y.Map<unknown>>(LIULIAN_DOC.plans).set(id, map)
  })
  return id
}

export function readPlans(doc: Y.Doc): Plan[] {
  const out: Plan[] = []
  for (const [id, map] of doc.getMap<Y.Map<unknown>>(LIULIAN_DOC.plans)) {
    if (!(map instanceof Y.Map)) continue
    const type = String(map.get('type') ?? '其他')
    out.push({ id, type: ((EMERGENCY_TYPES as readonly string[]).includes(type) ? type : '其他') as EmergencyType, title: String(map.get('title') ?? ''), content: String(map.get('content') ?? '') })
  }
  return out.sort((a, b) => EMERGENCY_TYPES.indexOf(a.type) - EMERGENCY_TYPES.indexOf(b.type) || a.title.localeCompare(b.title, 'zh-CN'))
}

export const drillFactSchema = z.object({
  id: z.string().min(1).max(64),
  planId: z.string().min(1, '请选择预案').max(64),
  date: civilDateSchema(),
  participants: z.number({ message: '请填写参加人数' }).int('人数请填整数').min(1, '参加人数至少1人').max(10000, '人数太大'),
  note: z.string().max(500).optional(),
  by: z.string().max(64),
})
export type DrillFact = z.infer<typeof drillFactSchema>

export function recordDrill(doc: Y.Doc, input: Omit<DrillFact, 'id'>): { ok: true; fact: DrillFact } | { ok: false; errors: Record<string, string> } {
  const parsed = drillFactSchema.safeParse({ ...input, id: newId() })
  if (!parsed.success) return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])) }
  return { ok: true, fact: appendFact(doc.getArray<unknown>(LIULIAN_DOC.drills), drillFactSchema, parsed.data) }
}

export function listDrills(doc: Y.Doc): DrillFact[] {
  return readFacts(doc.getArray<unknown>(LIULIAN_DOC.drills), drillFactSchema).facts
}

// ——— emergency mode ———

export const emergencyFactSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('start'),
    id: z.string().min(1).max(64),
    emergencyId: z.string().min(1).max(64),
    type: z.enum(EMERGENCY_TYPES),
    at: z.string().max(40),
    by: z.string().max(64),
    note: z.string().max(500).optional(),
    // The 突发性 incident reported up with the start (firstReport.ts); absent on emergencies started before.
    incident: z.object({ gridId: z.string().min(1).max(64), recordId: z.string().min(1).max(64) }).optional(),
  }),
  z.object({ kind: z.literal('checkin'), id: z.string().min(1).max(64), emergencyId: z.string().min(1).max(64), postKey: z.string().min(1).max(64), at: z.string().max(40), by: z.string().max(64) }),
  z.object({ kind: z.literal('log'), id: z.string().min(1).max(64), emergencyId: z.string().min(1).max(64), text: z.string().min(1, '请填写内容').max(1000), at: z.string().max(40), by: z.string().max(64) }),
  z.object({ kind: z.literal('end'), id: z.string().min(1).max(64), emergencyId: z.string().min(1).max(64), at: z.string().max(40), by: z.string().max(64), note: z.string().max(1000).optional() }),
])
export type EmergencyFact = z.infer<typeof emergencyFactSchema>
type NewFact = EmergencyFact extends infer F ? (F extends EmergencyFact ? Omit<F, 'id'> : never) : never

function emergencyArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(LIULIAN_DOC.emergency)
}

export function addEmergencyFact(doc: Y.Doc, fact: NewFact): EmergencyFact {
  return appendFact(emergencyArray(doc), emergencyFactSchema, { ...fact, id: newId() } as EmergencyFact)
}

/** 启动应急: returns the new emergency's id. */
export function startEmergency(doc: Y.Doc, type: EmergencyType, by: string, at: string, note?: string): string {
  const emergencyId = newId()
  addEmergencyFact(doc, { kind: 'start', emergencyId, type, at, by, ...(note ? { note } : {}) })
  return emergencyId
}

export type Emergency = {
  id: string
  type: EmergencyType
  startedAt: string
  endedAt: string | null
  /** postKey → earliest check-in time, whoever checked in */
  checkedIn: Map<string, string>
  /** Every check-in, for the roll call to keep only the holder's own (rollCall). */
  checkins: { postKey: string; at: string; by: string }[]
  log: { at: string; text: string }[]
  note: string
  /** The first report: the incident in that grid's ledger, sent up to 镇 when the emergency started. */
  incident: { gridId: string; recordId: string } | null
}

/** Every emergency of the village, newest first, read from the merged facts. */
export function readEmergencies(doc: Y.Doc): Emergency[] {
  const facts = readFacts(emergencyArray(doc), emergencyFactSchema).facts
  const byId = new Map<string, Emergency>()
  for (const f of facts) if (f.kind === 'start' && !byId.has(f.emergencyId)) byId.set(f.emergencyId, { id: f.emergencyId, type: f.type, startedAt: f.at, endedAt: null, checkedIn: new Map(), checkins: [], log: [], note: f.note ?? '', incident: f.incident ?? null })
  for (const f of facts) {
    const e = byId.get(f.emergencyId)
    if (!e) continue
    if (f.kind === 'checkin') {
      e.checkins.push({ postKey: f.postKey, at: f.at, by: f.by })
      const prior = e.checkedIn.get(f.postKey)
      if (prior === undefined || f.at < prior) e.checkedIn.set(f.postKey, f.at)
    } else if (f.kind === 'log') e.log.push({ at: f.at, text: f.text })
    else if (f.kind === 'end' && (e.endedAt === null || f.at < e.endedAt)) e.endedAt = f.at
  }
  for (const e of byId.values()) e.log.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  return [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
}

/** The emergency in force (the earliest-started one not ended), or null: the village is 平时. */
export function activeEmergency(doc: Y.Doc): Emergency | null {
  return readEmergencies(doc).filter((e) => e.endedAt === null).sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1))[0] ?? null
}

/**
 * The roll call: each post, checked in or not. A post tied to an account counts only its holder's
 * own check-in (made on their device); an untied post, any check-in. The earliest one counts.
 */
export function rollCall(e: Emergency, posts: readonly Post[]): { post: Post; at: string | null }[] {
  return posts
    .filter((p) => p.post.trim() !== '')
    .map((post) => {
      const times = e.checkins.filter((c) => c.postKey === post.key && (post.userId === undefined || c.by === post.userId)).map((c) => c.at)
      return { post, at: times.sort()[0] ?? null }
    })
}

/** Whether this user checks this post in: its holder, or for a post tied to no account, anyone who may write. */
export function mayCheckIn(post: Post, userId: string, canWrite: boolean): boolean {
  return canWrite && (post.userId === undefined || post.userId === userId)
}

/** The posts a member holds. */
export function postsHeldBy(posts: readonly Post[], userId: string): Post[] {
  return posts.filter((p) => p.userId === userId)
}

/** 结束应急 → the report: posts and their check-in, the log, households helped as a count only. */
export function emergencyReport(e: Emergency, posts: readonly Post[], householdsNeedingHelp: number): string {
  const calls = rollCall(e, posts)
  const lines = [
    `${e.type}应急处置报告`,
    `启动时间：${formatShanghaiMinute(e.startedAt)}`,
    `首报：${e.incident ? `启动时已作为突发性事件上报镇（${formatShanghaiMinute(e.startedAt)}）` : '未随启动上报'}`,
    `结束时间：${e.endedAt ? formatShanghaiMinute(e.endedAt) : '尚未结束'}`,
    `岗位到岗：${calls.filter((c) => c.at).length}/${calls.length}`,
    ...calls.map((c) => `  ${c.post.post}（${c.post.role}）：${c.at ? `${formatShanghaiMinute(c.at)} 到岗` : '未到岗'}`),
    `需帮扶户（独居老人、残疾人等）：${sensitiveCount(householdsNeedingHelp)}户`,
    '处置记录：',
    ...(e.log.length === 0 ? ['  （无）'] : e.log.map((l) => `  ${formatShanghaiMinute(l.at)} ${l.text}`)),
  ]
  return lines.join('\n')
}

export const NEEDS_HELP_FLAGS = ['独居空巢', '残疾人家庭'] as const
export const NEEDS_HELP_CARE = ['独居空巢老人', '重度残疾', '高龄老人'] as const

/**
 * Households to help first in an emergency: those flagged in the ledger as 独居空巢 or 残疾人家庭,
 * and those of residents with a matching care record. Care records come only from sensitive docs
 * the viewer may open; the caller passes none for a viewer without the grant, and gets null.
 */
export function householdsNeedingHelp(
  households: readonly { id: string; flags: readonly string[] }[],
  care: { residentHousehold: ReadonlyMap<string, string>; records: readonly { residentId: string; category: string; exited: boolean }[] } | null,
): { householdId: string; reasons: string[] }[] | null {
  if (care === null) return null
  const reasons = new Map<string, Set<string>>()
  const add = (id: string, reason: string) => reasons.set(id, (reasons.get(id) ?? new Set()).add(reason))
  for (const h of households) for (const f of h.flags) if ((NEEDS_HELP_FLAGS as readonly string[]).includes(f)) add(h.id, f)
  for (const r of care.records) {
    if (r.exited || !(NEEDS_HELP_CARE as readonly string[]).includes(r.category)) continue
    const householdId = care.residentHousehold.get(r.residentId)
    if (householdId) add(householdId, r.category)
  }
  return [...reasons].map(([householdId, set]) => ({ householdId, reasons: [...set] }))
}

/** 困难联帮: care categories that make a household one the group helps (DOMAIN.md §2.5). */
export const HARDSHIP_CARE = ['低保', '特困供养', '重度残疾', '重病', '防返贫监测', '独居空巢老人', '留守老人', '困境儿童'] as const

/**
 * The group's hardship households for 困难联帮 pairings, from care records only, so only for a
 * viewer who holds the sensitive docs (null otherwise — the caller shows no list at all).
 */
export function hardshipHouseholds(
  members: readonly string[],
  care: { residentHousehold: ReadonlyMap<string, string>; records: readonly { residentId: string; category: string; exited: boolean }[] } | null,
): { householdId: string; reasons: string[] }[] | null {
  if (care === null) return null
  const inGroup = new Set(members)
  const reasons = new Map<string, Set<string>>()
  for (const r of care.records) {
    const householdId = care.residentHousehold.get(r.residentId)
    if (r.exited || !householdId || !inGroup.has(householdId) || !(HARDSHIP_CARE as readonly string[]).includes(r.category)) continue
    reasons.set(householdId, (reasons.get(householdId) ?? new Set()).add(r.category))
  }
  return members.filter((id) => reasons.has(id)).map((householdId) => ({ householdId, reasons: [...reasons.get(householdId)!] }))
}
