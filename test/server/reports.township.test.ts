/**
 * GET /api/reports/township on a real relay and SQLite file (issue #16 item 3). The test writes
 * two villages' ledgers from a seeded random plan — each record's story (found, escalated,
 * resolved, settled, 销号, spam) decided by the plan — and counts the figures itself from that
 * plan, without the workflow engines; the API's figures must equal that count for a month, a
 * quarter, a half-year, a year and the running month. Totals are the sum over villages; the
 * workbook holds the same figures under its title rows; only the township admin may read it;
 * a malformed period is a 400 in Chinese; no name or phone reaches the report.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { townshipDashboardSchema, townshipReportSchema, type TownshipReport } from '../../shared/api/reports.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { thing } from '../../shared/ledger/kinds/thing.js'
import { visit } from '../../shared/ledger/kinds/visit.js'
import type { Fact } from '../../shared/ledger/kind.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'
import { addGrid, profileMap } from '../../shared/metaDoc.js'
import { parseReportPeriod } from '../../shared/reports/reportPeriod.js'
import { api, fetchFrom } from '../helpers/api.js'
import { createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'

const SECRET_NAME = '秘密户主'
const SECRET_PHONE = '13912345678'
const ACTOR = { id: 'u1', name: '秘密网格员' }

type IncidentPlan = { id?: string; kind: 'incident'; day: string; deadline: string; escalate?: string; resolve?: string; spam?: string }
type DisputePlan = { id?: string; kind: 'dispute'; day: string; deadline: string; settle?: string }
type HazardPlan = { id?: string; kind: 'hazard'; day: string; deadline: string; close?: string }
type HouseholdPlan = { kind: 'household'; id: string; key: boolean; visits: { date: string; id?: string }[] }
type GridPlan = { incidents: IncidentPlan[]; disputes: DisputePlan[]; hazards: HazardPlan[]; households: HouseholdPlan[] }

/** mulberry32: a small seeded random source, so a failure replays. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function planGrid(seed: number): GridPlan {
  const rnd = random(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const maybe = (p: number) => rnd() < p
  const day = () => addDays('2025-12-01', int(370))
  const after = (from: string, max: number) => addDays(from, int(max))
  const incidents = Array.from({ length: 40 }, (): IncidentPlan => {
    const d = day()
    const escalate = maybe(0.3) ? after(d, 6) : undefined
    return {
      kind: 'incident',
      day: d,
      deadline: maybe(0.15) ? '' : after(d, 30),
      escalate,
      resolve: maybe(0.65) ? after(escalate ?? d, 45) : undefined,
      spam: !escalate && maybe(0.05) ? d : undefined,
    }
  })
  const disputes = Array.from({ length: 30 }, (): DisputePlan => {
    const d = day()
    return { kind: 'dispute', day: d, deadline: maybe(0.1) ? '' : after(d, 30), settle: maybe(0.7) ? after(d, 50) : undefined }
  })
  const hazards = Array.from({ length: 12 }, (): HazardPlan => {
    const d = day()
    return { kind: 'hazard', day: d, deadline: maybe(0.2) ? '' : after(d, 40), close: maybe(0.6) ? after(d, 60) : undefined }
  })
  const households = Array.from({ length: 15 }, (_, i): HouseholdPlan => ({ kind: 'household', id: `h${seed}-${i}`, key: maybe(0.3), visits: Array.from({ length: int(5) }, () => ({ date: day() })) }))
  // Incidents, disputes and hazards resolved with the spam matter's fate must not overlap.
  for (const i of incidents) if (i.spam) i.resolve = undefined
  return { incidents, disputes, hazards, households }
}

// Between 08:00 and 16:00 in Beijing: the civil day is `day`; steps of one day keep their order.
const at = (day: string, step = 0) => `${day}T0${step}:00:00.000Z`

function fact(action: string, day: string, step = 0): Omit<Fact, 'id'> {
  return { action, by: ACTOR.id, byName: ACTOR.name, at: at(day, step) }
}

async function writeGrid(relay: TestRelay, villageId: string, gridId: string, plan: GridPlan) {
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => {
    const doc = room.doc
    for (const h of plan.households) {
      createRecord(doc, household, { householdNo: h.id, headName: SECRET_NAME, address: '一组', phone: SECRET_PHONE, ...(h.key ? { flags: ['重点户'] } : {}) }, ACTOR, at('2025-01-01'), h.id)
      for (const v of h.visits) v.id = createRecord(doc, visit, { date: v.date, householdId: h.id, visitor: SECRET_NAME }, ACTOR, at(v.date))
    }
    for (const p of plan.incidents) {
      const id = (p.id = createRecord(doc, incident, { title: '事件', description: '描述', occurredAt: p.day, channel: '群众反映', workType: '一般性', reporter: SECRET_NAME, contactPhone: SECRET_PHONE, ...(p.deadline ? { deadline: p.deadline } : {}) }, ACTOR, at(p.day)))
      const facts: Omit<Fact, 'id'>[] = []
      if (p.spam) facts.push(fact('spam', p.spam))
      if (p.escalate) facts.push(fact('escalate', p.escalate, 1))
      if (p.resolve) facts.push(...(p.escalate ? [fact('accept', p.resolve, 2), fact('handle', p.resolve, 3), fact('resolve', p.resolve, 4)] : [fact('onsite', p.resolve, 4)]))
      for (const f of facts) appendFact(doc, 'incident', id, f)
    }
    for (const p of plan.disputes) {
      const id = (p.id = createRecord(doc, dispute, { summary: '纠纷', parties: SECRET_NAME, discoveredAt: p.day, category: '邻里纠纷', ...(p.deadline ? { deadline: p.deadline } : {}) }, ACTOR, at(p.day)))
      if (p.settle) appendFact(doc, 'dispute', id, fact('settle', p.settle))
    }
    for (const p of plan.hazards) {
      const id = (p.id = createRecord(doc, thing, { name: '隐患', category: '安全隐患', custodian: SECRET_NAME, ...(p.deadline ? { planDeadline: p.deadline } : {}) }, ACTOR, at(p.day)))
      if (p.close) for (const f of [fact('rectify', p.close, 1), fact('close', p.close, 2)]) appendFact(doc, 'thing', id, f)
    }
    await room.flush()
  })
}

/** The ids behind each figure, picked straight from the plan by the rules the issue and the module header state. */
function expectedIds(plans: readonly GridPlan[], key: string, today: string) {
  const period = parseReportPeriod(key)!
  const asOf = period.end < today ? period.end : today
  const by = (day: string | undefined) => day !== undefined && day <= asOf
  const inPeriod = (day: string) => day >= period.start && day <= asOf
  const late = (deadline: string, done: string | undefined) => deadline !== '' && !by(done) && asOf > deadline
  const f = {
    incidents: { reported: [] as string[], closed: [] as string[], closedOnTime: [] as string[], overdue: [] as string[], escalated: [] as string[] },
    disputes: { received: [] as string[], resolved: [] as string[], backlog: [] as string[] },
    hazards: { open: [] as string[], overdue: [] as string[] },
    visits: { due: [] as string[], done: [] as string[] },
  }
  for (const plan of plans) {
    for (const i of plan.incidents.filter((i) => by(i.day) && !by(i.spam))) {
      if (late(i.deadline, i.resolve)) f.incidents.overdue.push(i.id!)
      if (!inPeriod(i.day)) continue
      f.incidents.reported.push(i.id!)
      if (by(i.escalate)) f.incidents.escalated.push(i.id!)
      if (by(i.resolve)) f.incidents.closed.push(i.id!)
      if (by(i.resolve) && (i.deadline === '' || i.resolve! <= i.deadline)) f.incidents.closedOnTime.push(i.id!)
    }
    for (const d of plan.disputes.filter((d) => by(d.day))) {
      if (late(d.deadline, d.settle)) f.disputes.backlog.push(d.id!)
      if (!inPeriod(d.day)) continue
      f.disputes.received.push(d.id!)
      if (by(d.settle)) f.disputes.resolved.push(d.id!)
    }
    for (const h of plan.hazards.filter((h) => by(h.day) && !by(h.close))) {
      f.hazards.open.push(h.id!)
      if (late(h.deadline, h.close)) f.hazards.overdue.push(h.id!)
    }
    for (const h of plan.households) {
      f.visits.done.push(...h.visits.filter((v) => inPeriod(v.date)).map((v) => v.id!))
      const seen = h.visits.map((v) => v.date).filter(by)
      const year = seen.filter((v) => v.slice(0, 4) === asOf.slice(0, 4)).length
      const quarter = seen.filter((v) => v.slice(0, 4) === asOf.slice(0, 4) && Math.ceil(Number(v.slice(5, 7)) / 3) === Math.ceil(Number(asOf.slice(5, 7)) / 3)).length
      if (year < 2 || (h.key && quarter < 1)) f.visits.due.push(h.id)
    }
  }
  return f
}

/** The figures counted from the plan. */
function expected(plans: readonly GridPlan[], key: string, today: string) {
  const { incidents: i, disputes: d, hazards: h, visits: v } = expectedIds(plans, key, today)
  return {
    incidents: { reported: i.reported.length, closed: i.closed.length, closedOnTime: i.closedOnTime.length, overdue: i.overdue.length, escalated: i.escalated.length },
    disputes: { received: d.received.length, resolved: d.resolved.length, rate: d.received.length === 0 ? null : d.resolved.length / d.received.length, backlog: d.backlog.length },
    hazards: { open: h.open.length, overdue: h.overdue.length },
    visits: { due: v.due.length, done: v.done.length },
  }
}

let relay: TestRelay
const villages: { id: string; name: string; plans: GridPlan[]; gridIds: string[] }[] = []

beforeAll(async () => {
  relay = await startTestRelay()
  const second = await createVillage(relay.url, relay.token, '乙村')
  villages.push({ id: relay.villageId, name: '测试村', plans: [planGrid(11), planGrid(12)], gridIds: [] }, { id: second, name: '乙村', plans: [planGrid(21)], gridIds: [] })
  for (const v of villages) {
    const gridIds = await relay.relay.withDoc(docName({ kind: 'meta', villageId: v.id }), async (room) => {
      profileMap(room.doc).set('township', '青山镇')
      const ids = v.plans.map((_, i) => addGrid(room.doc, { name: `第${i + 1}网格`, code: `0${i + 1}` }))
      await room.flush()
      return ids
    })
    v.gridIds = gridIds
    for (const [i, plan] of v.plans.entries()) await writeGrid(relay, v.id, gridIds[i]!, plan)
  }
}, 60_000)

afterAll(async () => {
  await relay?.close()
})

async function report(period: string): Promise<TownshipReport> {
  const res = await api(relay.url, `/api/reports/township?period=${period}`, { token: relay.token })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return townshipReportSchema.parse(res.json)
}

describe('township report figures', () => {
  it.each(['2026-10', '2026-Q3', '2026-H1', '2026-H2', '2026', `${shanghaiDate().slice(0, 7)}`])('%s equals the count made from the plan, village by village', async (period) => {
    const got = await report(period)
    const today = shanghaiDate()
    expect(got.period).toBe(period)
    expect(got.villages.map((v) => v.name)).toEqual(['测试村', '乙村'].sort((a, b) => a.localeCompare(b, 'zh-CN')))
    for (const v of villages) {
      const row = got.villages.find((r) => r.villageId === v.id)!
      const { villageId, name, ...figures } = row
      expect([villageId, name]).toEqual([v.id, v.name])
      expect(figures).toEqual(expected(v.plans, period, today))
    }
    expect(got.totals).toEqual(expected(villages.flatMap((v) => v.plans), period, today))
  })

  it('has figures worth checking: the year has every kind of case, including some resolved late and some escalated', async () => {
    const year = await report('2026')
    const t = year.totals
    for (const n of [t.incidents.reported, t.incidents.closed, t.incidents.overdue, t.incidents.escalated, t.disputes.received, t.disputes.resolved, t.disputes.backlog, t.hazards.open, t.hazards.overdue, t.visits.done, t.visits.due]) expect(n).toBeGreaterThan(0)
    expect(t.incidents.closedOnTime).toBeLessThan(t.incidents.closed)
    expect(t.disputes.rate).toBeGreaterThan(0)
    expect(t.disputes.rate).toBeLessThan(1)
  })

  it('totals equal the sum over villages, and a period with nothing received has rate null', async () => {
    const got = await report('2026-Q2')
    const sum = (pick: (f: TownshipReport['totals']) => Record<string, number | null>) =>
      got.villages.reduce<Record<string, number>>((acc, v) => {
        for (const [k, n] of Object.entries(pick(v))) acc[k] = (acc[k] ?? 0) + (n ?? 0)
        return acc
      }, {})
    expect(sum((f) => f.incidents)).toEqual(got.totals.incidents)
    expect(sum((f) => f.hazards)).toEqual(got.totals.hazards)
    expect(sum((f) => f.visits)).toEqual(got.totals.visits)
    expect(got.totals.disputes.received).toBe(got.villages.reduce((n, v) => n + v.disputes.received, 0))
    expect(got.totals.disputes.rate).toBe(got.totals.disputes.resolved / got.totals.disputes.received)
    const empty = await report('2020')
    expect(empty.totals.disputes).toEqual({ received: 0, resolved: 0, rate: null, backlog: 0 })
  })

  it('carries no name, ID number or phone', async () => {
    const res = await fetchFrom(relay.url, '/api/reports/township?period=2026', { headers: { authorization: `Bearer ${relay.token}` } })
    const body = await res.text()
    expect(body).not.toContain(SECRET_NAME)
    expect(body).not.toContain(SECRET_PHONE)
    expect(body).not.toContain(ACTOR.name)
  })
})

describe('the township dashboard', () => {
  it.each(['2026-07', '2026-Q2', '2026-H2', '2026'])('%s: each grid has the figures and exactly the records behind them', async (period) => {
    const res = await api(relay.url, `/api/reports/township/dashboard?period=${period}`, { token: relay.token })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const got = townshipDashboardSchema.parse(res.json)
    const today = shanghaiDate()
    const { start, end } = parseReportPeriod(period)!
    expect([got.period, got.start, got.end, got.asOf]).toEqual([period, start, end, end < today ? end : today])
    for (const v of villages) {
      const row = got.villages.find((r) => r.villageId === v.id)!
      expect(row.grids.map((g) => g.gridId)).toEqual(v.gridIds)
      for (const [i, plan] of v.plans.entries()) {
        const grid = row.grids[i]!
        expect(grid.figures).toEqual(expected([plan], period, today))
        const { visitsDueByRule, ...records } = grid.records
        const sorted = (o: Record<string, Record<string, string[]>>) => Object.fromEntries(Object.entries(o).map(([k, f]) => [k, Object.fromEntries(Object.entries(f).map(([n, ids]) => [n, [...ids].sort()]))]))
        expect(sorted(records)).toEqual(sorted(expectedIds([plan], period, today)))
        expect(visitsDueByRule.flatMap((r) => r.householdIds).sort()).toEqual([...records.visits.due].sort())
      }
      expect(row.figures).toEqual(expected(v.plans, period, today))
    }
    expect(got.totals).toEqual(expected(villages.flatMap((v) => v.plans), period, today))
    expect(JSON.stringify(got)).not.toContain(SECRET_NAME)
  })

  it('refuses anyone but the township admin and a malformed period', async () => {
    const phone = '13700000200'
    const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name: '村干部', password: 'a-long-pass-123', role: 'village_cadre' } })
    const id = (created.json as { id: string }).id
    await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'village_cadre', gridIds: [], sensitive: true } })
    const token = await login(relay.url, phone, 'a-long-pass-123')
    expect((await api(relay.url, '/api/reports/township/dashboard?period=2026-11', { token })).status).toBe(403)
    const bad = await api(relay.url, '/api/reports/township/dashboard?period=2026-H3', { token: relay.token })
    expect(bad.status).toBe(400)
    expect((bad.json as { error: string }).error).toContain('统计期格式不对')
  })
})

describe('the workbook', () => {
  it('opens, has the title rows and the same figures as the JSON', async () => {
    const json = await report('2026-Q3')
    const res = await fetchFrom(relay.url, '/api/reports/township?period=2026-Q3&format=xlsx', { headers: { authorization: `Bearer ${relay.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('青山镇2026年第3季度基层治理工作季报.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const sheet = workbook.worksheets[0]!
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(rows[0]![0]).toBe('青山镇2026年第3季度基层治理工作季报')
    expect(rows[1]![0]).toBe('填报单位：青山镇')
    expect(rows[2]![0]).toBe('统计期：2026年第3季度（2026-07-01 至 2026-09-30）')
    expect(rows[2]!.at(-1)).toBe(`填报日期：${shanghaiDate()}`)
    const header = rows[3]!
    const col = (h: string) => header.indexOf(h)
    for (const v of [...json.villages.map((v) => ({ ...v })), { ...json.totals, name: '合计' }]) {
      const row = rows.find((r) => r[0] === v.name)!
      expect(Number(row[col('事件上报(件)')])).toBe(v.incidents.reported)
      expect(Number(row[col('按时办结(件)')])).toBe(v.incidents.closedOnTime)
      expect(Number(row[col('上报上级(件)')])).toBe(v.incidents.escalated)
      expect(Number(row[col('纠纷受理(起)')])).toBe(v.disputes.received)
      expect(Number(row[col('积案(起)')])).toBe(v.disputes.backlog)
      expect(Number(row[col('隐患超期(处)')])).toBe(v.hazards.overdue)
      expect(Number(row[col('已走访(次)')])).toBe(v.visits.done)
      expect(row[col('化解率')]).toBe(v.disputes.rate === null ? '—' : `${Math.round(v.disputes.rate * 1000) / 10}%`)
    }
    const signatures = rows.find((r) => r[0] === '制表人：')
    expect(signatures).toContain('审核人：')
    const text = rows.flat().join('|')
    expect(text).not.toContain(SECRET_NAME)
    expect(text).not.toContain(SECRET_PHONE)
  })
})

describe('who may read it and what it refuses', () => {
  it('is for the township admin only: 403 for a village cadre and a grid worker, 401 without a session', async () => {
    for (const [i, role] of (['village_cadre', 'grid_worker'] as const).entries()) {
      const phone = `1370000010${i}`
      const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name: `用户${i}`, password: 'a-long-pass-123', role } })
      expect(created.status).toBe(201)
      const id = (created.json as { id: string }).id
      const set = await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role, gridIds: [], sensitive: true } })
      expect(set.status).toBe(200)
      const token = await login(relay.url, phone, 'a-long-pass-123')
      for (const query of ['period=2026-11', 'period=2026-11&format=xlsx']) {
        const res = await api(relay.url, `/api/reports/township?${query}`, { token })
        expect(res.status).toBe(403)
        expect((res.json as { error: string }).error).toBe('只有乡镇管理员可以查看全镇报表')
      }
    }
    expect((await api(relay.url, '/api/reports/township?period=2026-11')).status).toBe(401)
  })

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-Q0', '2026-H3', '26-11', '2026-1', '2026-11-01', '2026Q1', ''])('refuses the period %j with a 400 in Chinese', async (period) => {
    const res = await api(relay.url, `/api/reports/township?period=${encodeURIComponent(period)}`, { token: relay.token })
    expect(res.status).toBe(400)
    expect((res.json as { error: string }).error).toBe('统计期格式不对，应为 2026-11（月）、2026-Q4（季度）、2026-H2（半年）或 2026（年）')
  })

  it('refuses a missing period and an unknown format in Chinese', async () => {
    const missing = await api(relay.url, '/api/reports/township', { token: relay.token })
    expect(missing.status).toBe(400)
    expect((missing.json as { error: string }).error).toMatch(/[\u4e00-\u9fff]/)
    const format = await api(relay.url, '/api/reports/township?period=2026&format=pdf', { token: relay.token })
    expect(format.status).toBe(400)
    expect((format.json as { error: string }).error).toBe('格式只能是 json、xlsx 或 docx')
  })
})
