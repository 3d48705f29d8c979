/**
 * The township dashboard's 六联 figures (issues #16 item 1, #18 item 6) on a real relay and SQLite
 * file. The test writes two villages' 六联 docs from a seeded random plan — groups, households
 * joining and leaving, duty work, findings raised into the grid ledger and some of them closed —
 * and counts the figures itself from that plan, without the rotation code: a month is due when
 * the group has a member on its 1st (or on the group's first day), done when the group worked
 * in it. The API's figures must equal that count for several periods; the answer carries counts
 * only; GET /api/reports/township keeps its shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { townshipDashboardSchema } from '../../shared/api/reports.js'
import { addDays, shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { thing } from '../../shared/ledger/kinds/thing.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'
import { addGroup, addRaised, moveHousehold, recordDuty } from '../../shared/liulian/liulianDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { parseReportPeriod } from '../../shared/reports/reportPeriod.js'
import { api, fetchFrom } from '../helpers/api.js'
import { createVillage, startTestRelay, type TestRelay } from '../helpers/relay.js'

const ACTOR = { id: 'u1', name: '秘密网格员' }
const SECRET_NAME = '秘密户主'

type HouseholdPlan = { id: string; join: string; leave?: string }
type GroupPlan = { id?: string; households: HouseholdPlan[]; duty: string[] }
type FindingPlan = { kind: 'thing' | 'incident'; day: string; close?: string; recordId?: string }
type VillagePlan = { groups: GroupPlan[]; findings: FindingPlan[] }

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

function plan(seed: number, today: string): VillagePlan {
  const rnd = random(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const day = (from = '2025-11-01', span = 390) => {
    const d = addDays(from, int(span))
    return d > today ? today : d
  }
  const groups = Array.from({ length: 5 }, (_, g): GroupPlan => {
    // The last group of each village is never used: it has no member, so it is not formed.
    const size = g === 4 ? 0 : 1 + int(4)
    const households = Array.from({ length: size }, (_, i): HouseholdPlan => {
      const join = day()
      const leave = rnd() < 0.3 ? addDays(join, 1 + int(120)) : undefined
      return { id: `h${seed}-${g}-${i}`, join, ...(leave && leave <= today ? { leave } : {}) }
    })
    const first = households.map((h) => h.join).sort()[0]
    return { households, duty: first ? Array.from({ length: int(12) }, () => day(first, 300)) : [] }
  })
  const findings = Array.from({ length: 14 }, (): FindingPlan => {
    const d = day()
    const close = rnd() < 0.55 ? addDays(d, int(60)) : undefined
    return { kind: rnd() < 0.6 ? 'thing' : 'incident', day: d, ...(close && close <= today ? { close } : {}) }
  })
  return { groups, findings }
}

// 02:00Z is 10:00 in Beijing: the civil day is `day`.
const at = (day: string, step = 0) => `${day}T0${2 + step}:00:00.000Z`

async function writeVillage(relay: TestRelay, villageId: string, p: VillagePlan, today: string) {
  const gridId = await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
    const id = addGrid(room.doc, { name: '第一网格', code: '01' })
    await room.flush()
    return id
  })
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => {
    for (const f of p.findings) {
      if (f.kind === 'thing') {
        f.recordId = createRecord(room.doc, thing, { name: '路灯杆倾斜', category: '安全隐患', custodian: SECRET_NAME }, ACTOR, at(f.day))
        if (f.close) for (const [i, action] of ['rectify', 'close'].entries()) appendFact(room.doc, 'thing', f.recordId, { action, by: ACTOR.id, byName: ACTOR.name, at: at(f.close, i + 1) })
      } else {
        f.recordId = createRecord(room.doc, incident, { title: '夜间撬门', description: '巡逻发现', occurredAt: f.day, channel: '网格巡查', workType: '一般性', reporter: SECRET_NAME }, ACTOR, at(f.day))
        if (f.close) appendFact(room.doc, 'incident', f.recordId, { action: 'onsite', by: ACTOR.id, byName: ACTOR.name, at: at(f.close, 1) })
      }
    }
    await room.flush()
  })
  await relay.relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) => {
    for (const [g, group] of p.groups.entries()) {
      const groupId = (group.id = addGroup(room.doc, { name: `${g + 1}组第1联动小组`, villagerGroup: `${g + 1}组`, gridId }))
      for (const h of group.households) {
        moveHousehold(room.doc, h.id, groupId, ACTOR.id, h.join)
        if (h.leave) moveHousehold(room.doc, h.id, null, ACTOR.id, h.leave)
      }
      for (const date of group.duty) {
        const r = recordDuty(room.doc, { groupId, householdId: group.households[0]!.id, type: 'inspection', date, checks: { appearance: true, sanitation: true, facilities: true }, by: ACTOR.id, byName: ACTOR.name }, today)
        if (!r.ok) throw new Error(JSON.stringify(r.errors))
      }
    }
    for (const f of p.findings) addRaised(room.doc, { dutyId: 'd', recordKind: f.kind, gridId, recordId: f.recordId!, at: at(f.day), by: ACTOR.id })
    await room.flush()
  })
}

const monthOf = (d: string) => d.slice(0, 7)
const nextMonth = (m: string) => monthOf(addDays(`${m}-28`, 5))

/** The figures counted from the plan by the rules in shared/liulian/figures.ts's header. */
function expected(p: VillagePlan, key: string, today: string) {
  const period = parseReportPeriod(key)!
  const asOf = period.end < today ? period.end : today
  const inGroupOn = (h: HouseholdPlan, d: string) => h.join <= d && (h.leave === undefined || h.leave > d)
  let groups = 0
  let households = 0
  let due = 0
  let done = 0
  for (const g of p.groups) {
    const start = g.households.map((h) => h.join).sort()[0]
    if (start === undefined || start > asOf) continue
    groups++
    households += g.households.filter((h) => inGroupOn(h, asOf)).length
    for (let m = monthOf(start); m <= monthOf(asOf); m = nextMonth(m)) {
      if (m < monthOf(period.start)) continue
      const first = `${m}-01` > start ? `${m}-01` : start
      if (!g.households.some((h) => inGroupOn(h, first))) continue
      due++
      if (g.duty.some((d) => monthOf(d) === m && d <= asOf)) done++
    }
  }
  const raised = p.findings.filter((f) => f.day >= period.start && f.day <= asOf)
  return { groups, households, dutyMonthsDue: due, dutyMonthsDone: done, findingsRaised: raised.length, findingsClosed: raised.filter((f) => f.close !== undefined && f.close <= asOf).length }
}

let relay: TestRelay
const villages: { id: string; plan: VillagePlan }[] = []
const TODAY = shanghaiDate()

beforeAll(async () => {
  relay = await startTestRelay()
  const second = await createVillage(relay.url, relay.token, '乙村')
  villages.push({ id: relay.villageId, plan: plan(31, TODAY) }, { id: second, plan: plan(32, TODAY) })
  for (const v of villages) await writeVillage(relay, v.id, v.plan, TODAY)
}, 60_000)

afterAll(async () => {
  await relay?.close()
})

describe('the township dashboard’s 六联 figures', () => {
  it.each(['2026-07', '2026-Q2', '2026-H2', '2026', '2025', '2020', monthOf(TODAY)])('%s equals the count made from the plan, village by village', async (period) => {
    const res = await api(relay.url, `/api/reports/township/dashboard?period=${period}`, { token: relay.token })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const got = townshipDashboardSchema.parse(res.json)
    for (const v of villages) {
      const row = got.villages.find((r) => r.villageId === v.id)!
      expect(row.liulian).toEqual(expected(v.plan, period, TODAY))
    }
  })

  it('has figures worth checking: the year has groups, months missed and findings both open and closed', async () => {
    const res = await api(relay.url, '/api/reports/township/dashboard?period=2026', { token: relay.token })
    const got = townshipDashboardSchema.parse(res.json)
    const f = got.villages.map((v) => v.liulian!)
    const sum = (pick: (x: (typeof f)[number]) => number) => f.reduce((n, x) => n + pick(x), 0)
    expect(sum((x) => x.groups)).toBe(8)
    expect(sum((x) => x.households)).toBeGreaterThan(0)
    expect(sum((x) => x.dutyMonthsDone)).toBeGreaterThan(0)
    expect(sum((x) => x.dutyMonthsDone)).toBeLessThan(sum((x) => x.dutyMonthsDue))
    expect(sum((x) => x.findingsClosed)).toBeGreaterThan(0)
    expect(sum((x) => x.findingsClosed)).toBeLessThan(sum((x) => x.findingsRaised))
  })

  it('carries counts only, and leaves GET /api/reports/township as it was', async () => {
    const res = await api(relay.url, '/api/reports/township/dashboard?period=2026', { token: relay.token })
    const body = JSON.stringify(res.json)
    for (const v of (res.json as { villages: { liulian: Record<string, unknown> }[] }).villages) {
      expect(Object.keys(v.liulian).sort()).toEqual(['dutyMonthsDone', 'dutyMonthsDue', 'findingsClosed', 'findingsRaised', 'groups', 'households'])
      for (const n of Object.values(v.liulian)) expect(typeof n).toBe('number')
    }
    for (const h of villages.flatMap((v) => v.plan.groups.flatMap((g) => g.households))) expect(body).not.toContain(h.id)
    expect(body).not.toContain(SECRET_NAME)
    const report = await fetchFrom(relay.url, '/api/reports/township?period=2026', { headers: { authorization: `Bearer ${relay.token}` } })
    const text = await report.text()
    expect(report.status).toBe(200)
    expect(text).not.toContain('liulian')
    expect(text).not.toContain('dutyMonths')
  })
})
