/**
 * The settings in force for one village: for every value, village ?? township ?? built-in default
 * (issue #16 item 5). Each value says where it came from, so the village's settings screen can
 * show whether it is the township's or the village's own, and what resetting it would give.
 * Built-in defaults: the visit rules of DOMAIN.md §4.1 (ledger/visitRules.ts), the meeting
 * cadences of §3.4 (minutes/cadence.ts), no default time limit (§4.5: the plans set none), and
 * seed 003's checklists (checklists.ts). A checklist is one value: a village's list replaces the
 * township's whole, it does not add to it.
 * Pure: the relay's township figures and every device compute the same rules from the same layers.
 */
import type { MeetingType } from '../meetingIndex.js'
import { MEETING_TYPES } from '../meetingIndex.js'
import { DEFAULT_CADENCE } from '../minutes/cadence.js'
import { DEFAULT_VISIT_RULES, type VisitRule } from '../ledger/visitRules.js'
import { CHECKLIST_NAMES, CHECKLISTS, type ChecklistName, type Checklists } from './checklists.js'
import { DEADLINE_TABLES, DEADLINE_TABLE_NAMES, RULE_FIELDS, type CadencePeriod, type DeadlineTable, type RuleLayer, type SettingsLayer } from './layer.js'

export type Origin = 'default' | 'township' | 'village'
export const ORIGIN_LABELS: Record<Origin, string> = { default: '系统默认', township: '镇级设置', village: '本村设置' }

/** A value in force, where it came from, and what it would be without the village's own value. */
export type Effective<T> = { value: T; origin: Origin; inherited: T; inheritedOrigin: Exclude<Origin, 'village'> }

export type EffectiveRule = VisitRule & {
  /** The layer that made the rule (a built-in rule is 'default'). */
  definedBy: Origin
  /** The nearest layer that set anything of it. */
  origin: Origin
  /** Fields the village set itself (reset gives the township's). */
  villageFields: string[]
  /** The rule as it would be without the village's layer (null: the village added it), and where that comes from. */
  inherited: VisitRule | null
  inheritedOrigin: Exclude<Origin, 'village'>
}

export type EffectiveSettings = {
  visitRules: EffectiveRule[]
  cadences: Record<MeetingType, Effective<CadencePeriod>>
  /** Days to the default 办理时限 per table and key; 0 = none. */
  deadlines: { [T in DeadlineTable]: Record<string, Effective<number>> }
  checklists: Record<ChecklistName, Effective<readonly string[]>>
  /** How often each 公益设施 is to be inspected; 'none' flags nothing. */
  facilityInspection: Effective<CadencePeriod>
  /** The weekdays of 网格清扫 (1 = Monday); none asks for nothing. */
  gridCleaning: Effective<readonly number[]>
}

/** The days of every deadline key: what the workflows read (deadlines.ts). */
export type DeadlineDays = { [T in DeadlineTable]: Readonly<Record<string, number>> }

function pick<T>(village: T | undefined, township: T | undefined, fallback: T): Effective<T> {
  const inherited = township !== undefined ? township : fallback
  const inheritedOrigin = township !== undefined ? 'township' : 'default'
  return village !== undefined ? { value: village, origin: 'village', inherited, inheritedOrigin } : { value: inherited, origin: inheritedOrigin, inherited, inheritedOrigin }
}

const BLANK_RULE: Omit<VisitRule, 'id'> = { label: '', target: 'household', flagsAny: [], residenceTypesAny: [], categoriesAny: [], period: 'month', minCount: 1, enabled: true, source: '' }

/** A rule from a base (the default, or blank) and layers applied in order; null if it has no name, period or count from any of them. */
function buildRule(id: string, base: VisitRule | null, layers: readonly (RuleLayer | undefined)[], source: string): VisitRule | null {
  const fields: Record<string, unknown> = { ...(base ?? { ...BLANK_RULE, id, source }) }
  const given = new Set<string>()
  for (const layer of layers) {
    if (!layer) continue
    for (const key of RULE_FIELDS) {
      if (layer[key] === undefined) continue
      fields[key] = layer[key]
      given.add(key)
    }
  }
  if (!base && !(given.has('label') && given.has('period') && given.has('minCount'))) return null
  return { ...(fields as VisitRule), id }
}

export function effectiveVisitRules(township: SettingsLayer | null, village: SettingsLayer | null): EffectiveRule[] {
  const t = township?.visitRules ?? {}
  const v = village?.visitRules ?? {}
  const defaults = new Map(DEFAULT_VISIT_RULES.map((r) => [r.id, r]))
  const ids = [...defaults.keys(), ...Object.keys(t).filter((id) => !defaults.has(id)), ...Object.keys(v).filter((id) => !defaults.has(id) && !(id in t))]
  const rules: EffectiveRule[] = []
  for (const id of ids) {
    const base = defaults.get(id) ?? null
    const definedBy: Origin = base ? 'default' : id in t ? 'township' : 'village'
    const source = definedBy === 'township' ? '镇级设置' : '本村设置'
    const inherited = definedBy === 'village' ? null : buildRule(id, base, [t[id]], source)
    const rule = buildRule(id, base, [t[id], v[id]], source)
    if (!rule) continue
    const villageFields = Object.keys(v[id] ?? {}).filter((key) => (v[id] as Record<string, unknown>)[key] !== undefined)
    const inheritedOrigin = definedBy === 'township' || Object.keys(t[id] ?? {}).length > 0 ? 'township' : 'default'
    const origin: Origin = villageFields.length > 0 || definedBy === 'village' ? 'village' : inheritedOrigin
    rules.push({ ...rule, definedBy, origin, villageFields, inherited, inheritedOrigin })
  }
  return rules
}

export function effectiveSettings(township: SettingsLayer | null, village: SettingsLayer | null): EffectiveSettings {
  const cadences = Object.fromEntries(MEETING_TYPES.map((type) => [type, pick(village?.cadences[type], township?.cadences[type], DEFAULT_CADENCE[type] ?? 'none')])) as Record<MeetingType, Effective<CadencePeriod>>
  const deadlines = Object.fromEntries(
    DEADLINE_TABLE_NAMES.map((table) => [
      table,
      Object.fromEntries(DEADLINE_TABLES[table].keys.map((key) => [key, pick((village?.deadlines[table] as Record<string, number>)?.[key], (township?.deadlines[table] as Record<string, number>)?.[key], 0)])),
    ]),
  ) as EffectiveSettings['deadlines']
  const checklists = Object.fromEntries(CHECKLIST_NAMES.map((name) => [name, pick<readonly string[]>(village?.checklists[name], township?.checklists[name], CHECKLISTS[name].items)])) as EffectiveSettings['checklists']
  const facilityInspection = pick<CadencePeriod>(village?.facilityInspection, township?.facilityInspection, 'none')
  const gridCleaning = pick<readonly number[]>(village?.gridCleaning, township?.gridCleaning, [])
  return { visitRules: effectiveVisitRules(township, village), cadences, deadlines, checklists, facilityInspection, gridCleaning }
}

/** The items of every checklist in force: what the forms offer (checklists.ts villageKind). */
export function checklistItems(settings: Pick<EffectiveSettings, 'checklists'>): Checklists {
  return Object.fromEntries(CHECKLIST_NAMES.map((name) => [name, settings.checklists[name].value])) as Checklists
}

export function deadlineDays(settings: Pick<EffectiveSettings, 'deadlines'>): DeadlineDays {
  const days = (table: DeadlineTable) => Object.fromEntries(Object.entries(settings.deadlines[table]).map(([key, e]) => [key, e.value]))
  return { incident: days('incident'), dispute: days('dispute'), hazard: days('hazard') }
}

export function cadencePeriods(settings: Pick<EffectiveSettings, 'cadences'>): Record<MeetingType, CadencePeriod> {
  return Object.fromEntries(Object.entries(settings.cadences).map(([type, e]) => [type, e.value])) as Record<MeetingType, CadencePeriod>
}
