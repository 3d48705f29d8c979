/**
 * /api/assessment on a real relay (issue #16 item 4): the township admin sets weights (summing
 * to 100), enters training records and 民主测评, reads the ranking built from each grid worker's
 * own grids, and closes a period, which keeps its scores while a later ledger record shows as a
 * difference; the 考核表 comes as a workbook with the closed period's scores. Everyone else gets 403 on the township's endpoints; a grid worker reads only their
 * own score and training, and no resident's or other worker's name reaches them, the logs or
 * the audit log.
 */
import ExcelJS from 'exceljs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRelay, type RunningRelay } from '../../server/app.js'
import type { Logger } from '../../server/log.js'
import { assessmentHistorySchema, myAssessmentSchema, townshipAssessmentSchema, trainingListSchema, trainingRecordSchema, type AssessmentEntry } from '../../shared/api/assessment.js'
import { DEFAULT_SETTINGS } from '../../shared/assessment/weights.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { api, fetchFrom } from '../helpers/api.js'
import { ADMIN, createVillage, login } from '../helpers/relay.js'

const lines: string[] = []
const capture = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ level, event, ...fields }))
const log: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') }
const ACTOR = { id: 'u1', name: '录入人' }
const RESIDENT = '钱多多'
const dir = mkdtempSync(join(tmpdir(), 'cunwu-assess-'))
let relay: RunningRelay
let admin: string
let villageId: string
const grids: string[] = []
const workers: { id: string; token: string; name: string }[] = []
let cadre: string

async function inGrid(gridId: string, write: (doc: Parameters<typeof createRecord>[0]) => void) {
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => {
    write(room.doc)
    await room.flush()
  })
}

async function member(phone: string, name: string, role: 'village_cadre' | 'grid_worker', gridIds: string[]): Promise<{ id: string; token: string }> {
  const created = await api(relay.url, '/api/users', { token: admin, body: { phone, name, password: 'a-long-pass-123', role } })
  expect(created.status).toBe(201)
  const id = (created.json as { id: string }).id
  expect((await api(relay.url, `/api/users/${id}/memberships/${villageId}`, { token: admin, method: 'PUT', body: { role, gridIds, sensitive: false } })).status).toBe(200)
  return { id, token: await login(relay.url, phone, 'a-long-pass-123') }
}

const entryOf = (entries: readonly AssessmentEntry[], userId: string) => entries.find((e) => e.userId === userId)!
const score = (entry: AssessmentEntry, key: string) => entry.components.find((c) => c.key === key)!.score

beforeAll(async () => {
  relay = await startRelay({ dataDir: dir, adminPhone: ADMIN.phone, adminPassword: ADMIN.password, logLevel: 'debug' }, log)
  admin = await login(relay.url)
  villageId = await createVillage(relay.url, admin, '考核村')
  await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
    grids.push(addGrid(room.doc, { name: '第一网格', code: '01' }), addGrid(room.doc, { name: '第二网格', code: '02' }))
    await room.flush()
  })
  workers.push({ ...(await member('13700000401', '周网格', 'grid_worker', [grids[0]!])), name: '周网格' })
  workers.push({ ...(await member('13700000402', '吴网格', 'grid_worker', [grids[1]!])), name: '吴网格' })
  cadre = (await member('13700000403', '郑主任', 'village_cadre', [])).token
  // Grid one in October: two disputes (one settled), an incident closed by its 时限, a complete household.
  await inGrid(grids[0]!, (doc) => {
    const d1 = createRecord(doc, dispute, { summary: '宅基地纠纷', parties: RESIDENT, discoveredAt: '2026-10-03', category: '邻里纠纷', severity: '一般' }, ACTOR, '2026-10-03T02:00:00.000Z')
    appendFact(doc, 'dispute', d1, { action: 'settle', by: ACTOR.id, byName: ACTOR.name, at: '2026-10-05T02:00:00.000Z' })
    createRecord(doc, dispute, { summary: '噪音纠纷', parties: RESIDENT, discoveredAt: '2026-10-09', category: '邻里纠纷', severity: '一般' }, ACTOR, '2026-10-09T02:00:00.000Z')
    const i1 = createRecord(doc, incident, { title: '路灯坏', description: '路灯坏', occurredAt: '2026-10-02', channel: '网格巡查', workType: '一般性', reporter: RESIDENT, deadline: '2026-10-10' }, ACTOR, '2026-10-02T02:00:00.000Z')
    appendFact(doc, 'incident', i1, { action: 'onsite', by: ACTOR.id, byName: ACTOR.name, at: '2026-10-04T02:00:00.000Z' })
    createRecord(doc, household, { householdNo: '001', headName: RESIDENT, address: '一组1号', villagerGroup: '一组', phone: '13812345678' }, ACTOR, '2026-09-01T02:00:00.000Z')
  })
  // Grid two: one household with no phone or 村民小组.
  await inGrid(grids[1]!, (doc) => void createRecord(doc, household, { householdNo: '002', headName: '孙某', address: '二组' }, ACTOR, '2026-09-01T02:00:00.000Z'))
}, 60_000)

afterAll(async () => {
  await relay?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the township’s endpoints', () => {
  it('refuse everyone but the township admin with 403', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/assessment/settings'],
      ['PUT', '/api/assessment/settings', DEFAULT_SETTINGS],
      ['POST', '/api/assessment/training', { userId: 'x', kind: '岗前培训', date: '2026-10-01', topic: 't', hours: 1 }],
      ['DELETE', '/api/assessment/training/x'],
      ['PUT', '/api/assessment/ratings/2026-10/x', { score: 90 }],
      ['GET', '/api/assessment/township?period=2026-10'],
      ['GET', '/api/assessment/township/history'],
      ['POST', '/api/assessment/snapshots', { period: '2026-10' }],
    ]
    for (const token of [cadre, workers[0]!.token]) {
      for (const [method, path, body] of calls) {
        const res = await api(relay.url, path, { token, method, body })
        expect(res.status, `${method} ${path}`).toBe(403)
        expect((res.json as { error: string }).error).toBe('只有乡镇管理员可以办理四培五考')
      }
    }
    expect((await api(relay.url, '/api/assessment/township?period=2026-10')).status).toBe(401)
  })

  it('keep weights that add up to 100, and refuse others in Chinese', async () => {
    const read = await api(relay.url, '/api/assessment/settings', { token: admin })
    expect(read.json).toEqual({ settings: DEFAULT_SETTINGS, updatedAt: null })
    const bad = await api(relay.url, '/api/assessment/settings', { token: admin, method: 'PUT', body: { ...DEFAULT_SETTINGS, weights: { ...DEFAULT_SETTINGS.weights, visits: 30 } } })
    expect(bad.status).toBe(400)
    expect(bad.json).toEqual({ error: '各项权重合计应为 100，现在是 105', field: 'weights' })
    const weights = { visits: 20, onTime: 20, disputes: 20, completeness: 20, overdue: 10, rating: 10 }
    expect((await api(relay.url, '/api/assessment/settings', { token: admin, method: 'PUT', body: { weights, overdueDeduction: 5 } })).status).toBe(200)
    expect((read.json as { settings: unknown }).settings).toEqual(DEFAULT_SETTINGS)
    expect(((await api(relay.url, '/api/assessment/settings', { token: admin })).json as { settings: unknown }).settings).toEqual({ weights, overdueDeduction: 5 })
  })

  it('take training records for grid workers only, with clear refusals', async () => {
    const add = (body: unknown) => api(relay.url, '/api/assessment/training', { token: admin, body })
    const ok = await add({ userId: workers[0]!.id, kind: '岗前培训', date: '2026-10-08', topic: '网格员职责与台账', hours: 3, trainer: '镇综治办' })
    expect(ok.status, JSON.stringify(ok.json)).toBe(201)
    expect(trainingRecordSchema.parse(ok.json)).toMatchObject({ kind: '岗前培训', hours: 3, note: '' })
    expect((await add({ userId: workers[1]!.id, kind: '帮带培训', date: '2026-10-09', topic: '入户走访', hours: 1.5 })).status).toBe(201)
    const notWorker = await add({ userId: 'nobody', kind: '业务培训', date: '2026-10-08', topic: 't', hours: 1 })
    expect(notWorker.status).toBe(404)
    const future = await add({ userId: workers[0]!.id, kind: '业务培训', date: '2099-01-01', topic: 't', hours: 1 })
    expect(future.json).toEqual({ error: '培训日期不能晚于今天', field: 'date' })
    expect(((await add({ userId: workers[0]!.id, kind: '外出考察', date: '2026-10-08', topic: 't', hours: 1 })).json as { error: string }).error).toContain('请选择培训类别')
    expect(((await add({ userId: workers[0]!.id, kind: '业务培训', date: '2026-10-08', topic: '', hours: 1 })).json as { field: string }).field).toBe('topic')
    const all = trainingListSchema.parse((await api(relay.url, '/api/assessment/training', { token: admin })).json)
    expect(all.records).toHaveLength(2)
  })

  it('rank every grid worker from their own grids, with the 民主测评 entered', async () => {
    expect((await api(relay.url, `/api/assessment/ratings/2026-10/${workers[0]!.id}`, { token: admin, method: 'PUT', body: { score: 90 } })).status).toBe(200)
    expect((await api(relay.url, `/api/assessment/ratings/2026-10/${workers[1]!.id}`, { token: admin, method: 'PUT', body: { score: 80 } })).status).toBe(200)
    const bad = await api(relay.url, `/api/assessment/ratings/2026-10/${workers[1]!.id}`, { token: admin, method: 'PUT', body: { score: 101 } })
    expect(bad.json).toEqual({ error: '测评得分不能大于 100', field: 'score' })
    expect((await api(relay.url, `/api/assessment/ratings/2026-13/${workers[1]!.id}`, { token: admin, method: 'PUT', body: { score: 80 } })).status).toBe(400)
    const res = await api(relay.url, '/api/assessment/township?period=2026-10', { token: admin })
    expect(res.status).toBe(200)
    const { ranking, submitted } = townshipAssessmentSchema.parse(res.json)
    expect(submitted).toBeNull()
    const a = entryOf(ranking.entries, workers[0]!.id)
    const b = entryOf(ranking.entries, workers[1]!.id)
    expect(a.figures).toEqual({ visits: { due: 0, met: 0 }, onTime: { due: 1, onTime: 1 }, disputes: { received: 2, resolved: 1 }, completeness: { records: 1, complete: 1 }, overdue: { incidents: 0, disputes: 0, hazards: 0 } })
    // Weights 20/20/20/20/10/10: visits not scored; 20 + 10 + 20 + 10 + 9 = 69 of 80 → 86.3.
    expect([score(a, 'visits'), score(a, 'onTime'), score(a, 'disputes'), score(a, 'completeness'), score(a, 'overdue'), score(a, 'rating')]).toEqual([null, 20, 10, 20, 10, 9])
    expect(a.total).toBe(86.3)
    // Worker two: completeness 0 of 1, 超期 10, 民主测评 8: 18 of 40 → 45.
    expect(b.total).toBe(45)
    expect(ranking.entries.map((e) => [e.name, e.rank])).toEqual([
      ['周网格', 1],
      ['吴网格', 2],
    ])
    expect(a.training).toEqual({ sessions: 1, hours: 3 })
    expect(a.villages).toEqual(['考核村'])
    expect(JSON.stringify(res.json)).not.toContain(RESIDENT)
  })

  it('close a period once; a later record shows as a difference, not a rewrite', async () => {
    const running = await api(relay.url, '/api/assessment/snapshots', { token: admin, body: { period: shanghaiDate().slice(0, 4) } })
    expect(running.json).toEqual({ error: '考核期还没有结束，结束后才能定稿' })
    const closed = await api(relay.url, '/api/assessment/snapshots', { token: admin, body: { period: '2026-10' } })
    expect(closed.status, JSON.stringify(closed.json)).toBe(201)
    const first = townshipAssessmentSchema.parse(closed.json)
    expect(first.submitted?.intact).toBe(true)
    expect(entryOf(first.ranking.entries, workers[0]!.id).total).toBe(86.3)
    await inGrid(grids[0]!, (doc) => {
      const id = createRecord(doc, dispute, { summary: '补录纠纷', parties: RESIDENT, discoveredAt: '2026-10-20', category: '邻里纠纷', severity: '一般' }, ACTOR, '2026-11-20T02:00:00.000Z')
      appendFact(doc, 'dispute', id, { action: 'settle', by: ACTOR.id, byName: ACTOR.name, at: '2026-10-25T02:00:00.000Z' })
    })
    const later = townshipAssessmentSchema.parse((await api(relay.url, '/api/assessment/township?period=2026-10', { token: admin })).json)
    expect(entryOf(later.ranking.entries, workers[0]!.id)).toEqual(entryOf(first.ranking.entries, workers[0]!.id))
    expect(later.submitted?.hash).toBe(first.submitted?.hash)
    expect(entryOf(later.current.entries, workers[0]!.id).figures.disputes).toEqual({ received: 3, resolved: 2 })
    expect(later.differences).toEqual([
      { userId: workers[0]!.id, name: '周网格', item: 'disputes', submitted: 10, current: 13.3 },
      { userId: workers[0]!.id, name: '周网格', item: 'total', submitted: 86.3, current: 90.4 },
    ])
    expect((await api(relay.url, '/api/assessment/snapshots', { token: admin, body: { period: '2026-10' } })).status).toBe(409)
    const history = assessmentHistorySchema.parse((await api(relay.url, '/api/assessment/township/history', { token: admin })).json)
    expect(history.periods).toEqual([{ period: '2026-10', submittedAt: first.submitted!.submittedAt, hash: first.submitted!.hash, workers: 2, average: 65.7 }])
  })

  it('give the closed period’s 考核表 as a workbook: the submitted scores, not the ledger’s later ones', async () => {
    const json = townshipAssessmentSchema.parse((await api(relay.url, '/api/assessment/township?period=2026-10', { token: admin })).json)
    const res = await fetchFrom(relay.url, '/api/assessment/township?period=2026-10&format=xlsx', { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('网格员“四培五考”考核表（2026年10月）.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const rows: string[][] = []
    workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(rows[0]![0]).toBe('网格员“四培五考”考核表（2026年10月）')
    expect(rows[1]![0]).toContain(`定稿，校验码 ${json.submitted!.hash.slice(0, 16)}`)
    const header = rows[2]!
    expect(header.slice(0, 6)).toEqual(['名次', '网格员', '所在村', '网格数', '总分', `走访覆盖（${json.ranking.settings.weights.visits}分）`])
    const zhou = rows.find((r) => r[1] === '周网格')!
    expect(Number(zhou[header.indexOf('总分')])).toBe(86.3)
    expect(Number(zhou[header.indexOf(`纠纷化解率（${json.ranking.settings.weights.disputes}分）`)])).toBe(10)
    expect(rows.filter((r) => r[1] === '周网格' || r[1] === '吴网格')).toHaveLength(json.ranking.entries.length)
    for (const e of json.ranking.entries) expect(rows.find((r) => r[1] === e.name)?.[0]).toBe(String(e.rank ?? '—'))
    expect(JSON.stringify(rows)).not.toContain(RESIDENT)
    const bad = await api(relay.url, '/api/assessment/township?period=2026-10&format=pdf', { token: admin })
    expect([bad.status, (bad.json as { error: string }).error]).toEqual([400, '文件格式只能是 xlsx'])
    expect((await api(relay.url, '/api/assessment/township?period=2026-10&format=xlsx', { token: cadre })).status).toBe(403)
  })
})

describe('a grid worker', () => {
  it('reads only their own score, what it is made of, and their own training', async () => {
    const res = await api(relay.url, '/api/assessment/mine?period=2026-10', { token: workers[1]!.token })
    expect(res.status).toBe(200)
    const mine = myAssessmentSchema.parse(res.json)
    expect(mine.entry.userId).toBe(workers[1]!.id)
    expect(mine.entry.total).toBe(45)
    expect(mine.submitted?.intact).toBe(true)
    expect(mine.training.map((t) => t.kind)).toEqual(['帮带培训'])
    const text = JSON.stringify(res.json)
    expect(text).not.toContain('周网格')
    expect(text).not.toContain(workers[0]!.id)
    // Their own training list; another's is refused.
    expect(trainingListSchema.parse((await api(relay.url, '/api/assessment/training', { token: workers[1]!.token })).json).records).toHaveLength(1)
    expect((await api(relay.url, `/api/assessment/training?userId=${workers[0]!.id}`, { token: workers[1]!.token })).status).toBe(403)
    // The worker whose grid changed sees the submitted score and today's difference.
    const other = myAssessmentSchema.parse((await api(relay.url, '/api/assessment/mine?period=2026-10', { token: workers[0]!.token })).json)
    expect(other.entry.total).toBe(86.3)
    expect(other.current.total).toBe(90.4)
    expect(other.differences.map((d) => d.item)).toEqual(['disputes', 'total'])
    // A running period is today's figures, with no rank of their own among others.
    const now = myAssessmentSchema.parse((await api(relay.url, `/api/assessment/mine?period=${shanghaiDate().slice(0, 7)}`, { token: workers[0]!.token })).json)
    expect(now.submitted).toBeNull()
    expect(now.entry.rank).toBeNull()
  })

  it('is the only one with a score of their own; a bad period is a 400 in Chinese', async () => {
    for (const token of [admin, cadre]) expect((await api(relay.url, '/api/assessment/mine?period=2026-10', { token })).status).toBe(403)
    const bad = await api(relay.url, '/api/assessment/mine?period=2026-Q5', { token: workers[0]!.token })
    expect(bad.status).toBe(400)
    expect((bad.json as { error: string }).error).toContain('统计期格式不对')
  })

  it('leaves no worker’s or resident’s name in the logs or the audit log', async () => {
    const logged = lines.join('\n')
    for (const name of ['周网格', '吴网格', RESIDENT, '网格员职责与台账']) expect(logged).not.toContain(name)
    const audit = await api(relay.url, '/api/audit?limit=200', { token: admin })
    const entries = (audit.json as { entries: { action: string; target: string | null; detail: string | null }[] }).entries.filter((e) => e.action.startsWith('assessment.'))
    expect(entries.map((e) => e.action).sort()).toEqual(['assessment.rating', 'assessment.rating', 'assessment.settings', 'assessment.submit', 'assessment.training', 'assessment.training'])
    for (const e of entries) for (const name of ['周网格', '吴网格', RESIDENT]) expect(`${e.target} ${e.detail}`).not.toContain(name)
  })
})
