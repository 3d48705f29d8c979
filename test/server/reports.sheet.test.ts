/**
 * Reports upward as documents on a real relay and SQLite file (issue #16 item 2): a village
 * cadre reads their own village's 季报 and 年报 with the parts side by side, as JSON, .xlsx and
 * .docx; the figures equal a count made here from the records written; the .docx is a valid
 * Word file whose document.xml carries the title, 填报单位, the figures and no personal data; a
 * submitted report's document keeps the submitted figures after the ledger changes; nobody else
 * reads a village's sheet, and only the township admin the township's.
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportSheetSchema, townshipDashboardSchema, type ReportSheet } from '../../shared/api/reports.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { environment } from '../../shared/ledger/kinds/environment.js'
import { patrol } from '../../shared/ledger/kinds/patrol.js'
import { thing } from '../../shared/ledger/kinds/thing.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'
import { addGrid, profileMap } from '../../shared/metaDoc.js'
import { setVillageFacilityInspection, setVillageGridCleaning } from '../../shared/settings/villageLayer.js'
import { api, fetchFrom } from '../helpers/api.js'
import { createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'

const ACTOR = { id: 'u1', name: '网格员' }
const SECRET_NAME = '欧阳秘密'
const SECRET_PHONE = '13912345678'
const TODAY = shanghaiDate()

/** The disputes written for the village: the day received and the day settled (if it was). */
const DISPUTES: { day: string; settled?: string }[] = [
  { day: '2026-07-05', settled: '2026-07-10' },
  { day: '2026-07-20', settled: '2026-08-03' },
  { day: '2026-08-15' },
  { day: '2026-09-02', settled: '2026-09-02' },
  { day: '2026-02-11', settled: '2026-02-12' },
]

/**
 * The village's patrols (巡查): day, findings, handled on the spot. Q3 has 3 patrols on 2 days. Its
 * 网格清扫日 are 周一、三、五: Q3's two patrol days are a Monday (cleaned before 8) and a Wednesday.
 */
const PATROLS: { day: string; findings?: string; handled?: string; cleaning?: string }[] = [
  { day: '2026-07-06', findings: '井盖缺失\n护栏松动', handled: '护栏已临时加固', cleaning: '8点前清扫完毕' },
  { day: '2026-07-06' },
  { day: '2026-09-30', findings: '路面塌陷' },
  { day: '2026-10-01', findings: '下一季度的问题' },
]

/**
 * The village's 人居环境检查 (household, day, items failed, deadline, recheck). In Q3: 4 checks of
 * 3 households; 2 passed (one a “五美”庭院), one put right on 09-20, one past its 09-15 deadline.
 */
const CHECKS: { household: string; day: string; failed?: string[]; rectifyBy?: string; rechecked?: string; fiveBeauty?: boolean }[] = [
  { household: 'h1', day: '2026-07-02', fiveBeauty: true },
  { household: 'h1', day: '2026-08-02' },
  { household: 'h2', day: '2026-09-01', failed: ['院落净', '厕所净'], rectifyBy: '2026-09-16', rechecked: '2026-09-20' },
  { household: 'h3', day: '2026-09-01', failed: ['门前良好秩序'], rectifyBy: '2026-09-15' },
  { household: 'h4', day: '2026-10-03', failed: ['厨房净'], rectifyBy: '2026-10-18' },
]

/**
 * The village's 公益设施 (DOMAIN.md §2.10): a toilet registered before Q3 with an inspection and two
 * 管护 in Q3 (one costing 120.5 元, one with no cost), a 管护 done on Q3's last day but entered in
 * October (after the quarter it was read as of: not counted), an inspection in Q4; a toilet
 * registered in Q4; a hazard whose 管护 is refused. Q3: 1 facility, 1 inspection, 2 管护, 120.5 元.
 * The village inspects its facilities monthly (村级设置): the toilet was due in July, August and
 * September and inspected in July only. 乙村 sets no period: nothing due.
 */
const FACILITY_FACTS: { action: string; at: string; data?: Record<string, string | number> }[] = [
  { action: 'inspect', at: '2026-07-10', data: { condition: '良好' } },
  { action: 'maintain', at: '2026-08-05', data: { work: '维管', on: '2026-08-05', cost: 120.5 } },
  { action: 'maintain', at: '2026-09-10', data: { work: '保洁', on: '2026-09-10' } },
  { action: 'maintain', at: '2026-10-02', data: { work: '清运', on: '2026-09-30', cost: 300 } },
  { action: 'inspect', at: '2026-10-05', data: { condition: '需维护' } },
]
const Q3_FACILITIES = { facilities: 1, inspections: 1, upkeeps: 2, upkeepCost: 120.5, inspectionsDue: 3, inspectionsMissed: 2 }

let relay: TestRelay
let other: string
const grids = new Map<string, string>()
const tokens: Record<'cadre' | 'otherCadre' | 'gridWorker', string> = { cadre: '', otherCadre: '', gridWorker: '' }

async function addDispute(villageId: string, d: { day: string; settled?: string }) {
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grids.get(villageId)! }), async (room) => {
    const id = createRecord(room.doc, dispute, { summary: '宅基地纠纷', parties: `${SECRET_NAME} ${SECRET_PHONE}`, discoveredAt: d.day, category: '邻里纠纷' }, ACTOR, `${d.day}T02:00:00.000Z`)
    if (d.settled) appendFact(room.doc, 'dispute', id, { action: 'settle', by: ACTOR.id, byName: ACTOR.name, at: `${d.settled}T03:00:00.000Z` })
    await room.flush()
  })
}

async function member(phone: string, role: 'village_cadre' | 'grid_worker', villageId: string): Promise<string> {
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name: SECRET_NAME, password: 'a-long-pass-123', role } })
  expect(created.status).toBe(201)
  const id = (created.json as { id: string }).id
  const gridIds = role === 'grid_worker' ? [grids.get(villageId)!] : []
  expect((await api(relay.url, `/api/users/${id}/memberships/${villageId}`, { token: relay.token, method: 'PUT', body: { role, gridIds, sensitive: false } })).status).toBe(200)
  return login(relay.url, phone, 'a-long-pass-123')
}

/** Received / resolved counted from DISPUTES for a span: received in it, settled by its end (or today). */
function expected(start: string, end: string) {
  const asOf = end < TODAY ? end : TODAY
  const received = DISPUTES.filter((d) => d.day >= start && d.day <= asOf)
  return { received: received.length, resolved: received.filter((d) => d.settled !== undefined && d.settled <= asOf).length }
}

const sheet = async (scope: string, period: string, token = tokens.cadre): Promise<ReportSheet> => {
  const res = await api(relay.url, `/api/reports/sheet/${scope}?period=${period}`, { token })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return reportSheetSchema.parse(res.json)
}

const download = (path: string, token = tokens.cadre) => fetchFrom(relay.url, path, { headers: { authorization: `Bearer ${token}` } })

/** The text runs of word/document.xml in order, and the whole XML. */
async function docxText(res: Response): Promise<{ runs: string[]; xml: string }> {
  const zip = await JSZip.loadAsync(await res.arrayBuffer())
  expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']))
  const xml = await zip.file('word/document.xml')!.async('string')
  const runs = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!)
  return { runs, xml }
}

beforeAll(async () => {
  relay = await startTestRelay()
  other = await createVillage(relay.url, relay.token, '乙村')
  for (const villageId of [relay.villageId, other]) {
    grids.set(
      villageId,
      await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
        profileMap(room.doc).set('township', '青山镇')
        const id = addGrid(room.doc, { name: '第一网格', code: '01' })
        if (villageId === relay.villageId) setVillageFacilityInspection(room.doc, 'month')
        if (villageId === relay.villageId) setVillageGridCleaning(room.doc, [1, 3, 5])
        await room.flush()
        return id
      }),
    )
  }
  for (const d of DISPUTES) await addDispute(relay.villageId, d)
  await addDispute(other, { day: '2026-08-01', settled: '2026-08-02' })
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId: relay.villageId, gridId: grids.get(relay.villageId)! }), async (room) => {
    createRecord(room.doc, incident, { title: '路灯损坏', description: '巡查发现', occurredAt: '2026-08-09', channel: '网格巡查', workType: '一般性', reporter: SECRET_NAME }, ACTOR, '2026-08-09T02:00:00.000Z')
    for (const c of CHECKS)
      createRecord(
        room.doc,
        environment,
        { date: c.day, householdId: c.household, inspector: SECRET_NAME, problem: `${SECRET_NAME}家门前柴草乱堆`, ...(c.failed ? { failed: c.failed, rectifyBy: c.rectifyBy } : {}), ...(c.rechecked ? { recheckedOn: c.rechecked, recheckResult: '已整改' } : {}), ...(c.fiveBeauty ? { fiveBeauty: true } : {}) },
        ACTOR,
        `${c.day}T02:00:00.000Z`,
      )
    const toilet = createRecord(room.doc, thing, { name: `${SECRET_NAME}家旁公厕`, category: '公益设施', thingType: '公厕', location: '村东', custodian: SECRET_NAME }, ACTOR, '2026-06-01T02:00:00.000Z')
    FACILITY_FACTS.forEach((f, i) => appendFact(room.doc, 'thing', toilet, { id: `fac${i}`, action: f.action, by: ACTOR.id, byName: ACTOR.name, at: `${f.at}T03:00:00.000Z`, ...(f.data ? { data: f.data } : {}) }))
    createRecord(room.doc, thing, { name: '新建公厕', category: '公益设施', thingType: '公厕', location: '村西' }, ACTOR, '2026-10-08T02:00:00.000Z')
    const bridge = createRecord(room.doc, thing, { name: '危桥', category: '安全隐患', thingType: '交通隐患', location: '河西' }, ACTOR, '2026-07-01T02:00:00.000Z')
    appendFact(room.doc, 'thing', bridge, { id: 'bridge0', action: 'maintain', by: ACTOR.id, byName: ACTOR.name, at: '2026-08-01T03:00:00.000Z', data: { work: '维管', cost: 50 } })
    for (const p of PATROLS) createRecord(room.doc, patrol, { date: p.day, patroller: SECRET_NAME, route: `${SECRET_NAME}家门前`, ...(p.findings ? { findings: p.findings } : {}), ...(p.handled ? { handled: p.handled } : {}), ...(p.cleaning ? { cleaning: p.cleaning } : {}) }, ACTOR, `${p.day}T02:00:00.000Z`)
    await room.flush()
  })
  tokens.cadre = await member('13700000201', 'village_cadre', relay.villageId)
  tokens.otherCadre = await member('13700000202', 'village_cadre', other)
  tokens.gridWorker = await member('13700000203', 'grid_worker', relay.villageId)
}, 60_000)

afterAll(async () => {
  await relay?.close()
})

describe("a village cadre's report of their own village", () => {
  it('季报: the three months side by side and the quarter, each counted from the records', async () => {
    const s = await sheet(relay.villageId, '2026-Q3')
    expect(s.title).toBe('测试村2026年第3季度基层治理工作季报')
    expect(s.unit).toBe('测试村')
    expect(s.submitted).toBeNull()
    expect(s.figures.villages.map((v) => v.villageId)).toEqual([relay.villageId])
    expect(s.figures.parts!.map((p) => [p.key, p.label])).toEqual([
      ['2026-07', '7月'],
      ['2026-08', '8月'],
      ['2026-09', '9月'],
    ])
    for (const part of s.figures.parts!) {
      const want = expected(part.start, part.end)
      expect(part.figures!.disputes.received, part.key).toBe(want.received)
      expect(part.figures!.disputes.resolved, part.key).toBe(want.resolved)
    }
    const whole = expected('2026-07-01', '2026-09-30')
    expect(s.figures.totals.disputes).toMatchObject({ received: whole.received, resolved: whole.resolved, rate: whole.resolved / whole.received })
    // Received counts add up over the months; 调解成功 does not (the July dispute settled in August).
    expect(s.figures.parts!.reduce((n, p) => n + p.figures!.disputes.received, 0)).toBe(whole.received)
    expect(s.figures.parts!.reduce((n, p) => n + p.figures!.disputes.resolved, 0)).toBe(whole.resolved - 1)
    expect(s.figures.parts![1]!.figures!.incidents.reported).toBe(1)
    expect(s.figures.liulian).toEqual([{ villageId: relay.villageId, name: '测试村', figures: { groups: 0, households: 0, dutyMonthsDue: 0, dutyMonthsDone: 0, findingsRaised: 0, findingsClosed: 0 } }])
    // 巡查 counted here from PATROLS: in Q3, by the patrol's date. The village began to use Cunwu
    // today, so of Q3's 92 days only those with a patrol entered are days it should have patrolled.
    const q3 = PATROLS.filter((p) => p.day >= '2026-07-01' && p.day <= '2026-09-30')
    expect(s.figures.patrols).toEqual([
      {
        villageId: relay.villageId,
        name: '测试村',
        figures: { patrols: q3.length, gridDays: new Set(q3.map((p) => p.day)).size, gridDaysDue: new Set(q3.map((p) => p.day)).size, findings: q3.reduce((n, p) => n + (p.findings?.split('\n').length ?? 0), 0), raised: 0, handled: q3.filter((p) => p.handled).length, cleaningDaysDue: 2, cleaningDays: 1, cleaningDaysOnTime: 1 },
      },
    ])
    // 人居环境 counted from CHECKS: in Q3 by the check's date, read as of the quarter's end.
    expect(s.figures.environment).toEqual([{ villageId: relay.villageId, name: '测试村', figures: { checks: 4, households: 3, passed: 2, failed: 2, rectified: 1, overdue: 1, fiveBeauty: 1 } }])
    // 公益设施 counted from FACILITY_FACTS: by the day done, as entered by the quarter's end.
    expect(s.figures.facilities).toEqual([{ villageId: relay.villageId, name: '测试村', figures: Q3_FACILITIES }])
    expect(JSON.stringify(s)).not.toMatch(new RegExp(`${SECRET_NAME}|${SECRET_PHONE}`))
  })

  it("the township dashboard shows the same 巡查, 人居环境 and 公益设施 counts, village by village, and nothing else of them", async () => {
    const s = await sheet(relay.villageId, '2026-Q3')
    const res = await api(relay.url, '/api/reports/township/dashboard?period=2026-Q3', { token: relay.token })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const board = townshipDashboardSchema.parse(res.json)
    const mine = board.villages.find((v) => v.villageId === relay.villageId)!
    expect(mine.patrols).toEqual(s.figures.patrols![0]!.figures)
    expect(mine.environment).toEqual(s.figures.environment![0]!.figures)
    expect(mine.environment).toEqual({ checks: 4, households: 3, passed: 2, failed: 2, rectified: 1, overdue: 1, fiveBeauty: 1 })
    const theirs = board.villages.find((v) => v.villageId === other)!
    expect(theirs.patrols).toEqual({ patrols: 0, gridDays: 0, gridDaysDue: 0, findings: 0, raised: 0, handled: 0, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 })
    expect(theirs.environment).toEqual({ checks: 0, households: 0, passed: 0, failed: 0, rectified: 0, overdue: 0, fiveBeauty: 0 })
    expect(mine.facilities).toEqual(s.figures.facilities![0]!.figures)
    expect(theirs.facilities).toEqual({ facilities: 0, inspections: 0, upkeeps: 0, upkeepCost: 0, inspectionsDue: 0, inspectionsMissed: 0 })
    expect(JSON.stringify(res.json)).not.toMatch(new RegExp(`${SECRET_NAME}|${SECRET_PHONE}|柴草`))
  })

  it('年报: the four quarters and the year; a quarter not yet begun has no figures', async () => {
    const s = await sheet(relay.villageId, '2026')
    expect(s.figures.parts!.map((p) => p.label)).toEqual(['第1季度', '第2季度', '第3季度', '第4季度'])
    for (const part of s.figures.parts!) {
      if (part.start > TODAY) {
        expect(part.figures).toBeNull()
        continue
      }
      expect(part.figures!.disputes.received, part.key).toBe(expected(part.start, part.end).received)
    }
    expect(s.figures.totals.disputes.received).toBe(expected('2026-01-01', '2026-12-31').received)
  })

  it('半年报: the six months', async () => {
    const s = await sheet(relay.villageId, '2026-H2')
    expect(s.figures.parts!.map((p) => p.label)).toEqual(['7月', '8月', '9月', '10月', '11月', '12月'])
    expect(s.figures.parts![0]!.figures!.disputes.received).toBe(2)
  })

  it('downloads as a valid .docx with the layout, the figures and no personal data', async () => {
    const res = await download(`/api/reports/sheet/${relay.villageId}?period=2026-Q3&format=docx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('测试村2026年第3季度基层治理工作季报.docx')
    const { runs, xml } = await docxText(res)
    expect(runs[0]).toBe('测试村2026年第3季度基层治理工作季报')
    expect(runs).toContain('填报单位：测试村')
    expect(runs).toContain('统计期：2026年第3季度（2026-07-01 至 2026-09-30）')
    expect(runs).toContain(`填报日期：${TODAY}`)
    expect(runs).toEqual(expect.arrayContaining(['制表人：', '审核人：', '单位负责人：']))
    const header = runs.indexOf('项目')
    expect(runs.slice(header, header + 5)).toEqual(['项目', '7月', '8月', '9月', '本季度合计'])
    const received = runs.indexOf('纠纷受理(起)')
    expect(runs.slice(received + 1, received + 5)).toEqual(['2', '1', '1', '4'])
    const resolved = runs.indexOf('调解成功(起)')
    expect(runs.slice(resolved + 1, resolved + 5)).toEqual(['1', '0', '1', '3'])
    expect(runs.slice(runs.indexOf('化解率') + 1, runs.indexOf('化解率') + 5)).toEqual(['50%', '0%', '100%', '75%'])
    expect(runs).toContain('“六联机制”工作情况')
    const patrols = runs.indexOf('网格巡查情况')
    expect(runs.slice(patrols + 1, patrols + 21)).toEqual(['单位', '巡查(次)', '巡查网格日', '应巡查网格日', '发现问题(个)', '转事件隐患(件)', '现场处置(次)', '应清扫网格日', '清扫网格日', '其中8点前', '测试村', '3', '2', '2', '3', '0', '1', '2', '1', '1'])
    const checks = runs.indexOf('人居环境检查情况')
    expect(runs.slice(checks + 1, checks + 17)).toEqual(['单位', '检查(户次)', '检查农户(户)', '合格(户次)', '不合格(户次)', '已整改(户次)', '逾期未整改(户次)', '“五美”庭院(户)', '测试村', '4', '3', '2', '2', '1', '1', '1'])
    const facilities = runs.indexOf('公益设施检查管护情况')
    expect(runs.slice(facilities + 1, facilities + 15)).toEqual(['单位', '公益设施(处)', '检查(次)', '应定期检查(处次)', '未按期检查(处次)', '管护(次)', '管护费用(元)', '测试村', '1', '1', '3', '2', '2', '120.5'])
    expect(xml).not.toContain(SECRET_NAME)
    expect(xml).not.toContain(SECRET_PHONE)
  })

  it('downloads as .xlsx with the same figures', async () => {
    const res = await download(`/api/reports/sheet/${relay.villageId}?period=2026-Q3&format=xlsx`)
    expect(res.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const rows: string[][] = []
    workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(rows[0]![0]).toBe('测试村2026年第3季度基层治理工作季报')
    expect(rows.find((r) => r[0] === '项目')).toEqual(['项目', '7月', '8月', '9月', '本季度合计'])
    expect(rows.find((r) => r[0] === '纠纷受理(起)')).toEqual(['纠纷受理(起)', '2', '1', '1', '4'])
    expect(rows.flat().join('|')).not.toMatch(new RegExp(`${SECRET_NAME}|${SECRET_PHONE}`))
  })

  it('once submitted, the document keeps the submitted figures; the ledger change shows only as a difference', async () => {
    const submitted = await api(relay.url, '/api/reports/snapshots', { token: tokens.cadre, body: { scope: relay.villageId, period: '2026-Q3' } })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(201)
    await addDispute(relay.villageId, { day: '2026-08-20', settled: '2026-08-21' })
    const s = await sheet(relay.villageId, '2026-Q3')
    expect(s.submitted).toMatchObject({ hash: (submitted.json as { hash: string }).hash, intact: true })
    expect(s.figures.parts![1]!.figures!.disputes.received).toBe(1)
    expect(s.figures.totals.disputes.received).toBe(4)
    const { runs } = await docxText(await download(`/api/reports/sheet/${relay.villageId}?period=2026-Q3&format=docx`))
    const received = runs.indexOf('纠纷受理(起)')
    expect(runs.slice(received + 1, received + 5)).toEqual(['2', '1', '1', '4'])
    expect(runs.some((r) => r.startsWith('已于') && r.includes((submitted.json as { hash: string }).hash.slice(0, 16)))).toBe(true)
    const snapshot = await api(relay.url, `/api/reports/snapshots/${relay.villageId}/2026-Q3`, { token: tokens.cadre })
    expect((snapshot.json as { differences: { figure: string; submitted: number; current: number }[] }).differences).toContainEqual(expect.objectContaining({ figure: 'disputes.received', submitted: 4, current: 5 }))
    // An open period reads the ledger as it is now.
    expect((await sheet(relay.villageId, '2026-08')).figures.totals.disputes.received).toBe(2)
  })
})

describe('who may read a report sheet', () => {
  it("403 for another village's cadre and for a grid worker; the township's only for its admin", async () => {
    for (const [token, path] of [
      [tokens.otherCadre, `/api/reports/sheet/${relay.villageId}?period=2026-Q3`],
      [tokens.gridWorker, `/api/reports/sheet/${relay.villageId}?period=2026-Q3&format=docx`],
      [tokens.cadre, '/api/reports/sheet/township?period=2026-Q3'],
      [tokens.cadre, '/api/reports/township?period=2026-Q3&format=docx'],
    ] as const) {
      const res = await download(path, token)
      expect(res.status, path).toBe(403)
      const body = (await res.json()) as { error: string }
      expect(body.error).toMatch(/^只有/)
    }
    expect((await download(`/api/reports/sheet/${relay.villageId}?period=2026-Q3`, '')).status).toBe(401)
  })

  it("the township admin's township sheet: villages, the months (township totals) and the 六联 table, as .docx", async () => {
    const s = await sheet('township', '2026-Q3', relay.token)
    expect(s.title).toBe('青山镇2026年第3季度基层治理工作季报')
    expect(s.figures.villages.map((v) => v.name).sort()).toEqual(['乙村', '测试村'].sort())
    expect(s.figures.parts![1]!.figures!.disputes.received).toBe(expected('2026-08-01', '2026-08-31').received + 1 + 1)
    const res = await download('/api/reports/township?period=2026-Q3&format=docx', relay.token)
    expect(res.status).toBe(200)
    const { runs, xml } = await docxText(res)
    expect(runs[0]).toBe('青山镇2026年第3季度基层治理工作季报')
    expect(runs).toEqual(expect.arrayContaining(['单位', '分月情况（全镇合计）', '“六联机制”工作情况', '联动小组(个)', '发现问题办结(件)']))
    expect(xml).not.toContain(SECRET_NAME)
    expect(xml).toContain('w:orient="landscape"')
  })

  it("the township's submitted sheet: the stored figures under the township's name, also as .xlsx", async () => {
    const before = await sheet('township', '2026-Q2', relay.token)
    const res = await api(relay.url, '/api/reports/snapshots', { token: relay.token, body: { scope: 'township', period: '2026-Q2' } })
    expect(res.status).toBe(201)
    await addDispute(other, { day: '2026-05-05' })
    const after = await sheet('township', '2026-Q2', relay.token)
    expect(after.title).toBe('青山镇2026年第2季度基层治理工作季报')
    expect(after.submitted?.hash).toBe((res.json as { hash: string }).hash)
    expect(after.figures).toEqual(before.figures)
    const xlsx = await download('/api/reports/township?period=2026-Q2&format=xlsx', relay.token)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsx.arrayBuffer())
    const rows: string[] = []
    workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => rows.push(String((row.values as unknown[])[1] ?? '')))
    expect(rows.some((r) => r.startsWith('已于') && r.includes(after.submitted!.hash.slice(0, 16)))).toBe(true)
  })

  it('refuses an unknown format and a malformed period in Chinese', async () => {
    const format = await api(relay.url, `/api/reports/sheet/${relay.villageId}?period=2026-Q3&format=pdf`, { token: tokens.cadre })
    expect(format.status).toBe(400)
    expect((format.json as { error: string }).error).toBe('格式只能是 json、xlsx 或 docx')
    const period = await api(relay.url, `/api/reports/sheet/${relay.villageId}?period=2026-Q5`, { token: tokens.cadre })
    expect(period.status).toBe(400)
    expect((period.json as { error: string }).error).toContain('统计期格式不对')
  })
})
