/**
 * A village's own settings layer, kept in its `<villageId>/meta` doc so cadres change it offline
 * and edits merge like every other (issue #16 item 5):
 * - `settings`: one flat Y.Map with one key per value — `rule:<ruleId>:<field>`,
 *   `cadence:<meetingType>`, `deadline:<table>:<key>`, `inspection:facility`, `cleaning:grid` (the
 *   weekdays, one value), `checklist:<name>` (the whole list, one
 *   value: two cadres editing it offline, the later edit wins) — so two cadres changing the period and the
 *   count of one rule offline both win (a nested map per rule, made on two devices at once, would
 *   keep only one device's map); a rule the village added carries all of its fields;
 * - `visitRules`: ruleId → Y.Map of fields, the layout of earlier releases, still read (a flat
 *   key wins over it) and cleared on reset.
 * Resetting to the township's value deletes the village's key. Everything read back is checked
 * with the layer's schemas (layer.ts): another device wrote it, and a value that does not parse is
 * ignored (the township's value applies), never applied.
 */
import * as Y from 'yjs'
import { newId } from '../ids.js'
import { MEETING_TYPES, type MeetingType } from '../meetingIndex.js'
import { META } from '../metaDoc.js'
import { CHECKLIST_NAMES, checklistSchema, type ChecklistName } from './checklists.js'
import { cadenceSchema, cleaningDaysSchema, DEADLINE_TABLES, DEADLINE_TABLE_NAMES, deadlineDaysSchema, RULE_FIELD_SCHEMAS, RULE_FIELDS, type CadencePeriod, type DeadlineTable, type RuleLayer, type SettingsLayer } from './layer.js'

export function villageRulesMap(meta: Y.Doc): Y.Map<Y.Map<unknown>> {
  return meta.getMap<Y.Map<unknown>>(META.visitRules)
}

export function villageSettingsMap(meta: Y.Doc): Y.Map<unknown> {
  return meta.getMap<unknown>(META.settings)
}

const ruleKey = (ruleId: string, field: string) => `rule:${ruleId}:${field}`
const RULE_KEY = /^rule:([A-Za-z0-9_-]{1,64}):([A-Za-z]+)$/
const cadenceKey = (type: MeetingType) => `cadence:${type}`
const deadlineKey = (table: DeadlineTable, key: string) => `deadline:${table}:${key}`
const checklistKey = (name: ChecklistName) => `checklist:${name}`
const FACILITY_INSPECTION = 'inspection:facility'
const GRID_CLEANING = 'cleaning:grid'

export function readVillageLayer(meta: Y.Doc): SettingsLayer {
  const layer: SettingsLayer = { visitRules: {}, cadences: {}, deadlines: { incident: {}, dispute: {}, hazard: {} }, checklists: {} }
  const rules = new Map<string, Record<string, unknown>>()
  const setField = (id: string, key: string, value: unknown) => {
    if (!(RULE_FIELDS as readonly string[]).includes(key)) return
    const parsed = RULE_FIELD_SCHEMAS[key as keyof typeof RULE_FIELD_SCHEMAS].safeParse(value)
    if (!parsed.success) return
    const rule = rules.get(id) ?? {}
    rule[key] = parsed.data
    rules.set(id, rule)
  }
  for (const [id, map] of villageRulesMap(meta)) if (map instanceof Y.Map) for (const [key, value] of map) setField(id, key, value)
  for (const [key, value] of villageSettingsMap(meta)) {
    const match = RULE_KEY.exec(key)
    if (match) setField(match[1]!, match[2]!, value)
  }
  for (const [id, rule] of rules) layer.visitRules[id] = rule as RuleLayer
  const settings = villageSettingsMap(meta)
  for (const type of MEETING_TYPES) {
    const parsed = cadenceSchema.safeParse(settings.get(cadenceKey(type)))
    if (parsed.success) layer.cadences[type] = parsed.data
  }
  for (const table of DEADLINE_TABLE_NAMES)
    for (const key of DEADLINE_TABLES[table].keys) {
      const parsed = deadlineDaysSchema.safeParse(settings.get(deadlineKey(table, key)))
      if (parsed.success) (layer.deadlines[table] as Record<string, number>)[key] = parsed.data
    }
  for (const name of CHECKLIST_NAMES) {
    const parsed = checklistSchema.safeParse(settings.get(checklistKey(name)))
    if (parsed.success) layer.checklists[name] = parsed.data
  }
  const inspection = cadenceSchema.safeParse(settings.get(FACILITY_INSPECTION))
  if (inspection.success) layer.facilityInspection = inspection.data
  const cleaning = cleaningDaysSchema.safeParse(settings.get(GRID_CLEANING))
  if (cleaning.success) layer.gridCleaning = cleaning.data
  return layer
}

/** Sets the village's own value of some fields of a rule (a field given as undefined is reset to the township's). */
export function setVillageRule(meta: Y.Doc, ruleId: string, patch: RuleLayer): void {
  meta.transact(() => {
    const settings = villageSettingsMap(meta)
    const legacy = villageRulesMap(meta).get(ruleId)
    for (const key of RULE_FIELDS) {
      if (!(key in patch)) continue
      const value = patch[key]
      if (value === undefined) {
        settings.delete(ruleKey(ruleId, key))
        if (legacy instanceof Y.Map) legacy.delete(key)
      } else settings.set(ruleKey(ruleId, key), Array.isArray(value) ? [...value] : value)
    }
  })
}

/** Adds a rule of the village's own; returns its id. */
export function addVillageRule(meta: Y.Doc, rule: Required<Pick<RuleLayer, 'label' | 'period' | 'minCount'>> & RuleLayer): string {
  const id = newId()
  setVillageRule(meta, id, { target: 'household', flagsAny: [], enabled: true, ...rule })
  return id
}

/** Drops every value the village set for a rule (a rule the village added is removed). */
export function resetVillageRule(meta: Y.Doc, ruleId: string): void {
  meta.transact(() => {
    villageRulesMap(meta).delete(ruleId)
    const settings = villageSettingsMap(meta)
    for (const key of [...settings.keys()]) if (key.startsWith(`rule:${ruleId}:`)) settings.delete(key)
  })
}

export function setVillageCadence(meta: Y.Doc, type: MeetingType, value: CadencePeriod | undefined): void {
  if (value === undefined) villageSettingsMap(meta).delete(cadenceKey(type))
  else villageSettingsMap(meta).set(cadenceKey(type), value)
}

export function setVillageDeadline(meta: Y.Doc, table: DeadlineTable, key: string, days: number | undefined): void {
  if (days === undefined) villageSettingsMap(meta).delete(deadlineKey(table, key))
  else villageSettingsMap(meta).set(deadlineKey(table, key), days)
}


/** The village's own list (checked with checklistSchema by the caller), or undefined to use the township's again. */
export function setVillageChecklist(meta: Y.Doc, name: ChecklistName, items: readonly string[] | undefined): void {
  if (items === undefined) villageSettingsMap(meta).delete(checklistKey(name))
  else villageSettingsMap(meta).set(checklistKey(name), [...items])
}

export function setVillageFacilityInspection(meta: Y.Doc, value: CadencePeriod | undefined): void {
  if (value === undefined) villageSettingsMap(meta).delete(FACILITY_INSPECTION)
  else villageSettingsMap(meta).set(FACILITY_INSPECTION, value)
}

/** The village's own 网格清扫 weekdays ([] for none); undefined goes back to the township's. */
export function setVillageGridCleaning(meta: Y.Doc, days: readonly number[] | undefined): void {
  if (days === undefined) villageSettingsMap(meta).delete(GRID_CLEANING)
  else villageSettingsMap(meta).set(GRID_CLEANING, [...days])
}
