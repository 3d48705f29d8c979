/** The public board's 联网联户 list: members' public facts and help counts, never a household or a diary word. */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../shared/civilDate.js'
import { addAid, recordContact, setLinkage, shareHouseholds } from '../../shared/linkage/linkageDoc.js'
import { fetchFrom } from '../helpers/api.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { OFFLINE_SCRIPT, scriptTags } from '../helpers/publicPages.js'

let relay: TestRelay
beforeAll(async () => {
  relay = await startTestRelay()
}, 60_000)
afterAll(() => relay.close())

describe('/public/<villageId>/linkage', () => {
  it('lists linked members with post, office phone and area, and no household names', async () => {
    const today = shanghaiDate()
    const doc = new Y.Doc()
    const actor = { id: 'u1', name: '王明' }
    setLinkage(doc, { id: 'u1', memberName: '王明', memberType: '镇机关干部', post: '党政办副主任', officePhone: '0635-1234567', area: '第三村民小组', centreHouseholdId: 'c', radiatingHouseholdIds: ['r1', 'r2'], since: '2026-01-01' })
    shareHouseholds(doc, [{ id: 'c', kind: 'household', gridId: 'g1', values: { headName: '赵秘密', address: '三组8号' }, createdBy: 'x', createdAt: 't', facts: [] }], actor, 't')
    expect(recordContact(doc, { householdId: 'c', date: today, visitor: '王明', worries: '担心赵秘密的医药费', helpGiven: '帮赵家申请临时救助' }, actor, 't', today).ok).toBe(true)
    expect(recordContact(doc, { householdId: 'r1', date: today, visitor: '王明' }, actor, 't', today).ok).toBe(true)
    addAid(doc, { date: today, amount: 300, householdId: 'c', by: 'u1' })
    await relay.store.docs.append(`${relay.villageId}/linkage/u1`, Y.encodeStateAsUpdate(doc))

    const res = await fetchFrom(relay.url, `/public/${relay.villageId}/linkage`)
    expect(res.status).toBe(200)
    const body = await res.text()
    for (const shown of ['王明', '党政办副主任', '0635-1234567', '第三村民小组', '<td>3</td>', '<td>2</td>', '<td>1</td>', '<td>300</td>', '共办实事 1 件']) expect(body).toContain(shown)
    for (const hidden of ['赵秘密', '三组8号', '医药费', '临时救助']) expect(body).not.toContain(hidden)
    expect(scriptTags(body)).toEqual([OFFLINE_SCRIPT])
  })

  it('is linked from the board and 404s for an unknown village', async () => {
    expect(await (await fetchFrom(relay.url, `/public/${relay.villageId}`)).text()).toContain(`/public/${relay.villageId}/linkage`)
    expect((await fetchFrom(relay.url, '/public/nope/linkage')).status).toBe(404)
  })
})
