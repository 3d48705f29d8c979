/**
 * Township settings with per-village overrides (issue #16 item 5): every value is
 * village ?? township ?? built-in default; a village layer lives in the meta doc, merges like any
 * edit and ignores what does not parse; person-level rules count the visits naming the resident;
 * default time limits derive from the record's own date and never beat a written one; cadences
 * decide which missing meetings are flagged.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { townshipSettingsRequestSchema } from '../../shared/api/settings.js'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { ledgerStats, type LedgerData } from '../../shared/ledger/stats.js'
import { DEFAULT_VISIT_RULES } from '../../shared/ledger/visitRules.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { disputeStatus } from '../../shared/ledger/workflows/dispute.js'
import { thingStatus } from '../../shared/ledger/workflows/hazard.js'
import { missingMeetings, DEFAULT_CADENCE } from '../../shared/minutes/cadence.js'
import { withDefaultDeadline } from '../../shared/settings/deadlines.js'
import { cadencePeriods, deadlineDays, effectiveSettings } from '../../shared/settings/effective.js'
import { EMPTY_LAYER, settingsLayerSchema, type SettingsLayer } from '../../shared/settings/layer.js'
import { addVillageRule, readVillageLayer, resetVillageRule, setVillageCadence, setVillageChecklist, setVillageFacilityInspection, setVillageGridCleaning, setVillageDeadline, setVillageRule, villageRulesMap, villageSettingsMap } from '../../shared/settings/villageLayer.js'
import { checklistSchema, splitItems, villageKind } from '../../shared/settings/checklists.js'
import { checklistItems } from '../../shared/settings/effective.js'
import { environment, ENVIRONMENT_ITEMS } from '../../shared/ledger/kinds/environment.js'
import { validatePatch, validateRecord } from '../../shared/ledger/validate.js'
import { fieldInput } from '../../shared/ledger/importCells.js'

const TODAY = '2026-11-23'
const layer = (over: Partial<SettingsLayer>): SettingsLayer => settingsLayerSchema.parse({ ...EMPTY_LAYER, ...over })

let n = 0
const rec = (kind: string, values: Record<string, unknown>, createdAt = '2026-11-01T02:00:00Z', facts: Fact[] = []): LedgerRecord => ({ id: `${kind}${++n}`, kind, gridId: 'g', values, createdBy: '', createdAt, facts })

describe('the settings in force: village ?? township ?? default', () => {
  it('are the built-in defaults with no layer at all', () => {
    const s = effectiveSettings(null, null)
    expect(s.visitRules.map(({ id, period, minCount, enabled, origin }) => ({ id, period, minCount, enabled, origin }))).toEqual(
      DEFAULT_VISIT_RULES.map(({ id, period, minCount, enabled }) => ({ id, period, minCount, enabled, origin: 'default' })),
    )
    expect(cadencePeriods(s).dispute_review).toBe(DEFAULT_CADENCE.dispute_review)
    expect(cadencePeriods(s).joint_committee).toBe('none')
    expect(s.deadlines.incident['一般性']).toEqual({ value: 0, origin: 'default', inherited: 0, inheritedOrigin: 'default' })
  })

  it('takes the township value over the default, and the village value over both, one value at a time', () => {
    const township = layer({ visitRules: { ordinary: { minCount: 3, period: 'half' } }, cadences: { joint_committee: 'month' }, deadlines: { incident: { 一般性: 7, 协调性: 15 }, dispute: {}, hazard: {} } })
    const village = layer({ visitRules: { ordinary: { minCount: 1 } }, cadences: { joint_committee: 'week' }, deadlines: { incident: { 协调性: 10 }, dispute: {}, hazard: {} } })
    const s = effectiveSettings(township, village)
    const ordinary = s.visitRules.find((r) => r.id === 'ordinary')!
    expect([ordinary.minCount, ordinary.period, ordinary.origin, ordinary.villageFields]).toEqual([1, 'half', 'village', ['minCount']])
    expect(ordinary.inherited).toMatchObject({ minCount: 3, period: 'half' })
    expect(s.cadences.joint_committee).toEqual({ value: 'week', origin: 'village', inherited: 'month', inheritedOrigin: 'township' })
    expect(deadlineDays(s).incident).toMatchObject({ 一般性: 7, 协调性: 10, 突发性: 0 })
    expect(s.deadlines.incident['一般性']!.origin).toBe('township')
    // Without the village layer the township's values are in force.
    expect(effectiveSettings(township, null).visitRules.find((r) => r.id === 'ordinary')).toMatchObject({ minCount: 3, period: 'half', origin: 'township' })
  })

  it('adds rules from the township and the village; one with no name, period or count from any layer is left out', () => {
    const township = layer({ visitRules: { elderly: { label: '独居老人每周探访', target: 'resident', flagsAny: ['独居老人'], period: 'week', minCount: 1 }, half: { minCount: 2 } } })
    const village = layer({ visitRules: { own: { label: '本村留守儿童每月', flagsAny: ['留守儿童'], period: 'month', minCount: 1 }, elderly: { minCount: 2 } } })
    const rules = effectiveSettings(township, village).visitRules
    expect(rules.map((r) => [r.id, r.definedBy, r.origin])).toEqual([...DEFAULT_VISIT_RULES.map((r) => [r.id, 'default', 'default']), ['elderly', 'township', 'village'], ['own', 'village', 'village']])
    expect(rules.find((r) => r.id === 'elderly')).toMatchObject({ target: 'resident', minCount: 2, inherited: { minCount: 1 } })
    expect(rules.find((r) => r.id === 'own')?.inherited).toBeNull()
  })
})

describe("a village's layer in its meta doc", () => {
  it('merges two offline cadres editing different values of one rule, and reset gives the township value back', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    setVillageRule(a, 'key', { period: 'month' })
    setVillageRule(b, 'key', { minCount: 2 })
    setVillageCadence(b, 'dispute_review', 'month')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const township = layer({ visitRules: { key: { minCount: 4 } }, cadences: { dispute_review: 'week' } })
    for (const doc of [a, b]) expect(effectiveSettings(township, readVillageLayer(doc)).visitRules.find((r) => r.id === 'key')).toMatchObject({ period: 'month', minCount: 2 })
    expect(effectiveSettings(township, readVillageLayer(a)).cadences.dispute_review.value).toBe('month')
    setVillageRule(a, 'key', { minCount: undefined })
    setVillageCadence(a, 'dispute_review', undefined)
    const after = effectiveSettings(township, readVillageLayer(a))
    expect(after.visitRules.find((r) => r.id === 'key')).toMatchObject({ period: 'month', minCount: 4, villageFields: ['period'] })
    expect(after.cadences.dispute_review).toMatchObject({ value: 'week', origin: 'township' })
    resetVillageRule(a, 'key')
    expect(effectiveSettings(township, readVillageLayer(a)).visitRules.find((r) => r.id === 'key')?.origin).toBe('township')
  })

  it('ignores values another device wrote that do not parse (the township value applies), and reads the layout of earlier releases', () => {
    const meta = new Y.Doc()
    const legacy = new Y.Map<unknown>()
    villageRulesMap(meta).set('ordinary', legacy)
    legacy.set('minCount', 2)
    legacy.set('period', 'fortnight')
    villageSettingsMap(meta).set('rule:key:minCount', 'many')
    villageSettingsMap(meta).set('deadline:incident:一般性', -3)
    villageSettingsMap(meta).set('cadence:grid_work', 'daily')
    setVillageDeadline(meta, 'hazard', '重大', 10)
    const read = readVillageLayer(meta)
    expect(read.visitRules.ordinary).toEqual({ minCount: 2 })
    expect(read.deadlines).toEqual({ incident: {}, dispute: {}, hazard: { 重大: 10 } })
    expect(read.cadences).toEqual({})
  })

  it('adds a rule of its own with a fresh id', () => {
    const meta = new Y.Doc()
    const id = addVillageRule(meta, { label: '外出务工人员每季度', target: 'resident', flagsAny: ['外出务工'], period: 'quarter', minCount: 1 })
    expect(effectiveSettings(null, readVillageLayer(meta)).visitRules.find((r) => r.id === id)).toMatchObject({ definedBy: 'village', target: 'resident', enabled: true })
  })
})

describe('person-level visit rules', () => {
  const household = rec('household', { headName: '甲', address: '一组' })
  const elder = rec('resident', { householdId: household.id, name: '乙', flags: ['独居老人'] })
  const son = rec('resident', { householdId: household.id, name: '丙', flags: [] })
  const township = layer({ visitRules: { ordinary: { enabled: false }, monthly: { enabled: false }, elderly: { label: '独居老人每月探访两次', target: 'resident', flagsAny: ['独居老人'], period: 'month', minCount: 2 } } })
  const data = (visits: LedgerRecord[]): LedgerData => ({ household: [household], resident: [elder, son], visit: visits, dispute: [], incident: [], thing: [] })
  const visitOf = (date: string, residentId?: string) => rec('visit', { date, householdId: household.id, visitor: 'x', ...(residentId ? { residentId } : {}) })

  it('selects the resident, not the household, and counts only visits naming that resident', () => {
    const rules = effectiveSettings(township, null).visitRules
    const due = (visits: LedgerRecord[]) => ledgerStats(data(visits), rules, TODAY).due.map((d) => [d.residentId ?? d.householdId, d.rule.id, d.done])
    expect(due([])).toEqual([[elder.id, 'elderly', 0]])
    // Two visits to the household that name nobody (or the son) do not count for the elder.
    expect(due([visitOf('2026-11-02'), visitOf('2026-11-03', son.id)])).toEqual([[elder.id, 'elderly', 0]])
    expect(due([visitOf('2026-11-02', elder.id)])).toEqual([[elder.id, 'elderly', 1]])
    expect(due([visitOf('2026-11-02', elder.id), visitOf('2026-11-20', elder.id)])).toEqual([])
    // A visit last month is not this month's.
    expect(due([visitOf('2026-10-30', elder.id), visitOf('2026-11-20', elder.id)])).toEqual([[elder.id, 'elderly', 1]])
  })

  it('is due beside a household rule of the same household', () => {
    const rules = effectiveSettings(layer({ visitRules: { elderly: township.visitRules.elderly! } }), null).visitRules
    expect(ledgerStats(data([]), rules, TODAY).due.map((d) => [d.householdId, d.residentId ?? null, d.rule.id])).toEqual([
      [household.id, null, 'monthly'],
      [household.id, elder.id, 'elderly'],
    ])
  })
})

describe('default time limits', () => {
  const days = deadlineDays(effectiveSettings(layer({ deadlines: { incident: { 一般性: 7 }, dispute: { 邻里纠纷: 30 }, hazard: { 重大: 10 } } }), null))

  it('run from the record’s own date by work type, category and grade, and make it overdue after', () => {
    const incident = withDefaultDeadline(rec('incident', { occurredAt: '2026-11-01', workType: '一般性' }), days)
    expect(incident.values.deadline).toBe('2026-11-08')
    expect([incidentStatus(incident, '2026-11-08').overdue, incidentStatus(incident, '2026-11-09').overdue]).toEqual([false, true])
    const dispute = withDefaultDeadline(rec('dispute', { discoveredAt: '2026-10-01', category: '邻里纠纷' }), days)
    expect(disputeStatus(dispute, '2026-11-01').overdue).toBe(true)
    const hazard = withDefaultDeadline(rec('thing', { category: '安全隐患', severity: '重大' }, '2026-11-01T02:00:00Z'), days)
    expect([hazard.values.planDeadline, thingStatus(hazard, '2026-11-12').overdue]).toEqual(['2026-11-11', true])
  })

  it('never replace a time limit written on the record, and 0 days (the default) sets none', () => {
    expect(withDefaultDeadline(rec('incident', { occurredAt: '2026-11-01', workType: '一般性', deadline: '2026-12-31' }), days).values.deadline).toBe('2026-12-31')
    const other = rec('incident', { occurredAt: '2026-11-01', workType: '协调性' })
    expect(withDefaultDeadline(other, days)).toBe(other)
    expect(withDefaultDeadline(rec('thing', { category: '公益设施', severity: '重大' }), days).values.planDeadline).toBeUndefined()
  })
})

describe('meeting cadences in force', () => {
  it('flag the periods without a meeting of each expected type, and none for a type set to 不要求', () => {
    const s = effectiveSettings(layer({ cadences: { joint_committee: 'month', dispute_review: 'none' } }), layer({ cadences: { grid_work: 'none' } }))
    const missing = missingMeetings([], '2026-05-10', '2026-03-01', cadencePeriods(s))
    const types = new Set(missing.map((m) => m.type))
    expect(types.has('joint_committee')).toBe(true)
    expect(types.has('dispute_review')).toBe(false)
    expect(types.has('grid_work')).toBe(false)
    expect(missing.filter((m) => m.type === 'joint_committee').map((m) => m.from)).toEqual(['2026-03-01', '2026-04-01'])
  })
})

describe('人居环境检查项: a checklist of the township’s or the village’s own (story 13)', () => {
  const TOWNSHIP_LIST = ['门前无垃圾', '柴草堆放整齐', '厕所净']
  const VILLAGE_LIST = ['门前无垃圾', '畜禽圈养', '房前屋后无积水']

  it('is seed 003’s six items by default, the township’s list over it and the village’s over both, each whole', () => {
    expect(effectiveSettings(null, null).checklists.environment).toEqual({ value: ENVIRONMENT_ITEMS, origin: 'default', inherited: ENVIRONMENT_ITEMS, inheritedOrigin: 'default' })
    const township = layer({ checklists: { environment: TOWNSHIP_LIST } })
    expect(checklistItems(effectiveSettings(township, null)).environment).toEqual(TOWNSHIP_LIST)
    const meta = new Y.Doc()
    setVillageChecklist(meta, 'environment', VILLAGE_LIST)
    expect(effectiveSettings(township, readVillageLayer(meta)).checklists.environment).toEqual({ value: VILLAGE_LIST, origin: 'village', inherited: TOWNSHIP_LIST, inheritedOrigin: 'township' })
    // Another cadre's device, synced: the same list.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(meta))
    expect(checklistItems(effectiveSettings(township, readVillageLayer(other))).environment).toEqual(VILLAGE_LIST)
    setVillageChecklist(meta, 'environment', undefined)
    expect(effectiveSettings(township, readVillageLayer(meta)).checklists.environment.origin).toBe('township')
  })

  it('ignores a list another device wrote that does not parse: the township’s applies', () => {
    for (const bad of ['门前无垃圾', [], ['院落净', '院落净'], ['门前、屋后'], ['x'.repeat(21)], Array.from({ length: 21 }, (_, i) => `第${i}项`)]) {
      const meta = new Y.Doc()
      villageSettingsMap(meta).set('checklist:environment', bad)
      expect(readVillageLayer(meta).checklists).toEqual({})
    }
  })

  it('is typed one item a line or with 、，, and refused in Chinese when empty, repeated, too long or joined', () => {
    expect(splitItems('门前无垃圾\n\n 柴草堆放整齐、厕所净，畜禽圈养\r\n房前屋后无积水　')).toEqual(['门前无垃圾', '柴草堆放整齐', '厕所净', '畜禽圈养', '房前屋后无积水'])
    const message = (items: string[]) => checklistSchema.safeParse(items).error?.issues[0]?.message
    expect(message([])).toBe('检查项至少要有一项')
    expect(message(['厕所净', '厕所净'])).toBe('检查项不能重复')
    expect(message(['房前屋后柴草堆放整齐无乱搭乱建无污水横流现象'])).toBe('检查项每项不能超过 20 个字')
    expect(message(Array.from({ length: 21 }, (_, i) => `第${i + 1}项`))).toBe('检查项不能超过 20 项')
    expect(townshipSettingsRequestSchema.safeParse({ checklists: { environment: ['门前/屋后'] } }).error?.issues[0]?.message).toBe('检查项每项里不能有顿号、逗号、分号、斜杠或空格')
    expect(townshipSettingsRequestSchema.safeParse({ checklists: { garden: ['a'] } }).success).toBe(false)
  })

  it('is what the check’s form offers; a check keeps the items of an earlier list, and a clerk’s sheet its own words', () => {
    expect(villageKind(environment, { environment: ENVIRONMENT_ITEMS })).toBe(environment)
    const kind = villageKind(environment, { environment: VILLAGE_LIST })
    const failed = kind.fields.find((f) => f.key === 'failed')!
    expect(failed.type === 'tags' && failed.options).toEqual(VILLAGE_LIST)
    expect(failed.hint).toBe('对照本村适用的人居环境检查项逐项检查，都合格的不选')
    expect(environment.fields.find((f) => f.key === 'failed')!.type === 'tags' && (environment.fields.find((f) => f.key === 'failed') as { options: readonly string[] }).options).toEqual(ENVIRONMENT_ITEMS)
    const base = { date: TODAY, householdId: 'h1', inspector: '张网格' }
    const made = validateRecord(kind, { ...base, failed: ['畜禽圈养', '院落净'] }, TODAY)
    expect(made).toEqual({ ok: true, values: { ...base, failed: ['畜禽圈养', '院落净'] } })
    // An earlier check's 院落净 stays when only another field of it is edited, or its items change.
    expect(validatePatch(kind, { failed: ['院落净', '院落净'] }, TODAY)).toEqual({ ok: true, values: { failed: ['院落净'] } })
    const long = validateRecord(kind, { ...base, failed: ['x'.repeat(21)] }, TODAY)
    expect(long.ok === false && long.errors.failed).toBe('不合格项每项不能超过 20 个字')
    // A clerk's 不合格项 cell, items split at 、 and full-width commas.
    const cell = fieldInput(failed, '厕所不净，门前有垃圾、柴草乱堆')
    expect('value' in cell && validateRecord(kind, { ...base, failed: cell.value }, TODAY)).toMatchObject({ ok: true, values: { failed: ['厕所不净', '门前有垃圾', '柴草乱堆'] } })
  })
})

describe('公益设施检查周期 (F003§8 「定期…檢查督導」, no period given)', () => {
  it('is none by default, the township’s over it and the village’s over both; a value that does not parse is ignored', () => {
    expect(effectiveSettings(null, null).facilityInspection).toEqual({ value: 'none', origin: 'default', inherited: 'none', inheritedOrigin: 'default' })
    const township = layer({ facilityInspection: 'month' })
    const meta = new Y.Doc()
    expect(effectiveSettings(township, readVillageLayer(meta)).facilityInspection).toMatchObject({ value: 'month', origin: 'township' })
    setVillageFacilityInspection(meta, 'quarter')
    expect(effectiveSettings(township, readVillageLayer(meta)).facilityInspection).toEqual({ value: 'quarter', origin: 'village', inherited: 'month', inheritedOrigin: 'township' })
    setVillageFacilityInspection(meta, undefined)
    expect(effectiveSettings(township, readVillageLayer(meta)).facilityInspection.value).toBe('month')
    villageSettingsMap(meta).set('inspection:facility', 'fortnight')
    expect(readVillageLayer(meta).facilityInspection).toBeUndefined()
    expect(townshipSettingsRequestSchema.safeParse({ facilityInspection: 'daily' }).error?.issues[0]?.message).toBe('会议周期只能是不要求、每周、每月、每季度、每半年或每年')
  })
})

describe('网格清扫日 (F003§8 「至少每周一、三、五早上8點前」, one township’s plan)', () => {
  it('is none by default; the township’s, then the village’s — none ticked is a value too; a list that does not parse is ignored', () => {
    expect(effectiveSettings(null, null).gridCleaning).toEqual({ value: [], origin: 'default', inherited: [], inheritedOrigin: 'default' })
    const township = layer({ gridCleaning: [5, 1, 3] })
    expect(township.gridCleaning).toEqual([1, 3, 5])
    const meta = new Y.Doc()
    expect(effectiveSettings(township, readVillageLayer(meta)).gridCleaning).toMatchObject({ value: [1, 3, 5], origin: 'township' })
    setVillageGridCleaning(meta, [])
    expect(effectiveSettings(township, readVillageLayer(meta)).gridCleaning).toEqual({ value: [], origin: 'village', inherited: [1, 3, 5], inheritedOrigin: 'township' })
    setVillageGridCleaning(meta, [2, 6])
    expect(effectiveSettings(township, readVillageLayer(meta)).gridCleaning.value).toEqual([2, 6])
    setVillageGridCleaning(meta, undefined)
    expect(effectiveSettings(township, readVillageLayer(meta)).gridCleaning.value).toEqual([1, 3, 5])
    villageSettingsMap(meta).set('cleaning:grid', [1, 8])
    expect(readVillageLayer(meta).gridCleaning).toBeUndefined()
    villageSettingsMap(meta).set('cleaning:grid', '周一')
    expect(readVillageLayer(meta).gridCleaning).toBeUndefined()
    expect(townshipSettingsRequestSchema.safeParse({ gridCleaning: [1, 1] }).error?.issues[0]?.message).toBe('清扫日不能重复')
    expect(townshipSettingsRequestSchema.safeParse({ gridCleaning: [0] }).error?.issues[0]?.message).toBe('清扫日只能是周一到周日')
  })
})

describe('the township settings request', () => {
  it('refuses a new rule without its period, and bad values, in Chinese', () => {
    const bad = townshipSettingsRequestSchema.safeParse({ visitRules: { mine: { label: '新规则', minCount: 1 } } })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('新增的走访规则须填写名称、周期和次数')
    const days = townshipSettingsRequestSchema.safeParse({ deadlines: { incident: { 一般性: -1 } } })
    expect(days.error?.issues[0]?.message).toBe('时限天数不能为负')
    expect(townshipSettingsRequestSchema.safeParse({ visitRules: { ordinary: { minCount: 1 } } }).success).toBe(true)
  })
})
