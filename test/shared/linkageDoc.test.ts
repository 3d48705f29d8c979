/** The linked member's doc: only basic household facts cross over; contacts, aid and 四到 merge across devices. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { linkageDuties, fourToDues } from '../../shared/linkage/duties.js'
import { addAid, aidProgress, listAid, listContacts, listSharedHouseholds, listTriggers, readLinkage, recordContact, setLinkage, shareHouseholds, shareTriggers } from '../../shared/linkage/linkageDoc.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'

const actor = { id: 'u1', name: '王明' }
const linkage = { id: 'u1', memberName: '王明', memberType: '镇机关干部' as const, post: '党政办副主任', rank: '副科级领导干部' as const, centreHouseholdId: 'c', radiatingHouseholdIds: ['r1', 'r2', 'r3', 'r4', 'r5'], since: '2026-01-01' }
const hh = (id: string, values: Record<string, unknown>): LedgerRecord => ({ id, kind: 'household', gridId: 'g1', values, createdBy: 'x', createdAt: '2026-01-01T00:00:00Z', facts: [] })

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('linkage doc', () => {
  it('copies only the linked households and only their basic fields', () => {
    const doc = new Y.Doc()
    setLinkage(doc, linkage)
    expect(readLinkage(doc)).toEqual(linkage)
    shareHouseholds(doc, [hh('c', { headName: '赵大', address: '一组8号', note: '家里有矛盾', housingSafety: '危房', flags: ['信访户'] }), hh('zz', { headName: '别家' })], actor, '2026-01-02T00:00:00Z')
    const shared = listSharedHouseholds(doc)
    expect(shared.map((r) => [r.id, r.values])).toEqual([['c', { headName: '赵大', address: '一组8号', flags: ['信访户'] }]])
  })

  it('a contact needs one of the member’s households and a real date, with Chinese errors', () => {
    const doc = new Y.Doc()
    setLinkage(doc, linkage)
    expect(recordContact(doc, { householdId: 'zz', date: '2026-03-01', visitor: '王明' }, actor, 't', '2026-03-01')).toEqual({ ok: false, errors: { householdId: '这户不是您的联系户' } })
    const bad = recordContact(doc, { householdId: 'c', date: '2026-02-31', visitor: '王明' }, actor, 't', '2026-03-01')
    expect(bad.ok).toBe(false)
    expect(listContacts(doc)).toEqual([])
    const ok = recordContact(doc, { householdId: 'c', date: '2026-03-01', visitor: '王明', needs: '想修屋顶' }, actor, 't', '2026-03-01')
    expect(ok.ok).toBe(true)
    expect(listContacts(doc)).toEqual([{ householdId: 'c', date: '2026-03-01' }])
  })

  it('contacts made offline on the member’s phone change the duties the village computes after a merge', () => {
    const village = new Y.Doc()
    setLinkage(village, linkage)
    const phone = new Y.Doc()
    sync(village, phone)
    expect(linkageDuties(readLinkage(village)!, listContacts(village), '2026-05-20').centre.status).toBe('due')
    recordContact(phone, { householdId: 'c', date: '2026-05-20', visitor: '王明' }, actor, 't1', '2026-05-20')
    recordContact(phone, { householdId: 'r1', date: '2026-05-20', visitor: '王明' }, actor, 't2', '2026-05-20')
    addAid(phone, { date: '2026-05-20', amount: 300, householdId: 'r1', by: 'u1' })
    addAid(village, { date: '2026-02-01', amount: 200, householdId: 'r2', by: 'u9' })
    sync(village, phone)
    const duties = linkageDuties(readLinkage(village)!, listContacts(village), '2026-05-20')
    expect(duties.centre.status).toBe('done')
    expect(duties.round.visited).toEqual(['r1'])
    expect(aidProgress(listAid(village), linkage.rank, '2026')).toEqual({ year: '2026', given: 500, minimum: 400, percent: 100, met: true })
    expect(aidProgress(listAid(phone), linkage.rank, '2027')).toEqual({ year: '2027', given: 0, minimum: 400, percent: 0, met: false })
  })

  it('四到 triggers handed over once, only for the member’s households', () => {
    const doc = new Y.Doc()
    setLinkage(doc, linkage)
    const triggers = [
      { kind: 'illness' as const, householdId: 'r3', date: '2026-06-01', sourceId: 'care1' },
      { kind: 'illness' as const, householdId: 'other', date: '2026-06-01', sourceId: 'care2' },
      { kind: 'incident' as const, householdIds: ['other', 'r2'], date: '2026-06-02', sourceId: 'inc1' },
    ]
    expect(shareTriggers(doc, triggers)).toBe(2)
    expect(shareTriggers(doc, triggers)).toBe(0)
    const shared = listTriggers(doc)
    expect(shared).toEqual([triggers[0], { ...triggers[2], householdIds: ['r2'] }])
    const dues = fourToDues(['c', ...linkage.radiatingHouseholdIds], shared, [], [], linkage.since, '2026-06-03')
    expect(dues.map((d) => `${d.householdId}:${d.trigger}`)).toEqual(['r3:重病', 'r2:思想异常'])
  })
})
