/**
 * A village's own settings layer, kept in its `<villageId>/meta` doc so cadres change it offline
 * and edits merge like every other (issue #16 item 5):
 * - `visitRules`: ruleId → Y.Map, one key per rule field the village sets (two cadres changing
 *   the period and the count of one rule both win); a rule the village added carries all of them;
 * - `settings`: one key per value, `cadence:<meetingType>` and `deadline:<table>:<key>`.
 * Resetting to the township's value deletes the village's key. Everything read back is checked
 * with the layer's schemas (layer.ts): another device wrote it, and a value that does not parse is
 * ignored (the township's value applies), never applied.
 */
import * as Y from 'yjs'
import { newId } from '../ids.js'
import { MEETING_TYPES, type MeetingType } from '../meetingIndex.js'
import { META } from '../metaDoc.js'
import { cadenceSchema, DEADLINE_TABLES, DEADLINE_TABLE_NAMES, deadlineDaysSchema, RULE_FIELD_SCHEMAS, RULE_FIELDS, type CadencePeriod, type DeadlineTable, type RuleLayer, type SettingsLayer } from './layer.js'

export function villageRulesMap(meta: Y.Doc): Y.Map<Y.Map<unknown>> {
  return meta.getMap<Y.Map<unknown>>(META.visitRules)
}

export function villageSettingsMap(meta: Y.Doc): Y.Map<unknown> {
  return meta.getMap<unknown>(META.settings)
}

const cadenceKey = (type: MeetingType) => `cadence:${type}`
const deadlineKey = (table: DeadlineTable, key: string) => `deadline:${table}:${key}`

export function readVillageLayer(meta: Y.Doc): SettingsLayer {
  const layer: SettingsLayer = { visitRules: {}, cadences: {}, deadlines: { incident: {}, dispute: {}, hazard: {} } }
  for (const [id, map] of villageRulesMap(meta)) {
    if (!(map instanceof Y.Map)) continue
    const rule: Record<string, unknown> = {}
    for (const key of RULE_FIELDS) {
      const parsed = RULE_FIELD_SCHEMAS[key].safeParse(map.get(key))
      if (map.has(key) && parsed.success) rule[key] = parsed.data
    }
    if (Object.keys(rule).length > 0) layer.visitRules[id] = rule as RuleLayer
  }
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
  return layer
}

/** Sets the village's own value of some fields of a rule (a field given as undefined is reset to the township's). */
export function setVillageRule(meta: Y.Doc, ruleId: string, patch: RuleLayer): void {
  meta.transact(() => {
    const rules = villageRulesMap(meta)
    let map = rules.get(ruleId)
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>()
      rules.set(ruleId, map)
    }
    for (const key of RULE_FIELDS) {
      if (!(key in patch)) continue
      const value = patch[key]
      if (value === undefined) map.delete(key)
      else map.set(key, Array.isArray(value) ? [...value] : value)
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
  villageRulesMap(meta).delete(ruleId)
}

export function setVillageCadence(meta: Y.Doc, type: MeetingType, value: CadencePeriod | undefined): void {
  if (value === undefined) villageSettingsMap(meta).delete(cadenceKey(type))
  else villageSettingsMap(meta).set(cadenceKey(type), value)
}

export function setVillageDeadline(meta: Y.Doc, table: DeadlineTable, key: string, days: number | undefined): void {
  if (days === undefined) villageSettingsMap(meta).delete(deadlineKey(table, key))
  else villageSettingsMap(meta).set(deadlineKey(table, key), days)
}

