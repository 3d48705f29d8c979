/**
 * The property issue #13 asks of shared/: every record kind of the ledger, the minutes and the
 * decisions is described through the one module (shared/record.ts), and a fact another device
 * wrote that does not parse is reported, never applied, in each of the three (and a decision's
 * field likewise).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as z from 'zod'
import { createDecision, readDecision } from '../../shared/decisions/decisionsDoc'
import { deriveProgress } from '../../shared/decisions/progress'
import { DECISION } from '../../shared/decisions/record'
import { DOC_KINDS } from '../../shared/docNames'
import { FACTS } from '../../shared/ledger/kind'
import { RECORD_KINDS } from '../../shared/ledger/kinds/index'
import { appendFact, createRecord, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc'
import { recordStatus } from '../../shared/ledger/status'
import { MEETING } from '../../shared/minutes/fields'
import { confirmationsArray, finalisationsArray, latestFinal, readConfirmations, unreadableStamps } from '../../shared/minutes/minutesDoc'
import { schemaOf, type RecordKind } from '../../shared/record'

const TODAY = '2026-03-01'
const CHINESE = /[\u4e00-\u9fff]/

const ALL_KINDS: Array<{ domain: string; kind: RecordKind }> = [
  ...RECORD_KINDS.map((kind) => ({ domain: 'ledger', kind })),
  { domain: 'minutes', kind: MEETING },
  ...Object.values(MEETING.lists).map((kind) => ({ domain: 'minutes', kind })),
  { domain: 'decisions', kind: DECISION },
]

/** Two replicas of one doc: `other` stands for another device (another app version, a bad peer). */
function devices(): { mine: Y.Doc; other: Y.Doc; sync(): void } {
  const mine = new Y.Doc()
  const other = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(other, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(other)))
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(other, Y.encodeStateVector(mine)))
  }
  return { mine, other, sync }
}

describe('every record kind is described through shared/record.ts', () => {
  it.each(ALL_KINDS.map(({ domain, kind }) => [`${domain} ${kind.kind}`, kind] as const))('%s', (_name, kind) => {
    expect(DOC_KINDS).toContain(kind.doc)
    expect(kind.root).not.toBe('')
    expect(kind.label).toMatch(CHINESE)
    expect(kind.fields.length).toBeGreaterThan(0)
    expect(new Set(kind.fields.map((f) => f.key)).size).toBe(kind.fields.length)
    for (const field of kind.fields) {
      expect(field.label, field.key).toMatch(CHINESE)
      const schema = schemaOf(field, TODAY)
      expect(schema, field.key).toBeInstanceOf(z.ZodType)
      // The options a form offers are values the field's own schema accepts (a tag list, for tags).
      const tags = 'type' in field && field.type === 'tags'
      for (const option of field.options ?? []) expect(schema.safeParse(tags ? [option] : option).success, `${field.key}: ${option}`).toBe(true)
      for (const option of Object.keys(field.optionLabels ?? {})) expect(field.options, field.key).toContain(option)
    }
    for (const [log, schema] of Object.entries(kind.facts ?? {})) {
      expect(schema, log).toBeInstanceOf(z.ZodType)
      expect(schema.safeParse({}).success, log).toBe(false)
    }
  })

  it('gives every kind with a workflow or a log of its own (巡查), and only those, a fact log', () => {
    for (const kind of RECORD_KINDS) expect(Object.keys(kind.facts ?? {}), kind.kind).toEqual(kind.workflow || kind.logged ? [FACTS] : [])
    expect(RECORD_KINDS.filter((k) => k.logged).map((k) => k.kind)).toEqual(['patrol'])
    expect(Object.keys(DECISION.facts)).toEqual(['facts'])
    expect(Object.keys(MEETING.facts).sort()).toEqual(['confirmations', 'finalisations'])
  })
})

describe('a fact or field another device wrote that does not parse is reported, not applied', () => {
  it.each(RECORD_KINDS.filter((k) => k.workflow).map((k) => [k.kind, k] as const))('ledger: %s', (_name, kind) => {
    const { mine, other, sync } = devices()
    const id = createRecord(mine, kind, {}, { id: 'u1', name: '王网格' }, '2026-02-01T08:00:00+08:00')
    appendFact(mine, kind.kind, id, { action: 'accept', by: 'u1', byName: '王网格', at: '2026-02-02T08:00:00+08:00' })
    const before = readRecord(kind.kind, 'g1', id, recordsMap(mine, kind.kind).get(id))!
    sync()
    const junk = { id: 'f-junk', action: 'close', by: 'u2', at: '2026-02-03T08:00:00+08:00' } // no byName: an older app
    ;(recordsMap(other, kind.kind).get(id)!.get(FACTS) as Y.Array<unknown>).push([junk])
    sync()
    const after = readRecord(kind.kind, 'g1', id, recordsMap(mine, kind.kind).get(id))!
    expect(after.facts).toEqual(before.facts)
    expect(after.unreadableFacts).toEqual([{ raw: junk, reason: expect.stringMatching(/./) }])
    expect(recordStatus(kind, after, TODAY)).toEqual(recordStatus(kind, before, TODAY))
  })

  it('decisions: the step fact is a conflict with the reason, and the record does not advance', () => {
    const { mine, other, sync } = devices()
    const id = createDecision(mine, { title: '修建村道', category: 'public_works', matter: 'art24_public_works', mergedProposal: false }, '张书记', '2026-02-01T08:00:00Z')
    sync()
    // A whole proposal meeting, but on a day that does not exist: applied, it would complete step 1.
    const junk = { id: 'f-junk', by: '李委员', atClient: '2026-02-03T08:00:00Z', type: 'meeting', step: 'propose', date: '2026-02-31', meetingId: 'm1', eligible: 7, present: 7, for: 7, against: 0, abstain: 0 }
    expect(DECISION.facts.facts.safeParse({ ...junk, date: '2026-02-28' }).success).toBe(true)
    ;(other.getMap<Y.Map<unknown>>(DECISION.root).get(id)!.get('facts') as Y.Array<unknown>).push([junk])
    sync()
    const entry = readDecision(mine, id)!
    const progress = deriveProgress(entry.record, entry.facts)
    expect(progress.conflicts).toEqual([{ factId: 'f-junk', reason: expect.stringMatching(/^无法识别的记录：/) }])
    expect(progress.status).toBe('draft')
    expect(progress.steps.every((s) => s.fact === null)).toBe(true)
  })

  it('decisions: a field that does not parse is read as its default and reported; an absent one is simply not set', () => {
    const { mine, other, sync } = devices()
    const id = createDecision(mine, { title: '修建村道', category: 'public_works', matter: 'art24_public_works', mergedProposal: true }, '张书记', '2026-02-01T08:00:00Z')
    const old = createDecision(mine, { title: '旧事项', category: 'land', matter: 'art24_land_contract', mergedProposal: false }, '张书记', '2026-01-01T08:00:00Z')
    sync()
    const theirs = other.getMap<Y.Map<unknown>>(DECISION.root)
    theirs.get(id)!.set('category', 'roads') // a category this version does not know
    theirs.get(id)!.set('mergedProposal', 'yes')
    theirs.get(old)!.delete('mergedProposal') // written before the option existed
    sync()
    const record = readDecision(mine, id)!.record
    expect(record).toMatchObject({ title: '修建村道', category: 'other', matter: 'art24_public_works', mergedProposal: false })
    expect(record.unreadableFields?.map((u) => [u.key, u.raw])).toEqual([
      ['category', 'roads'],
      ['mergedProposal', 'yes'],
    ])
    expect(record.unreadableFields?.every((u) => CHINESE.test(u.reason))).toBe(true)
    const before = readDecision(mine, old)!.record
    expect(before.mergedProposal).toBe(false)
    expect(before.unreadableFields).toBeUndefined()
  })

  it("minutes: a server stamp that does not parse is reported and never counts as a version or a confirmation", () => {
    const { mine, other, sync } = devices()
    finalisationsArray(other).push([{ version: 'one', hash: 'h1', at: '2026-02-03T08:00:00Z', by: 'u1', byName: '张书记' }])
    confirmationsArray(other).push([{ userId: 'u2', hash: 'h1', at: '2026-02-03T09:00:00Z' }])
    sync()
    expect(latestFinal(mine)).toBeNull()
    expect(readConfirmations(mine)).toEqual([])
    expect(unreadableStamps(mine).map((u) => u.raw)).toEqual([finalisationsArray(mine).get(0), confirmationsArray(mine).get(0)])
    expect(unreadableStamps(mine).every((u) => u.reason.length > 0)).toBe(true)
  })
})
