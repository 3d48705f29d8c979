/**
 * /api/settings/township on a real relay and SQLite file (issue #16 item 5): every signed-in
 * member reads the township's settings (village devices cache them); only the township admin
 * saves them (403 for a village cadre); a bad value is a 400 in Chinese naming the field. Then the
 * figures: with a custom household rule, a person-level rule, a village override and a default
 * time limit, the device's due list and overdue count (shared/ledger/stats.ts over the device's
 * copy of the docs) equal the relay's township dashboard for the same data, rule by rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { townshipDashboardSchema } from '../../shared/api/reports.js'
import { townshipSettingsSchema } from '../../shared/api/settings.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { visit } from '../../shared/ledger/kinds/visit.js'
import { createRecord, listRecords } from '../../shared/ledger/ledgerDoc.js'
import { ledgerStats, type LedgerData } from '../../shared/ledger/stats.js'
import { addGrid } from '../../shared/metaDoc.js'
import { withDefaultDeadlines } from '../../shared/settings/deadlines.js'
import { deadlineDays, effectiveSettings } from '../../shared/settings/effective.js'
import { readVillageLayer, setVillageRule } from '../../shared/settings/villageLayer.js'
import { api } from '../helpers/api.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'

let relay: TestRelay
let cadre = ''

beforeAll(async () => {
  relay = await startTestRelay()
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000001', name: '村干部', password: 'member-pass-1', role: 'village_cadre' } })
  const id = (created.json as { id: string }).id
  await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: false } })
  cadre = await login(relay.url, '13900000001', 'member-pass-1')
}, 60_000)

afterAll(async () => {
  await relay?.close()
})

const put = (token: string, body: unknown) => api(relay.url, '/api/settings/township', { token, method: 'PUT', body })

describe('/api/settings/township', () => {
  it('reads the built-in defaults (an empty layer) before the first save, for any member', async () => {
    for (const token of [relay.token, cadre]) {
      const res = await api(relay.url, '/api/settings/township', { token })
      expect(res.status).toBe(200)
      expect(townshipSettingsSchema.parse(res.json)).toEqual({ settings: { visitRules: {}, cadences: {}, deadlines: { incident: {}, dispute: {}, hazard: {} }, checklists: {} }, updatedAt: null, updatedBy: null })
    }
    expect((await api(relay.url, '/api/settings/township')).status).toBe(401)
  })

  it('is saved by the township admin only: 403 for a village cadre, nothing changed', async () => {
    const res = await put(cadre, { cadences: { joint_committee: 'week' } })
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: '只有乡镇管理员可以修改镇级设置' })
    expect(townshipSettingsSchema.parse((await api(relay.url, '/api/settings/township', { token: cadre })).json).updatedAt).toBeNull()
  })

  it.each([
    [{ visitRules: { ordinary: { minCount: 0 } } }, '次数至少为 1', 'visitRules.ordinary.minCount'],
    [{ visitRules: { mine: { label: '新规则', period: 'month' } } }, '新增的走访规则须填写名称、周期和次数', 'visitRules.mine.minCount'],
    [{ cadences: { joint_committee: 'daily' } }, '会议周期只能是不要求、每周、每月、每季度、每半年或每年', 'cadences.joint_committee'],
    [{ deadlines: { incident: { 一般性: 400 } } }, '时限天数不能超过 365 天', 'deadlines.incident.一般性'],
    [{ visitRules: { ordinary: { period: 'fortnight' } } }, '周期只能是每天、每周、每月、每季度、每半年或每年', 'visitRules.ordinary.period'],
  ])('refuses %j with a 400 in Chinese naming the field', async (body, error, field) => {
    const res = await put(relay.token, body)
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error, field })
  })

  it('saves a layer and every member reads it back with who saved it', async () => {
    const body = { visitRules: { ordinary: { minCount: 1 } }, cadences: { joint_committee: 'month' }, deadlines: { incident: { 一般性: 7 } }, checklists: { environment: ['门前无垃圾', '柴草堆放整齐'] } }
    const res = await put(relay.token, body)
    expect(res.status).toBe(200)
    const read = townshipSettingsSchema.parse((await api(relay.url, '/api/settings/township', { token: cadre })).json)
    expect(read.settings).toEqual({ visitRules: { ordinary: { minCount: 1 } }, cadences: { joint_committee: 'month' }, deadlines: { incident: { 一般性: 7 }, dispute: {}, hazard: {} }, checklists: { environment: ['门前无垃圾', '柴草堆放整齐'] } })
    expect(read.updatedBy).not.toBeNull()
    expect(read.updatedAt).not.toBeNull()
  })
})

describe('the due list and overdue figures on the device and on the relay', () => {
  const ACTOR = { id: 'u1', name: '网格员' }
  const today = shanghaiDate()
  let gridId = ''
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    // Start from the built-in defaults.
    expect((await put(relay.token, {})).status).toBe(200)
    gridId = await relay.relay.withDoc(docName({ kind: 'meta', villageId: relay.villageId }), async (room) => {
      const id = addGrid(room.doc, { name: '第一网格', code: '01' })
      await room.flush()
      return id
    })
    await relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId }), async (room) => {
      const doc = room.doc
      const at = new Date().toISOString()
      ids.plain = createRecord(doc, household, { householdNo: 'H1', headName: '甲', address: '一组' }, ACTOR, at)
      ids.left = createRecord(doc, household, { householdNo: 'H2', headName: '乙', address: '二组' }, ACTOR, at)
      ids.elderHome = createRecord(doc, household, { householdNo: 'H3', headName: '丙', address: '三组' }, ACTOR, at)
      createRecord(doc, resident, { householdId: ids.left, name: '乙', relation: '户主', flags: ['外出务工'] }, ACTOR, at)
      ids.elder = createRecord(doc, resident, { householdId: ids.elderHome, name: '丙', relation: '户主', flags: ['高龄老人'] }, ACTOR, at)
      ids.son = createRecord(doc, resident, { householdId: ids.elderHome, name: '丁', relation: '子女', flags: [] }, ACTOR, at)
      // Visited this year twice (the ordinary rule is met), but never naming the elder.
      for (const h of [ids.plain, ids.left, ids.elderHome]) for (const d of [today, today]) createRecord(doc, visit, { date: d, householdId: h, visitor: '网格员' }, ACTOR, at)
      createRecord(doc, visit, { date: today, householdId: ids.elderHome, residentId: ids.son, visitor: '网格员' }, ACTOR, at)
      ids.late = createRecord(doc, incident, { title: '路灯坏了', description: '描述', occurredAt: addDays(today, -10), channel: '网格巡查', workType: '一般性', reporter: '网格员' }, ACTOR, at)
      await room.flush()
    })
  })

  /** The device: its own copy of the meta and ledger docs, the cached township layer, the shared rules. */
  async function onDevice() {
    const copy = async (name: string) =>
      relay.relay.withDoc(name, async (room) => {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
        return doc
      })
    const meta = await copy(docName({ kind: 'meta', villageId: relay.villageId }))
    const ledger = await copy(docName({ kind: 'ledger', villageId: relay.villageId, gridId }))
    const township = townshipSettingsSchema.parse((await api(relay.url, '/api/settings/township', { token: cadre })).json).settings
    const settings = effectiveSettings(township, readVillageLayer(meta))
    const list = (kind: string) => listRecords(ledger, kind, gridId)
    const data: LedgerData = withDefaultDeadlines({ household: list('household'), resident: list('resident'), visit: list('visit'), dispute: list('dispute'), incident: list('incident'), thing: list('thing') }, deadlineDays(settings))
    const stats = ledgerStats(data, settings.visitRules, today)
    const byRule = (ruleId: string) => stats.due.filter((d) => d.rule.id === ruleId).map((d) => d.householdId).sort()
    return { stats, byRule, rules: settings.visitRules.filter((r) => r.enabled).map((r) => r.id) }
  }

  async function onRelay() {
    const res = await api(relay.url, `/api/reports/township/dashboard?period=${today.slice(0, 7)}`, { token: relay.token })
    expect(res.status).toBe(200)
    const grid = townshipDashboardSchema.parse(res.json).villages.find((v) => v.villageId === relay.villageId)!.grids.find((g) => g.gridId === gridId)!
    return { grid, byRule: (ruleId: string) => [...(grid.records.visitsDueByRule.find((r) => r.ruleId === ruleId)?.householdIds ?? [])].sort() }
  }

  async function expectSame() {
    const device = await onDevice()
    const server = await onRelay()
    expect(server.grid.records.visitsDueByRule.map((r) => r.ruleId)).toEqual(device.rules)
    for (const ruleId of device.rules) expect(server.byRule(ruleId), ruleId).toEqual(device.byRule(ruleId))
    expect(server.grid.figures.visits.due).toBe(device.stats.due.length)
    expect(server.grid.records.incidents.overdue).toHaveLength(device.stats.incidents.overdue)
    return device
  }

  it('agree before, and after a custom rule, a person-level rule, a village override and a time limit change them', async () => {
    const before = await expectSame()
    expect(before.stats.due).toEqual([])
    expect(before.stats.incidents.overdue).toBe(0)

    const res = await put(relay.token, {
      visitRules: {
        migrant: { label: '外出务工人员家庭每月联系两次', flagsAny: ['外出务工'], period: 'month', minCount: 3 },
        elderly: { label: '高龄老人每月探访', target: 'resident', flagsAny: ['高龄老人'], period: 'month', minCount: 1 },
      },
      deadlines: { incident: { 一般性: 7 } },
    })
    expect(res.status).toBe(200)
    const after = await expectSame()
    expect(after.stats.due.map((d) => [d.rule.id, d.residentId ?? d.householdId])).toEqual([
      ['migrant', ids.left],
      ['elderly', ids.elder],
    ])
    expect(after.stats.incidents.overdue).toBe(1)

    // The village's own value wins over the township's: two visits a month satisfy it here.
    await relay.relay.withDoc(docName({ kind: 'meta', villageId: relay.villageId }), async (room) => {
      setVillageRule(room.doc, 'migrant', { minCount: 2 })
      await room.flush()
    })
    const overridden = await expectSame()
    expect(overridden.stats.due.map((d) => d.rule.id)).toEqual(['elderly'])
  })
})
