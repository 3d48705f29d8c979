/**
 * Layout of `<villageId>/liulian` (docNames.ts): the village's 六联 groups and their duty work,
 * 平急结合 posts, plans, drills and emergencies. It names households only by ledger id — names,
 * addresses and phones stay in the grid ledgers, read by whoever may open them (access.ts).
 *
 *   groups      id → Y.Map {name, villagerGroup, gridId, leaderHouseholdId}   (a field each, so
 *               a rename and a new 组长 made on two devices both survive)
 *   membership  Y.Array  MembershipFact (rotation.ts) — the 轮值户 derive from these
 *   duty        Y.Array  DutyFact: what the month's duty household did (checks, patrols, activities)
 *   raised      Y.Array  RaisedFact: a finding turned into a ledger hazard or incident
 *   gridBoard   gridId → Y.Map {bounds, staff}   what the wall board says of each grid (四至, staff)
 *   gridStaff, boardInfo   the 网格员公示: each grid's staff with published phones, the 监督电话 (gridStaff.ts)
 *   tasks       Y.Array  TaskFact (campaign.ts): campaign tasks done, for the 工作推进台账
 *   campaigns   key → JSON of a Campaign the township defined, its latest revision (campaign.ts); 六联 is built in
 *   posts, plans, drills, emergency   平急结合 (emergency.ts)
 *
 * Every list is append-only facts or a map of plain fields; nothing is a stored status.
 */
import * as Y from 'yjs'
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'
import { appendFact, readFacts } from '../facts.js'
import { newId } from '../ids.js'
import { campaignSchema, LIULIAN_CAMPAIGN, taskFactSchema, type Campaign, type TaskFact } from './campaign.js'
import { DUTY_TYPE_KEYS, THREE_GUARANTEES, type GuaranteeKey } from './domains.js'
import type { SuggestedGroup } from './groups.js'
import { dutyNow, Memberships, membershipFactSchema, type DutyNow, type MembershipFact } from './rotation.js'
import { compareZh } from '../collate.js'

export const LIULIAN_DOC = { groups: 'groups', membership: 'membership', duty: 'duty', raised: 'raised', posts: 'posts', plans: 'plans', drills: 'drills', emergency: 'emergency', tasks: 'tasks', gridBoard: 'gridBoard', campaigns: 'campaigns' } as const

export type Group = { id: string; name: string; villagerGroup: string; gridId: string; leaderHouseholdId: string | null }

function groupsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(LIULIAN_DOC.groups)
}

export function readGroups(doc: Y.Doc): Group[] {
  const out: Group[] = []
  for (const [id, map] of groupsMap(doc)) {
    if (!(map instanceof Y.Map)) continue
    const leader = map.get('leaderHouseholdId')
    out.push({ id, name: String(map.get('name') ?? ''), villagerGroup: String(map.get('villagerGroup') ?? ''), gridId: String(map.get('gridId') ?? ''), leaderHouseholdId: typeof leader === 'string' && leader !== '' ? leader : null })
  }
  return out.sort((a, b) => compareZh(a.name, b.name) || compareZh(a.id, b.id))
}

function membershipArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(LIULIAN_DOC.membership)
}

export function readMemberships(doc: Y.Doc): Memberships {
  return new Memberships(readFacts(membershipArray(doc), membershipFactSchema).facts)
}

/**
 * Creates the suggested groups (groups.ts) as of `date`. A household already in a group keeps
 * its group, so running it again after new households arrive only places the newcomers.
 */
export function applySuggestion(doc: Y.Doc, suggested: readonly SuggestedGroup[], by: string, date: string): { groups: number; placed: number } {
  const memberships = readMemberships(doc)
  let groups = 0
  let placed = 0
  doc.transact(() => {
    for (const s of suggested) {
      const fresh = s.householdIds.filter((id) => memberships.groupOf(id, date) === null)
      if (fresh.length === 0) continue
      const id = newId()
      const map = new Y.Map<unknown>()
      map.set('name', s.name)
      map.set('villagerGroup', s.villagerGroup)
      map.set('gridId', s.gridId)
      groupsMap(doc).set(id, map)
      groups++
      fresh.forEach((householdId, seq) => appendFact(membershipArray(doc), membershipFactSchema, { id: newId(), householdId, groupId: id, seq, at: date, by }))
      placed += fresh.length
    }
  })
  return { groups, placed }
}

export function addGroup(doc: Y.Doc, group: Omit<Group, 'id' | 'leaderHouseholdId'>): string {
  const id = newId()
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(group)) map.set(key, value)
    groupsMap(doc).set(id, map)
  })
  return id
}

export function renameGroup(doc: Y.Doc, groupId: string, name: string): void {
  const map = groupsMap(doc).get(groupId)
  if (map instanceof Y.Map && name.trim() !== '') map.set('name', name.trim())
}

/** Moves a household into a group (joining at the end of its order) or, with null, out of every group. */
export function moveHousehold(doc: Y.Doc, householdId: string, groupId: string | null, by: string, date: string): MembershipFact {
  const memberships = readMemberships(doc)
  const seq = groupId === null ? 0 : memberships.nextSeq(groupId)
  return appendFact(membershipArray(doc), membershipFactSchema, { id: newId(), householdId, groupId, seq, at: date, by })
}

export function setLeader(doc: Y.Doc, groupId: string, householdId: string | null): void {
  const map = groupsMap(doc).get(groupId)
  if (!(map instanceof Y.Map)) return
  if (householdId === null) map.delete('leaderHouseholdId')
  else map.set('leaderHouseholdId', householdId)
}

export type GroupView = Group & { members: string[]; leaderMissing: boolean; duty: DutyNow }

/** Every group with today's members, whether its 组长 is still a member, and its 轮值户. */
export function groupViews(doc: Y.Doc, today: string): GroupView[] {
  const memberships = readMemberships(doc)
  return readGroups(doc).map((g) => {
    const members = memberships.members(g.id, today).map((m) => m.householdId)
    return { ...g, members, leaderMissing: g.leaderHouseholdId !== null && !members.includes(g.leaderHouseholdId), duty: dutyNow(memberships, g.id, today) }
  })
}

// ——— duty work ———

const checksSchema = z.object(Object.fromEntries(THREE_GUARANTEES.map((g) => [g.key, z.boolean()])) as Record<GuaranteeKey, z.ZodBoolean>)

export const dutyFactSchema = z.object({
  id: z.string().min(1).max(64),
  groupId: z.string().min(1, '请选择联动小组').max(64),
  /** The household doing the work: normally the month's 轮值户. */
  householdId: z.string().min(1, '请选择轮值户').max(64),
  type: z.enum(DUTY_TYPE_KEYS as [string, ...string[]], { message: '请选择工作类型' }),
  date: civilDateSchema(),
  /** Inspection: the household or place checked (free text, e.g. "3号门前"); patrol: the route. */
  place: z.string().max(200).optional(),
  /** Patrol: start–end time, "19:00-21:00". */
  time: z.string().max(40).optional(),
  checks: checksSchema.optional(),
  /** What was found; a finding can become a ledger hazard or incident (raiseFinding). */
  finding: z.string().max(1000).optional(),
  note: z.string().max(1000).optional(),
  /** 困难联帮 / 致富联带: the households helped or brought along (ledger ids). */
  householdIds: z.array(z.string().max(64)).max(50).optional(),
  by: z.string().max(64),
  byName: z.string().max(40),
})
export type DutyFact = z.infer<typeof dutyFactSchema>
export type DutyInput = Omit<DutyFact, 'id'>

/** Records one piece of duty work, or says in Chinese what is wrong; nothing is written then. */
export function recordDuty(doc: Y.Doc, input: DutyInput, today: string): { ok: true; fact: DutyFact } | { ok: false; errors: Record<string, string> } {
  const parsed = dutyFactSchema.safeParse({ ...input, id: newId() })
  const errors: Record<string, string> = {}
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  if (input.date > today) errors.date ??= '日期不能晚于今天'
  if (input.type === 'patrol' && !input.place?.trim()) errors.place ??= '请填写巡逻路线'
  if (input.type === 'inspection' && !input.checks) errors.checks ??= '请逐项勾选门前三包'
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, fact: appendFact(doc.getArray<unknown>(LIULIAN_DOC.duty), dutyFactSchema, parsed.data) }
}

export function listDuty(doc: Y.Doc): DutyFact[] {
  return readFacts(doc.getArray<unknown>(LIULIAN_DOC.duty), dutyFactSchema).facts
}

/** A duty record has a finding to raise when something was written down or a 包 failed. */
export function hasFinding(fact: DutyFact): boolean {
  return (fact.finding?.trim() ?? '') !== '' || (fact.checks !== undefined && Object.values(fact.checks).some((ok) => !ok))
}

export const raisedFactSchema = z.object({
  id: z.string().min(1).max(64),
  dutyId: z.string().min(1).max(64),
  recordKind: z.enum(['thing', 'incident']),
  gridId: z.string().min(1).max(64),
  recordId: z.string().min(1).max(64),
  at: z.string().max(40),
  by: z.string().max(64),
})
export type RaisedFact = z.infer<typeof raisedFactSchema>

export function listRaised(doc: Y.Doc): RaisedFact[] {
  return readFacts(doc.getArray<unknown>(LIULIAN_DOC.raised), raisedFactSchema).facts
}

export function addRaised(doc: Y.Doc, fact: Omit<RaisedFact, 'id'>): RaisedFact {
  return appendFact(doc.getArray<unknown>(LIULIAN_DOC.raised), raisedFactSchema, { ...fact, id: newId() })
}

// ——— the wall board's grid lines and the campaign's tasks ———

export type GridBoard = { bounds: string; staff: string }

export function setGridBoard(doc: Y.Doc, gridId: string, board: GridBoard): void {
  const boards = doc.getMap<Y.Map<string>>(LIULIAN_DOC.gridBoard)
  doc.transact(() => {
    let map = boards.get(gridId)
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<string>()
      boards.set(gridId, map)
    }
    for (const key of ['bounds', 'staff'] as const) if (map.get(key) !== board[key].trim()) map.set(key, board[key].trim().slice(0, 200))
  })
}

export function readGridBoards(doc: Y.Doc): Map<string, GridBoard> {
  const out = new Map<string, GridBoard>()
  for (const [gridId, map] of doc.getMap<Y.Map<string>>(LIULIAN_DOC.gridBoard)) if (map instanceof Y.Map) out.set(gridId, { bounds: String(map.get('bounds') ?? ''), staff: String(map.get('staff') ?? '') })
  return out
}

export function recordTaskDone(doc: Y.Doc, fact: Omit<TaskFact, 'id'>): TaskFact {
  return appendFact(doc.getArray<unknown>(LIULIAN_DOC.tasks), taskFactSchema, { ...fact, id: newId() })
}

export function listTasks(doc: Y.Doc): TaskFact[] {
  return readFacts(doc.getArray<unknown>(LIULIAN_DOC.tasks), taskFactSchema).facts
}

/**
 * Writes a campaign the township defined or edited: kept unless the doc already holds this
 * revision or a later one (a village created later gets a copy; a stale copy never overwrites
 * an edit). Only the relay writes here, for the township admin.
 */
export function putCampaign(doc: Y.Doc, campaign: Campaign): boolean {
  const map = doc.getMap<string>(LIULIAN_DOC.campaigns)
  const stored = map.get(campaign.key)
  if (stored !== undefined && (parseCampaign(campaign.key, stored)?.rev ?? 1) >= (campaign.rev ?? 1)) return false
  map.set(campaign.key, JSON.stringify(campaign))
  return true
}

function parseCampaign(key: string, json: string): Campaign | null {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  const parsed = campaignSchema.safeParse(value)
  return parsed.success && parsed.data.key === key ? parsed.data : null
}

/**
 * The village's campaigns: 六联 first, then those the township defined, oldest first by key.
 * Withdrawn ones only when asked for (the relay's own bookkeeping).
 */
export function readCampaigns(doc: Y.Doc, options: { withdrawn?: boolean } = {}): Campaign[] {
  const out: Campaign[] = []
  for (const [key, json] of doc.getMap<string>(LIULIAN_DOC.campaigns)) {
    const campaign = key === LIULIAN_CAMPAIGN.key ? null : parseCampaign(key, json)
    if (campaign && (options.withdrawn || !campaign.withdrawnAt)) out.push(campaign)
  }
  return [LIULIAN_CAMPAIGN, ...out.sort((a, b) => (a.key < b.key ? -1 : 1))]
}
