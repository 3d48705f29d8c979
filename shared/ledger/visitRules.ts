/**
 * Visit-frequency rules (DOMAIN.md §4.1), as data a township can tune: a rule selects households
 * (all, or those with any of some flags — on the household or any member — or with a member of
 * some residence type, e.g. 流动) and asks for at least
 * `minCount` visits per calendar period. Defaults from the source plans:
 * - 一般家庭每年走访不少于两次 (F003§6)
 * - 每季度走访一遍重点户和困难户 (F003§10)
 * - 对生活困难以及特殊人群做到每月必访; 四必访 (F003§6, §10)
 * - 特殊人群 and 关爱对象 (sensitive doc) 每月必访 (F003§6 「對…特殊人群做到每月必訪」): the rule
 *   selects by special/care category, which a visit target carries only when the viewer holds the
 *   sensitive grant (stats.ts visitTargets), so these households are due, and counted, only for
 *   users who may see them.
 * Rules overlap; a household is due when any rule that selects it is unmet this period, and the
 * strictest unmet rule (shortest period) is the one shown.
 * Person-level rules (`target: 'resident'`, issue #15) select residents by their own flags,
 * residence type or categories (e.g. a 独居老人, a special-population person) and count only the
 * visits that name that resident (visit.residentId); each resident is due once, under their own
 * strictest unmet person rule, beside any household rule their household falls under.
 * The rules in force are the township's settings with the village's overrides
 * (shared/settings/effective.ts).
 */
import { periodBounds, type Period } from '../civilDate.js'
import { CARE_CATEGORIES, SPECIAL_CATEGORIES } from './kinds/sensitive.js'

/**
 * `flagsAny` null selects every household; otherwise a household is selected when it (or a member)
 * carries any of `flagsAny`, or a member's residence type (resident.residenceType) is in
 * `residenceTypesAny` — 流动 is a residence type, not a flag.
 */
export type VisitRule = {
  id: string
  label: string
  flagsAny: readonly string[] | null
  residenceTypesAny?: readonly string[]
  /** Special-population or care categories of a member (sensitive; known only to grant holders). */
  categoriesAny?: readonly string[]
  /** Whom the rule selects: households (default) or residents (person-level). */
  target?: 'household' | 'resident'
  period: Period
  minCount: number
  enabled: boolean
  source: string
}

export const DEFAULT_VISIT_RULES: readonly VisitRule[] = [
  { id: 'ordinary', label: '一般家庭每年走访不少于两次', flagsAny: null, period: 'year', minCount: 2, enabled: true, source: 'F003§6' },
  { id: 'key', label: '重点户、困难户每季度走访一遍', flagsAny: ['重点户', '困难户', '脱贫不稳定户', '边缘易致贫户', '信访户'], period: 'quarter', minCount: 1, enabled: true, source: 'F003§10' },
  {
    id: 'monthly',
    label: '生活困难群众、独居空巢老人、残疾人家庭、流动人口每月必访',
    flagsAny: ['低保户', '特困户', '五保户', '独居空巢', '残疾人家庭', '独居老人', '留守老人', '残疾', '失业'],
    residenceTypesAny: ['流动'],
    period: 'month',
    minCount: 1,
    enabled: true,
    source: 'F003§6, §10',
  },
  {
    id: 'special',
    label: '特殊人群、关爱帮扶对象每月必访（仅有敏感信息权限者可见）',
    flagsAny: [],
    categoriesAny: [...SPECIAL_CATEGORIES, ...CARE_CATEGORIES],
    period: 'month',
    minCount: 1,
    enabled: true,
    source: 'F003§6',
  },
]

// Shortest first: the strictest rule is checked first.
export const PERIOD_ORDER: readonly Period[] = ['day', 'week', 'month', 'quarter', 'half', 'year']

/**
 * `categories`: special/care categories — present only when the viewer may see them. A person
 * target carries `residentId` (and its household); its flags, residence types and categories are
 * that resident's own and its visit dates those of visits naming the resident.
 */
export type VisitTarget = { householdId: string; residentId?: string; flags: readonly string[]; residenceTypes?: readonly string[]; categories?: readonly string[]; visitDates: readonly string[] }

/** Whether `rule` selects the household or resident `target`. */
export function selects(rule: VisitRule, target: VisitTarget): boolean {
  if ((rule.target ?? 'household') !== (target.residentId === undefined ? 'household' : 'resident')) return false
  if (!rule.flagsAny) return true
  if (rule.flagsAny.some((flag) => target.flags.includes(flag))) return true
  if ((rule.categoriesAny ?? []).some((category) => (target.categories ?? []).includes(category))) return true
  return (rule.residenceTypesAny ?? []).some((type) => (target.residenceTypes ?? []).includes(type))
}
/** One household (or, for a person-level rule, one resident) due a visit, under its strictest unmet rule. */
export type DueVisit = { householdId: string; residentId?: string; rule: VisitRule; done: number; periodEnd: string }

/** Households and residents due for a visit this period, each with its strictest unmet rule. */
export function dueVisits(targets: readonly VisitTarget[], rules: readonly VisitRule[], today: string): DueVisit[] {
  const active = rules.filter((rule) => rule.enabled).sort((a, b) => PERIOD_ORDER.indexOf(a.period) - PERIOD_ORDER.indexOf(b.period))
  const bounds = new Map(PERIOD_ORDER.map((period) => [period, periodBounds(period, today)]))
  const due: DueVisit[] = []
  for (const target of targets) {
    for (const rule of active) {
      if (!selects(rule, target)) continue
      const { start, end } = bounds.get(rule.period)!
      const done = target.visitDates.filter((date) => date >= start && date <= end).length
      if (done < rule.minCount) {
        due.push({ householdId: target.householdId, ...(target.residentId !== undefined ? { residentId: target.residentId } : {}), rule, done, periodEnd: end })
        break
      }
    }
  }
  return due
}
