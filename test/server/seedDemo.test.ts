/**
 * The demo seeder: the default plan's scale (DOMAIN.md §7.4) and the village-scale plan,
 * reproducible output, and a full run into a temp DATA_DIR served by a real relay, where the demo
 * grid worker signs in, sees only their grid, and every record of every doc is schema-valid with
 * the workflow mix the plan promises.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postsHeldBy, readPosts } from '../../shared/liulian/emergency.js'
import { readBoardInfo, readGridStaff } from '../../shared/liulian/gridStaff.js'
import { readTaskLedger, taskCounts } from '../../shared/minutes/taskLedger.js'
import * as Y from 'yjs'
import { defaultConfig } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { demoPlan, planTotals } from '../../server/seed/plan.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, SeedRefused, type SeedSummary } from '../../server/seed/seedDemo.js'
import { generateVillage } from '../../server/seed/village.js'
import { openStore } from '../../server/storage/openStore.js'
import { fromBase64, manifestSchema, syncResponseSchema, toBase64 } from '../../shared/api/sync.js'
import { addDays } from '../../shared/civilDate.js'
import { parseDocName } from '../../shared/docNames.js'
import { parseIdNumber } from '../../shared/ledger/idNumber.js'
import { kindDef, RECORD_KINDS } from '../../shared/ledger/kinds/index.js'
import { CARE_CATEGORIES, SPECIAL_CATEGORIES } from '../../shared/ledger/kinds/sensitive.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { raisedFrom } from '../../shared/ledger/patrol.js'
import { tenantsOf } from '../../shared/ledger/floating.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { myCases, myCasesAcross } from '../../shared/ledger/myCases.js'
import { validateRecord } from '../../shared/ledger/validate.js'
import { disputeStatus } from '../../shared/ledger/workflows/dispute.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { listGrids } from '../../shared/metaDoc.js'
import { listDecisions } from '../../shared/decisions/decisionsDoc.js'
import { meetingTypeFor } from '../../shared/decisions/meetingTypes.js'
import { deriveProgress } from '../../shared/decisions/progress.js'
import { listMeetings } from '../../shared/meetingIndex.js'
import { minutesHash } from '../../shared/minutes/canonical.js'
import { missingMeetings } from '../../shared/minutes/cadence.js'
import { latestFinal, readRows } from '../../shared/minutes/minutesDoc.js'
import { verifyChain } from '../../shared/notices/chain.js'
import { noticeListSchema } from '../../shared/api/notices.js'
import { versionListSchema } from '../../shared/api/minutes.js'
import { api } from '../helpers/api.js'
import { freshPostgresDatabase, requirePostgres, SKIP_REASON } from '../helpers/postgres.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'

const TODAY = '2026-11-23'
const pgUp = await requirePostgres('the PostgreSQL run of the demo seeder')

/** Runs the `npm run seed:demo` command line itself; resolves with its exit code and output. */
function runSeedCli(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/seed/demo.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    )
  })
}

describe('demo plans', () => {
  it('builds the township of DOMAIN.md §7.4: 11 villages, one with two grids, ≈2,000 households', () => {
    const plan = demoPlan('township')
    expect(planTotals(plan)).toEqual({ villages: 11, grids: 12, households: 1990, disputes: 194, incidents: 18, openIncidents: 1 })
    expect(plan.villages.map((v) => v.grids.length).sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2])
    for (const grid of plan.villages.flatMap((v) => v.grids)) expect(grid.households).toBeGreaterThanOrEqual(100)
    for (const grid of plan.villages.flatMap((v) => v.grids)) expect(grid.households).toBeLessThanOrEqual(300)
    expect(new Set(plan.villages.flatMap((v) => v.grids.flatMap((g) => g.special)))).toEqual(new Set(SPECIAL_CATEGORIES))
    expect(new Set(plan.villages.flatMap((v) => v.grids.flatMap((g) => g.care)))).toEqual(new Set(CARE_CATEGORIES))
  })

  it('builds the benchmark village: 5,000 households in 10 grids, ≈16,000 residents', () => {
    const plan = demoPlan('village')
    expect(planTotals(plan)).toMatchObject({ villages: 1, grids: 10, households: 5000 })
    const village = generateVillage(plan.villages[0]!, { seed: 7, today: TODAY, township: plan.township })
    const residents = village.grids.reduce((n, g) => n + g.counts.residents, 0)
    expect(residents).toBeGreaterThan(15_500)
    expect(residents).toBeLessThan(17_000)
  })

  it('is reproducible: the same seed and day give byte-identical docs', () => {
    const plan = demoPlan('township').villages[10]!
    const a = generateVillage(plan, { seed: 1, today: TODAY, township: '青山镇' })
    const b = generateVillage(plan, { seed: 1, today: TODAY, township: '青山镇' })
    const c = generateVillage(plan, { seed: 2, today: TODAY, township: '青山镇' })
    expect(Y.encodeStateAsUpdate(a.grids[0]!.ledger)).toEqual(Y.encodeStateAsUpdate(b.grids[0]!.ledger))
    expect(Y.encodeStateAsUpdate(a.meta)).toEqual(Y.encodeStateAsUpdate(b.meta))
    expect(Y.encodeStateAsUpdate(a.grids[0]!.ledger)).not.toEqual(Y.encodeStateAsUpdate(c.grids[0]!.ledger))
  })
})

describe('npm run seed:demo into a data dir, served by a relay', () => {
  let summary: SeedSummary
  let relay: TestRelay
  const dataDir = mkdtempSync(join(tmpdir(), 'cunwu-seed-'))

  beforeAll(async () => {
    const store = await openStore(defaultConfig({ dataDir }), createLogger('error'))
    try {
      summary = await seedDemo(store, { scale: 'township', seed: 20261123, today: TODAY })
      await expect(seedDemo(store, { scale: 'township', seed: 1, today: TODAY })).rejects.toThrow(SeedRefused)
      expect((await store.accounts.listVillages()).length).toBe(11)
    } finally {
      await store.close()
    }
    relay = await startTestRelay({}, dataDir)
  })
  afterAll(() => relay?.close())

  async function pullAll(token: string): Promise<Map<string, Y.Doc>> {
    const manifest = manifestSchema.parse((await api(relay.url, '/api/sync/manifest', { token })).json)
    const empty = toBase64(Y.encodeStateVector(new Y.Doc()))
    const docs = new Map<string, Y.Doc>()
    for (let i = 0; i < manifest.docs.length; i += 50) {
      const batch = manifest.docs.slice(i, i + 50).map((d) => ({ name: d.name, stateVector: empty }))
      const response = syncResponseSchema.parse((await api(relay.url, '/api/sync', { token, body: { docs: batch } })).json)
      for (const result of response.docs) {
        if ('error' in result) throw new Error(`${result.name}: ${result.error}`)
        const doc = new Y.Doc()
        Y.applyUpdate(doc, fromBase64(result.update))
        docs.set(result.name, doc)
      }
    }
    return docs
  }

  it('gives every demo account a password hash (and salt) of its own', async () => {
    const hashes = await Promise.all(DEMO_ACCOUNTS.map(async (a) => (await relay.store.accounts.findUserByPhone(a.phone))?.passwordHash))
    expect(hashes.every((h) => h?.startsWith('scrypt$'))).toBe(true)
    expect(new Set(hashes.map((h) => h?.split('$')[4])).size).toBe(DEMO_ACCOUNTS.length)
  })

  it('lets the demo grid worker sign in and open exactly their own grid', async () => {
    const worker = DEMO_ACCOUNTS.find((a) => a.role === 'grid_worker')!
    const token = await login(relay.url, worker.phone, DEMO_PASSWORD)
    const docs = await pullAll(token)
    const village = summary.villages[worker.village]!
    const grid = village.grids[worker.grid!]!
    // A grid worker opens no minutes and no decisions, however many the village has; the 六联 doc they work in.
    expect([...docs.keys()].sort()).toEqual([`${village.id}/ledger/${grid.id}`, `${village.id}/meta`, `${village.id}/sensitive/${grid.id}`, `${village.id}/liulian`].sort())
    expect(listGrids(docs.get(`${village.id}/meta`)!).map((g) => g.name)).toEqual(['第一网格', '第二网格'])
    expect(listRecords(docs.get(`${village.id}/ledger/${grid.id}`)!, 'household', grid.id)).toHaveLength(250)
  })

  it('gives the demo grid worker and secretary open cases of their own, so 我的案件 shows them', async () => {
    const worker = DEMO_ACCOUNTS.find((a) => a.role === 'grid_worker')!
    const village = summary.villages[worker.village]!
    const grid = village.grids[worker.grid!]!
    const ledger = (await pullAll(relay.token)).get(`${village.id}/ledger/${grid.id}`)!
    const records = { incident: listRecords(ledger, 'incident', grid.id), dispute: listRecords(ledger, 'dispute', grid.id), thing: listRecords(ledger, 'thing', grid.id) }
    const workerUser = (await relay.store.accounts.findUserByPhone(worker.phone))!
    const workerCases = myCases(records, { id: workerUser.id, name: workerUser.name }, TODAY)
    expect(workerCases.length).toBeGreaterThan(0)
    expect(workerCases.every((c) => c.role === '责任人' || c.role === '上报人')).toBe(true)
    const secretary = (await relay.store.accounts.findUserByPhone('13900000001'))!
    expect(myCases(records, { id: secretary.id, name: secretary.name }, TODAY).map((c) => c.role)).toContain('包案领导')
  })

  it('names the township admin 包案领导 of a dispute taken on in several villages, so 我的案件·各村 shows them', async () => {
    const docs = await pullAll(relay.token)
    const admin = (await relay.store.accounts.findUserByPhone(summary.admin.phone))!
    const villages = summary.villages.map((v) => {
      const of = (kind: string) => v.grids.flatMap((g) => listRecords(docs.get(`${v.id}/ledger/${g.id}`)!, kind, g.id))
      return { villageId: v.id, villageName: v.name, incident: of('incident'), dispute: of('dispute'), thing: of('thing') }
    })
    const cases = myCasesAcross(villages, { id: admin.id, name: admin.name }, TODAY)
    expect(new Set(cases.map((c) => c.villageId)).size).toBeGreaterThanOrEqual(2)
    expect(cases.every((c) => c.role === '包案领导' && c.units.lead === '镇综治中心' && c.units.co === '镇司法所、派出所')).toBe(true)
  })

  it('ties the demo accounts to their village’s 平急结合 posts, so 我的岗位 shows them', async () => {
    const docs = await pullAll(relay.token)
    const held = async (phone: string) => {
      const account = DEMO_ACCOUNTS.find((a) => a.phone === phone)!
      const user = (await relay.store.accounts.findUserByPhone(phone))!
      return postsHeldBy(readPosts(docs.get(`${summary.villages[account.village]!.id}/liulian`)!), user.id).map((p) => p.post)
    }
    expect(await held('13900000001')).toEqual(['应急总指挥'])
    expect(await held('13900000003')).toHaveLength(1)
    expect(await held('13900000005')).toHaveLength(1)
    expect(await held('13900000004')).toEqual([])
  })

  it('mirrors the demo meetings’ 工作任务 into the 工作任务台账: the old ones done, the last fortnight’s open, some overdue', async () => {
    const docs = await pullAll(relay.token)
    const counts = taskCounts(readTaskLedger(docs.get(`${summary.villages[0]!.id}/meta`)!, TODAY))
    expect(counts.done).toBeGreaterThan(10)
    expect(counts.open).toBeGreaterThan(0)
    expect(counts.overdue).toBeGreaterThan(0)
  })

  it('publishes the first village’s grid staff and 监督电话, so the 网格员公示 page is not empty', async () => {
    const docs = await pullAll(relay.token)
    const liulian = docs.get(`${summary.villages[0]!.id}/liulian`)!
    const first = readGridStaff(liulian).get(summary.villages[0]!.grids[0]!.id)!
    expect(first.map((s) => `${s.name}（${s.title}）`)).toEqual(['王书记（网格长）', '张网格（专职网格员）'])
    expect(readBoardInfo(liulian)).toEqual({ supervisionPhone: '13900000004', supervisionUnit: '村务监督委员会' })
    expect(readGridStaff(docs.get(`${summary.villages[1]!.id}/liulian`)!).size).toBe(0)
  })

  it('gives each demo grid worker 四培 records and 民主测评 scores up to the month before last, and closes no period', async () => {
    for (const phone of ['13900000003', '13900000005']) {
      const user = (await relay.store.accounts.findUserByPhone(phone))!
      const training = await relay.store.assessment.listTraining(user.id)
      expect(training.map((t) => t.kind)).toEqual(expect.arrayContaining(['岗前培训', '帮带培训']))
      expect(training.length).toBeGreaterThanOrEqual(5)
      // Nothing in last month or this one: those are left to enter.
      expect(training.every((t) => t.date < '2026-10-01')).toBe(true)
      for (const period of ['2026-07', '2026-08', '2026-09']) {
        const rating = (await relay.store.assessment.ratings(period)).find((r) => r.userId === user.id)
        expect(rating?.score).toBeGreaterThanOrEqual(75)
        expect(rating?.score).toBeLessThanOrEqual(95)
      }
      expect((await relay.store.assessment.ratings('2026-10')).some((r) => r.userId === user.id)).toBe(false)
    }
    expect(await relay.store.assessment.getSnapshot('2026-09')).toBeNull()
  })

  it('holds only schema-valid records, with the promised counts, statuses and categories', async () => {
    const docs = await pullAll(relay.token)
    // …and the 联网联户 linkage docs: 3 in the first village, 2 in each of the other ten; one 六联 doc per village.
    expect(docs.size).toBe(11 + 12 * 2 + 11 + summary.totals.meetings + 3 + 10 * 2 + 11)
    const counts = new Map<string, number>()
    const invalid: string[] = []
    const disputes: ReturnType<typeof disputeStatus>[] = []
    const incidents: ReturnType<typeof incidentStatus>[] = []
    const fromPatrols: { status: ReturnType<typeof incidentStatus>; occurredAt: string }[] = []
    let raisedLinks = 0
    const categories = new Set<string>()
    const rentals: LedgerRecord[] = []
    const residents: LedgerRecord[] = []
    for (const [name, doc] of docs) {
      const ref = parseDocName(name)!
      if (ref.kind !== 'ledger' && ref.kind !== 'sensitive') continue
      for (const def of RECORD_KINDS.filter((k) => k.doc === ref.kind)) {
        for (const record of listRecords(doc, def.kind, ref.gridId)) {
          counts.set(def.kind, (counts.get(def.kind) ?? 0) + 1)
          const result = validateRecord(kindDef(def.kind)!, record.values, TODAY)
          if (!result.ok) invalid.push(`${def.kind} ${JSON.stringify(result.errors)}`)
          if (def.kind === 'resident' && !parseIdNumber(String(record.values.idNumber), TODAY).ok) invalid.push(`bad ID ${record.id}`)
          if (def.kind === 'dispute') disputes.push(disputeStatus(record, TODAY))
          // A patrol's finding raised this week (server/seed/patrols.ts) is an incident beside the plan's.
          if (def.kind === 'incident' && String(record.values.title).startsWith('巡查发现：')) fromPatrols.push({ status: incidentStatus(record, TODAY), occurredAt: String(record.values.occurredAt) })
          else if (def.kind === 'incident') incidents.push(incidentStatus(record, TODAY))
          if (def.kind === 'patrol') raisedLinks += raisedFrom(record).filter((r) => r.target === 'incident').length
          if (def.kind === 'specialPerson') for (const c of record.values.categories as string[]) categories.add(c)
          if (def.kind === 'careRecord') categories.add(String(record.values.category))
          if (def.kind === 'place' && record.values.placeType === '出租屋') rentals.push(record)
          if (def.kind === 'resident') residents.push(record)
        }
      }
    }
    expect(invalid).toEqual([])
    expect(counts.get('household')).toBe(1990)
    expect(counts.get('resident')).toBe(summary.totals.residents)
    expect(summary.totals.residents / 1990).toBeGreaterThan(3.1)
    expect(summary.totals.residents / 1990).toBeLessThan(3.5)
    expect(counts.get('visit')).toBe(summary.totals.visits)
    for (const kind of ['place', 'thing', 'organisation']) expect(counts.get(kind)).toBeGreaterThan(0)
    // Every transition of every workflow is a valid one.
    expect([...disputes, ...incidents].flatMap((s) => s.rejected)).toEqual([])
    expect(counts.get('patrol')).toBe(summary.totals.patrols)
    expect(summary.totals.patrols).toBeGreaterThan(20 * 12)
    // About a fifth of the households checked (server/seed/environment.ts), every check valid above.
    expect(counts.get('environment')).toBe(summary.totals.environment)
    expect(summary.totals.environment / 1990).toBeGreaterThan(0.15)
    expect(summary.totals.environment / 1990).toBeLessThan(0.3)
    // Most rentals have their tenants registered (server/seed/tenants.ts): floating residents living
    // there, as many as the rental's 居住人数 and named in its 租住人员.
    const registered = rentals.map((p) => ({ place: p, here: tenantsOf(residents, p.id, TODAY).here })).filter((r) => r.here.length > 0)
    expect(registered.length / rentals.length).toBeGreaterThan(0.4)
    for (const { place, here } of registered) {
      expect(place.values.tenantCount).toBe(here.length)
      expect(here.every((r) => r.values.residenceType === '流动' && String(place.values.tenants).includes(String(r.values.name)))).toBe(true)
    }
    expect(fromPatrols.length).toBe(raisedLinks)
    expect(fromPatrols.length).toBeGreaterThan(0)
    expect(fromPatrols.every((i) => i.occurredAt >= addDays(TODAY, -4) && !i.status.done && !i.status.overdue && i.status.rejected.length === 0)).toBe(true)
    expect(incidents).toHaveLength(18)
    expect(incidents.filter((s) => s.done)).toHaveLength(17)
    expect(disputes).toHaveLength(194)
    const open = disputes.filter((s) => s.outcome === 'open')
    expect(disputes.filter((s) => s.outcome === 'unsettled')).toEqual([])
    expect(open.filter((s) => s.overdue)).toHaveLength(2)
    expect(open.length).toBeLessThan(15)
    expect(categories).toEqual(new Set([...SPECIAL_CATEGORIES, ...CARE_CATEGORIES]))
    // Every resident's ID number is unique across the township.
    const ids = [...docs].flatMap(([name, doc]) => (name.includes('/ledger/') ? listRecords(doc, 'resident', '').map((r) => r.values.idNumber) : []))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('gives every village a year of minutes, 四议两公开 records that pass their rules, and a notice chain', async () => {
    const docs = await pullAll(relay.token)
    const today = TODAY
    expect(summary.totals.finalised / summary.totals.meetings).toBeGreaterThan(0.8)
    expect(summary.totals.finalised).toBeLessThan(summary.totals.meetings)
    for (const village of summary.villages) {
      const meta = docs.get(`${village.id}/meta`)!
      const meetings = listMeetings(meta)
      expect(meetings.filter((m) => m.date >= '2025-11-23').length).toBeGreaterThan(80)
      // Every expected cadence is kept over the checked periods: the list flags nothing.
      expect(missingMeetings(meetings, today)).toEqual([])
      const minutes = (id: string) => docs.get(`${village.id}/minutes/${id}`)!
      // Finalised through the server's path: the stamp's hash is the doc's hash and the stored version's.
      const finalised = meetings.filter((m) => latestFinal(minutes(m.id)))
      for (const m of finalised.slice(0, 12)) {
        const stamp = latestFinal(minutes(m.id))!
        expect(stamp.hash).toBe((await minutesHash(minutes(m.id))).hash)
        const versions = versionListSchema.parse((await api(relay.url, `/api/minutes/${village.id}/${m.id}/versions`, { token: relay.token })).json).versions
        expect(versions.map((v) => [v.kind, v.hash])).toEqual([['final', stamp.hash]])
      }
      // Decisions: each linked meeting is of the step's kind and the counts are the minutes' own.
      const typeOf = (id: string) => meetings.find((m) => m.id === id)?.type
      const records = listDecisions(docs.get(`${village.id}/decisions`)!)
      const statuses = records.map(({ record, facts }) => {
        const progress = deriveProgress(record, facts, typeOf)
        expect(progress.conflicts).toEqual([])
        for (const step of progress.steps) {
          if (step.fact?.type !== 'meeting') continue
          expect(typeOf(step.fact.meetingId)).toBe(meetingTypeFor(step.fact.step, step.fact))
          const doc = minutes(step.fact.meetingId)
          const attendees = readRows(doc, 'attendees')
          const vote = readRows(doc, 'resolutions')[0]!
          expect([step.fact.eligible, step.fact.present, step.fact.for, step.fact.against, step.fact.abstain]).toEqual([
            attendees.length,
            attendees.filter((a) => a.attendance === 'present').length,
            Number(vote.for),
            Number(vote.against),
            Number(vote.abstain),
          ])
        }
        return progress.status
      })
      expect(statuses.sort()).toEqual(['completed', 'completed', 'draft', 'in_progress', 'in_progress'])
      // The notice chain is intact and discloses each completed decision twice.
      const notices = noticeListSchema.parse((await api(relay.url, `/api/notices/${village.id}`, { token: relay.token })).json).notices
      expect(await verifyChain(notices)).toMatchObject({ intact: true, count: notices.length })
      expect(notices.filter((n) => n.kind === 'decision_resolution')).toHaveLength(3)
      expect(notices.filter((n) => n.kind === 'decision_result')).toHaveLength(2)
      expect(notices.some((n) => n.kind === 'finance')).toBe(true)
    }
    // The first village's supervisor confirmed its 村民代表会议 minutes before they were finalised.
    const first = summary.villages[0]!
    const assembly = listMeetings(docs.get(`${first.id}/meta`)!).find((m) => m.type === 'representatives' && latestFinal(docs.get(`${first.id}/minutes/${m.id}`)!))!
    const versions = versionListSchema.parse((await api(relay.url, `/api/minutes/${first.id}/${assembly.id}/versions`, { token: relay.token })).json).versions
    expect(versions[0]!.confirmations.map((c) => c.name)).toEqual(['赵监督'])
    expect(versions[0]!.byName).toBe('王书记')
  })
})

describe.skipIf(!pgUp)(`seed:demo on PostgreSQL (DATABASE_URL) ${pgUp ? '' : SKIP_REASON}`, () => {
  it('writes the village-scale set through the command line, then refuses a second run', async () => {
    const db = await freshPostgresDatabase('cunwu_seed')
    try {
      const first = await runSeedCli({ DATABASE_URL: db.url }, ['--scale', 'village'])
      expect(first.stderr).toBe('')
      expect(first.code).toBe(0)
      expect(first.stdout).toContain('1 个村、10 个网格、5000 户')
      expect(first.stdout).toContain('13900000003 / demo-pass-123')
      const store = await openStore(defaultConfig({ databaseUrl: db.url }), createLogger('error'))
      try {
        const [village] = await store.accounts.listVillages()
        expect((await store.accounts.listVillages()).length).toBe(1)
        // meta, 10 ledgers and 10 sensitive docs, the decisions doc, one doc per meeting, 3 linkage docs.
        const meetings = Number(/(\d+) 次会议记录/.exec(first.stdout)?.[1])
        expect(meetings).toBeGreaterThan(80)
        expect((await store.docs.docVersions(village!.id)).size).toBe(1 + 10 * 2 + 1 + meetings + 3 + 1)
        expect(await store.accounts.findUserByPhone('13900000003')).toMatchObject({ role: 'grid_worker' })
      } finally {
        await store.close()
      }
      const second = await runSeedCli({ DATABASE_URL: db.url })
      expect(second.code).toBe(1)
      expect(second.stderr).toContain('数据库里已经有 1 个村庄')
    } finally {
      await db.drop()
    }
  })
})

describe('seed:demo command line', () => {
  it('refuses an unknown scale before touching any store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cunwu-seed-cli-'))
    try {
      const result = await runSeedCli({ DATA_DIR: dataDir }, ['--scale', 'city'])
      expect(result).toMatchObject({ code: 2, stderr: '--scale 只能是 township 或 village\n' })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
