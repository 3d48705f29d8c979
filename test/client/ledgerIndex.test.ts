import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LedgerIndex } from '../../client/workspace/ledgerIndex.js'
import { appendFact, createRecord, removeRecord, updateRecord } from '../../shared/ledger/ledgerDoc.js'
import { household } from '../../shared/ledger/kinds/household.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { specialPerson } from '../../shared/ledger/kinds/sensitive.js'

const actor = { id: 'u', name: '王' }
const AT = '2026-11-01T00:00:00Z'
const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve))

describe('LedgerIndex', () => {
  it('reads every grid doc attached and follows edits, removals and facts record by record', async () => {
    const index = new LedgerIndex()
    const [g1, g2] = [new Y.Doc(), new Y.Doc()]
    const h1 = createRecord(g1, household, { householdNo: '1', headName: '甲', address: 'a' }, actor, AT)
    createRecord(g2, household, { householdNo: '2', headName: '乙', address: 'b' }, actor, AT)
    index.attach('v/ledger/g1', 'g1', 'ledger', g1)
    index.attach('v/ledger/g2', 'g2', 'ledger', g2)
    expect(index.records('household').map((r) => [r.gridId, r.values.headName])).toEqual([
      ['g1', '甲'],
      ['g2', '乙'],
    ])
    let notified = 0
    index.subscribe(() => notified++)
    const before = index.records('household')
    const untouched = before[1]

    updateRecord(g1, 'household', h1, { headName: '甲甲' })
    await settle()
    expect(notified).toBe(1)
    const after = index.records('household')
    expect(after).not.toBe(before)
    expect(index.get('household', h1)?.values.headName).toBe('甲甲')
    // The other grid's record is the same object: nothing else was re-read.
    expect(after[1]).toBe(untouched)

    const i1 = createRecord(g2, incident, { title: '漏水' }, actor, AT)
    appendFact(g2, 'incident', i1, { action: 'accept', by: 'u', byName: '王', at: AT })
    await settle()
    expect(index.get('incident', i1)?.facts.map((f) => f.action)).toEqual(['accept'])

    removeRecord(g1, 'household', h1, actor, AT)
    await settle()
    expect(index.records('household').map((r) => r.values.headName)).toEqual(['乙'])

    index.detach('v/ledger/g2')
    expect(index.records('household')).toEqual([])
    expect(index.records('incident')).toEqual([])
    index.destroy()
  })

  it('reads only the kinds a doc holds: a sensitive doc\'s records, never ledger kinds from it', () => {
    const index = new LedgerIndex()
    const doc = new Y.Doc()
    createRecord(doc, specialPerson, { residentId: 'r1', categories: ['社区矫正对象'], controlStatus: '在管' }, actor, AT)
    createRecord(doc, household, { householdNo: 'x', headName: 'x', address: 'x' }, actor, AT)
    index.attach('v/sensitive/g1', 'g1', 'sensitive', doc)
    expect(index.records('specialPerson')).toHaveLength(1)
    expect(index.records('household')).toEqual([])
  })
})
