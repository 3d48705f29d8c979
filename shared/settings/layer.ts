/**
 * One layer of township configuration (issue #16 item 5, #15 visit rules): what the township
 * admin sets once for the township, and — in the same shape — what a village overrides for
 * itself. Every value is optional: a layer says only what it changes, so the effective value is
 * village ?? township ?? built-in default (effective.ts), one value at a time.
 * - visitRules: ruleId → fields of a rule (DOMAIN.md §4.1); a default rule is tuned by naming its
 *   id, a new rule is added under a new id (it needs 名称, 周期 and 次数 from some layer);
 *   `target: 'resident'` makes a person-level rule (counted by visits naming that resident);
 * - cadences: meeting type → the period in which at least one such meeting is expected (DOMAIN.md
 *   §4.2), or 'none' for not expected;
 * - deadlines: days from a record's own date to its default 办理时限, per incident work type, dispute
 *   category and hazard grade (DOMAIN.md §4.5: the plans give no numbers, so the township sets
 *   them); 0 sets no default time limit. A time limit written on the record itself always wins;
 * - checklists: a checklist's items in the layer's own words (checklists.ts), e.g. the 人居环境
 *   检查项 a township's 考评办法 lists in place of seed 003's six;
 * - facilityInspection: how often each 公益设施 is to be inspected (F003§8 「定期…檢查督導」, no
 *   period given: the township sets it); 'none', the default, flags nothing;
 * - gridCleaning: the weekdays (1 = Monday … 7 = Sunday) a grid worker cleans the grid's
 *   environment before 8 in the morning (F003§8 「至少每周一、三、五早上8點前網格員要將各自網格
 *   的環境衛生進行徹底清掃」, one township's plan); none, the default, asks for nothing.
 * Validated with these schemas at every edge (the API, and each value read from a meta doc that
 * another device wrote).
 */
import * as z from 'zod'
import { ID_PATTERN } from '../ids.js'
import { DISPUTE_CATEGORIES } from '../ledger/kinds/dispute.js'
import { INCIDENT_WORK_TYPES } from '../ledger/kinds/incident.js'
import { MEETING_TYPES } from '../meetingIndex.js'
import { CHECKLIST_NAMES, checklistSchema } from './checklists.js'

export const RULE_PERIODS = ['day', 'week', 'month', 'quarter', 'half', 'year'] as const
export const CADENCE_PERIODS = ['none', 'week', 'month', 'quarter', 'half', 'year'] as const
export type CadencePeriod = (typeof CADENCE_PERIODS)[number]
export const CADENCE_LABELS: Record<CadencePeriod, string> = { none: '不要求', week: '每周', month: '每月', quarter: '每季度', half: '每半年', year: '每年' }
export const HAZARD_GRADES = ['一般', '重大'] as const
export const RULE_TARGETS = ['household', 'resident'] as const
export const RULE_TARGET_LABELS: Record<(typeof RULE_TARGETS)[number], string> = { household: '按户', resident: '按人' }

/** The deadline tables: which record kind, keyed by which of its fields. */
export const DEADLINE_TABLES = {
  incident: { label: '事件办结时限', by: '事项类型', keys: INCIDENT_WORK_TYPES },
  dispute: { label: '纠纷调处时限', by: '纠纷类别', keys: DISPUTE_CATEGORIES },
  hazard: { label: '隐患整改时限', by: '隐患等级', keys: HAZARD_GRADES },
} as const
export type DeadlineTable = keyof typeof DEADLINE_TABLES
export const DEADLINE_TABLE_NAMES = Object.keys(DEADLINE_TABLES) as DeadlineTable[]

const tagList = z.array(z.string().trim().min(1, '类别不能为空').max(20, '类别不能超过 20 个字')).max(30, '类别不能超过 30 个')

/** Each field of a visit rule, as a layer may set it. */
export const RULE_FIELD_SCHEMAS = {
  label: z.string().trim().min(1, '请填写规则名称').max(60, '规则名称不能超过 60 个字'),
  target: z.enum(RULE_TARGETS, { message: '走访对象只能是按户或按人' }),
  /** null: every household (or resident); otherwise any of these flags. */
  flagsAny: tagList.nullable(),
  residenceTypesAny: tagList,
  categoriesAny: tagList,
  period: z.enum(RULE_PERIODS, { message: '周期只能是每天、每周、每月、每季度、每半年或每年' }),
  minCount: z.number({ message: '次数应为数字' }).int('次数应为整数').min(1, '次数至少为 1').max(31, '次数不能超过 31'),
  enabled: z.boolean({ message: '启用应为是或否' }),
} as const
export type RuleField = keyof typeof RULE_FIELD_SCHEMAS
export const RULE_FIELDS = Object.keys(RULE_FIELD_SCHEMAS) as RuleField[]

export const ruleLayerSchema = z.object(RULE_FIELD_SCHEMAS).partial().strict()
export type RuleLayer = z.infer<typeof ruleLayerSchema>

export const cadenceSchema = z.enum(CADENCE_PERIODS, { message: '会议周期只能是不要求、每周、每月、每季度、每半年或每年' })
export const deadlineDaysSchema = z.number({ message: '时限天数应为数字' }).int('时限天数应为整数').min(0, '时限天数不能为负').max(365, '时限天数不能超过 365 天')

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
export const WEEKDAY_LABELS: Record<number, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' }
/** 周一、周三、周五, or 不要求 for none. */
export const weekdaysText = (days: readonly number[]) => (days.length === 0 ? '不要求' : days.map((d) => WEEKDAY_LABELS[d]).join('、'))

/** The weekdays of 网格清扫, each once, Monday first; [] asks for none. */
export const cleaningDaysSchema = z
  .array(z.number().int().min(1, '清扫日只能是周一到周日').max(7, '清扫日只能是周一到周日'), { message: '清扫日应为星期几的列表' })
  .max(7)
  .refine((days) => new Set(days).size === days.length, '清扫日不能重复')
  .transform((days) => [...days].sort((a, b) => a - b))

const ruleIdSchema = z.string().regex(ID_PATTERN, '规则编号只能用字母、数字、- 和 _')

export const settingsLayerSchema = z
  .object({
    visitRules: z.record(ruleIdSchema, ruleLayerSchema).default({}),
    cadences: z.partialRecord(z.enum(MEETING_TYPES, { message: '没有这种会议类型' }), cadenceSchema).default({}),
    deadlines: z
      .object({
        incident: z.partialRecord(z.enum(INCIDENT_WORK_TYPES, { message: '没有这种事项类型' }), deadlineDaysSchema).default({}),
        dispute: z.partialRecord(z.enum(DISPUTE_CATEGORIES, { message: '没有这种纠纷类别' }), deadlineDaysSchema).default({}),
        hazard: z.partialRecord(z.enum(HAZARD_GRADES, { message: '隐患等级只能是一般或重大' }), deadlineDaysSchema).default({}),
      })
      .strict()
      .default({ incident: {}, dispute: {}, hazard: {} }),
    checklists: z.partialRecord(z.enum(CHECKLIST_NAMES, { message: '没有这种检查项清单' }), checklistSchema).default({}),
    facilityInspection: cadenceSchema.optional(),
    gridCleaning: cleaningDaysSchema.optional(),
  })
  .strict()
export type SettingsLayer = z.infer<typeof settingsLayerSchema>

export const EMPTY_LAYER: SettingsLayer = { visitRules: {}, cadences: {}, deadlines: { incident: {}, dispute: {}, hazard: {} }, checklists: {} }
