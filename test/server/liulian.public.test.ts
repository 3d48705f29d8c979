/** The public 六联 board: grids, rules, groups with 组长 and 轮值户 as 王*户, progress — no household name, address or phone. */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../shared/civilDate.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { createRecord } from '../../shared/ledger/ledgerDoc.js'
import { applySuggestion, readGroups, recordDuty, setGridBoard, setLeader } from '../../shared/liulian/liulianDoc.js'
import { raiseFinding } from '../../shared/liulian/findings.js'
import { addGrid } from '../../shared/metaDoc.js'
import { fetchFrom } from '../helpers/api.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

let relay: TestRelay
beforeAll(async () => {
  relay = await startTestRelay()
}, 60_000)
afterAll(() => relay.close())

const PEOPLE = [
  { headName: '王秘密', address: '一组1号', phone: '13800001111' },
  { headName: '李隐私', address: '一组2号', phone: '13800002222' },
  { headName: '赵保密', address: '一组3号', phone: '13800003333' },
]

describe('/public/<villageId>/liulian', () => {
  it('shows groups with masked 组长 and 轮值户, the grid’s 四至 and staff without phones, the rules and progress', async () => {
    const today = shanghaiDate()
    const v = relay.villageId
    const meta = new Y.Doc()
    const gridId = addGrid(meta, { name: '第一网格', code: '01' })
    const ledger = new Y.Doc()
    const actor = { id: 'u1', name: '张网格' }
    const ids = PEOPLE.map((p) => createRecord(ledger, household, { householdNo: p.address, villagerGroup: '一组', ...p }, actor, 't'))
    const doc = new Y.Doc()
    applySuggestion(doc, [{ name: '一组第1联动小组', villagerGroup: '一组', gridId, householdIds: ids }], 'u1', today)
    const groupId = readGroups(doc)[0]!.id
    setLeader(doc, groupId, ids[1]!)
    setGridBoard(doc, gridId, { bounds: '东至河堤，西至公路', staff: '张网格 13912345678' })
    const duty = recordDuty(doc, { groupId, householdId: ids[0]!, type: 'inspection', date: today, checks: { appearance: true, sanitation: false, facilities: true }, by: 'u1', byName: '张网格' }, today)
    if (!duty.ok) throw new Error('duty should record')
    expect(raiseFinding(doc, ledger, gridId, duty.fact, 'hazard', '一组第1联动小组', actor, new Date().toISOString(), today).ok).toBe(true)
    await relay.store.docs.append(`${v}/meta`, Y.encodeStateAsUpdate(meta))
    await relay.store.docs.append(`${v}/ledger/${gridId}`, Y.encodeStateAsUpdate(ledger))
    await relay.store.docs.append(`${v}/liulian`, Y.encodeStateAsUpdate(doc))

    const res = await fetchFrom(relay.url, `/public/${v}/liulian`)
    expect(res.status).toBe(200)
    const body = await res.text()
    for (const shown of ['第一网格', '东至河堤，西至公路', '张网格', '一组第1联动小组', '<td>3</td>', '<td>李*户</td>', '<td>王*户</td>', '卫生联洁', '镇创优办、镇卫办、镇药监站', '联动小组 1 个，覆盖 3 户', '发现问题转办 1 件，已办结 0 件', '科学划分联动小组'])
      expect(body).toContain(shown)
    for (const p of PEOPLE) for (const hidden of [p.headName, p.address, p.phone]) expect(body).not.toContain(hidden)
    expect(body).not.toContain('13912345678')
    expect(body).not.toMatch(/1\d{10}/)
    expect(scriptTags(body)).toEqual([OFFLINE_SCRIPT])
  })

  it('is linked from the board and 404s for an unknown village', async () => {
    expect(await (await fetchFrom(relay.url, `/public/${relay.villageId}`)).text()).toContain(`/public/${relay.villageId}/liulian`)
    expect((await fetchFrom(relay.url, '/public/nope/liulian')).status).toBe(404)
  })
})
