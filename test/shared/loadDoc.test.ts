import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendFact, createRecord, listRecords, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { dispute } from '../../shared/ledger/kinds/dispute.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { loadDoc } from '../../shared/loadDoc.js'

const actor = { id: 'u1', name: '王网格' }
const AT = '2026-11-01T00:00:00Z'

/** A grid ledger whose records repeat values (group, relation, creator, dates) as a real one does. */
function ledger(): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = 7
  for (let i = 0; i < 20; i++) {
    const householdId = createRecord(doc, household, { householdNo: `H${i}`, headName: `户主${i}`, address: `一组${i}号`, villagerGroup: '1组', flags: ['低保户', '独居老人'] }, actor, AT)
    createRecord(doc, resident, { name: `户主${i}`, householdId, relation: '户主', residenceType: '户籍' }, actor, AT)
  }
  const id = createRecord(doc, dispute, { summary: '邻里因宅基地边界产生纠纷'.repeat(8), category: '邻里纠纷', severity: '一般', discoveredAt: '2026-10-02' }, actor, AT)
  appendFact(doc, 'dispute', id, { action: 'accept', by: 'u1', byName: '王网格', at: AT, data: { stage: '受理', days: 3 } })
  doc.getMap('files').set('photo', new Uint8Array([1, 2, 3, 250]))
  return doc
}

function loadedPlainly(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

describe('loadDoc: a doc loaded with its repeated strings shared', () => {
  it('reads and encodes exactly as the same updates applied plainly', () => {
    const source = ledger()
    const updates = [Y.encodeStateAsUpdate(source)]
    updateRecord(source, 'household', listRecords(source, 'household', 'g')[0]!.id, { villagerGroup: '2组' })
    updates.push(Y.encodeStateAsUpdate(source, Y.encodeStateVector(loadedPlainly(updates[0]!))))

    const shared = loadDoc(new Y.Doc(), updates)
    const plain = new Y.Doc()
    for (const update of updates) Y.applyUpdate(plain, update)

    expect(Y.encodeStateAsUpdate(shared)).toEqual(Y.encodeStateAsUpdate(plain))
    for (const kind of ['household', 'resident', 'dispute']) expect(listRecords(shared, kind, 'g')).toEqual(listRecords(plain, kind, 'g'))
    expect(listRecords(shared, 'household', 'g')[0]!.values.villagerGroup).toBe('2组')
    expect(listRecords(shared, 'dispute', 'g')[0]!.facts[0]!.data).toEqual({ stage: '受理', days: 3 })
  })

  it('leaves binary values as they were', () => {
    const shared = loadDoc(new Y.Doc(), [Y.encodeStateAsUpdate(ledger())])
    const photo = shared.getMap('files').get('photo')
    expect(photo).toBeInstanceOf(Uint8Array)
    expect([...(photo as Uint8Array)]).toEqual([1, 2, 3, 250])
  })

  it('applies the updates in one transaction with the origin given', () => {
    const doc = new Y.Doc()
    const origins: unknown[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    const source = ledger()
    loadDoc(doc, [Y.encodeStateAsUpdate(source), Y.encodeStateAsUpdate(source)], 'storage')
    expect(origins).toEqual(['storage'])
  })

  it('keeps merging with other devices after loading', () => {
    const source = ledger()
    const loaded = loadDoc(new Y.Doc(), [Y.encodeStateAsUpdate(source)])
    const [first] = listRecords(loaded, 'household', 'g')
    updateRecord(loaded, 'household', first!.id, { headName: '新户主' })
    updateRecord(source, 'household', first!.id, { address: '三组1号' })
    Y.applyUpdate(source, Y.encodeStateAsUpdate(loaded))
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(source))
    for (const doc of [source, loaded]) expect(listRecords(doc, 'household', 'g')[0]!.values).toMatchObject({ headName: '新户主', address: '三组1号', villagerGroup: '1组' })
  })
})
