/**
 * History, attribution and restore at a real relay with stock y-websocket clients (#20):
 * three users edit live and offline and the history lists each with the right flags; a restore
 * to a time between two edits brings the earlier content back to every connected client; history
 * survives compaction and a restart; a mass change is flagged; no access means 403.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docAsOfResponseSchema, historyResponseSchema, massChangeFlagsSchema, recordHistoryResponseSchema } from '../../shared/api/history.js'
import { fromBase64 } from '../../shared/api/sync.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { appendFact, createRecord, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { api } from '../helpers/api.js'
import { lifetimes } from '../helpers/lifetimes.js'
import type { connectClient, TestClient } from '../helpers/provider.js'
import { login, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const t = lifetimes()

const PASSWORD = 'member-pass-1'
type Member = { phone: string; name: string; role: string; gridIds: string[]; sensitive?: boolean }

async function addMember(r: TestRelay, m: Member): Promise<{ id: string; token: string }> {
  const created = await api(r.url, '/api/users', { token: r.token, body: { phone: m.phone, name: m.name, password: PASSWORD, role: m.role } })
  expect(created.status).toBe(201)
  const id = (created.json as { id: string }).id
  const set = await api(r.url, `/api/users/${id}/memberships/${r.villageId}`, {
    token: r.token,
    method: 'PUT',
    body: { role: m.role, gridIds: m.gridIds, sensitive: m.sensitive ?? false },
  })
  expect(set.status).toBe(200)
  return { id, token: await login(r.url, m.phone, PASSWORD) }
}

const open = (r: TestRelay, docName: string, token: string, options: Parameters<typeof connectClient>[3] = {}) =>
  t.client(r, docName, token, { durable: true, ...options })

async function history(r: TestRelay, docName: string, token = r.token, query = '') {
  const res = await api(r.url, `/api/history/${docName}${query}`, { token })
  expect(res.status).toBe(200)
  return historyResponseSchema.parse(res.json).entries
}

const households = (c: TestClient) => c.doc.getMap<Y.Map<string>>('households')
function setHousehold(c: TestClient, id: string, fields: Record<string, string>): void {
  c.doc.transact(() => {
    const record = new Y.Map<string>()
    for (const [k, v] of Object.entries(fields)) record.set(k, v)
    households(c).set(id, record)
  })
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('doc history at the relay', () => {
  it('three users edit live and offline; the history lists each, oldest first, with the right flags', async () => {
    const relay = await t.relay()
    const doc = `${relay.villageId}/ledger/g1`
    const cadre = await addMember(relay, { phone: '13900000011', name: '王书记', role: 'village_cadre', gridIds: [] })
    const worker = await addMember(relay, { phone: '13900000012', name: '李网格员', role: 'grid_worker', gridIds: ['g1'] })

    const admin = open(relay, doc, relay.token)
    await waitFor(() => admin.provider.synced, 'admin synced')
    setHousehold(admin, 'h1', { head: '张三', address: '一组 1 号' })
    await waitFor(() => admin.allSaved(), 'admin saved')

    // The worker edits two records while offline, then reconnects: merged later.
    const offline = open(relay, doc, worker.token, { connect: false })
    setHousehold(offline, 'h2', { head: '李四' })
    setHousehold(offline, 'h3', { head: '王五' })
    await sleep(5)
    offline.provider.connect()
    await waitFor(() => offline.allSaved(), 'offline work saved')

    const live = open(relay, doc, cadre.token)
    await waitFor(() => live.provider.synced, 'cadre synced')
    households(live).get('h1')?.set('address', '一组 2 号')
    await waitFor(() => live.allSaved(), 'cadre saved')

    const entries = await history(relay, doc)
    expect(entries.map(({ userName, offline, records }) => ({ userName, offline, records }))).toEqual([
      { userName: '镇管理员', offline: false, records: 1 },
      { userName: '李网格员', offline: true, records: 2 },
      { userName: '王书记', offline: false, records: 1 },
    ])
    expect(entries.map((e) => e.userId)).toEqual([expect.any(String), worker.id, cadre.id])
    const times = entries.map((e) => Date.parse(e.at))
    expect([...times].sort((a, b) => a - b)).toEqual(times)

    // since/until select by the server time, both inclusive.
    const [, second, third] = entries
    expect((await history(relay, doc, relay.token, `?since=${second?.at}`)).map((e) => e.userName)).toEqual(['李网格员', '王书记'])
    expect((await history(relay, doc, relay.token, `?until=${second?.at}`)).map((e) => e.userName)).toEqual(['镇管理员', '李网格员'])
    expect((await history(relay, doc, relay.token, `?since=${second?.at}&until=${third?.at}`)).length).toBe(2)
    const bad = await api(relay.url, `/api/history/${doc}?since=yesterday`, { token: relay.token })
    expect(bad.status).toBe(400)
    expect((bad.json as { error: string }).error).toContain('时间格式有误')
  })

  it('a restore to a time between two edits brings the earlier content back to every client, as a new attributed entry', async () => {
    const relay = await t.relay()
    const doc = `${relay.villageId}/ledger/g1`
    const a = open(relay, doc, relay.token)
    const b = open(relay, doc, relay.token)
    await waitFor(() => a.provider.synced && b.provider.synced, 'synced')
    setHousehold(a, 'h1', { head: '张三', idNumber: '620102199001011234' })
    setHousehold(a, 'h2', { head: '李四' })
    await waitFor(() => a.allSaved(), 'first edit saved')
    await sleep(10)
    const between = new Date().toISOString()
    await sleep(10)
    households(a).get('h1')?.set('idNumber', '620102199001019999')
    households(a).delete('h2')
    setHousehold(a, 'h3', { head: '王五' })
    await waitFor(() => a.allSaved(), 'second edit saved')
    await waitFor(() => b.doc.getMap('households').has('h3'), 'b sees the second edit')
    const before = households(a).toJSON()

    // The doc as of that time, read-only, before anything is restored.
    const asOf = await api(relay.url, `/api/history/${doc}?asOf=${between}`, { token: relay.token })
    expect(asOf.status).toBe(200)
    const then = new Y.Doc()
    Y.applyUpdate(then, fromBase64(docAsOfResponseSchema.parse(asOf.json).update))
    expect(then.getMap('households').toJSON()).toEqual({ h1: { head: '张三', idNumber: '620102199001011234' }, h2: { head: '李四' } })

    const res = await api(relay.url, `/api/history/${doc}/restore`, { token: relay.token, body: { at: between } })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ restored: true, at: between })
    const expected = { h1: { head: '张三', idNumber: '620102199001011234' }, h2: { head: '李四' } }
    for (const c of [a, b]) await waitFor(() => JSON.stringify(households(c).toJSON()) === JSON.stringify(expected), 'client sees the restored doc')
    expect(households(a).toJSON()).not.toEqual(before)

    // The restore is one more entry; the log before it is unchanged.
    const entries = await history(relay, doc)
    expect(entries).toHaveLength(3)
    expect(entries[2]).toMatchObject({ userName: '镇管理员', offline: false })
    expect(entries[2]?.records).toBeGreaterThanOrEqual(3)

    // A fresh client gets the restored content from storage.
    const c = open(relay, doc, relay.token)
    await waitFor(() => c.provider.synced, 'fresh synced')
    expect(households(c).toJSON()).toEqual(expected)
  })

  it('history survives compaction and a relay restart, and a restore still works after both', async () => {
    let relay = await t.relay({ compactRows: 2 })
    const doc = `${relay.villageId}/ledger/g1`
    const a = open(relay, doc, relay.token)
    await waitFor(() => a.provider.synced, 'synced')
    let firstSaved = ''
    for (let i = 0; i < 6; i++) {
      setHousehold(a, `h${i}`, { head: `户主${i}` })
      await waitFor(() => a.allSaved(), `edit ${i} saved`)
      if (i === 0) {
        await sleep(5)
        firstSaved = new Date().toISOString()
      }
      await sleep(5)
    }
    await waitFor(async () => (await relay.store.docs.load(doc))?.updates.length === 1, 'compacted to one row')
    const entries = await history(relay, doc)
    expect(entries).toHaveLength(6)
    a.destroy()
    const { dataDir } = relay
    await relay.stop()
    relay = await t.relay({ compactRows: 2 }, dataDir)
    expect(await history(relay, doc)).toEqual(entries)
    const res = await api(relay.url, `/api/history/${doc}/restore`, { token: relay.token, body: { at: firstSaved } })
    expect(res.status).toBe(200)
    const r = open(relay, doc, relay.token)
    await waitFor(() => r.provider.synced, 'synced after restart')
    expect(Object.keys(households(r).toJSON())).toEqual(['h0'])
  })

  it('flags an update that removes or overwrites more records than the limit, to cadres and the township admin', async () => {
    const relay = await t.relay({ massChangeRecords: 5 })
    const doc = `${relay.villageId}/ledger/g1`
    const cadre = await addMember(relay, { phone: '13900000021', name: '王书记', role: 'village_cadre', gridIds: [] })
    const worker = await addMember(relay, { phone: '13900000022', name: '李网格员', role: 'grid_worker', gridIds: ['g1'] })
    const w = open(relay, doc, worker.token)
    await waitFor(() => w.provider.synced, 'synced')
    w.doc.transact(() => {
      for (let i = 0; i < 12; i++) setHousehold(w, `h${i}`, { head: `户主${i}` })
    })
    await waitFor(() => w.allSaved(), 'created')
    // Five removals: at the limit, not flagged.
    w.doc.transact(() => {
      for (let i = 0; i < 5; i++) households(w).delete(`h${i}`)
    })
    await waitFor(() => w.allSaved(), 'five removed')
    // Three removed and three overwritten in one update: six, over the limit.
    w.doc.transact(() => {
      for (let i = 5; i < 8; i++) households(w).delete(`h${i}`)
      for (let i = 8; i < 11; i++) setHousehold(w, `h${i}`, { head: '覆盖' })
    })
    await waitFor(() => w.allSaved(), 'mass change saved')
    const flagsOf = async (token: string) => {
      const res = await api(relay.url, `/api/history/${relay.villageId}/flags`, { token })
      return { status: res.status, flags: res.status === 200 ? massChangeFlagsSchema.parse(res.json).flags : [] }
    }
    await waitFor(async () => (await flagsOf(relay.token)).flags.length === 1, 'admin sees one flag')
    const { flags } = await flagsOf(cadre.token)
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ docName: doc, userId: worker.id, userName: '李网格员' })
    expect(flags[0]?.detail).toContain('6 条记录')
    expect((await flagsOf(worker.token)).status).toBe(403)
    // The changes were applied all the same, as CRDTs require.
    expect(households(w).size).toBe(4)
  })

  it('answers 403 for history and restore without access, and restore needs write access', async () => {
    const relay = await t.relay()
    const worker = await addMember(relay, { phone: '13900000031', name: '李网格员', role: 'grid_worker', gridIds: ['g1'] })
    const supervisor = await addMember(relay, { phone: '13900000032', name: '赵监委', role: 'supervisor', gridIds: [] })
    const other = `${relay.villageId}/ledger/g2`
    const sensitive = `${relay.villageId}/sensitive/g2`
    const at = new Date().toISOString()
    for (const doc of [other, sensitive]) {
      expect((await api(relay.url, `/api/history/${doc}`, { token: worker.token })).status).toBe(403)
      expect((await api(relay.url, `/api/history/${doc}/restore`, { token: worker.token, body: { at } })).status).toBe(403)
    }
    const meta = `${relay.villageId}/meta`
    expect((await api(relay.url, `/api/history/${meta}`, { token: supervisor.token })).status).toBe(200)
    const restore = await api(relay.url, `/api/history/${meta}/restore`, { token: supervisor.token, body: { at } })
    expect(restore.status).toBe(403)
    expect((restore.json as { error: string }).error).toBe('没有权限修改这个文档')
    expect((await api(relay.url, `/api/history/${meta}`)).status).toBe(401)
    expect((await api(relay.url, `/api/history/${relay.villageId}/nothing`, { token: relay.token })).status).toBe(404)
  })
})

describe('one record’s history at the relay', () => {
  const ADMIN_ACTOR = { id: 'admin', name: '镇管理员' }
  const recordHistory = async (r: TestRelay, docName: string, record: string, token = r.token) => {
    const res = await api(r.url, `/api/history/${docName}?record=${encodeURIComponent(record)}`, { token })
    expect(res.status).toBe(200)
    return recordHistoryResponseSchema.parse(res.json)
  }

  it('lists each field’s old and new value with who, and whether it was merged later from offline work', async () => {
    const relay = await t.relay()
    const doc = `${relay.villageId}/ledger/g1`
    const worker = await addMember(relay, { phone: '13900000041', name: '李网格员', role: 'grid_worker', gridIds: ['g1'] })
    const a = open(relay, doc, relay.token)
    await waitFor(() => a.provider.synced, 'synced')
    const id = createRecord(a.doc, household, { householdNo: 'A-001', headName: '张三', address: '一组 1 号' }, ADMIN_ACTOR, '2026-12-01T01:00:00.000Z')
    createRecord(a.doc, household, { householdNo: 'A-002', headName: '李四', address: '一组 2 号' }, ADMIN_ACTOR, '2026-12-01T01:00:00.000Z')
    await waitFor(() => a.allSaved(), 'created')

    // The worker edits offline; the cadre-side client edits another field live meanwhile.
    const w = open(relay, doc, worker.token, { connect: false })
    Y.applyUpdate(w.doc, Y.encodeStateAsUpdate(a.doc))
    updateRecord(w.doc, 'household', id, { address: '二组 8 号' })
    updateRecord(a.doc, 'household', id, { phone: '13912345678' })
    await waitFor(() => a.allSaved(), 'live edit saved')
    w.provider.connect()
    await waitFor(() => w.provider.synced && w.allSaved(), 'offline edit merged')

    const { record, entries } = await recordHistory(relay, doc, `household:${id}`)
    expect(record).toBe(`household:${id}`)
    expect(entries.map((e) => [e.userName, e.offline])).toEqual([
      ['镇管理员', false],
      ['镇管理员', false],
      ['李网格员', true],
    ])
    expect(entries[0]?.changes).toEqual(expect.arrayContaining([{ field: 'headName', old: null, new: '张三' }]))
    expect(entries[1]?.changes).toEqual([{ field: 'phone', old: null, new: '13912345678' }])
    expect(entries[2]?.changes).toEqual([{ field: 'address', old: '一组 1 号', new: '二组 8 号' }])
    // The other household's creation is not in this record's history.
    expect(entries.flatMap((e) => e.changes).some((c) => c.new === '李四')).toBe(false)

    const bad = await api(relay.url, `/api/history/${doc}?record=no-colon`, { token: relay.token })
    expect(bad.status).toBe(400)
    expect((bad.json as { error: string }).error).toMatch(/记录/)
  })

  it('restores one record to a time, fields and workflow facts, leaving the other records and later edits of them alone', async () => {
    const relay = await t.relay()
    const doc = `${relay.villageId}/ledger/g1`
    const a = open(relay, doc, relay.token)
    const b = open(relay, doc, relay.token)
    await waitFor(() => a.provider.synced && b.provider.synced, 'synced')
    const id = createRecord(a.doc, household, { householdNo: 'A-001', headName: '张三', address: '一组 1 号' }, ADMIN_ACTOR, '2026-12-01T01:00:00.000Z')
    const other = createRecord(a.doc, household, { householdNo: 'A-002', headName: '李四', address: '一组 2 号' }, ADMIN_ACTOR, '2026-12-01T01:00:00.000Z')
    const incidentId = createRecord(a.doc, incident, { title: '路灯坏了' }, ADMIN_ACTOR, '2026-12-01T01:00:00.000Z')
    await waitFor(() => a.allSaved(), 'created')
    await sleep(10)
    const between = new Date().toISOString()
    await sleep(10)
    updateRecord(a.doc, 'household', id, { address: '错误地址', phone: '13912345678' })
    updateRecord(a.doc, 'household', other, { address: '一组 3 号' })
    appendFact(a.doc, 'incident', incidentId, { action: 'accept', by: 'admin', byName: '镇管理员', at: '2026-12-01T02:00:00.000Z' })
    await waitFor(() => a.allSaved(), 'later edits saved')

    const restore = (record: string, at = between) => api(relay.url, `/api/history/${doc}/restore`, { token: relay.token, body: { at, record } })
    const res = await restore(`household:${id}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ restored: true, at: between })
    const fields = (c: TestClient, key: string) => (c.doc.getMap<Y.Map<unknown>>('household').get(key)?.toJSON() ?? {}) as Record<string, unknown>
    for (const c of [a, b]) await waitFor(() => fields(c, id).address === '一组 1 号' && !('phone' in fields(c, id)), 'client sees the restored record')
    expect(fields(b, other).address).toBe('一组 3 号')

    expect((await restore(`incident:${incidentId}`)).status).toBe(200)
    const facts = () => (b.doc.getMap<Y.Map<unknown>>('incident').get(incidentId)?.get('_facts') as Y.Array<unknown> | undefined)?.length
    await waitFor(() => facts() === 0, 'the later fact is undone')

    // Restoring again changes nothing; a time before the record existed is refused.
    expect((await restore(`household:${id}`)).json).toEqual({ restored: false, at: between })
    const tooEarly = await restore(`household:${id}`, '2020-01-01T00:00:00.000Z')
    expect(tooEarly.status).toBe(409)
    expect((tooEarly.json as { error: string }).error).toBe('这条记录在该时间还不存在，无法恢复')

    // Each restore is listed in the record's own history, by the user who made it.
    const { entries } = await recordHistory(relay, doc, `household:${id}`)
    expect(entries.at(-1)?.changes).toEqual(
      expect.arrayContaining([
        { field: 'address', old: '错误地址', new: '一组 1 号' },
        { field: 'phone', old: '13912345678', new: null },
      ]),
    )
  })
})
