/**
 * 联网联户 (1+1+n) and 三包一联 (DOMAIN.md §2.14; F002 二、2 and 五; F004 助):
 * - every linked member (镇机关干部, 村干部, 党员, 网格员) has 1 联系中心户 (normally a 村民小组长 or
 *   党小组长) and about 5 辐射户; 「辐射户中要包括困难弱势群体、信访对象」, so a set without any
 *   hardship or petition household is warned about — judged only on the households the viewer may
 *   see, and said so when some are hidden;
 * - 三包一联: 乡镇班子成员包村, 村干部包网格, 固定党员和网格员联系「一老一少一困」;
 * - coverage: which households and which 一老一少一困 residents nobody is linked to.
 * A linkage is an assignment that village cadres set (last writer wins is fine: it is one person's
 * decision, not a status); what happens under it (contacts, aid) is stored as facts elsewhere.
 */
import * as z from 'zod'
import { ID_PATTERN } from '../ids.js'

export const MEMBER_TYPES = ['镇机关干部', '村干部', '党员', '网格员'] as const
export type MemberType = (typeof MEMBER_TYPES)[number]

/** 帮扶资金 ranks and their yearly minimums in 元 (F002 五、2: 800/600/400/200); townships may override. */
export const AID_RANKS = ['区级领导干部', '正科级领导干部', '副科级领导干部', '一般工作人员'] as const
export type AidRank = (typeof AID_RANKS)[number]
export const DEFAULT_AID_MINIMUMS: Record<AidRank, number> = { 区级领导干部: 800, 正科级领导干部: 600, 副科级领导干部: 400, 一般工作人员: 200 }

/** Households whose presence among the radiating set satisfies 「困难弱势群体、信访对象」. */
export const HARDSHIP_OR_PETITION_FLAGS = ['困难户', '低保户', '特困户', '五保户', '脱贫不稳定户', '边缘易致贫户', '残疾人家庭', '独居空巢', '信访户'] as const

/** Typical size of the radiating set (1+1+n, n ≈ 5). */
export const RADIATING_TARGET = 5

const idSchema = z.string().regex(ID_PATTERN, '编号格式不对')

export const linkageSchema = z
  .object({
    id: idSchema,
    memberName: z.string().trim().min(1, '请填写联系人姓名').max(40, '姓名太长'),
    memberType: z.enum(MEMBER_TYPES, { message: '请选择联系人类别' }),
    post: z.string().trim().min(1, '请填写职务').max(60, '职务太长'),
    rank: z.enum(AID_RANKS).optional(),
    officePhone: z.string().trim().max(20, '电话太长').optional(),
    /** The 村民小组 or area served, as shown on the public board. */
    area: z.string().trim().max(60, '服务区域太长').optional(),
    /** The member's account, when they have one (a township cadre recording contacts themselves). */
    userId: z.string().max(64).optional(),
    centreHouseholdId: idSchema,
    radiatingHouseholdIds: z.array(idSchema).min(1, '请至少选择一户辐射户').max(12, '辐射户太多（不超过12户）'),
    since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请选择开始日期'),
  })
  .refine((l) => !l.radiatingHouseholdIds.includes(l.centreHouseholdId), { message: '中心户不能同时是辐射户', path: ['radiatingHouseholdIds'] })
  .refine((l) => new Set(l.radiatingHouseholdIds).size === l.radiatingHouseholdIds.length, { message: '辐射户有重复', path: ['radiatingHouseholdIds'] })
export type Linkage = z.infer<typeof linkageSchema>

/** 三包一联: who is responsible for a village, a grid, or named 一老一少一困 residents. */
export const assignmentSchema = z.discriminatedUnion('kind', [
  z.object({ id: idSchema, kind: z.literal('班子成员包村'), memberName: z.string().trim().min(1).max(40), villageId: idSchema }),
  z.object({ id: idSchema, kind: z.literal('村干部包网格'), memberName: z.string().trim().min(1).max(40), gridId: idSchema }),
  z.object({
    id: idSchema,
    kind: z.literal('联系一老一少一困'),
    memberName: z.string().trim().min(1).max(40),
    memberType: z.enum(['党员', '网格员']),
    residentIds: z.array(idSchema).min(1, '请至少选择一人'),
  }),
])
export type Assignment = z.infer<typeof assignmentSchema>

export function linkedHouseholdIds(linkage: Pick<Linkage, 'centreHouseholdId' | 'radiatingHouseholdIds'>): string[] {
  return [linkage.centreHouseholdId, ...linkage.radiatingHouseholdIds]
}

/** What the viewer can see of a household: its flags (undefined = not visible to this viewer). */
export type VisibleHousehold = { id: string; flags: readonly string[] }

export type RadiatingCheck =
  | { kind: 'ok' }
  | { kind: 'missing'; message: string }
  | { kind: 'unknown'; hidden: number; message: string }
  | { kind: 'small'; count: number; message: string }

/**
 * Checks the radiating set against 「要包括困难弱势群体、信访对象」 on what the viewer may see.
 * A hidden household might be the hardship one, so with hidden households and no visible match
 * the answer is "cannot tell", never a false alarm and never a hint about what is hidden.
 */
export function checkRadiating(radiatingIds: readonly string[], visible: ReadonlyMap<string, VisibleHousehold>): RadiatingCheck[] {
  const checks: RadiatingCheck[] = []
  const seen = radiatingIds.map((id) => visible.get(id)).filter((h): h is VisibleHousehold => h !== undefined)
  const hidden = radiatingIds.length - seen.length
  const hasHardship = seen.some((h) => h.flags.some((flag) => (HARDSHIP_OR_PETITION_FLAGS as readonly string[]).includes(flag)))
  if (!hasHardship) {
    if (hidden > 0) checks.push({ kind: 'unknown', hidden, message: `有 ${hidden} 户您无权查看，无法核对辐射户是否包括困难群众或信访对象` })
    else checks.push({ kind: 'missing', message: '辐射户中没有困难群众或信访对象，请调整（联网联户要求辐射户包括困难弱势群体、信访对象）' })
  }
  if (radiatingIds.length < RADIATING_TARGET - 1) checks.push({ kind: 'small', count: radiatingIds.length, message: `辐射户只有 ${radiatingIds.length} 户，一般为 ${RADIATING_TARGET} 户左右` })
  return checks
}

/** 一老一少一困 (F004): which of the three a resident counts as, if any. */
export type OneOldOneYoungOneHard = '一老' | '一少' | '一困'
export type CoverageResident = { id: string; householdId: string; flags: readonly string[]; age?: number }
export type CoverageHousehold = { id: string; flags: readonly string[] }

const OLD_FLAGS = ['独居老人', '留守老人', '高龄老人']
const YOUNG_FLAGS = ['留守儿童']
const HARD_HOUSEHOLD_FLAGS = ['困难户', '低保户', '特困户', '五保户', '脱贫不稳定户', '边缘易致贫户']

export function oneOldOneYoungOneHard(resident: CoverageResident, household: CoverageHousehold | undefined): OneOldOneYoungOneHard | null {
  if (resident.flags.some((f) => OLD_FLAGS.includes(f)) || (resident.age !== undefined && resident.age >= 80)) return '一老'
  if (resident.flags.some((f) => YOUNG_FLAGS.includes(f))) return '一少'
  if (resident.flags.includes('残疾') || (household?.flags ?? []).some((f) => HARD_HOUSEHOLD_FLAGS.includes(f))) return '一困'
  return null
}

export type Coverage = {
  households: number
  linkedHouseholds: number
  unlinkedHouseholdIds: string[]
  /** 一老一少一困 residents linked neither by name (三包一联) nor through a 1+1+n household. */
  unlinkedPeople: { residentId: string; householdId: string; category: OneOldOneYoungOneHard }[]
}

/** Coverage of a village (or of what the viewer sees of it): who nobody is linked to. */
export function coverage(
  households: readonly CoverageHousehold[],
  residents: readonly CoverageResident[],
  linkages: readonly Pick<Linkage, 'centreHouseholdId' | 'radiatingHouseholdIds'>[],
  assignments: readonly Assignment[],
): Coverage {
  const linked = new Set(linkages.flatMap(linkedHouseholdIds))
  const namedPeople = new Set(assignments.flatMap((a) => (a.kind === '联系一老一少一困' ? a.residentIds : [])))
  const byId = new Map(households.map((h) => [h.id, h]))
  const unlinkedHouseholdIds = households.filter((h) => !linked.has(h.id)).map((h) => h.id)
  const unlinkedPeople: Coverage['unlinkedPeople'] = []
  for (const resident of residents) {
    const category = oneOldOneYoungOneHard(resident, byId.get(resident.householdId))
    if (!category || namedPeople.has(resident.id) || linked.has(resident.householdId)) continue
    unlinkedPeople.push({ residentId: resident.id, householdId: resident.householdId, category })
  }
  return { households: households.length, linkedHouseholds: households.length - unlinkedHouseholdIds.length, unlinkedHouseholdIds, unlinkedPeople }
}
