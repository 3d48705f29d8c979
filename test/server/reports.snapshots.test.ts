/**
 * Reports upward as snapshots on a real relay (issue #16 item 2): the township admin submits the
 * township's report for a closed period; its figures are kept with the SHA-256 of their
 * canonical JSON; a record added to that period afterwards changes today's figures, not the
 * submitted ones, and shows as a difference; submitting again is refused. A village cadre
 * submits their own village's report, not another village's nor the township's; a grid worker
 * submits nothing; a running period cannot be submitted.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SQLITE_FILE } from '../../server/storage/backup.sqlite.js'
import { snapshotListSchema, snapshotSchema, type Snapshot } from '../../shared/api/reports.js'
import { canonicalJson } from '../../shared/canonicalJson.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { docName } from '../../shared/docNames.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'
import { addGrid } from '../../shared/metaDoc.js'
import { api } from '../helpers/api.js'
import { createVillage, login, startTestRelay, type TestRelay } from '../helpers/relay.js'

const ACTOR = { id: 'u1', name: '网格员' }
let relay: TestRelay
let other: string
const grids = new Map<string, string>()

async function addDispute(villageId: string, day: string, settled: boolean) {
  await relay.relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grids.get(villageId)! }), async (room) => {
    const id = createRecord(room.doc, dispute, { summary: '纠纷', parties: '当事人', discoveredAt: day, category: '邻里纠纷' }, ACTOR, `${day}T02:00:00.000Z`)
    if (settled) appendFact(room.doc, 'dispute', id, { action: 'settle', by: ACTOR.id, byName: ACTOR.name, at: `${day}T03:00:00.000Z` })
    await room.flush()
  })
}

async function member(phone: string, role: 'village_cadre' | 'grid_worker', villageId: string): Promise<string> {
  const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone, name: '成员', password: 'a-long-pass-123', role } })
  expect(created.status).toBe(201)
  const id = (created.json as { id: string }).id
  expect((await api(relay.url, `/api/users/${id}/memberships/${villageId}`, { token: relay.token, method: 'PUT', body: { role, gridIds: [], sensitive: false } })).status).toBe(200)
  return login(relay.url, phone, 'a-long-pass-123')
}

const submit = (scope: string, period: string, token = relay.token) => api(relay.url, '/api/reports/snapshots', { token, body: { scope, period } })

beforeAll(async () => {
  relay = await startTestRelay()
  other = await createVillage(relay.url, relay.token, '乙村')
  for (const villageId of [relay.villageId, other]) {
    grids.set(
      villageId,
      await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
        const id = addGrid(room.doc, { name: '第一网格', code: '01' })
        await room.flush()
        return id
      }),
    )
  }
  await addDispute(relay.villageId, '2026-10-03', true)
  await addDispute(relay.villageId, '2026-10-09', false)
  await addDispute(other, '2026-10-12', true)
}, 30_000)

afterAll(async () => {
  await relay?.close()
})

describe('a submitted township report', () => {
  let submitted: Snapshot

  it('keeps the figures with the hash of their canonical JSON', async () => {
    const res = await submit('township', '2026-10')
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    submitted = snapshotSchema.parse(res.json)
    // The hash covers everything kept: the report, its parts (a month has none), its 六联, 巡查, 人居环境 and 公益设施 figures.
    expect(submitted.parts).toEqual([])
    expect(submitted.liulian?.map((l) => l.name).sort()).toEqual(['乙村', '测试村'].sort())
    // Both villages began to use Cunwu after October: no day of it was one they should have patrolled.
    expect(submitted.patrols?.map((l) => [l.name, l.figures.gridDaysDue]).sort()).toEqual([['乙村', 0], ['测试村', 0]].sort())
    expect(submitted.environment?.map((l) => [l.name, l.figures.checks]).sort()).toEqual([['乙村', 0], ['测试村', 0]].sort())
    expect(submitted.facilities?.map((l) => [l.name, l.figures.upkeeps]).sort()).toEqual([['乙村', 0], ['测试村', 0]].sort())
    expect(submitted.hash).toBe(createHash('sha256').update(canonicalJson({ ...submitted.report, parts: submitted.parts, liulian: submitted.liulian, patrols: submitted.patrols, environment: submitted.environment, facilities: submitted.facilities })).digest('hex'))
    expect(submitted.intact).toBe(true)
    expect(submitted.differences).toEqual([])
    expect(submitted.report.totals.disputes).toEqual({ received: 3, resolved: 2, rate: 2 / 3, backlog: 0 })
  })

  it('is unchanged by a later record in its period, which shows as a difference', async () => {
    await addDispute(relay.villageId, '2026-10-20', true)
    const res = await api(relay.url, '/api/reports/snapshots/township/2026-10', { token: relay.token })
    expect(res.status).toBe(200)
    const now = snapshotSchema.parse(res.json)
    expect(now.report).toEqual(submitted.report)
    expect(now.hash).toBe(submitted.hash)
    expect(now.intact).toBe(true)
    expect(now.current.totals.disputes).toEqual({ received: 4, resolved: 3, rate: 3 / 4, backlog: 0 })
    const village = (figure: string) => now.differences.find((d) => d.villageId === relay.villageId && d.figure === figure)
    expect(village('disputes.received')).toMatchObject({ submitted: 2, current: 3, name: '测试村' })
    expect(village('disputes.resolved')).toMatchObject({ submitted: 1, current: 2 })
    expect(now.differences.find((d) => d.villageId === null && d.figure === 'disputes.received')).toMatchObject({ name: '合计', submitted: 3, current: 4 })
    expect(now.differences.some((d) => d.villageId === other)).toBe(false)
  })

  it('cannot be submitted again: the first stays as it was', async () => {
    const again = await submit('township', '2026-10')
    expect(again.status).toBe(409)
    expect((again.json as { error: string }).error).toContain('已经报送过')
    const kept = snapshotSchema.parse((await api(relay.url, '/api/reports/snapshots/township/2026-10', { token: relay.token })).json)
    expect(kept.report.totals.disputes.received).toBe(3)
    const list = snapshotListSchema.parse((await api(relay.url, '/api/reports/snapshots/township', { token: relay.token })).json)
    expect(list.snapshots).toEqual([{ period: '2026-10', submittedAt: submitted.submittedAt, hash: submitted.hash }])
  })

  it('shows when the stored figures no longer match their hash (changed outside Cunwu)', async () => {
    await submit('township', '2026-08')
    const db = new Database(join(relay.dataDir, SQLITE_FILE))
    try {
      db.prepare("update report_snapshots set figures = replace(figures, '\"received\":0', '\"received\":9') where scope = 'township' and period = '2026-08'").run()
    } finally {
      db.close()
    }
    const read = snapshotSchema.parse((await api(relay.url, '/api/reports/snapshots/township/2026-08', { token: relay.token })).json)
    expect(read.report.totals.disputes.received).toBe(9)
    expect(read.intact).toBe(false)
  })

  it('refuses a running period, a malformed one, and one never submitted', async () => {
    const running = await submit('township', shanghaiDate().slice(0, 4))
    expect(running.status).toBe(400)
    expect((running.json as { error: string }).error).toBe('统计期还没有结束，结束后才能报送')
    expect((await submit('township', '2026-13')).status).toBe(400)
    expect((await api(relay.url, '/api/reports/snapshots/township/2026-Q5', { token: relay.token })).status).toBe(400)
    expect((await api(relay.url, '/api/reports/snapshots/township/2026-09', { token: relay.token })).status).toBe(404)
  })
})

describe('a village cadre', () => {
  it('submits their own village’s report and nothing else; a grid worker submits nothing', async () => {
    const cadre = await member('13700000301', 'village_cadre', relay.villageId)
    const own = await submit(relay.villageId, '2026-Q3', cadre)
    expect(own.status, JSON.stringify(own.json)).toBe(201)
    const snapshot = snapshotSchema.parse(own.json)
    expect(snapshot.report.villages.map((v) => v.villageId)).toEqual([relay.villageId])
    expect((await api(relay.url, `/api/reports/snapshots/${relay.villageId}/2026-Q3`, { token: cadre })).status).toBe(200)
    expect((await submit(relay.villageId, '2026-10', cadre)).status).toBe(201)
    for (const [scope, message] of [
      ['township', '只有乡镇管理员可以报送全镇报表'],
      [other, '只有本村村两委成员和乡镇管理员可以报送本村报表'],
    ] as const) {
      const refused = await submit(scope, '2026-10', cadre)
      expect(refused.status).toBe(403)
      expect((refused.json as { error: string }).error).toBe(message)
    }
    expect((await api(relay.url, `/api/reports/snapshots/${other}`, { token: cadre })).status).toBe(403)
    const worker = await member('13700000302', 'grid_worker', relay.villageId)
    expect((await submit(relay.villageId, '2026-09', worker)).status).toBe(403)
    expect((await api(relay.url, '/api/reports/snapshots/township/2026-10', { token: worker })).status).toBe(403)
  })
})
